"""The blind second annotation is complete and every disagreement is adjudicated into the corpus."""

from __future__ import annotations

import json

from eval.agreement import agreement
from training.corpus import DATA_DIR, SPLITS, read_jsonl

AGREEMENT = DATA_DIR / "agreement"


def test_second_annotation_covers_the_blind_sample():
    sample = [r["id"] for r in read_jsonl(AGREEMENT / "blind_input.jsonl")]
    second = [r["id"] for r in read_jsonl(AGREEMENT / "annotator_b.jsonl")]
    assert len(sample) >= 400 and sorted(sample) == sorted(second)
    # The blind input shows no labels.
    assert not any("stance" in r for r in read_jsonl(AGREEMENT / "blind_input.jsonl"))


def test_agreement_json_is_current():
    stored = json.loads((AGREEMENT / "agreement.json").read_text(encoding="utf-8"))
    fresh = agreement(AGREEMENT / "annotator_a.jsonl", AGREEMENT / "annotator_b.jsonl")
    assert stored == json.loads(json.dumps(fresh))


def test_every_disagreement_is_adjudicated_into_the_corpus():
    stored = json.loads((AGREEMENT / "agreement.json").read_text(encoding="utf-8"))
    adjudication = {r["id"]: r for r in read_jsonl(AGREEMENT / "adjudication.jsonl")}
    assert set(adjudication) == set(stored["disagreements"])
    corpus = {r["id"]: r for s in SPLITS for r in read_jsonl(DATA_DIR / "quotes" / f"{s}.jsonl")}
    for rid, row in adjudication.items():
        assert row["note"].strip() and row["final"] in {row["annotator_a"], row["annotator_b"]}
        assert corpus[rid]["stance"] == row["final"], rid
