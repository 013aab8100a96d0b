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
    p.add_argument(
        "--robustness", action="store_true", help="with --data: scores on roughened copies"
    )
    p.add_argument(
        "--backend",
        choices=["fp32", "int8", "auto"],
        default="fp32",
        help="for --data, --robustness and --articles",
    )
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
    elif args.robustness and args.data:
        from eval.robustness import robustness

        result = robustness(args.data, model=args.model, backend=args.backend)
    elif args.articles:
        from eval.articles import evaluate_articles

        result = evaluate_articles(
            args.articles, model=args.model, out=args.out, backend=args.backend
        )
    elif args.data:
        from eval.harness import DEFAULT_TRAIN, evaluate_file

        train = None if args.no_baselines else (args.train or DEFAULT_TRAIN)
        result = evaluate_file(
            args.data, model=args.model, train=train, out=args.out, backend=args.backend
        )
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


def add_score(sub: argparse._SubParsersAction) -> None:
    from model.cli import add_backend_args

    p = sub.add_parser(
        "score", help="score a corpus: every quote's speaker, stance and topics, plus summaries"
    )
    p.add_argument("input", help="folder of .txt/.md/.html, a .jsonl/.csv/.parquet file, or -")
    p.add_argument("-o", "--output", required=True, help="quote table (e.g. scores.jsonl)")
    p.add_argument("--format", choices=["jsonl", "csv", "parquet"], help="default: from -o")
    p.add_argument("--model", help="model folder (default: the shipped model)")
    p.add_argument("--text-column", default="text", help="column or field with the article text")
    p.add_argument("--id-column", help="article id column (default: id, if present)")
    p.add_argument("--date-column", help="date column (default: date, if present)")
    p.add_argument("--title-column", help="title column (default: title, if present)")
    p.add_argument("--resume", action="store_true", help="continue an interrupted run")
    p.add_argument("--batch-size", type=int, default=64, help="quotes per model batch")
    p.add_argument("--chunk-size", type=int, default=256, help="articles per checkpoint")
    p.add_argument("--max-article-chars", type=int, default=1_000_000, help="longer: an error")
    p.add_argument("--max-quotes", type=int, default=2_000, help="more per article: an error")
    p.add_argument("--kinds", default="direct,partial,transcript", help="quote kinds to score")
    p.add_argument("--engine", choices=["local", "ray"], default="local", help="where to run")
    p.add_argument("--ray-actors", type=int, default=1, help="classifier actors (--engine ray)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    add_backend_args(p)
    p.set_defaults(func=_score)


def _score(args: argparse.Namespace) -> int:
    from model.api import NoTrainedModelError
    from model.cli import UsageError
    from model.fast import set_threads
    from model.readers import InputError
    from model.score import ScoreConfig, score_corpus

    set_threads(args.threads)
    try:
        cfg = ScoreConfig(
            text_column=args.text_column,
            id_column=args.id_column,
            date_column=args.date_column,
            title_column=args.title_column,
            batch_size=args.batch_size,
            chunk_size=args.chunk_size,
            max_article_chars=args.max_article_chars,
            max_quotes=args.max_quotes,
            kinds=frozenset(k.strip() for k in args.kinds.split(",") if k.strip()),
            format=args.format,
            resume=args.resume,
            engine=args.engine,
            ray_actors=args.ray_actors,
            progress=not args.no_progress,
            backend=args.backend,
        )
        result = score_corpus(args.input, args.output, model=args.model, config=cfg)
    except (InputError, NoTrainedModelError, ValueError) as e:
        raise UsageError(str(e)) from e
    print(
        json.dumps(
            {
                "output": str(result.output),
                "summary": str(result.summary),
                "errors": str(result.errors),
                "articles": result.articles,
                "summarised": result.summarised,
                "errored": result.errored,
                "quotes": result.quotes,
                "seconds": round(result.seconds, 2),
                "backend": result.backend,
            }
        )
    )
    return 0


def add_report(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="stance shares, a chart and an HTML summary of a score run")
    p.add_argument("scores", help="the quote table written by `diplostance score`")
    p.add_argument("--out", required=True, help="folder for the CSV, PNG and HTML")
    p.set_defaults(func=_report)


def _report(args: argparse.Namespace) -> int:
    from model.analysis import build_report
    from model.cli import UsageError

    try:
        paths = build_report(args.scores, args.out)
    except (FileNotFoundError, ValueError) as e:
        raise UsageError(str(e)) from e
    print(json.dumps({k: str(v) for k, v in paths.items()}))
    return 0


COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [add_train, add_eval, add_extract]
COMMANDS += [add_score, add_report]
