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


def add_eval(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "eval",
        help="evaluate on an annotated file, by cross-validation, on gold articles, "
        "or compare two annotation files (eval agreement A B)",
    )
    p.add_argument("agreement", nargs="*", help="`agreement A.jsonl B.jsonl`")
    p.add_argument("--data", help="annotated JSONL (text, stance; optional topics, ...)")
    p.add_argument("--model", help="model folder (default: the shipped model)")
    p.add_argument("--train", default=None, help="train file for baselines (default: corpus)")
    p.add_argument("--no-baselines", action="store_true", help="skip the baselines")
    p.add_argument("--out", help="folder for metrics.json and the reports")
    p.add_argument("--cv", type=int, metavar="K", help="K-fold cross-validation of the recipe")
    p.add_argument("--config", default="training/configs/cv.yaml", help="recipe for --cv")
    p.add_argument("--articles", help="gold articles (JSONL or folder): end-to-end evaluation")
    p.set_defaults(func=_eval)


def _eval(args: argparse.Namespace) -> int:
    from model.cli import UsageError

    if args.agreement:
        if len(args.agreement) != 3 or args.agreement[0] != "agreement":
            raise UsageError("usage: diplostance eval agreement A.jsonl B.jsonl")
        from eval.agreement import agreement

        result = agreement(args.agreement[1], args.agreement[2])
    elif args.cv:
        from eval.cv import cross_validate
        from training.config import TrainConfig

        result = cross_validate(TrainConfig.from_yaml(args.config), k=args.cv)
    elif args.articles:
        from eval.articles import evaluate_articles

        result = evaluate_articles(args.articles, model=args.model, out=args.out)
    elif args.data:
        from eval.harness import DEFAULT_TRAIN, evaluate_file

        train = None if args.no_baselines else (args.train or DEFAULT_TRAIN)
        result = evaluate_file(args.data, model=args.model, train=train, out=args.out)
        result = {k: v for k, v in result.items() if k not in ("errors", "reliability", "groups")}
    else:
        raise UsageError("give --data FILE, --cv K, --articles DIR or `agreement A B`")
    _write_result(result, args.out)
    return 0


def _write_result(result: dict, out: str | None) -> None:
    text = json.dumps(result, indent=2, ensure_ascii=False)
    print(text)
    if out:
        from pathlib import Path

        Path(out).mkdir(parents=True, exist_ok=True)
        if not (Path(out) / "metrics.json").exists():
            (Path(out) / "metrics.json").write_text(text, encoding="utf-8")


COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [add_train, add_eval, add_extract]
