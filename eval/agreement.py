"""Inter-annotator agreement between two annotation files of the same quotes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from eval.metrics import confusion, stance_scores, topic_scores
from training.corpus import read_jsonl


def agreement(a: str | Path, b: str | Path) -> dict[str, Any]:
    """Cohen's kappa, raw agreement and confusion table (rows A, columns B) over shared ids.

    Topic agreement is the micro/macro F1 of B's topics against A's, over the same ids.
    """
    rows_a = {str(r["id"]): r for r in read_jsonl(a)}
    rows_b = {str(r["id"]): r for r in read_jsonl(b)}
    ids = sorted(set(rows_a) & set(rows_b))
    if not ids:
        raise ValueError(f"{a} and {b} share no ids")
    la, lb = [rows_a[i]["stance"] for i in ids], [rows_b[i]["stance"] for i in ids]
    scores = stance_scores(la, lb)
    topics = topic_scores(
        [rows_a[i].get("topics") or [] for i in ids], [rows_b[i].get("topics") or [] for i in ids]
    )
    return {
        "n": len(ids),
        "only_in_a": len(set(rows_a) - set(rows_b)),
        "only_in_b": len(set(rows_b) - set(rows_a)),
        "raw_agreement": scores["accuracy"],
        "cohen_kappa": scores["cohen_kappa"],
        "confusion_matrix": confusion(la, lb),
        "topic_micro_f1": topics["micro_f1"],
        "topic_macro_f1": topics["macro_f1"],
        "disagreements": [i for i, x, y in zip(ids, la, lb) if x != y],
    }
