"""Teacher targets for knowledge distillation, scored live or read from a file written once.

A large teacher (all-mpnet-base-v2, about 100 CPU-minutes to train) would make every student run
pay for scoring the training quotes again; its soft predictions are therefore written once to a
JSON Lines file that the student's config names instead of the teacher's folder:

    python -m training.teacher runs/mpnet --config training/configs/default.yaml \\
        --out training/targets/mpnet.jsonl

Each line holds a quote's `id`, a hash of its text (so a stale file is caught, not used), and the
teacher's calibrated stance and topic probabilities.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
from pathlib import Path
from typing import Any

import numpy as np
import torch

from model.classifier import StanceClassifier
from training.config import TrainConfig
from training.corpus import read_jsonl, validate_quotes
from training.scoring import score_rows

logger = logging.getLogger(__name__)
Soft = tuple[torch.Tensor, torch.Tensor]


def text_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def load_train_rows(cfg: TrainConfig) -> list[dict[str, Any]]:
    """The training quotes of a config: `train_file` (capped) plus `extra_train_files`."""
    rows = validate_quotes(cfg.train_file)[: cfg.max_train_examples]
    for extra in cfg.extra_train_files:
        rows += validate_quotes(extra)
    return rows


def score_teacher(teacher_dir: str | Path, rows: list[dict[str, Any]]) -> tuple[np.ndarray, ...]:
    """A trained model's stance (n, 3) and topic (n, 13) probabilities on corpus rows."""
    return score_rows(StanceClassifier.from_pretrained(teacher_dir), rows)


def _target_line(row: dict[str, Any], stance_probs: Any, topic_probs: Any) -> dict[str, Any]:
    return {
        "id": row["id"],
        "text_sha1": text_hash(row["text"]),
        "stance_probs": [round(float(p), 5) for p in stance_probs],
        "topic_probs": [round(float(p), 5) for p in topic_probs],
    }


def write_targets(
    teacher_dir: str | Path, rows: list[dict[str, Any]], out: str | Path, update: bool = False
) -> Path:
    """Score `rows` with the teacher once and write its targets as JSON Lines.

    Args:
        update: keep the targets already in `out` whose quote is unchanged and score only the
            new or changed quotes (the teacher is deterministic, so the kept lines are what a
            full rescore would write, to rounding). Only for the teacher that wrote `out`: the
            file does not record its teacher, so a different one would be mixed in silently.
    """
    path = Path(out)
    kept: dict[str, dict[str, Any]] = {}
    if update and path.exists():
        kept = {t["id"]: t for t in read_jsonl(path)}
    todo = [r for r in rows if kept.get(r["id"], {}).get("text_sha1") != text_hash(r["text"])]
    logger.info("scoring %d of %d quotes with the teacher", len(todo), len(rows))
    if todo:
        probs, topic_probs = score_teacher(teacher_dir, todo)
        kept.update(
            {r["id"]: _target_line(r, sp, tp) for r, sp, tp in zip(todo, probs, topic_probs)}
        )
    lines = [json.dumps(kept[r["id"]]) for r in rows]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def read_targets(path: str | Path, rows: list[dict[str, Any]]) -> tuple[np.ndarray, np.ndarray]:
    """The stored targets of `rows`, in row order; raises if any is missing or stale."""
    stored = {record["id"]: record for record in read_jsonl(path)}
    missing = [r["id"] for r in rows if r["id"] not in stored]
    stale = [
        r["id"]
        for r in rows
        if r["id"] in stored and stored[r["id"]]["text_sha1"] != text_hash(r["text"])
    ]
    if missing or stale:
        raise ValueError(
            f"teacher targets {path} do not match the training quotes "
            f"({len(missing)} missing, e.g. {missing[:3]}; {len(stale)} with changed text, "
            f"e.g. {stale[:3]}); rewrite them with `python -m training.teacher`"
        )
    probs = np.array([stored[r["id"]]["stance_probs"] for r in rows], dtype=np.float32)
    topic_probs = np.array([stored[r["id"]]["topic_probs"] for r in rows], dtype=np.float32)
    return probs, topic_probs


def teacher_targets(cfg: TrainConfig, rows: list[dict[str, Any]]) -> Soft | None:
    """The teacher's softened stance distribution and topic probabilities on `rows`.

    `cfg.teacher` is a model folder (scored now) or a `.jsonl` file written by `write_targets`.
    """
    if not cfg.teacher:
        return None
    logger.info("distilling from %s (weight %.2f)", cfg.teacher, cfg.distill_weight)
    if cfg.teacher.endswith(".jsonl"):
        probs, topic_probs = read_targets(cfg.teacher, rows)
    else:
        probs, topic_probs = score_teacher(cfg.teacher, rows)
    logp = torch.log(torch.from_numpy(probs).clamp_min(1e-12))
    return torch.softmax(logp / cfg.distill_temperature, -1), torch.from_numpy(topic_probs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("teacher", help="the trained teacher's model folder")
    parser.add_argument("--config", required=True, help="the student's training config (YAML)")
    parser.add_argument("--out", required=True, help="where to write the targets (.jsonl)")
    parser.add_argument(
        "--update",
        action="store_true",
        help="keep the unchanged quotes' targets already in --out (written by this same teacher); "
        "score only new or changed ones",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    rows = load_train_rows(TrainConfig.from_yaml(args.config))
    path = write_targets(args.teacher, rows, args.out, update=args.update)
    logger.info("wrote %d teacher targets to %s", len(rows), path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
