"""Shared by the benchmark scripts: the machine, the quotes, the model, timing, result files."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
QUOTE_FILES = [ROOT / "data" / "quotes" / f"{s}.jsonl" for s in ("test", "dev", "train")]
SHIPPED = ROOT / "model" / "pretrained" / "diplostance-minilm"


def default_model() -> Path:
    """The shipped model if present, else the newest trained run with weights."""
    if (SHIPPED / "model.safetensors").is_file():
        return SHIPPED
    runs = sorted(
        (p.parent for p in (ROOT / "runs").glob("*/model.safetensors")),
        key=lambda p: (p / "model.safetensors").stat().st_mtime,
    )
    if not runs:
        raise SystemExit("no model: pass --model DIR (a folder saved by save_pretrained)")
    return runs[-1]


def load_quotes(n: int) -> list[str]:
    """The first n quote texts of test, dev, then train (the benchmark's fixed workload)."""
    texts: list[str] = []
    for path in QUOTE_FILES:
        with open(path, encoding="utf-8") as f:
            texts.extend(json.loads(line)["text"] for line in f if line.strip())
        if len(texts) >= n:
            break
    return texts[:n]


def machine() -> dict[str, Any]:
    """CPU model, cores, memory and load: what every recorded number must be read against."""
    info: dict[str, Any] = {"platform": platform.platform(), "python": platform.python_version()}
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
        fields = dict(line.split(":", 1) for line in lscpu.splitlines() if ":" in line)
        info["cpu"] = fields.get("Model name", "?").strip()
        info["cpus"] = int(fields.get("CPU(s)", "0").strip() or 0)
        info["threads_per_core"] = fields.get("Thread(s) per core", "?").strip()
    except (OSError, subprocess.CalledProcessError, ValueError):
        info["cpu"] = platform.processor() or "?"
        info["cpus"] = os.cpu_count()
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        info["memory_gb"] = round(kb / 2**20, 1)
    except (OSError, ValueError, IndexError):
        pass
    info["load_avg_1m"] = round(os.getloadavg()[0], 2)
    return info


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def timed_both(fn: Callable[[], object]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process): CPU time moves less under foreign load."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def median(xs: list[float]) -> float:
    return float(statistics.median(xs))


def write_json(path: str | Path | None, result: dict[str, Any]) -> None:
    text = json.dumps(result, indent=2)
    print(text)
    if path:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(text + "\n", encoding="utf-8")
