"""Extraction scorer: loading gold, span matching, speaker leniency, term handling."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.extraction import (
    evaluate_extraction,
    load_gold_articles,
    match_spans,
    speaker_match,
)
from model.quotes import Quote

TEXT = (
    "“We oppose this,” Minister He Wenqi said. Analysts decried the so-called “de-risking” "
    "push.\n\n“Dialogue is better,” he said."
)


def _article() -> dict:
    return {
        "id": "t-1",
        "text": TEXT,
        "quotes": [
            {"text": "We oppose this,", "speaker": "He Wenqi", "kind": "direct", "stance": "firm"},
            {"text": "de-risking", "speaker": None, "kind": "term", "stance": None},
            {"text": "Dialogue is better,", "speaker": "He Wenqi", "kind": "direct"},
        ],
    }


def _q(text: str, start: int, end: int, speaker: str | None, kind: str = "direct") -> Quote:
    return Quote(text[start:end], start, end, speaker, None, None, None, kind, "")


def test_load_raw_json_dir_computes_spans_with_occurrence(tmp_path: Path) -> None:
    art = {"id": "x", "text": "“a” then “a” again", "quotes": [
        {"text": "a", "occurrence": 2, "speaker": "S", "kind": "partial"},
    ]}  # fmt: skip
    sub = tmp_path / "a"
    sub.mkdir()
    (sub / "x.json").write_text(json.dumps(art), encoding="utf-8")
    (gold,) = load_gold_articles(tmp_path)
    assert (gold["quotes"][0]["start"], gold["quotes"][0]["end"]) == (10, 11)


def test_load_jsonl_keeps_given_spans(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    row = {"id": "y", "text": "“ab” x", "quotes": [{"text": "ab", "start": 1, "end": 3}]}
    path.write_text(json.dumps(row) + "\n\n", encoding="utf-8")
    (gold,) = load_gold_articles(path)
    assert gold["quotes"][0]["start"] == 1


def test_match_spans_is_one_to_one_and_greedy_by_iou() -> None:
    pred = [(0, 10), (0, 9)]
    gold = [(0, 10)]
    assert match_spans(pred, gold, 0.5) == [(0, 0)]
    assert match_spans([(0, 4)], [(0, 10)], 0.5) == []  # IoU 0.4
    assert match_spans([(0, 6)], [(0, 10)], 0.5) == [(0, 0)]  # IoU 0.6


@pytest.mark.parametrize(
    ("pred", "gold", "ok"),
    [
        ("He", "He Wenqi", True),
        ("Vice Premier He Lifeng", "He Lifeng", True),
        ("department spokesperson", "Commerce Department spokesperson", True),
        ("North Korean state media", "North Korea's state media", True),
        ("the Chinese Embassy", "Chinese embassy", True),
        ("Chinese embassy", "US embassy", False),
        ("China", "Chinese commerce ministry", False),
        ("Gina Raimondo", "He Lifeng", False),
        (None, "He Lifeng", False),
    ],
)
def test_speaker_match_rule(pred: str | None, gold: str, ok: bool) -> None:
    assert speaker_match(pred, gold) is ok


def test_perfect_extractor_scores_one() -> None:
    art = load_gold_articles_from([_article()])
    spans = [(q["start"], q["end"], q["speaker"], q["kind"]) for q in art[0]["quotes"]]

    def oracle(text: str) -> list[Quote]:
        return [_q(text, s, e, spk, k) for s, e, spk, k in spans]

    res = evaluate_extraction(art, extract=oracle)
    assert res["exact"]["f1"] == 1.0 and res["overlap"]["f1"] == 1.0
    assert res["speaker_accuracy"] == 1.0
    assert res["n_gold"] == 2  # the term is not scored by default


def test_term_predicted_as_quote_is_a_false_positive_unless_lenient() -> None:
    art = load_gold_articles_from([_article()])
    start = TEXT.find("de-risking")

    def extract(text: str) -> list[Quote]:
        return [_q(text, start, start + len("de-risking"), "Analysts", "partial")]

    strict = evaluate_extraction(art, extract=extract)
    lenient = evaluate_extraction(art, extract=extract, lenient_terms=True)
    assert strict["n_pred"] == 1 and strict["overlap"]["tp"] == 0
    assert lenient["n_pred"] == 0
    with_terms = evaluate_extraction(art, extract=extract, include_terms=True)
    assert with_terms["overlap"]["tp"] == 1


def test_real_extractor_on_small_article() -> None:
    res = evaluate_extraction(load_gold_articles_from([_article()]))
    assert res["exact"]["f1"] == 1.0
    assert res["speaker_accuracy"] == 1.0
    assert res["kind_confusion"] == {"direct->direct": 2}


def load_gold_articles_from(rows: list[dict]) -> list[dict]:
    """Spans for in-memory articles, via the JSONL loader's code path."""
    from eval.extraction import _spans_from_text

    return [{**a, "quotes": _spans_from_text(a)} for a in rows]
