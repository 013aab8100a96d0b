"""Score a corpus: extract every quote, classify its stance, write rows, summaries and errors.

A run walks the input in deterministic chunks of `chunk_size` articles. Each finished chunk
is written to OUTPUT.parts/part-NNNNNN.jsonl (temp file + os.replace), so a killed run loses
at most the chunk in progress and `resume=True` skips the finished ones. The final OUTPUT, its
summary and its errors file are assembled from the parts at the end, each atomically.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from model.labels import QUOTE_KINDS, SCORED_KINDS, STANCES, TOPICS
from model.readers import Article, Columns, InputError, open_source
from model.writers import PartStore, assemble, infer_format, resolve_output

logger = logging.getLogger(__name__)

MANIFEST_VERSION = 1
ENGINES = ("local", "ray")
# Options that change the rows; a resumed run must match them exactly.
_ROW_OPTIONS = ("columns", "chunk_size", "batch_size", "max_article_chars", "max_quotes", "kinds")


class ResumeError(InputError):
    """--resume was asked for, but the input, options or model differ from the first run."""


@dataclass
class ScoreConfig:
    """How to read the input and score it; the limits turn bad articles into recorded errors."""

    text_column: str = "text"
    id_column: str | None = None
    date_column: str | None = None
    title_column: str | None = None
    batch_size: int = 64
    chunk_size: int = 256
    max_article_chars: int = 1_000_000
    max_quotes: int = 2_000
    kinds: frozenset[str] = SCORED_KINDS
    format: str | None = None
    resume: bool = False
    engine: str = "local"
    ray_actors: int = 1
    progress: bool = True
    # "auto": int8 where the model folder's accuracy record allows it and it measures faster.
    backend: str = "auto"

    def __post_init__(self) -> None:
        for name in ("batch_size", "chunk_size", "max_article_chars", "max_quotes", "ray_actors"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be a positive integer, got {value!r}")
        self.kinds = frozenset(self.kinds)
        unknown = sorted(self.kinds - set(QUOTE_KINDS))
        if unknown or not self.kinds:
            choices = ", ".join(QUOTE_KINDS)
            raise ValueError(f"kinds must be among {choices}, got {unknown or 'none'}")
        if self.engine not in ENGINES:
            raise ValueError(f"engine must be one of {', '.join(ENGINES)}, got {self.engine!r}")
        infer_format("x", self.format)  # validates
        from model.fast import BACKENDS

        if self.backend not in BACKENDS:
            raise ValueError(f"backend must be one of {', '.join(BACKENDS)}, got {self.backend!r}")

    @property
    def columns(self) -> Columns:
        return Columns(self.text_column, self.id_column, self.date_column, self.title_column)

    def row_options(self) -> dict[str, Any]:
        """The options that decide the output rows (recorded for --resume)."""
        values = asdict(self) | {"columns": asdict(self.columns), "kinds": sorted(self.kinds)}
        return {k: values[k] for k in _ROW_OPTIONS}


@dataclass
class ScoreResult:
    """What a run produced: paths and counts."""

    output: Path
    summary: Path
    errors: Path
    articles: int
    summarised: int
    errored: int
    quotes: int
    seconds: float
    resumed_chunks: int = 0
    backend: str = "fp32"  # what `auto` resolved to, for the record


# ----- per-chunk work, shared by the local and the Ray engine ---------------------------------


def prepare_article(article: Article, cfg: ScoreConfig) -> dict[str, Any]:
    """Extract an article's quotes (plain dicts), or say why it cannot be scored."""
    from model.quotes import extract_quotes

    base = {"article_id": article.id, "row": article.row, "date": article.date}
    base["title"] = article.title
    if article.error is not None:
        return base | {"error": article.error, "stage": article.stage}
    text = article.text or ""
    if not text.strip():
        return base | {"error": "empty text", "stage": "read"}
    if len(text) > cfg.max_article_chars:
        limit = f"{len(text)} characters, over the max_article_chars limit {cfg.max_article_chars}"
        return base | {"error": f"article has {limit}", "stage": "limit"}
    try:
        quotes = extract_quotes(text, indirect="indirect" in cfg.kinds)
    except Exception as e:  # one pathological article must not end a million-article run
        logger.exception("extraction failed on article %s", article.id)
        return base | {"error": f"extraction failed: {type(e).__name__}: {e}", "stage": "extract"}
    if len(quotes) > cfg.max_quotes:
        msg = f"article has {len(quotes)} quotes, over the max_quotes limit {cfg.max_quotes}"
        return base | {"error": msg, "stage": "limit"}
    scored = [{"quote_index": i} | q.to_dict() for i, q in enumerate(quotes) if q.kind in cfg.kinds]
    return base | {"chars": len(text), "n_quotes": len(quotes), "scored_quotes": scored}


