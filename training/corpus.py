"""Load and validate the annotated corpus: quote files (JSON Lines) and gold articles."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations, pairwise
from pathlib import Path
from typing import Any

from model.labels import QUOTE_KINDS, REGISTERS, STANCES, TOPICS

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
QUOTES_DIR = DATA_DIR / "quotes"
ARTICLES_DIR = DATA_DIR / "articles"
SPLITS = ("train", "dev", "test")
REQUIRED = ("id", "text", "stance")
CORPUS_FIELDS = ("topics", "speaker", "speaker_country", "context", "hard", "register")
NEAR_DUP_JACCARD = 0.5
_WORD = re.compile(r"[a-z0-9]+")


class CorpusError(ValueError):
    """A corpus file breaks the schema; the message names the file, line and problem."""


def read_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """Read JSON Lines, naming file and line on any malformed line."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as e:
                raise CorpusError(f"{path}:{n}: malformed JSON ({e.msg})") from e
            if not isinstance(row, dict):
                raise CorpusError(f"{path}:{n}: expected a JSON object")
            rows.append(row)
    return rows


def quote_problems(row: dict[str, Any], *, strict: bool = False) -> list[str]:
    """Schema problems of one quote record (empty when valid).

    Args:
        strict: also require the corpus fields of data/README.md (topics, speaker, ...).
    """
    problems = [f"missing field {k!r}" for k in REQUIRED if k not in row]
    text = row.get("text")
    if "text" in row and (not isinstance(text, str) or not text.strip()):
        problems.append("text must be a non-empty string")
    if "stance" in row and row["stance"] not in STANCES:
        problems.append(f"unknown stance {row['stance']!r}")
    topics = row.get("topics", [])
    if not isinstance(topics, list) or any(t not in TOPICS for t in topics):
        problems.append(f"unknown topic(s) in {topics!r}")
    if strict:
        problems += [f"missing field {k!r}" for k in CORPUS_FIELDS if k not in row]
        if row.get("register") not in REGISTERS:
            problems.append(f"unknown register {row.get('register')!r}")
        if not isinstance(row.get("hard"), bool):
            problems.append("hard must be true or false")
    return problems


def validate_quotes(path: str | Path, *, strict: bool = False) -> list[dict[str, Any]]:
    """Read a quote file and raise CorpusError listing every problem (bad labels, ids...)."""
    rows = read_jsonl(path)
    errors = []
    seen: dict[str, int] = {}
    for n, row in enumerate(rows, 1):
        errors += [f"{path} record {n}: {p}" for p in quote_problems(row, strict=strict)]
        rid = str(row.get("id"))
        if rid in seen:
            errors.append(f"{path} record {n}: duplicate id {rid!r} (first at record {seen[rid]})")
        seen.setdefault(rid, n)
    if errors:
        raise CorpusError("\n".join(errors[:50]))
    return rows


def article_problems(article: dict[str, Any]) -> list[str]:
    """Schema and span problems of one gold article (empty when valid)."""
    text = article.get("text")
    if not isinstance(text, str):
        return ["text must be a string"]
    problems = []
    spans = []
    for i, q in enumerate(article.get("quotes", [])):
        start, end = q.get("start"), q.get("end")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            problems.append(f"quote {i}: bad span {start}..{end}")
            continue
        if q.get("kind") not in QUOTE_KINDS:
            problems.append(f"quote {i}: unknown kind {q.get('kind')!r}")
        if q.get("kind") != "term" and q.get("stance") not in STANCES:
            problems.append(f"quote {i}: unknown stance {q.get('stance')!r}")
        if q.get("kind") != "term" and not q.get("speaker"):
            problems.append(f"quote {i}: no speaker")
        if "text" in q and q["text"] != text[start:end]:
            problems.append(f"quote {i}: text differs from the article at {start}..{end}")
        spans.append((start, end))
    spans.sort()
    problems += [f"overlapping spans {a} and {b}" for a, b in pairwise(spans) if b[0] < a[1]]
    return problems


def validate_articles(path: str | Path) -> list[dict[str, Any]]:
    """Read a gold-article JSONL file and raise CorpusError on bad spans, labels or ids."""
    articles = read_jsonl(path)
    errors = []
    ids = set()
    for a in articles:
        errors += [f"{path} article {a.get('id')}: {p}" for p in article_problems(a)]
        if a.get("id") in ids:
            errors.append(f"{path}: duplicate article id {a.get('id')!r}")
        ids.add(a.get("id"))
    if errors:
        raise CorpusError("\n".join(errors[:50]))
    return articles


def normalise(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def shingles(text: str, n: int = 5) -> set[tuple[str, ...]]:
    """Word n-grams of a quote; a quote shorter than n words is one shingle of all its words."""
    words = normalise(text).split()
    if len(words) < n:
        return {tuple(words)}
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def near_duplicates(
    rows: Iterable[dict[str, Any]], threshold: float = NEAR_DUP_JACCARD
) -> list[tuple[str, str, float]]:
    """Pairs of ids whose word 5-gram Jaccard similarity exceeds `threshold` (exact dups: 1.0).

    An inverted index over shingles keeps this near-linear: only quotes sharing a 5-gram meet.
    """
    sets = {str(r["id"]): shingles(r["text"]) for r in rows}
    index: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for rid, sh in sets.items():
        for g in sh:
            index[g].append(rid)
    candidates: set[tuple[str, str]] = set()
    for ids in index.values():
        if len(ids) < 200:  # a stock phrase shared by hundreds proves nothing
            candidates.update(combinations(sorted(ids), 2))
    out = []
    for a, b in sorted(candidates):
        j = len(sets[a] & sets[b]) / len(sets[a] | sets[b])
        if j > threshold:
            out.append((a, b, round(j, 3)))
    return out


def load_split(split: str, directory: str | Path = QUOTES_DIR) -> list[dict[str, Any]]:
    """One split of the quote corpus as a list of dicts (validated)."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, got {split!r}")
    return validate_quotes(Path(directory) / f"{split}.jsonl", strict=True)


def load_dataset_dict(directory: str | Path = QUOTES_DIR) -> Any:
    """The three splits as a `datasets.DatasetDict` (via `load_dataset("json", ...)`)."""
    from datasets import load_dataset

    files = {s: str(Path(directory) / f"{s}.jsonl") for s in SPLITS}
    return load_dataset("json", data_files=files)
