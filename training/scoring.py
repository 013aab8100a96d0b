"""Score corpus rows with a classifier: probabilities, the harness's metrics, held-out ECE."""

from __future__ import annotations

from typing import Any

import numpy as np
import torch

from eval.metrics import expected_calibration_error, stance_scores, topic_scores, topics_above
from model.classifier import StanceClassifier
from model.labels import STANCE2ID, STANCES


def row_inputs(rows: list[dict[str, Any]]) -> tuple[list[str], list[Any], list[Any]]:
    return (
        [r["text"] for r in rows],
        [r.get("context") for r in rows],
        [r.get("speaker") for r in rows],
    )


def score_rows(clf: StanceClassifier, rows: list[dict[str, Any]]) -> tuple[np.ndarray, np.ndarray]:
    """Stance probabilities (n, 3) and topic probabilities (n, 13) for corpus rows."""
    texts, contexts, speakers = row_inputs(rows)
    clf.net.eval()
    probs, topic_probs, _ = clf.predict_proba(texts, contexts=contexts, speakers=speakers)
    return probs.numpy(), topic_probs.numpy()


def evaluate(
    clf: StanceClassifier,
    rows: list[dict[str, Any]],
    scores: tuple[np.ndarray, np.ndarray] | None = None,
) -> dict[str, Any]:
    """Stance scores, topic micro/macro F1 and ECE of a classifier on corpus rows.

    Args:
        scores: `score_rows(clf, rows)` when the caller already has it.
    """
    probs, topic_probs = scores if scores is not None else score_rows(clf, rows)
    gold = [r["stance"] for r in rows]
    out = stance_scores(gold, [STANCES[i] for i in probs.argmax(1)])
    out["ece"], _ = expected_calibration_error(probs, [STANCE2ID[g] for g in gold])
    pred_topics = topics_above(topic_probs, clf.settings.topic_threshold)
    out["topics"] = topic_scores([r.get("topics") or [] for r in rows], pred_topics)
    return out


def held_out_metrics(clf: StanceClassifier, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """`evaluate` plus the ECE the model had before its temperature was fitted."""
    probs, topic_probs = score_rows(clf, rows)
    # Scaling the calibrated log-probabilities by T undoes the temperature (softmax ignores the
    # constant it leaves), so the test split is scored once, not once per temperature.
    raw = torch.softmax(
        torch.log(torch.from_numpy(probs).clamp_min(1e-30)) * clf.settings.temperature, -1
    )
    gold = [STANCE2ID[r["stance"]] for r in rows]
    before, _ = expected_calibration_error(raw.numpy(), gold)
    return evaluate(clf, rows, (probs, topic_probs)) | {"ece_before_calibration": before}