def classify_prepared(
    prepared: list[dict[str, Any]], clf: Any, cfg: ScoreConfig
) -> dict[str, list[dict[str, Any]]]:
    """Classify the quotes of prepared articles; returns quote rows, summaries and errors."""
    ok = [p for p in prepared if "error" not in p]
    try:
        quotes = _classify(ok, clf, cfg)
    except Exception:
        # Isolate the article that breaks the batch rather than lose the chunk.
        logger.exception("classification of a chunk failed; retrying article by article")
        quotes = {}
        for p in ok:
            try:
                quotes |= _classify([p], clf, cfg)
            except Exception as e:
                p["error"] = f"classification failed: {type(e).__name__}: {e}"
                p["stage"] = "classify"
    out: dict[str, list[dict[str, Any]]] = {"quotes": [], "summaries": [], "errors": []}
    for p in prepared:
        if "error" in p:
            out["errors"].append({k: p[k] for k in ("article_id", "row", "stage", "error")})
            continue
        rows = quotes.get(p["row"], [])
        out["quotes"].extend(rows)
        out["summaries"].append(_summary(p, rows))
    return out


def _classify(
    prepared: list[dict[str, Any]], clf: Any, cfg: ScoreConfig
) -> dict[int, list[dict[str, Any]]]:
    flat = [(p, q) for p in prepared for q in p["scored_quotes"]]
    rows: dict[int, list[dict[str, Any]]] = {p["row"]: [] for p in prepared}
    if not flat:
        return rows
    probs, topic_probs, _ = clf.predict_proba(
        [q["text"] for _, q in flat],
        contexts=[q.get("context") for _, q in flat],
        speakers=[q.get("speaker") for _, q in flat],
        batch_size=cfg.batch_size,
    )
    threshold = clf.settings.topic_threshold
    for (p, q), pr, tp in zip(flat, probs.tolist(), topic_probs.tolist()):
        if any(math.isnan(x) for x in pr):
            continue  # an empty quote: nothing to classify, counted as unscored
        k = max(range(len(STANCES)), key=pr.__getitem__)
        order = sorted(range(len(TOPICS)), key=lambda j: -tp[j])
        rows[p["row"]].append(
            {
                "article_id": p["article_id"],
                **{f: q.get(f) for f in ("quote_index", "text", "start", "end", "speaker")},
                **{f: q.get(f) for f in ("speaker_role", "speaker_country", "kind")},
                "stance": STANCES[k],
                "confidence": round(pr[k], 4),
                **{f"prob_{s}": round(pr[i], 4) for i, s in enumerate(STANCES)},
                "topics": [TOPICS[j] for j in order if tp[j] >= threshold],
                "date": p["date"],
                "title": p["title"],
                "model_version": clf.settings.version,
            }
        )
    return rows


def _summary(p: dict[str, Any], rows: list[dict[str, Any]]) -> dict[str, Any]:
    counts = {s: sum(r["stance"] == s for r in rows) for s in STANCES}
    scored = len(rows)
    tone = round((counts["conciliatory"] - counts["firm"]) / scored, 4) if scored else None
    keys = ("article_id", "row", "date", "title", "chars")
    return (
        {k: p[k] for k in keys}
        | {"quotes": p["n_quotes"], "scored": scored, **counts}
        | {"tone": tone}
    )


