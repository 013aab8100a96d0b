from __future__ import annotations

import json

import pytest

from model.classifier import StanceClassifier
from model.labels import STANCES
from tests.conftest import SIX, make_tiny, six_rows, tiny_train_config, write_jsonl
from training.calibrate import fit_temperature
from training.config import TrainConfig
from training.teacher import write_targets
from training.train import train


@pytest.mark.parametrize("precision", ["float32", "bfloat16"])
def test_train_pipeline_end_to_end_on_a_tiny_model(tmp_path, tokenizer, precision):
    cfg = tiny_train_config(tmp_path, precision=precision)
    out = train(cfg, classifier=make_tiny(tokenizer))
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["dev"]["macro_f1"] == 1.0
    assert metrics["test"]["n"] == 6 and metrics["temperature"] > 0
    assert "ece_before_calibration" in metrics["test"]
    assert (out / "training_config.yaml").is_file()
    assert "sha256" in (out / "README.md").read_text()
    reloaded = StanceClassifier.from_pretrained(out)
    assert [p.stance for p in reloaded.predict([t for t, _, _ in SIX])] == [s for _, s, _ in SIX]


@pytest.mark.parametrize("stored", [False, True], ids=["teacher folder", "targets file"])
def test_distillation_follows_the_teacher_not_the_gold_labels(tmp_path, tokenizer, stored):
    teacher = train(tiny_train_config(tmp_path / "t"), classifier=make_tiny(tokenizer))
    # Student training labels are all wrong (rotated); with distill_weight 1 only the teacher's
    # soft targets count, so the student must side with the teacher, not with its labels.
    rotated = [r | {"stance": STANCES[(STANCES.index(r["stance"]) + 1) % 3]} for r in six_rows("x")]
    source = write_targets(teacher, rotated, tmp_path / "t.jsonl") if stored else teacher
    cfg = tiny_train_config(
        tmp_path / "s", teacher=str(source), distill_weight=1.0, distill_temperature=1.0
    )
    write_jsonl(tmp_path / "s" / "train.jsonl", rotated)
    student = StanceClassifier.from_pretrained(train(cfg, classifier=make_tiny(tokenizer)))
    texts = [t for t, _, _ in SIX]
    taught = [p.stance for p in StanceClassifier.from_pretrained(teacher).predict(texts)]
    learned = [p.stance for p in student.predict(texts)]
    assert learned == taught
    assert sum(a == r["stance"] for a, r in zip(learned, rotated)) <= 1


def test_config_validates_and_rejects_unknown_yaml_keys(tmp_path):
    with pytest.raises(ValueError, match="max_length"):
        TrainConfig(max_length=4)
    with pytest.raises(ValueError, match="input_format"):
        TrainConfig(input_format="tweet")
    with pytest.raises(ValueError, match="select_on"):
        TrainConfig(select_on="loss")
    with pytest.raises(ValueError, match="topic_pos_weight"):
        TrainConfig(topic_pos_weight=0)
    with pytest.raises(ValueError, match="distill_topic_weight"):
        TrainConfig(distill_topic_weight=1.5)
    with pytest.raises(ValueError, match="precision"):
        TrainConfig(precision="float8")
    (tmp_path / "c.yaml").write_text("epochs: 2\nlearning_rate: 0.1\n")
    with pytest.raises(ValueError, match="learning_rate"):
        TrainConfig.from_yaml(tmp_path / "c.yaml")
    (tmp_path / "ok.yaml").write_text("epochs: 2\n")
    assert TrainConfig.from_yaml(tmp_path / "ok.yaml", seed=5).seed == 5


def test_default_config_file_is_valid():
    assert TrainConfig.from_yaml("training/configs/default.yaml").epochs >= 1


def test_temperature_recovers_overconfidence():
    import numpy as np

    rng = np.random.default_rng(0)
    gold = rng.integers(0, len(STANCES), 2000)
    logits = rng.normal(size=(2000, 3))
    logits[np.arange(2000), gold] += 1.0
    # Scaled up 3x, the logits are overconfident: the fitted temperature undoes it.
    assert fit_temperature(logits * 3, gold) == pytest.approx(3.0, rel=0.15)


def test_same_seed_reproduces_the_run(tmp_path, tokenizer):
    for split in ("train", "dev"):
        write_jsonl(tmp_path / f"{split}.jsonl", six_rows(split))
    results = []
    for run in ("a", "b"):
        cfg = TrainConfig(
            train_file=str(tmp_path / "train.jsonl"),
            dev_file=str(tmp_path / "dev.jsonl"),
            test_file=None,
            output_dir=str(tmp_path / run),
            epochs=3,
            batch_size=3,
            augment_prob=0.5,
            save_dtype="float32",
            seed=7,
        )
        out = train(cfg, classifier=make_tiny(tokenizer))
        results.append(json.loads((out / "metrics.json").read_text())["history"])
    assert results[0] == results[1]


def test_cross_validation_trains_and_scores_every_fold(tmp_path, tokenizer):
    from eval.cv import cross_validate

    rows = [
        {
            "id": f"{i}-{j}",
            "text": f"{t} ({j})",
            "stance": s,
            "topics": topics,
            "scenario": f"s{i}{j}",
        }
        for j in range(3)
        for i, (t, s, topics) in enumerate(SIX)
    ]
    write_jsonl(tmp_path / "train.jsonl", rows[:12])
    write_jsonl(tmp_path / "dev.jsonl", rows[12:])
    cfg = TrainConfig(
        train_file=str(tmp_path / "train.jsonl"),
        dev_file=str(tmp_path / "dev.jsonl"),
        epochs=2,
        batch_size=6,
        save_dtype="float32",
    )
    result = cross_validate(cfg, k=3, make_classifier=lambda: make_tiny(tokenizer))
    assert result["k"] == 3 and len(result["macro_f1"]) == 3
    assert all(0 <= f <= 1 for f in result["macro_f1"]) and result["std"] >= 0
