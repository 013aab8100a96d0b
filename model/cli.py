"""The `diplostance` command: parses arguments and calls library functions, nothing more."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable

EXIT_USAGE = 2

Handler = Callable[[argparse.Namespace], int]


class UsageError(Exception):
    """A run that cannot start (bad path, missing column...): exit 2 with one line."""


def _add_predict(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("predict", help="classify quotes given as arguments, a file or stdin")
    p.add_argument("texts", nargs="*", help="quotes; none reads one quote per line from stdin")
    p.add_argument("--file", help="a text file with one quote per line")
    p.add_argument("--model", help="model folder (default: the shipped model)")
    p.add_argument(
        "--context",
        help="the reporting sentence around the quote(s), [QUOTE] marking the quote; read by "
        "models trained with input_format quote+context (the shipped one is)",
    )
    p.add_argument("--speaker", help="who said the quote(s), e.g. 'foreign ministry spokesperson'")
    add_backend_args(p)
    p.set_defaults(func=_predict)


def add_backend_args(p: argparse.ArgumentParser) -> None:
    """--backend and --threads, shared by the commands that classify."""
    p.add_argument(
        "--backend",
        choices=["auto", "fp32", "int8"],
        default="auto",
        help="inference backend; auto = int8 where measured faster and as accurate (default)",
    )
    p.add_argument("--threads", type=int, help="torch threads (default: the usable cores)")


def _predict(args: argparse.Namespace) -> int:
    from model.api import predict
    from model.fast import set_threads

    set_threads(args.threads)
    if args.file:
        with open(args.file, encoding="utf-8") as f:
            texts = [line.rstrip("\n") for line in f if line.strip()]
    else:
        texts = args.texts or [line.rstrip("\n") for line in sys.stdin if line.strip()]
    n = len(texts)
    kwargs = {"contexts": [args.context] * n, "speakers": [args.speaker] * n}
    for p in predict(texts, model=args.model, backend=args.backend, **kwargs):
        print(json.dumps(p.to_dict(), ensure_ascii=False))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="diplostance",
        description="Find officials' quotes in news and classify their stance.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", required=True)
    _add_predict(sub)
    for add in _extra_commands():
        add(sub)
    return parser


def _extra_commands() -> list[Callable[[argparse._SubParsersAction], None]]:
    """Subcommands defined next to the library code they call."""
    from model.cli_commands import COMMANDS

    return COMMANDS


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        return int(args.func(args))
    except UsageError as e:
        print(f"diplostance {args.command}: error: {e}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