def score_chunk(articles: list[Article], clf: Any, cfg: ScoreConfig) -> dict[str, list[dict]]:
    """Extract and classify one chunk of articles."""
    return classify_prepared([prepare_article(a, cfg) for a in articles], clf, cfg)


def chunked(articles: Iterable[Article], size: int) -> Iterator[tuple[int, list[Article]]]:
    """(chunk number, articles) in input order; every chunk but the last has `size` articles."""
    chunk: list[Article] = []
    n = 0
    for a in articles:
        chunk.append(a)
        if len(chunk) == size:
            yield n, chunk
            n, chunk = n + 1, []
    if chunk:
        yield n, chunk


# ----- orchestration --------------------------------------------------------------------------


def model_fingerprint(clf: Any) -> str:
    """A hash of the classifier's weights, settings and backend (a resume must use the same)."""
    h = hashlib.sha256(repr((asdict(clf.settings), getattr(clf, "backend", "fp32"))).encode())
    for name, value in sorted(clf.net.state_dict().items()):
        h.update(name.encode())
        for tensor in _tensors(value):
            h.update(memoryview(tensor.detach().cpu().contiguous().float().numpy()))  # no copy
    return h.hexdigest()


def _tensors(value: Any) -> list[Any]:
    """The plain tensors inside a state-dict entry: int8 layers store quantized tensors packed
    in tuples, which are dequantized so that they hash like any other weight."""
    if isinstance(value, tuple | list):
        return [t for v in value for t in _tensors(v)]
    if not hasattr(value, "detach"):
        return []
    return [value.dequantize() if value.is_quantized else value]


def _manifest(source: Any, cfg: ScoreConfig, clf: Any) -> dict[str, Any]:
    return {
        "version": MANIFEST_VERSION,
        "input": {"path": _abs(source.path), "kind": source.kind},
        "input_fingerprint": source.fingerprint() if source.kind != "stdin" else None,
        "options": cfg.row_options(),
        "model": model_fingerprint(clf),
    }


def _abs(path: str) -> str:
    return path if path == "-" else str(Path(path).resolve())


def _check_resume(old: dict[str, Any], new: dict[str, Any]) -> None:
    if old.get("version") != new["version"]:
        raise ResumeError("cannot resume: the unfinished run was written by another version")
    if old.get("input") != new["input"] or old.get("input_fingerprint") != new["input_fingerprint"]:
        raise ResumeError(
            f"cannot resume: the input changed since the first run ({old.get('input')}); "
            "rerun without --resume after removing the .parts folder"
        )
    changed = [
        f"{k}: {old['options'].get(k)!r} -> {v!r}"
        for k, v in new["options"].items()
        if old.get("options", {}).get(k) != v
    ]
    if changed:
        raise ResumeError(f"cannot resume: options changed ({'; '.join(changed)})")
    if old.get("model") != new["model"]:
        raise ResumeError("cannot resume: the model differs from the first run's")


def _load(model: Any, backend: str) -> Any:
    if model is None or isinstance(model, str | Path):
        from model.api import load_model

        return load_model(model, backend)
    return model


def score_corpus(
    input_path: str | Path,
    output: str | Path,
    *,
    model: Any = None,
    config: ScoreConfig | None = None,
) -> ScoreResult:
    """Score every article of `input_path` into `output` (+ .summary and .errors beside it).

    Args:
        model: a model folder, a loaded StanceClassifier, or None for the default model; a
            folder or None is loaded with `config.backend`, a loaded classifier is used as is.
    Raises:
        InputError: the run cannot start (unreadable input, missing column, resume mismatch).
    """
    cfg = config or ScoreConfig()
    start = time.perf_counter()
    out, source = _check_paths(input_path, output, cfg)
    clf = _load(model, cfg.backend)
    store = PartStore(out)
    manifest = _manifest(source, cfg, clf)
    # Parts of an earlier stdin run can never be resumed: a stdin run always starts afresh.
    resumed = _open_store(store, manifest, cfg.resume, discard=source.kind == "stdin")
    try:
        chunks = _run_engine(source.articles(), store, clf, cfg)
    except InputError:
        if not store.finished():  # nothing to resume: leave no folder behind
            store.remove()
        raise
    summary, errors, counts = assemble(store, chunks["chunks"], out, infer_format(out, cfg.format))
    store.remove()
    result = ScoreResult(
        out, summary, errors, chunks["articles"], counts["summaries"], counts["errors"],
        counts["quotes"], time.perf_counter() - start, resumed, getattr(clf, "backend", "fp32"),
    )  # fmt: skip
    logger.info(
        "scored %d articles (%d summarised, %d errors), %d quotes in %.1fs -> %s",
        result.articles, result.summarised, result.errored, result.quotes, result.seconds, out,
    )  # fmt: skip
    return result


