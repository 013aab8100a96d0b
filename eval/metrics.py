"""Classification metrics shared by training (early stopping) and the evaluation harness."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.metrics import (
    accuracy_score,
    cohen_kappa_score,
    f1_score,
    precision_recall_fscore_support,
)

from model.labels import STANCES, TOPICS


def stance_scores(gold: Sequence[str], pred: Sequence[str]) -> dict[str, Any]:
    """Accuracy, macro-F1, Cohen's kappa and per-class precision/recall/F1/support."""
    labels = list(STANCES)
    p, r, f, s = precision_recall_fscore_support(gold, pred, labels=labels, zero_division=0)
    return {
        "n": len(gold),
        "accuracy": float(accuracy_score(gold, pred)) if len(gold) else 0.0,
        "macro_f1": float(f1_score(gold, pred, labels=labels, average="macro", zero_division=0)),
        "cohen_kappa": _kappa(gold, pred),
        "per_class": {
            label: {
                "precision": float(p[i]),
                "recall": float(r[i]),
                "f1": float(f[i]),
                "support": int(s[i]),
            }
            for i, label in enumerate(labels)
        },
    }


def _kappa(gold: Sequence[str], pred: Sequence[str]) -> float:
    if len(set(gold) | set(pred)) < 2:
        # sklearn returns NaN when only one label occurs; agreement is then perfect or undefined.
        return 1.0 if list(gold) == list(pred) else 0.0
    return float(cohen_kappa_score(gold, pred, labels=list(STANCES)))


def topic_scores(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]]) -> dict[str, float]:
    """Micro and macro F1 over the thirteen topics (multi-label)."""
    y_true = _multi_hot(gold)
    y_pred = _multi_hot(pred)
    present = y_true.sum(0) > 0
    return {
        "micro_f1": float(f1_score(y_true, y_pred, average="micro", zero_division=0)),
        "macro_f1": float(
            f1_score(y_true[:, present], y_pred[:, present], average="macro", zero_division=0)
        )
        if present.any()
        else 0.0,
    }


def _multi_hot(rows: Sequence[Sequence[str]]) -> np.ndarray:
    index = {t: i for i, t in enumerate(TOPICS)}
    out = np.zeros((len(rows), len(TOPICS)), dtype=int)
    for i, topics in enumerate(rows):
        for t in topics:
            out[i, index[t]] = 1
    return out


def expected_calibration_error(
    probs: np.ndarray, gold: Sequence[int], n_bins: int = 10
) -> tuple[float, list[dict[str, float]]]:
    """ECE of the top-class confidence over equal-width bins, and the bins for a diagram."""
    probs = np.asarray(probs, dtype=float)
    gold_arr = np.asarray(gold)
    conf = probs.max(1)
    correct = (probs.argmax(1) == gold_arr).astype(float)
    edges = np.linspace(0, 1, n_bins + 1)
    ece, bins = 0.0, []
    for lo, hi in itertools.pairwise(edges):
        mask = (conf > lo) & (conf <= hi) if lo > 0 else (conf >= lo) & (conf <= hi)
        if not mask.any():
            continue
        acc, avg_conf = float(correct[mask].mean()), float(conf[mask].mean())
        ece += mask.mean() * abs(acc - avg_conf)
        bins.append(
            {
                "lo": float(lo),
                "hi": float(hi),
                "accuracy": acc,
                "confidence": avg_conf,
                "count": int(mask.sum()),
            }
        )
    return float(ece), bins
