"""The module-level `predict()`: classify quotes with the shipped default model."""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, overload

from model.classifier import Prediction, StanceClassifier

DEFAULT_MODEL_DIR = Path(__file__).parent / "pretrained" / "diplostance-minilm"
MODEL_ENV = "DIPLOSTANCE_MODEL"

_lock = threading.Lock()
_cache: dict[tuple[Path, str], StanceClassifier] = {}


class NoTrainedModelError(FileNotFoundError):
    """No fine-tuned model is available; we never classify with untrained weights."""


def default_model_path() -> Path:
    """The model `predict()` uses: $DIPLOSTANCE_MODEL if set, else the shipped one."""
    return Path(os.environ.get(MODEL_ENV, DEFAULT_MODEL_DIR))


def load_model(path: str | Path | None = None, backend: str = "auto") -> StanceClassifier:
    """Load (once per process) the classifier at `path`, by default the shipped model.

    Args:
        backend: "auto" (int8 where measured faster and about as accurate, see `model.fast`),
            "fp32" or "int8".
    """
    resolved = Path(path) if path is not None else default_model_path()
    resolved = resolved.resolve()
    key = (resolved, backend)
    with _lock:
        if key not in _cache:
            if not (resolved / "config.json").is_file():
                raise NoTrainedModelError(
                    f"no trained model at {resolved}: train one with `diplostance train` "
                    f"or point {MODEL_ENV} at a model folder"
                )
            _cache[key] = StanceClassifier.from_pretrained(resolved, backend=backend)
        return _cache[key]


@overload
def predict(texts: str, **kwargs: Any) -> Prediction: ...
@overload
def predict(texts: Sequence[str], **kwargs: Any) -> list[Prediction]: ...


def predict(
    texts: str | Sequence[str],
    *,
    model: str | Path | None = None,
    backend: str = "auto",
    **kwargs: Any,
) -> Prediction | list[Prediction]:
    """Classify one quote or a list of quotes with the default (or given) model.

    Args:
        model: a model folder; default the shipped model (or $DIPLOSTANCE_MODEL).
        backend: "auto", "fp32" or "int8" (see `load_model`).
        kwargs: passed to `StanceClassifier.predict` (contexts, speakers, batch_size).
    """
    return load_model(model, backend).predict(texts, **kwargs)