def _check_paths(input_path: str | Path, output: str | Path, cfg: ScoreConfig) -> tuple[Path, Any]:
    """The resolved output path and the checked input Source, or an InputError."""
    try:
        out = resolve_output(output)
    except ValueError as e:
        raise InputError(str(e)) from e
    if str(input_path) != "-" and Path(input_path).resolve() == out:
        raise InputError(f"output {str(output)!r} is the input file; choose another name")
    # No text fits in more than 6 bytes a character (JSON's \uXXXX escapes): bigger files and
    # lines are over the limit, and are refused without being held in memory.
    max_bytes = 6 * cfg.max_article_chars + 65_536
    source = open_source(str(input_path), cfg.columns, max_bytes=max_bytes)
    if cfg.resume and source.kind == "stdin":
        raise InputError("--resume needs a file or folder input; stdin cannot be read twice")
    return out, source


def _open_store(store: PartStore, manifest: dict[str, Any], resume: bool, discard: bool) -> int:
    """Start or continue the parts folder; returns how many chunks were already done."""
    if store.exists() and not discard:
        if not resume:
            raise InputError(
                f"{store.dir} holds an unfinished run: add --resume to continue it, "
                "or remove the folder to start over"
            )
        _check_resume(store.manifest(), manifest)
        done = len(store.finished())
        logger.info("resuming: %d chunks already done", done)
        return done
    store.start(manifest)
    return 0


def _run_engine(
    articles: Iterator[Article], store: PartStore, clf: Any, cfg: ScoreConfig
) -> dict[str, int]:
    if cfg.engine == "ray":
        from model.ray_engine import run_ray

        return run_ray(articles, store, clf, cfg)
    return run_local(articles, store, clf, cfg)


def run_local(
    articles: Iterator[Article], store: PartStore, clf: Any, cfg: ScoreConfig
) -> dict[str, int]:
    """Score chunk after chunk in this process; finished chunks are skipped."""
    with progress_bar(cfg) as bar:
        n_chunks = n_articles = 0
        for idx, chunk in chunked(articles, cfg.chunk_size):
            n_chunks, n_articles = idx + 1, n_articles + len(chunk)
            if store.done(idx):
                bar.skip(len(chunk))
                continue
            records = score_chunk(chunk, clf, cfg)
            store.write(idx, records)
            bar.advance(len(chunk), len(records["quotes"]))
    return {"chunks": n_chunks, "articles": n_articles}


class progress_bar:
    """A tqdm bar over articles whose postfix shows quotes per second."""

    def __init__(self, cfg: ScoreConfig) -> None:
        from tqdm import tqdm

        self.bar = tqdm(unit=" articles", disable=not cfg.progress, desc="scoring")
        self.quotes = 0
        self.t0 = time.perf_counter()

    def skip(self, n: int) -> None:
        """Articles of chunks finished by an earlier run: counted, not timed."""
        self.bar.update(n)

    def advance(self, articles: int, quotes: int) -> None:
        self.quotes += quotes
        rate = self.quotes / max(time.perf_counter() - self.t0, 1e-9)
        self.bar.set_postfix_str(f"{self.quotes} quotes, {rate:.1f} quotes/s", refresh=False)
        self.bar.update(articles)

    def __enter__(self) -> progress_bar:
        return self

    def __exit__(self, *exc: object) -> None:
        self.bar.close()
