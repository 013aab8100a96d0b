"""The shipped corpus obeys its schema; no quote is (nearly) repeated within or across splits."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from training.corpus import (
    ARTICLES_DIR,
    QUOTES_DIR,
    SPLITS,
    CorpusError,
    load_dataset_dict,
    load_split,
    near_duplicates,
    validate_articles,
    validate_quotes,
)

QUOTE_FILES = [QUOTES_DIR / f"{s}.jsonl" for s in SPLITS]
ARTICLE_FILES = [ARTICLES_DIR / "dev.jsonl", ARTICLES_DIR / "test.jsonl"]
EXTRA_TRAIN = ARTICLES_DIR / "dev_quotes.jsonl"


@pytest.fixture(scope="module")
def splits():
    return {s: load_split(s) for s in SPLITS}


def test_every_quote_file_validates(splits):
    assert all(splits[s] for s in SPLITS)


def test_ids_unique_across_splits(splits):
    ids = Counter(r["id"] for rows in splits.values() for r in rows)
    assert not [i for i, n in ids.items() if n > 1]


def test_no_exact_or_near_duplicates_within_or_across_splits(splits):
    rows = [r for part in splits.values() for r in part]
    assert near_duplicates(rows) == []


def test_no_scenario_straddles_splits(splits):
    owner: dict[str, str] = {}
    for split, rows in splits.items():
        for r in rows:
            assert owner.setdefault(r["scenario"], split) == split, r["scenario"]


def test_article_quotes_used_for_training_stay_apart_from_test(splits):
    extra = validate_quotes(EXTRA_TRAIN)
    assert extra and all(r["scenario"].startswith("art-") for r in extra)
    test_articles = {a["id"] for a in validate_articles(ARTICLES_DIR / "test.jsonl")}
    assert not {r["scenario"] for r in extra} & test_articles
    pairs = near_duplicates(extra + splits["test"] + splits["dev"])
    assert [(a, b) for a, b, _ in pairs if a.startswith("art-") != b.startswith("art-")] == []


def test_every_gold_article_file_validates():
    assert ARTICLE_FILES
    for path in ARTICLE_FILES:
        assert validate_articles(path)


def test_datasets_loader_reads_all_splits():
    ds = load_dataset_dict()
    assert set(ds) == set(SPLITS)
    assert {"text", "stance", "topics"} <= set(ds["train"].column_names)


def test_validator_catches_bad_records(tmp_path):
    bad = tmp_path / "bad.jsonl"
    rows = [
        {"id": "1", "text": "ok", "stance": "firm"},
        {"id": "1", "text": "dup id", "stance": "firm"},
        {"id": "2", "text": "x", "stance": "angry"},
        {"id": "3", "text": "x", "stance": "firm", "topics": ["weather"]},
        {"id": "4", "stance": "firm"},
    ]
    bad.write_text("".join(json.dumps(r) + "\n" for r in rows))
    with pytest.raises(CorpusError) as err:
        validate_quotes(bad)
    message = str(err.value)
    for expected in ("duplicate id", "unknown stance", "unknown topic", "missing field 'text'"):
        assert expected in message


def test_validator_names_malformed_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "1", "text": "ok", "stance": "firm"}\n{oops\n')
    with pytest.raises(CorpusError, match=r"bad.jsonl:2"):
        validate_quotes(bad)


def test_article_validator_catches_bad_spans(tmp_path):
    article = {
        "id": "a1",
        "text": "“We oppose it,” she said.",
        "quotes": [
            {
                "start": 1,
                "end": 14,
                "text": "We oppose it,",
                "kind": "direct",
                "stance": "firm",
                "speaker": "X",
            },
            {"start": 5, "end": 99, "kind": "direct", "stance": "firm", "speaker": "X"},
            {
                "start": 1,
                "end": 5,
                "text": "nope",
                "kind": "quote",
                "stance": "firm",
                "speaker": "X",
            },
        ],
    }
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(article) + "\n")
    with pytest.raises(CorpusError) as err:
        validate_articles(path)
    for expected in ("bad span", "unknown kind", "text differs"):
        assert expected in str(err.value)


def test_near_duplicate_detector():
    base = "we firmly oppose the so called tariff measures and urge the us side to correct them"
    rows = [
        {"id": "a", "text": base},
        {"id": "b", "text": base.replace("correct", "fix")},
        {"id": "c", "text": "An entirely different statement about students and visas."},
        {"id": "d", "text": "Absolutely not."},
        {"id": "e", "text": "absolutely NOT!"},
    ]
    pairs = {(a, b) for a, b, _ in near_duplicates(rows)}
    assert pairs == {("a", "b"), ("d", "e")}
