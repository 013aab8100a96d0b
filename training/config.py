"""Training configuration: a validated dataclass, read from and written to YAML."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

from model.classifier import INPUT_FORMATS
from model.encoder import MINILM

SELECT_ON = ("stance", "stance+topics")
PRECISIONS = ("float32", "bfloat16")


@dataclass
class TrainConfig:
    """Everything a training run depends on; `train()` records it beside the model."""

    base_model: str = MINILM
    train_file: str = "data/quotes/train.jsonl"
    dev_file: str = "data/quotes/dev.jsonl"
    test_file: str | None = "data/quotes/test.jsonl"
    # More labelled quotes for training only, e.g. the quotes of the dev gold articles.
    extra_train_files: list[str] = field(default_factory=list)
    output_dir: str = "runs/minilm"
    input_format: str = "quote"
    max_length: int = 160
    epochs: int = 8
    batch_size: int = 16
    lr: float = 8e-5
    head_lr: float = 2e-3
    weight_decay: float = 0.01
    warmup_ratio: float = 0.06
    patience: int = 2
    # What early stopping maximises on dev: stance macro-F1 alone, or its mean with topic micro-F1.
    select_on: str = "stance"
    seed: int = 13
    class_weighting: bool = True
    topic_loss_weight: float = 0.5
    # Weight of a present topic against an absent one in the topic loss: each quote has 0-3 of
    # 13 topics, so without it the head learns the many absences first and recalls topics late.
    topic_pos_weight: float = 1.0
    label_smoothing: float = 0.05
    freeze_embeddings: bool = True
    augment_prob: float = 0.35
    context_dropout: float = 0.3
    save_dtype: str = "float16"
    # Matmul precision of the training forward/backward pass (weights and optimizer stay fp32).
    # bfloat16 autocast cut a step 1.4x (MiniLM) to 1.9x (mpnet) on a CPU with AVX512-BF16
    # (benchmarks/bench_train_step.py); where bf16 is emulated it is slower. Scoring (dev, test,
    # the shipped model) is always fp32.
    precision: str = "float32"
    max_train_examples: int | None = None
    threads: int | None = None
    # Knowledge distillation: a trained model folder whose soft predictions on the training
    # quotes are mixed into the stance targets with weight `distill_weight` and into the topic
    # targets with `distill_topic_weight` (0: a teacher with a weak topic head teaches stance only).
    teacher: str | None = None
    distill_weight: float = 0.5
    distill_topic_weight: float = 0.0
    distill_temperature: float = 2.0

    def __post_init__(self) -> None:
        checks = [
            (self.input_format in INPUT_FORMATS, f"input_format must be one of {INPUT_FORMATS}"),
            (8 <= self.max_length <= 512, "max_length must be in [8, 512]"),
            (self.epochs >= 1, "epochs must be >= 1"),
            (self.batch_size >= 1, "batch_size must be >= 1"),
            (0 < self.lr < 1 and 0 < self.head_lr < 1, "learning rates must be in (0, 1)"),
            (0 <= self.warmup_ratio < 1, "warmup_ratio must be in [0, 1)"),
            (self.patience >= 1, "patience must be >= 1"),
            (self.select_on in SELECT_ON, f"select_on must be one of {SELECT_ON}"),
            (0 <= self.augment_prob <= 1, "augment_prob must be in [0, 1]"),
            (0 <= self.context_dropout <= 1, "context_dropout must be in [0, 1]"),
            (0 <= self.label_smoothing < 1, "label_smoothing must be in [0, 1)"),
            (self.topic_loss_weight >= 0, "topic_loss_weight must be >= 0"),
            (self.topic_pos_weight > 0, "topic_pos_weight must be > 0"),
            (self.save_dtype in ("float16", "float32"), "save_dtype must be float16 or float32"),
            (self.precision in PRECISIONS, f"precision must be one of {PRECISIONS}"),
            (0 <= self.distill_weight <= 1, "distill_weight must be in [0, 1]"),
            (0 <= self.distill_topic_weight <= 1, "distill_topic_weight must be in [0, 1]"),
            (self.distill_temperature > 0, "distill_temperature must be > 0"),
        ]
        for ok, message in checks:
            if not ok:
                raise ValueError(f"invalid training config: {message}")

    @classmethod
    def from_yaml(cls, path: str | Path, **overrides: Any) -> TrainConfig:
        """Read a YAML config; unknown keys are an error, not silently ignored."""
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        raw.update({k: v for k, v in overrides.items() if v is not None})
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(raw) - known)
        if unknown:
            raise ValueError(f"unknown training config key(s) {unknown} in {path}")
        return cls(**raw)

    def to_yaml(self, path: str | Path) -> None:
        Path(path).write_text(yaml.safe_dump(asdict(self), sort_keys=False), encoding="utf-8")
