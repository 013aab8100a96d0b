from __future__ import annotations

import json

import numpy as np
import pytest

from tests.conftest import make_tiny, six_rows, tiny_train_config
from training.teacher import read_targets, score_teacher, write_targets
from training.train import train


@pytest.fixture(scope="module")
def teacher(tmp_path_factory, tokenizer):
    return train(tiny_train_config(tmp_path_factory.mktemp("t")), classifier=make_tiny(tokenizer))


def test_stored_targets_are_the_live_scores(tmp_path, teacher):
    rows = six_rows("train")
    path = write_targets(teacher, rows, tmp_path / "targets.jsonl")
    stored, live = read_targets(path, rows[::-1]), score_teacher(teacher, rows[::-1])
    for a, b in zip(stored, live):
        np.testing.assert_allclose(a, b, atol=1e-4)


def test_stale_or_missing_targets_are_refused(tmp_path, teacher):
    rows = six_rows("train")
    path = write_targets(teacher, rows[:-1], tmp_path / "targets.jsonl")
    with pytest.raises(ValueError, match=r"1 missing, e.g. \['train5'\]"):
        read_targets(path, rows)
    edited = [rows[0] | {"text": rows[0]["text"] + " Really."}, *rows[1:-1]]
    with pytest.raises(ValueError, match=r"1 with changed text, e.g. \['train0'\]"):
        read_targets(path, edited)


def test_update_scores_only_new_or_changed_quotes(tmp_path, teacher):
    rows = six_rows("train")
    path = write_targets(teacher, rows[:-1], tmp_path / "targets.jsonl")
    # Mark one kept line: an update must carry it over untouched instead of rescoring it.
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    lines[1]["stance_probs"] = [1.0, 0.0, 0.0]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    edited = [rows[0] | {"text": rows[0]["text"] + " Really."}, *rows[1:]]
    write_targets(teacher, edited, path, update=True)
    stored, _ = read_targets(path, edited)
    live, _ = score_teacher(teacher, edited)
    np.testing.assert_allclose(stored[1], [1.0, 0.0, 0.0])
    np.testing.assert_allclose(stored[[0, -1]], live[[0, -1]], atol=1e-4)
    assert len(path.read_text().splitlines()) == len(edited)
