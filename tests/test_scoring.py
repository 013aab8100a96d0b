"""Scoring corpus rows: the held-out ECE before calibration is recovered from one pass."""

from __future__ import annotations

import pytest

from tests.conftest import make_tiny, six_rows
from training.scoring import evaluate, held_out_metrics


def test_ece_before_calibration_is_the_ece_at_temperature_one(tokenizer):
    clf, rows = make_tiny(tokenizer), six_rows("t")
    clf.settings.temperature = 3.0
    scored = held_out_metrics(clf, rows)
    clf.settings.temperature = 1.0
    assert scored["ece_before_calibration"] == pytest.approx(evaluate(clf, rows)["ece"], abs=1e-6)
    assert scored["ece"] != pytest.approx(scored["ece_before_calibration"], abs=1e-6)
