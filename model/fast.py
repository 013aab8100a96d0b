"""Fast CPU inference: int8 dynamic quantization, thread settings and the "auto" backend rule.

Backends:

- ``fp32``: the weights as trained (exact; what training and the eval harness measure).
- ``int8``: every nn.Linear of the encoder quantized to int8 with per-channel weight scales
  (``torch.ao.quantization.quantize_dynamic``; activations are quantized on the fly). The two
  small heads stay fp32: they cost nothing and carry the calibration.
- ``auto``: int8 only when BOTH hold, else fp32:

  1. accuracy: the model folder holds ``quantization.json``, written by
     ``benchmarks/bench_accuracy.py --write-record`` after the eval harness measured fp32 and
     int8 on an annotated file, its weights hash matches the folder's ``model.safetensors``,
     and the measured macro-F1 drop is at most ``MAX_F1_DROP`` points;
  2. speed: this CPU has an int8 GEMM engine and a short timing probe (once per process)
     finds the int8 encoder at least ``MIN_SPEEDUP`` times faster than fp32.

Threads: torch is capped at the cores this process may use (CPU affinity and cgroup quota),
because oversubscribed GEMM threads on a small machine are slower, not faster.
"""

from __future__ import annotations

import copy
import hashlib
import json
import logging
import os
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import torch
from torch import nn

if TYPE_CHECKING:
    from model.classifier import StanceClassifier, StanceNet

logger = logging.getLogger(__name__)

BACKENDS = ("auto", "fp32", "int8")
INT8_RECORD = "quantization.json"
MAX_F1_DROP = 1.0  # macro-F1 points, measured by the eval harness
MIN_SPEEDUP = 1.2  # below this the probe's noise could flip the choice
_INT8_ENGINES = ("x86", "fbgemm", "onednn", "qnnpack")
_probe_cache: dict[tuple[int, int, int], float] = {}
_explicit_threads: list[int] = []  # set by a caller (e.g. --threads): never overridden


# ----- threads -------------------------------------------------------------------------------
def usable_cores() -> int:
    """Cores this process may run on: its CPU affinity, capped by a cgroup v2 CPU quota."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        cores = os.cpu_count() or 1
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()[:2]
        if quota != "max":
            cores = min(cores, max(1, int(int(quota) // int(period))))
    except (OSError, ValueError):
        pass
    return max(1, cores)


def set_threads(n: int | None = None) -> int:
    """Set torch's intra-op threads to `n`; with None, cap them at the usable cores.

    None leaves an earlier explicit `n` and OMP_NUM_THREADS alone. Returns the threads in effect.
    """
    if n is not None:
        if n < 1:
            raise ValueError(f"threads must be >= 1, got {n}")
        torch.set_num_threads(n)
        _explicit_threads[:] = [n]
    elif not _explicit_threads and "OMP_NUM_THREADS" not in os.environ:
        # Only ever lower torch's default: it may count cores a container cannot use.
        torch.set_num_threads(min(torch.get_num_threads(), usable_cores()))
    return torch.get_num_threads()


# ----- int8 ----------------------------------------------------------------------------------
def int8_engine() -> str | None:
    """Select and return a quantized GEMM engine, or None where torch has none."""
    supported = torch.backends.quantized.supported_engines
    for engine in _INT8_ENGINES:
        if engine in supported:
            if torch.backends.quantized.engine != engine:
                torch.backends.quantized.engine = engine
            return engine
    return None


def quantize_int8(net: StanceNet) -> StanceNet:
    """A copy of a StanceNet whose encoder Linear layers run in int8 (the heads stay fp32)."""
    if int8_engine() is None:
        raise RuntimeError("this torch build has no quantized engine; use backend='fp32'")
    qnet = copy.deepcopy(net).eval()
    spec: dict[Any, Any] = {nn.Linear: torch.ao.quantization.per_channel_dynamic_qconfig}
    with warnings.catch_warnings():
        # torch 2.13 points eager quantization at torchao; the API still works and needs no
        # extra dependency, which is why it is used here.
        warnings.simplefilter("ignore")
        qnet.encoder = torch.ao.quantization.quantize_dynamic(qnet.encoder, spec, dtype=torch.qint8)
    return qnet


def _min_time(fn: Callable[[], object], repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def int8_speedup(net: StanceNet, qnet: StanceNet, *, batch: int = 16, length: int = 40) -> float:
    """fp32 time / int8 time of one typical batch (best of 3 each; cached per process)."""
    config: Any = net.encoder.config
    key = (config.hidden_size, config.num_hidden_layers, torch.get_num_threads())
    if key not in _probe_cache:
        gen = torch.Generator().manual_seed(0)
        ids = torch.randint(1000, min(config.vocab_size, 20000), (batch, length), generator=gen)
        mask = torch.ones_like(ids)
        with torch.inference_mode():
            for m in (net, qnet):
                m(ids, mask)  # warm-up: first calls allocate and pick kernels
            t32 = _min_time(lambda: net(ids, mask), 3)
            t8 = _min_time(lambda: qnet(ids, mask), 3)
        _probe_cache[key] = t32 / t8
        logger.debug("int8 probe: fp32 %.3fs, int8 %.3fs per batch", t32, t8)
    return _probe_cache[key]


# ----- the accuracy record -------------------------------------------------------------------
def weights_sha256(path: str | Path) -> str:
    from model.classifier import WEIGHTS_NAME

    digest = hashlib.sha256()
    with open(Path(path) / WEIGHTS_NAME, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_int8_record(path: str | Path, fp32: dict[str, Any], int8: dict[str, Any]) -> Path:
    """Record the harness's fp32 and int8 metrics (dicts with macro_f1, n, data) for `auto`."""
    drop = 100 * (fp32["macro_f1"] - int8["macro_f1"])
    record = {
        "weights_sha256": weights_sha256(path),
        "data": int8.get("data"),
        "n": int8.get("n"),
        "macro_f1_fp32": round(fp32["macro_f1"], 4),
        "macro_f1_int8": round(int8["macro_f1"], 4),
        "macro_f1_drop_points": round(drop, 2),
        "agreement": int8.get("agreement"),
        "max_drop_points": MAX_F1_DROP,
        "accepted": drop <= MAX_F1_DROP,
        "torch": torch.__version__,
    }
    out = Path(path) / INT8_RECORD
    out.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return out


