"""Score an annotated quote file: metrics, confidence intervals, groups, baselines, report."""

from __future__ import annotations

import json
import logging
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

from eval.metrics import (
    bootstrap_macro_f1_ci,
    confusion,
    expected_calibration_error,
    mcnemar_exact,
    stance_scores,
    topic_scores,
    topics_above,
)
from model.api import load_model
from model.labels import STANCE2ID, STANCES
from training.corpus import QUOTES_DIR, validate_quotes

logger = logging.getLogger(__name__)

DEFAULT_TRAIN = QUOTES_DIR / "train.jsonl"
N_ERRORS = 20


def group_scores(rows: list[dict[str, Any]], pred: list[str]) -> dict[str, dict[str, Any]]:
    """Accuracy and macro-F1 by speaker_country, by topic and by `hard`, where present."""
    keys: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for i, r in enumerate(rows):
        if r.get("speaker_country"):
            keys["speaker_country"][str(r["speaker_country"])].append(i)
        for t in r.get("topics") or []:
            keys["topic"][t].append(i)
        if "hard" in r:
            keys["hard"][str(bool(r["hard"])).lower()].append(i)
    out: dict[str, dict[str, Any]] = {}
    for field, groups in keys.items():
        out[field] = {}
        for value, idx in sorted(groups.items(), key=lambda kv: -len(kv[1])):
            s = stance_scores([rows[i]["stance"] for i in idx], [pred[i] for i in idx])
            out[field][value] = {"n": s["n"], "accuracy": s["accuracy"], "macro_f1": s["macro_f1"]}
    return out


def confident_errors(rows: list[dict], probs: np.ndarray, n: int = N_ERRORS) -> list[dict]:
    """The n wrong predictions the model was most sure of: where to look first."""
    pred = probs.argmax(1)
    wrong = [i for i, r in enumerate(rows) if STANCES[pred[i]] != r["stance"]]
    wrong.sort(key=lambda i: -probs[i].max())
    return [
        {
            "id": rows[i].get("id"),
            "text": rows[i]["text"],
            "gold": rows[i]["stance"],
            "predicted": STANCES[pred[i]],
            "confidence": round(float(probs[i].max()), 4),
        }
        for i in wrong[:n]
    ]


def baseline_scores(
    rows: list[dict], model_pred: list[str], train_rows: list[dict], names: list[str] | None
) -> dict[str, dict[str, float]]:
    """Each baseline's macro-F1 and accuracy, and McNemar's exact p against the model."""
    from eval.baselines import build_baselines

    gold = [STANCE2ID[r["stance"]] for r in rows]
    model_ids = [STANCE2ID[p] for p in model_pred]
    out = {}
    for name, baseline in build_baselines(train_rows, names).items():
        pred = baseline([r["text"] for r in rows])
        s = stance_scores([r["stance"] for r in rows], pred)
        p = mcnemar_exact(gold, model_ids, [STANCE2ID[x] for x in pred])
        out[name] = {"macro_f1": s["macro_f1"], "accuracy": s["accuracy"], "mcnemar_p": p}
    return out


def evaluate_file(
    data: str | Path,
    *,
    model: str | Path | None = None,
    train: str | Path | None = DEFAULT_TRAIN,
    out: str | Path | None = None,
    baselines: list[str] | None = None,
    n_resamples: int = 1000,
    backend: str = "fp32",
) -> dict[str, Any]:
    """Evaluate the model (default: the shipped one) on an annotated JSONL file.

    Args:
        backend: inference backend (fp32: the weights as trained; int8 or auto: see model.fast).
        train: training file for the trained baselines; None skips baselines.
        out: folder for metrics.json, report.md and report.html; None writes nothing.
        baselines: names to run (default all: majority, tfidf_logreg, lexicon, zero_shot).
    """
    from training.scoring import score_rows

    start = time.time()
    rows = validate_quotes(data)
    clf = load_model(model, backend)
    probs, topic_probs = score_rows(clf, rows)
    gold = [r["stance"] for r in rows]
    pred = [STANCES[i] for i in probs.argmax(1)]
    gold_ids = [STANCE2ID[g] for g in gold]
    metrics: dict[str, Any] = {"data": str(data), "model": clf.settings.version}
    metrics["backend"] = clf.backend
    metrics |= stance_scores(gold, pred)
    metrics["macro_f1_ci"] = list(
        bootstrap_macro_f1_ci(gold_ids, probs.argmax(1), n_resamples=n_resamples)
    )
    metrics["confusion_matrix"] = confusion(gold, pred)
    metrics["ece"], metrics["reliability"] = expected_calibration_error(probs, gold_ids)
    if any("topics" in r for r in rows):
        pred_topics = topics_above(topic_probs, clf.settings.topic_threshold)
        metrics["topics"] = topic_scores([r.get("topics") or [] for r in rows], pred_topics)
    metrics["groups"] = group_scores(rows, pred)
    metrics["baselines"] = (
        baseline_scores(rows, pred, validate_quotes(train), baselines) if train else {}
    )
    metrics["errors"] = confident_errors(rows, probs)
    metrics["seconds"] = round(time.time() - start, 1)
    if out is not None:
        from eval.report import write_report

        Path(out).mkdir(parents=True, exist_ok=True)
        (Path(out) / "metrics.json").write_text(json.dumps(metrics, indent=2), encoding="utf-8")
        write_report(metrics, Path(out))
    return metrics
