"""K-fold cross-validation of the whole training recipe over train+dev: a variance estimate."""

from __future__ import annotations

import json
import logging
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.model_selection import StratifiedGroupKFold

from training.config import TrainConfig
from training.corpus import validate_quotes

logger = logging.getLogger(__name__)


def _write(path: Path, rows: list[dict[str, Any]]) -> str:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return str(path)


def cross_validate(
    cfg: TrainConfig, k: int = 5, make_classifier: Callable[[], Any] | None = None
) -> dict[str, Any]:
    """Train on k-1 folds, score the held-out fold, k times; mean and std of macro-F1.

    Each training run early-stops on the held-out fold's own dev share (a tenth of the
    training folds), so the scored fold never steers training.

    Args:
        make_classifier: builds each fold's starting model (default: the config's base).
    """
    from training.train import train

    if k < 2:
        raise ValueError(f"k must be >= 2, got {k}")
    rows = validate_quotes(cfg.train_file) + validate_quotes(cfg.dev_file)
    labels = [r["stance"] for r in rows]
    # Quotes of one scenario stay in one fold, as they stay in one split of the corpus.
    groups = [r.get("scenario") or r["id"] for r in rows]
    folds = StratifiedGroupKFold(n_splits=k, shuffle=True, random_state=cfg.seed)
    scores = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, (train_idx, test_idx) in enumerate(folds.split(rows, labels, groups)):
            rng = np.random.default_rng(cfg.seed + i)
            inner = rng.permutation(train_idx)
            n_dev = max(1, len(inner) // 10)
            d = Path(tmp)
            fold_cfg = TrainConfig(
                **{
                    **cfg.__dict__,
                    "train_file": _write(d / "train.jsonl", [rows[j] for j in inner[n_dev:]]),
                    "dev_file": _write(d / "dev.jsonl", [rows[j] for j in inner[:n_dev]]),
                    "test_file": _write(d / "test.jsonl", [rows[j] for j in test_idx]),
                    "output_dir": str(d / f"fold{i}"),
                }
            )
            start = make_classifier() if make_classifier else None
            metrics = json.loads((train(fold_cfg, start) / "metrics.json").read_text())
            scores.append(metrics["test"]["macro_f1"])
            logger.info("fold %d/%d macro-F1 %.4f", i + 1, k, scores[-1])
    return {
        "k": k,
        "macro_f1": scores,
        "mean": float(np.mean(scores)),
        "std": float(np.std(scores, ddof=1)),
    }
