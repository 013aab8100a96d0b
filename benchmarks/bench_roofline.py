"""Roofline estimate: encoder FLOPs per quote vs this CPU's measured GEMM rate.

Usage: python benchmarks/bench_roofline.py [--model DIR] [--n 2000]
       [--classifier-json bench_classifier.json] [--quick]

FLOPs count only the matrix products (2 per multiply-add), at the measured mean token length
L of the benchmark quotes: per layer 2·L·(4h² + 2·h·i) for the Q/K/V/output and feed-forward
projections plus 4·L²·h for attention scores and the weighted sum; then the heads. The GEMM
rate is measured with torch on the encoder's own shapes (a 64-quote batch of L tokens), fp32
with torch.mm and int8 with a dynamically quantized nn.Linear (the kernel the int8 backend
runs, activation quantization included). Scorer throughput is read from a bench_classifier
JSON, or measured here with StanceClassifier.predict.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import warnings
from pathlib import Path

import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import default_model, load_quotes, machine, median, timed, write_json

from model.classifier import StanceClassifier
from model.fast import int8_engine, set_threads
from model.labels import STANCES, TOPICS

logger = logging.getLogger(__name__)


def flops_per_quote(config: object, length: float) -> float:
    h = config.hidden_size  # type: ignore[attr-defined]
    inner = config.intermediate_size  # type: ignore[attr-defined]
    layers = config.num_hidden_layers  # type: ignore[attr-defined]
    per_layer = 2 * length * (4 * h * h + 2 * h * inner) + 4 * length * length * h
    pooler_and_heads = 2 * h * h + 2 * h * (len(STANCES) + len(TOPICS))
    return layers * per_layer + pooler_and_heads


def gemm_shapes(config: object, rows: int) -> list[tuple[int, int, int]]:
    h, inner = config.hidden_size, config.intermediate_size  # type: ignore[attr-defined]
    # (M, K, N): Q/K/V/output projections, feed-forward in, feed-forward out.
    return [(rows, h, h), (rows, h, inner), (rows, inner, h)]


def gemm_rate(shapes: list[tuple[int, int, int]], int8: bool, repeats: int) -> float:
    """GFLOP/s over the given shapes (best of `repeats` passes of 20 products each)."""
    flops = sum(2 * m * k * n for m, k, n in shapes) * 20
    ops = []
    for m, k, n in shapes:
        x = torch.randn(m, k)
        if int8:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                layer = torch.ao.quantization.quantize_dynamic(
                    nn.Sequential(nn.Linear(k, n, bias=False)), {nn.Linear}, dtype=torch.qint8
                )
            ops.append(lambda x=x, layer=layer: layer(x))
        else:
            w = torch.randn(k, n)
            ops.append(lambda x=x, w=w: torch.mm(x, w))

    def one_pass() -> None:
        with torch.inference_mode():
            for _ in range(20):
                for op in ops:
                    op()

    one_pass()  # warm-up
    return flops / min(timed(one_pass) for _ in range(repeats)) / 1e9


def scorer_rates(model: Path, texts: list[str], classifier_json: Path | None) -> dict:
    if classifier_json:
        rates = json.loads(classifier_json.read_text())["quotes_per_s"]
        return {"fp32": rates["diplostance fp32"], "int8": rates["diplostance int8"]}
    out = {}
    for backend in ("fp32", "int8"):
        clf = StanceClassifier.from_pretrained(model, backend=backend)
        clf.predict(texts[:16])
        out[backend] = round(len(texts) / timed(lambda c=clf: c.predict(texts)), 1)
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--model", type=Path, help="model folder (default: shipped, else newest run)")
    ap.add_argument("--n", type=int, default=2000, help="quotes for the mean length and rate")
    ap.add_argument("--classifier-json", type=Path, help="take quotes/s from bench_classifier")
    ap.add_argument("--threads", type=int)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--quick", action="store_true", help="smoke test: 40 quotes, one repeat")
    ap.add_argument("--json", help="also write the result here")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    if args.quick:
        args.n, args.repeats = 40, 1
    model = args.model or default_model()
    threads = set_threads(args.threads)
    texts = load_quotes(args.n)
    clf = StanceClassifier.from_pretrained(model)
    lengths = [len(x) for x in clf.tokenizer(texts, truncation=True, max_length=512)["input_ids"]]
    length = sum(lengths) / len(lengths)
    config = clf.net.encoder.config
    flops = flops_per_quote(config, length)
    shapes = gemm_shapes(config, rows=64 * round(length))
    peak = {"fp32": gemm_rate(shapes, False, args.repeats)}
    if int8_engine():
        peak["int8"] = gemm_rate(shapes, True, args.repeats)
    rates = scorer_rates(model, texts, args.classifier_json)
    achieved = {b: rates[b] * flops / 1e9 for b in rates}
    result = {
        "benchmark": "roofline",
        "machine": machine(),
        "model": str(model),
        "threads": threads,
        "mean_tokens": round(length, 2),
        "gflop_per_quote": round(flops / 1e9, 4),
        "gemm_shapes_mkn": shapes,
        "gemm_gflops": {b: round(v, 1) for b, v in peak.items()},
        "scorer_quotes_per_s": rates,
        "scorer_gflops": {b: round(v, 1) for b, v in achieved.items()},
        "fraction_of_gemm_rate": {
            b: round(achieved[b] / peak[b], 3) for b in achieved if b in peak
        },
        "quotes_per_s_at_gemm_rate": {b: round(peak[b] * 1e9 / flops, 1) for b in peak},
        "median_tokens": median([float(x) for x in lengths]),
    }
    write_json(args.json, result)


if __name__ == "__main__":
    main()
