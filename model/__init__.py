"""diplostance: find officials' quotes in news and classify their stance toward the counterpart.

>>> from model import predict
>>> predict("We firmly oppose this and will take resolute countermeasures.").stance
'firm'
"""

from __future__ import annotations

from model.api import load_model, predict
from model.classifier import Prediction, StanceClassifier, UnsafeCheckpointError
from model.labels import STANCES, TOPICS

__all__ = [
    "STANCES",
    "TOPICS",
    "Prediction",
    "StanceClassifier",
    "UnsafeCheckpointError",
    "extract_quotes",
    "load_model",
    "predict",
]
__version__ = "0.1.0"


def __getattr__(name: str):  # type: ignore[no-untyped-def]
    # Extraction is imported lazily so `import model` stays cheap for the CLI.
    if name == "extract_quotes":
        from model.quotes import extract_quotes

        return extract_quotes
    raise AttributeError(name)
