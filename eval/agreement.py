"""Inter-annotator agreement between two annotation files of the same quotes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from eval.metrics import confusion, stance_scores
from training.corpus import read_jsonl


def agreement(a: str | Path, b: str | Path) -> dict[str, Any]:
    """Cohen's kappa, raw agreement and confusion table (rows A, columns B) over shared ids."""
    first = {str(r["id"]): r["stance"] for r in read_jsonl(a)}
    second = {str(r["id"]): r["stance"] for r in read_jsonl(b)}
    ids = sorted(set(first) & set(second))
    if not ids:
        raise ValueError(f"{a} and {b} share no ids")
    la, lb = [first[i] for i in ids], [second[i] for i in ids]
    scores = stance_scores(la, lb)
    return {
        "n": len(ids),
        "only_in_a": len(set(first) - set(second)),
        "only_in_b": len(set(second) - set(first)),
        "raw_agreement": scores["accuracy"],
        "cohen_kappa": scores["cohen_kappa"],
        "confusion_matrix": confusion(la, lb),
        "disagreements": [i for i in ids if first[i] != second[i]],
    }
