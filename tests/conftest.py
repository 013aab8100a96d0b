"""Shared fixtures: a tiny in-process BERT classifier (no download, seconds on CPU)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch
from transformers import AutoTokenizer, BertConfig

from model.classifier import StanceClassifier
from model.encoder import base_model_path
from training.config import TrainConfig

# Six quotes, two per stance, that a tiny model can overfit: the shared toy corpus of the tests.
SIX = [
    (
        "We are ready to deepen cooperation and expand exchanges.",
        "conciliatory",
        ["bilateral_relations"],
    ),
    ("We look forward to welcoming more students next year.", "conciliatory", ["people_to_people"]),
    ("Our export controls are narrowly targeted and lawful.", "defensive", ["export_controls"]),
    ("We have never sought to decouple from anyone.", "defensive", ["de_risking"]),
    ("Those who play with fire will get burned.", "firm", ["taiwan"]),
    ("We will take resolute countermeasures against these tariffs.", "firm", ["trade"]),
]


@pytest.fixture(scope="session")
def tokenizer():
    return AutoTokenizer.from_pretrained(base_model_path(), local_files_only=True)


def make_tiny(tokenizer, **settings) -> StanceClassifier:
    torch.manual_seed(0)
    config = BertConfig(
        vocab_size=tokenizer.vocab_size,
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=128,
    )
    settings.setdefault("max_length", 64)
    return StanceClassifier.from_config(config, tokenizer, **settings)


@pytest.fixture
def tiny(tokenizer) -> StanceClassifier:
    return make_tiny(tokenizer)


def write_jsonl(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def six_rows(prefix: str) -> list[dict]:
    """SIX as corpus rows with ids `{prefix}0`..`{prefix}5`."""
    return [
        {"id": f"{prefix}{i}", "text": t, "stance": s, "topics": topics, "context": None}
        for i, (t, s, topics) in enumerate(SIX)
    ]


def tiny_train_config(tmp_path: Path, **overrides) -> TrainConfig:
    """A config that overfits SIX with the tiny model in seconds (train/dev/test written here)."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    for split in ("train", "dev", "test"):
        write_jsonl(tmp_path / f"{split}.jsonl", six_rows(split))
    settings = dict(
        train_file=str(tmp_path / "train.jsonl"),
        dev_file=str(tmp_path / "dev.jsonl"),
        test_file=str(tmp_path / "test.jsonl"),
        output_dir=str(tmp_path / "model"),
        epochs=25,
        batch_size=6,
        lr=3e-3,
        head_lr=3e-3,
        warmup_ratio=0.0,
        patience=25,
        augment_prob=0.0,
        label_smoothing=0.0,
        freeze_embeddings=False,
        save_dtype="float32",
    )
    return TrainConfig(**(settings | overrides))
