"""Subcommands beyond `predict`: each parses its arguments and calls one library function."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable


def add_train(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("train", help="fine-tune a classifier from a YAML config")
    p.add_argument("--config", default="training/configs/default.yaml", help="YAML config")
    p.add_argument("--output-dir", help="override the config's output_dir")
    p.add_argument("--seed", type=int, help="override the config's seed")
    p.add_argument("--input-format", choices=["quote", "quote+context"], help="override")
    p.set_defaults(func=_train)


def _train(args: argparse.Namespace) -> int:
    from training.config import TrainConfig
    from training.train import train

    cfg = TrainConfig.from_yaml(
        args.config, output_dir=args.output_dir, seed=args.seed, input_format=args.input_format
    )
    path = train(cfg)
    metrics = json.loads((path / "metrics.json").read_text(encoding="utf-8"))
    summary = {s: round(metrics[s]["macro_f1"], 4) for s in ("dev", "test") if s in metrics}
    print(json.dumps({"model": str(path), "macro_f1": summary}))
    return 0


def add_extract(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("extract", help="print an article's quotes and speakers as JSON Lines")
    p.add_argument("file", help="a text file, or - for stdin")
    p.add_argument("--indirect", action="store_true", help="also report unquoted reported speech")
    p.set_defaults(func=_extract)


def _extract(args: argparse.Namespace) -> int:
    from model.quotes import extract_quotes

    if args.file == "-":
        text = sys.stdin.read()
    else:
        with open(args.file, encoding="utf-8", errors="replace") as f:
            text = f.read()
    for q in extract_quotes(text, indirect=args.indirect):
        print(json.dumps(q.to_dict(), ensure_ascii=False))
    return 0


COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [add_train, add_extract]
