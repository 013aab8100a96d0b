"""The README model card written beside every trained model."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from model.labels import STANCES
from training.config import TrainConfig


def data_sha256(paths: list[str | None]) -> str:
    """One digest over the training, dev and test files, in that order."""
    digest = hashlib.sha256()
    for p in paths:
        if p:
            digest.update(Path(p).read_bytes())
    return digest.hexdigest()


def _scores_table(metrics: dict[str, Any]) -> str:
    rows = [
        "| split | n | macro-F1 | accuracy | "
        + " | ".join(f"F1 {s}" for s in STANCES)
        + " | topic micro-F1 | ECE |",
        "|" + " --- |" * (6 + len(STANCES)),
    ]
    for split in ("dev", "test"):
        m = metrics.get(split)
        if not m:
            continue
        per = " | ".join(f"{m['per_class'][s]['f1']:.3f}" for s in STANCES)
        rows.append(
            f"| {split} | {m['n']} | {m['macro_f1']:.3f} | {m['accuracy']:.3f} | {per} | "
            f"{m['topics']['micro_f1']:.3f} | {m['ece']:.3f} |"
        )
    return "\n".join(rows)


def _distillation(cfg: TrainConfig) -> str:
    if not cfg.teacher:
        return "none (gold labels only)."
    return (
        f"stance targets mix the gold label with the soft predictions of `{cfg.teacher}` "
        f"(weight {cfg.distill_weight}, temperature {cfg.distill_temperature}); topic targets "
        f"take the teacher's probabilities at weight {cfg.distill_topic_weight}."
    )


def write_card(out: Path, cfg: TrainConfig, metrics: dict[str, Any]) -> None:
    """Write README.md: what the model is, how it was trained, and how well it does."""
    test = metrics.get("test", {})
    ece_line = (
        f"Test ECE {test['ece_before_calibration']:.3f} before and {test['ece']:.3f} after "
        f"temperature scaling (T = {metrics['temperature']:.3f}, fitted on dev).\n"
        if test
        else ""
    )
    card = f"""# diplostance stance classifier ({out.name})

Classifies a quoted statement by an official as **conciliatory**, **defensive** or **firm** toward
the counterpart (definitions: `shared/LABELS.md`), and tags its topics (13-way multi-label).

- Base encoder: `{cfg.base_model}`, fine-tuned with a 3-way stance head and a 13-way topic head
  on mean-pooled token states. Word, position and type embeddings
  {
        "frozen (taken from the installed base package at load time)"
        if cfg.freeze_embeddings
        else "fine-tuned"
    }; the transformer layers and heads are stored in `model.safetensors`
  as {cfg.save_dtype}.
- Input: {
        "the quote alone"
        if cfg.input_format == "quote"
        else "the quote plus speaker and reporting context"
    };
  max length {cfg.max_length} tokens.
- Distillation: {_distillation(cfg)}
- Training data: the diplostance corpus (`data/quotes/`, written for this project),
  sha256 `{metrics["data_sha256"]}`.
- Training time: {metrics["train_seconds"]:.0f} s on {metrics["hardware"]}; seed {cfg.seed};
  full configuration in `training_config.yaml`, epoch history in `metrics.json`.

## Scores

{_scores_table(metrics)}

{ece_line}Topic threshold {metrics["topic_threshold"]:.2f} (chosen on dev for micro-F1).

## Limits

Trained on English quotes written for this project in the register of real diplomacy; scores on
real wire copy may be lower. The label is the statement's act toward the counterpart, not the
sentiment of the news.
"""
    (out / "README.md").write_text(card, encoding="utf-8")