def int8_accepted(path: str | Path | None) -> tuple[bool, str]:
    """Whether the folder's accuracy record allows int8, and why (for the log)."""
    if path is None:
        return False, "no model folder, so no measured int8 accuracy"
    record_path = Path(path) / INT8_RECORD
    if not record_path.is_file():
        return False, f"no {INT8_RECORD} (run benchmarks/bench_accuracy.py --write-record)"
    record = json.loads(record_path.read_text(encoding="utf-8"))
    if record.get("weights_sha256") != weights_sha256(path):
        return False, f"{INT8_RECORD} was measured on other weights"
    drop = float(record.get("macro_f1_drop_points", float("inf")))
    if drop > MAX_F1_DROP:
        return False, f"int8 costs {drop:.2f} macro-F1 points (> {MAX_F1_DROP})"
    return True, f"int8 costs {drop:.2f} macro-F1 points"


# ----- choosing and applying a backend -------------------------------------------------------
def apply_backend(
    clf: StanceClassifier, backend: str = "auto", path: str | Path | None = None
) -> StanceClassifier:
    """Return `clf` running on `backend` (a new classifier for int8; `clf` itself for fp32).

    Args:
        path: the model folder `clf` was loaded from; `auto` reads its accuracy record.
    """
    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {BACKENDS}, got {backend!r}")
    set_threads()
    if backend == "fp32":
        return clf
    if backend == "auto":
        ok, why = int8_accepted(path)
        if ok and int8_engine() is None:
            ok, why = False, "this torch build has no int8 engine"
        if not ok:
            # A model shipped without a record is the normal case, not news on every load.
            level = logging.DEBUG if why.startswith("no ") else logging.INFO
            logger.log(level, "backend auto -> fp32: %s", why)
            return clf
    qclf = type(clf)(quantize_int8(clf.net), clf.tokenizer, clf.settings)
    qclf.backend = "int8"
    if backend == "auto":
        speedup = int8_speedup(clf.net, qclf.net)
        if speedup < MIN_SPEEDUP:
            logger.info("backend auto -> fp32: int8 only %.2fx faster on this CPU", speedup)
            return clf
        logger.info("backend auto -> int8: %s, %.2fx faster on this CPU", why, speedup)
    return qclf
