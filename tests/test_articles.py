"""End-to-end article evaluation: counts tie extraction and stance together; --backend is used."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.articles import evaluate_articles
from tests.conftest import make_tiny

TEXT = (
    "BEIJING (Wire) -- “We oppose this move,” foreign ministry spokesperson Lin Qiao said on "
    "Monday.\n\n“Dialogue remains the only way forward,” she added. Officials also mocked the "
    "so-called “de-risking” push."
)
GOLD = [
    ("We oppose this move,", "firm", "direct"),
    ("Dialogue remains the only way forward,", "conciliatory", "direct"),
    ("de-risking", None, "term"),
]


@pytest.fixture(scope="module")
def gold_and_model(tmp_path_factory, tokenizer) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("articles")
    # A raw article folder: the gold loader finds each quote's span in the text itself.
    quotes = [{"text": text, "kind": kind, "speaker": "Lin Qiao", "stance": stance, "topics": []}
              for text, stance, kind in GOLD]  # fmt: skip
    (root / "gold" / "a").mkdir(parents=True)
    article = {"id": "t-1", "text": TEXT, "quotes": quotes}
    (root / "gold" / "a" / "t-1.json").write_text(json.dumps(article), encoding="utf-8")
    make_tiny(tokenizer).save_pretrained(root / "model")
    return root / "gold", root / "model"


@pytest.mark.parametrize("backend", ["fp32", "int8"])
def test_end_to_end_counts_match_extraction_and_stance(tmp_path, gold_and_model, backend):
    gold, model = gold_and_model
    result = evaluate_articles(gold, model=model, out=tmp_path, backend=backend)
    assert result["backend"] == backend
    matched = result["stance_on_matched"]
    e2e = result["end_to_end"]
    # Terms are not scored: two gold quotes, both found by the extractor.
    assert matched["n"] == 2
    assert e2e["correct"] == round(matched["accuracy"] * matched["n"])
    assert e2e["recall"] == pytest.approx(e2e["correct"] / 2)
    assert json.loads((tmp_path / "metrics.json").read_text())["end_to_end"] == e2e
