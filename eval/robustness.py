"""Robustness check: the same test quotes, roughened the way wire copy roughens them.

Each quote gets one deterministic perturbation per transform of `training.augment` (editorial
brackets, an ellipsis cut, a mid-sentence start, translated idiom, casing); a robust model keeps
its score and rarely changes its mind. The perturbations keep the quote's stance by design, but
not perfectly: read a small drop as the floor of what the noise itself costs.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from eval.metrics import stance_scores
from model.api import load_model
from model.labels import STANCES
from training.augment import TRANSFORMS
from training.corpus import validate_quotes


def perturb(rows: list[dict[str, Any]], seed: int = 0) -> dict[str, list[dict[str, Any]]]:
    """One perturbed copy of `rows` per transform, keyed by the transform's name."""
    out = {}
    for fn in TRANSFORMS:
        rng = random.Random(f"{seed}:{fn.__name__}")
        out[fn.__name__] = [r | {"text": fn(r["text"], rng) or r["text"]} for r in rows]
    return out


def robustness(
    data: str | Path, *, model: str | Path | None = None, backend: str = "fp32"
) -> dict[str, Any]:
    """Macro-F1 on clean and on each perturbed copy, and how often the prediction flips."""
    from training.scoring import score_rows

    rows = validate_quotes(data)
    clf = load_model(model, backend)
    gold = [r["stance"] for r in rows]
    clean = [STANCES[i] for i in score_rows(clf, rows)[0].argmax(1)]
    result: dict[str, Any] = {
        "n": len(rows),
        "clean_macro_f1": stance_scores(gold, clean)["macro_f1"],
    }
    for name, noisy in perturb(rows).items():
        pred = [STANCES[i] for i in score_rows(clf, noisy)[0].argmax(1)]
        changed = sum(a["text"] != b["text"] for a, b in zip(rows, noisy))
        result[name] = {
            "changed_quotes": changed,
            "macro_f1": stance_scores(gold, pred)["macro_f1"],
            "flip_rate": sum(p != c for p, c in zip(pred, clean)) / max(len(rows), 1),
        }
    return result
