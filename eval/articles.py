"""End-to-end evaluation on gold articles: extraction, attribution and stance, together.

A quote counts for the pipeline only when it was found (span overlap >= 0.5) *and* classified
correctly; missed quotes count against recall and spurious ones against precision.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from eval.extraction import evaluate_extraction, load_gold_articles, match_spans
from eval.metrics import stance_scores
from model.api import load_model
from model.labels import SCORED_KINDS, STANCES
from model.quotes import Quote, extract_quotes


def _classify(quotes: list[Quote], clf: Any) -> list[str]:
    if not quotes:
        return []
    probs, _, _ = clf.predict_proba(
        [q.text for q in quotes],
        contexts=[q.context for q in quotes],
        speakers=[q.speaker for q in quotes],
    )
    return [STANCES[i] for i in probs.argmax(1).tolist()]


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def evaluate_articles(
    path: str | Path,
    *,
    model: str | Path | None = None,
    out: str | Path | None = None,
    backend: str = "fp32",
) -> dict[str, Any]:
    """Extraction P/R/F1 and speaker accuracy, stance on matched quotes, and end-to-end F1."""
    articles = load_gold_articles(path)
    clf = load_model(model, backend)
    # Extract once; the extraction scorer is handed the cached result by article text.
    extracted = {a["text"]: extract_quotes(a["text"]) for a in articles}
    gold_stance, pred_stance = [], []
    n_pred = n_gold = 0
    for a in articles:
        gold = [g for g in a["quotes"] if g.get("kind") in SCORED_KINDS]
        pred = [q for q in extracted[a["text"]] if q.kind in SCORED_KINDS]
        labels = _classify(pred, clf)
        n_pred, n_gold = n_pred + len(pred), n_gold + len(gold)
        spans = [(q.start, q.end) for q in pred]
        for i, j in match_spans(spans, [(g["start"], g["end"]) for g in gold], 0.5):
            gold_stance.append(gold[j]["stance"])
            pred_stance.append(labels[i])
    correct = sum(g == p for g, p in zip(gold_stance, pred_stance))
    extraction = evaluate_extraction(articles, lambda text: extracted[text])
    extraction.pop("errors", None)
    result = {
        "articles": len(articles),
        "model": clf.settings.version,
        "backend": clf.backend,
        "extraction": extraction,
        "stance_on_matched": stance_scores(gold_stance, pred_stance),
        "end_to_end": _prf(correct, n_pred, n_gold) | {"correct": correct},
    }
    if out is not None:
        Path(out).mkdir(parents=True, exist_ok=True)
        (Path(out) / "metrics.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    return result
