"""Accuracy cost of the int8 backend, measured by the eval harness; optionally record it.

Usage: python benchmarks/bench_accuracy.py [--model DIR] [--data data/quotes/test.jsonl]
       [--write-record]

Runs `eval.harness.evaluate_file` (the code behind `diplostance eval --data FILE --model DIR
--no-baselines --backend fp32|int8`) with both backends and reports macro-F1, its drop in
points and the argmax agreement. --write-record saves quantization.json into the model folder:
the record `backend="auto"` needs before it will ever pick int8 (see model/fast.py).
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, default_model, machine, write_json

from eval.harness import evaluate_file
from model.api import load_model
from model.fast import MAX_F1_DROP, set_threads, write_int8_record
from training.corpus import validate_quotes
from training.scoring import score_rows


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--model", type=Path, help="model folder (default: shipped, else newest run)")
    ap.add_argument("--data", type=Path, default=ROOT / "data" / "quotes" / "test.jsonl")
    ap.add_argument("--threads", type=int)
    ap.add_argument("--write-record", action="store_true", help="write quantization.json")
    ap.add_argument("--quick", action="store_true", help="smoke test: 60 quotes, 50 resamples")
    ap.add_argument("--json", help="also write the result here")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    model = args.model or default_model()
    set_threads(args.threads)
    resamples = 50 if args.quick else 1000
    if args.quick:
        lines = args.data.read_text(encoding="utf-8").splitlines(keepends=True)[:60]
        args.data = Path(tempfile.mkdtemp()) / args.data.name
        args.data.write_text("".join(lines), encoding="utf-8")
    metrics = {}
    for backend in ("fp32", "int8"):
        m = evaluate_file(
            args.data, model=model, train=None, backend=backend, n_resamples=resamples
        )
        metrics[backend] = {k: m[k] for k in ("macro_f1", "macro_f1_ci", "accuracy", "n")}
        metrics[backend]["data"] = str(args.data)
    rows = validate_quotes(args.data)
    # load_model caches both, so this re-scores without reloading.
    fp32, _ = score_rows(load_model(model, "fp32"), rows)
    int8, _ = score_rows(load_model(model, "int8"), rows)
    metrics["int8"]["agreement"] = round(float((fp32.argmax(1) == int8.argmax(1)).mean()), 4)
    drop = 100 * (metrics["fp32"]["macro_f1"] - metrics["int8"]["macro_f1"])
    result = {
        "benchmark": "int8 accuracy cost",
        "machine": machine(),
        "model": str(model),
        "data": str(args.data),
        **metrics,
        "macro_f1_drop_points": round(drop, 2),
        "within_budget": drop <= MAX_F1_DROP,
    }
    if args.write_record:
        result["record"] = str(write_int8_record(model, metrics["fp32"], metrics["int8"]))
    write_json(args.json, result)


if __name__ == "__main__":
    main()
