"""Metrics checked against values computed by hand on small fixtures."""

from __future__ import annotations

import numpy as np
import pytest

from eval.metrics import (
    bootstrap_macro_f1_ci,
    confusion,
    expected_calibration_error,
    fast_macro_f1,
    mcnemar_exact,
    stance_scores,
    topic_scores,
)

GOLD = ["firm", "firm", "firm", "defensive", "defensive", "conciliatory"]
PRED = ["firm", "firm", "defensive", "defensive", "firm", "conciliatory"]


def test_hand_computed_scores():
    s = stance_scores(GOLD, PRED)
    # firm: tp 2, fp 1, fn 1 -> P=R=F1=2/3; defensive: tp 1, fp 1, fn 1 -> 1/2; conciliatory: 1.
    assert s["per_class"]["firm"]["f1"] == pytest.approx(2 / 3)
    assert s["per_class"]["defensive"]["precision"] == pytest.approx(0.5)
    assert s["per_class"]["conciliatory"]["f1"] == 1.0
    assert s["macro_f1"] == pytest.approx((2 / 3 + 1 / 2 + 1) / 3)
    assert s["accuracy"] == pytest.approx(4 / 6)
    assert s["per_class"]["firm"]["support"] == 3
    # kappa: po = 4/6; pe = (3*3 + 2*2 + 1*1) / 36 = 14/36.
    assert s["cohen_kappa"] == pytest.approx((4 / 6 - 14 / 36) / (1 - 14 / 36))


def test_perfect_and_worst_case_classifiers():
    perfect = stance_scores(GOLD, GOLD)
    assert perfect["macro_f1"] == 1.0 and perfect["accuracy"] == 1.0
    assert perfect["cohen_kappa"] == 1.0
    flip = {"firm": "conciliatory", "defensive": "firm", "conciliatory": "defensive"}
    worst = stance_scores(GOLD, [flip[g] for g in GOLD])
    assert worst["macro_f1"] == 0.0 and worst["accuracy"] == 0.0
    assert worst["cohen_kappa"] < 0


def test_confusion_rows_are_gold():
    cm = confusion(GOLD, PRED)
    assert cm["labels"] == ["conciliatory", "defensive", "firm"]
    assert cm["matrix"] == [[1, 0, 0], [0, 1, 1], [0, 1, 2]]


def test_fast_macro_f1_matches_sklearn_path():
    ids = {"conciliatory": 0, "defensive": 1, "firm": 2}
    g = np.array([ids[x] for x in GOLD])
    p = np.array([ids[x] for x in PRED])
    assert fast_macro_f1(g, p) == pytest.approx(stance_scores(GOLD, PRED)["macro_f1"])


def test_bootstrap_interval_contains_point_estimate():
    rng = np.random.default_rng(1)
    gold = rng.integers(0, 3, 400)
    pred = np.where(rng.random(400) < 0.75, gold, rng.integers(0, 3, 400))
    lo, hi = bootstrap_macro_f1_ci(gold, pred, n_resamples=1000)
    point = fast_macro_f1(gold, pred)
    assert lo < point < hi
    assert hi - lo < 0.15


def test_mcnemar_exact():
    gold = [0] * 20
    assert mcnemar_exact(gold, [0] * 20, [0] * 20) == 1.0
    # a right on 10 items where b is wrong, never the reverse: p = 2 * 0.5**10.
    assert mcnemar_exact(gold, [0] * 20, [1] * 10 + [0] * 10) == pytest.approx(2 * 0.5**10)


def test_topic_scores():
    gold = [["trade"], ["taiwan", "military"], []]
    pred = [["trade"], ["taiwan"], ["climate"]]
    s = topic_scores(gold, pred)
    # tp 2, fp 1, fn 1 -> micro P = R = 2/3.
    assert s["micro_f1"] == pytest.approx(2 / 3)


def test_ece_hand_computed():
    probs = np.array([[0.9, 0.05, 0.05], [0.9, 0.05, 0.05], [0.6, 0.3, 0.1], [0.6, 0.3, 0.1]])
    gold = [0, 1, 0, 0]
    ece, bins = expected_calibration_error(probs, gold)
    # bin 0.8-0.9: conf .9, acc .5 ; bin 0.5-0.6: conf .6, acc 1. -> (.4 + .4) / 2
    assert ece == pytest.approx(0.4)
    assert sum(b["count"] for b in bins) == 4
    perfect = np.eye(3)[[0, 1, 2]]
    assert expected_calibration_error(perfect, [0, 1, 2])[0] == pytest.approx(0.0)
