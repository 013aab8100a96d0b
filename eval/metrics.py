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


def topics_above(topic_probs: np.ndarray, threshold: float) -> list[list[str]]:
    """Per row, the topics whose probability reaches `threshold` (the model's topic call)."""
    return [[TOPICS[j] for j in np.flatnonzero(row >= threshold)] for row in topic_probs]


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


def fast_macro_f1(gold: np.ndarray, pred: np.ndarray, k: int = len(STANCES)) -> float:
    """Macro-F1 over k classes from integer labels (vectorised; used by the bootstrap)."""
    confusion = np.bincount(gold * k + pred, minlength=k * k).reshape(k, k)
    tp = np.diag(confusion).astype(float)
    denom = confusion.sum(0) + confusion.sum(1)
    f1 = np.divide(2 * tp, denom, out=np.zeros(k), where=denom > 0)
    return float(f1.mean())


def bootstrap_macro_f1_ci(
    gold: Sequence[int], pred: Sequence[int], n_resamples: int = 1000, seed: int = 0
) -> tuple[float, float]:
    """95% percentile bootstrap interval of macro-F1 (items resampled with replacement)."""
    g, p = np.asarray(gold), np.asarray(pred)
    if len(g) == 0:
        return 0.0, 0.0
    rng = np.random.default_rng(seed)
    scores = [
        fast_macro_f1(g[idx], p[idx]) for idx in rng.integers(0, len(g), (n_resamples, len(g)))
    ]
    lo, hi = np.percentile(scores, [2.5, 97.5])
    return float(lo), float(hi)


def mcnemar_exact(gold: Sequence[int], pred_a: Sequence[int], pred_b: Sequence[int]) -> float:
    """Two-sided exact McNemar p-value: do classifiers a and b err on different items by chance?"""
    from scipy.stats import binomtest

    g, a, b = np.asarray(gold), np.asarray(pred_a), np.asarray(pred_b)
    only_a = int(((a == g) & (b != g)).sum())
    only_b = int(((a != g) & (b == g)).sum())
    if only_a + only_b == 0:
        return 1.0
    return float(binomtest(only_a, only_a + only_b, 0.5).pvalue)


def confusion(gold: Sequence[str], pred: Sequence[str]) -> dict[str, Any]:
    """Confusion matrix with rows = gold, columns = predicted, over the three stances."""
    from sklearn.metrics import confusion_matrix

    labels = list(STANCES)
    return {"labels": labels, "matrix": confusion_matrix(gold, pred, labels=labels).tolist()}
