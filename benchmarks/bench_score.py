"""End-to-end `diplostance score`: articles/s on a generated corpus, and peak memory by size.

Usage: python benchmarks/bench_score.py [--model DIR] [--articles 5000] [--repeats 3]
       [--memory-sizes 1000,10000,50000] [--backend auto|fp32|int8] [--quick]

The corpus is the sample articles in data/samples (read with the scorer's own reader, so HTML
is stripped the same way) repeated with distinct ids into a JSONL file of `id` and `text`.
Each run is a fresh `diplostance score INPUT -o OUTPUT --format jsonl` subprocess; its wall
time (process start, model load, extraction, classification, writing) gives articles/s and
os.wait4 gives its peak resident memory (ru_maxrss).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, default_model, machine, median, write_json

logger = logging.getLogger(__name__)

SAMPLES = ROOT / "data" / "samples"


def sample_texts(folder: Path = SAMPLES) -> list[str]:
    from model.readers import Columns, open_source

    source = open_source(str(folder), Columns(), max_bytes=1 << 24)
    texts = [a.text for a in source.articles() if a.text and not a.error]
    if not texts:
        raise SystemExit(f"no readable articles in {folder}")
    return texts


def write_corpus(path: Path, n: int, texts: list[str]) -> Path:
    """n articles cycling through `texts`, each with its own id."""
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            record = {"id": f"bench-{i:07d}", "text": texts[i % len(texts)]}
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def score_supports_backend() -> bool:
    cmd = [sys.executable, "-m", "model.cli", "score", "--help"]
    return "--backend" in subprocess.run(cmd, capture_output=True, text=True).stdout


def run_score(corpus: Path, model: Path, backend: str | None, threads: int | None) -> dict:
    """One `diplostance score` subprocess: wall seconds, peak RSS (MB), its JSON summary."""
    out = corpus.with_suffix(".scores.jsonl")
    cmd = [sys.executable, "-m", "model.cli", "score", str(corpus), "-o", str(out)]
    cmd += ["--format", "jsonl", "--model", str(model), "--no-progress"]
    if backend:
        cmd += ["--backend", backend]
    env = dict(os.environ)
    if threads:
        env["OMP_NUM_THREADS"] = str(threads)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    # wait4 reports this child's own peak RSS, unlike RUSAGE_CHILDREN's running maximum.
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    stdout = proc.stdout.read().decode() if proc.stdout else ""
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"score failed ({status}):\n{stderr[-3000:]}")
    summary = json.loads(stdout.strip().splitlines()[-1])
    chosen = [line for line in stderr.splitlines() if "backend auto ->" in line]
    for p in (out, *out.parent.glob(out.name + "*"), *out.parent.glob(out.stem + ".*")):
        if p.is_file() and p != corpus:
            p.unlink()
    return {
        "wall_s": round(wall, 2),
        # CPU seconds move less than wall time when other jobs share the machine.
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "score_seconds": summary.get("seconds"),
        "quotes": summary.get("quotes"),
        "articles": summary.get("articles"),
        "backend_log": chosen[-1].split(": ", 1)[-1] if chosen else None,
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--model", type=Path, help="model folder (default: shipped, else newest run)")
    ap.add_argument("--articles", type=int, default=5000, help="throughput corpus size")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--memory-sizes", default="1000,10000,50000", help="comma-separated; '' skips")
    ap.add_argument("--backend", choices=["auto", "fp32", "int8"], help="if score has --backend")
    ap.add_argument("--threads", type=int, help="OMP_NUM_THREADS for the scorer")
    ap.add_argument("--workdir", type=Path, help="where corpora go (default: a temp folder)")
    ap.add_argument("--quick", action="store_true", help="smoke test: tiny corpora, one repeat")
    ap.add_argument("--json", help="also write the result here")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    if args.quick:
        args.articles, args.repeats, args.memory_sizes = 20, 1, "10"
    model = (args.model or default_model()).resolve()
    backend = args.backend if args.backend and score_supports_backend() else None
    if args.backend and not backend:
        logger.warning("`diplostance score` has no --backend yet: it runs load_model's default")
    texts = sample_texts()
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        result = measure(Path(tmp), model, texts, args, backend)
    write_json(args.json, result)


def measure(tmp: Path, model: Path, texts: list[str], args: Any, backend: str | None) -> dict:
    corpus = write_corpus(tmp / f"corpus-{args.articles}.jsonl", args.articles, texts)
    runs = []
    for r in range(args.repeats):
        runs.append(run_score(corpus, model, backend, args.threads))
        logger.info("throughput run %d: %s", r + 1, runs[-1])
    rates = [args.articles / run["wall_s"] for run in runs]
    memory = {}
    for size in [int(s) for s in args.memory_sizes.split(",") if s.strip()]:
        corpus = write_corpus(tmp / f"corpus-{size}.jsonl", size, texts)
        memory[size] = run_score(corpus, model, backend, args.threads)
        logger.info("memory run %d articles: %s", size, memory[size])
        corpus.unlink()
    return {
        "benchmark": "diplostance score end to end",
        "machine": machine(),
        "model": str(model),
        "backend_flag": backend,
        "sample_articles": len(texts),
        "articles": args.articles,
        "quotes": runs[0]["quotes"],
        "articles_per_s": round(median(rates), 1),
        "quotes_per_s": round(median([r["quotes"] / r["wall_s"] for r in runs]), 1),
        "articles_per_cpu_s": round(median([args.articles / r["cpu_s"] for r in runs]), 1),
        "runs": runs,
        "peak_rss_mb_by_articles": {k: v["peak_rss_mb"] for k, v in memory.items()},
        "memory_runs": memory,
    }


if __name__ == "__main__":
    main()
