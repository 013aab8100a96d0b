from __future__ import annotations

import numpy as np
import pytest

from tests.conftest import make_tiny
from tests.test_train import _rows, _tiny_config
from training.teacher import read_targets, score_teacher, write_targets
from training.train import train


@pytest.fixture(scope="module")
def teacher(tmp_path_factory, tokenizer):
    return train(_tiny_config(tmp_path_factory.mktemp("t")), classifier=make_tiny(tokenizer))


def test_stored_targets_are_the_live_scores(tmp_path, teacher):
    rows = _rows("train")
    path = write_targets(teacher, rows, tmp_path / "targets.jsonl")
    stored, live = read_targets(path, rows[::-1]), score_teacher(teacher, rows[::-1])
    for a, b in zip(stored, live):
        np.testing.assert_allclose(a, b, atol=1e-4)


def test_stale_or_missing_targets_are_refused(tmp_path, teacher):
    rows = _rows("train")
    path = write_targets(teacher, rows[:-1], tmp_path / "targets.jsonl")
    with pytest.raises(ValueError, match=r"1 missing, e.g. \['train5'\]"):
        read_targets(path, rows)
    edited = [rows[0] | {"text": rows[0]["text"] + " Really."}, *rows[1:-1]]
    with pytest.raises(ValueError, match=r"1 with changed text, e.g. \['train0'\]"):
        read_targets(path, edited)
