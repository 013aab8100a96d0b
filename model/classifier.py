"""The stance-and-topic classifier: a sentence encoder with two heads, loaded and saved HF-style."""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, overload

import torch
from safetensors.torch import load_file, save_file
from torch import nn
from transformers import AutoConfig, AutoModel, AutoTokenizer, PretrainedConfig

from model.encoder import MINILM, base_model_path
from model.labels import STANCES, TOPICS

logger = logging.getLogger(__name__)

WEIGHTS_NAME = "model.safetensors"
# Formats that can execute code when loaded: refused outright, never "tried".
PICKLE_SUFFIXES = (".bin", ".pt", ".pth", ".pkl", ".pickle", ".ckpt")
INPUT_FORMATS = ("quote", "quote+context")


class UnsafeCheckpointError(ValueError):
    """A model folder offers only pickle-based weights, which we never load."""


@dataclass(frozen=True)
class Prediction:
    """One classified quote.

    `stance` is None only for empty or whitespace-only input, which is not classified
    (`error` says so). `truncated` is True when the input exceeded the model's max length.
    """

    text: str
    stance: str | None
    confidence: float
    probabilities: dict[str, float]
    topics: list[tuple[str, float]] = field(default_factory=list)
    truncated: bool = False
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ClassifierSettings:
    """Inference settings stored in the HF config under `diplostance`."""

    base_model: str | None = MINILM
    input_format: str = "quote"
    max_length: int = 128
    temperature: float = 1.0
    topic_threshold: float = 0.5
    version: str = "untrained"

    def __post_init__(self) -> None:
        if self.input_format not in INPUT_FORMATS:
            raise ValueError(
                f"input_format must be one of {INPUT_FORMATS}, got {self.input_format!r}"
            )
        if not 8 <= self.max_length <= 512:
            raise ValueError(f"max_length must be in [8, 512], got {self.max_length}")
        if self.temperature <= 0:
            raise ValueError(f"temperature must be positive, got {self.temperature}")


class StanceNet(nn.Module):
    """Encoder + mean pooling + a 3-way stance head and a 13-way multi-label topic head."""

    def __init__(self, config: PretrainedConfig) -> None:
        super().__init__()
        self.encoder = AutoModel.from_config(config)
        self.dropout = nn.Dropout(getattr(config, "hidden_dropout_prob", 0.1))
        self.stance_head = nn.Linear(config.hidden_size, len(STANCES))
        self.topic_head = nn.Linear(config.hidden_size, len(TOPICS))

    def forward(
        self,
        input_ids: torch.Tensor,
        attention_mask: torch.Tensor,
        token_type_ids: torch.Tensor | None = None,
    ) -> tuple[torch.Tensor, torch.Tensor]:
        kwargs = {"token_type_ids": token_type_ids} if token_type_ids is not None else {}
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask, **kwargs)[0]
        # Mean pooling, as the sentence encoder was pretrained with it.
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
        pooled = self.dropout(pooled)
        return self.stance_head(pooled), self.topic_head(pooled)


def _check_texts(texts: Sequence[Any]) -> list[str]:
    for i, t in enumerate(texts):
        if not isinstance(t, str):
            raise TypeError(f"item {i} is {type(t).__name__}, expected str")
    return list(texts)


def second_segment(quote: str, context: str | None, speaker: str | None) -> str:
    """Build the optional second input segment: who spoke, and the sentence around the quote.

    The quote itself is masked in the context so the model does not read it twice.
    """
    ctx = (context or "").replace("[QUOTE]", "…")
    if quote and quote in ctx:
        ctx = ctx.replace(quote, "…")
    return f"{speaker}: {ctx}" if speaker else ctx


class StanceClassifier:
    """Classify quotes as conciliatory, defensive or firm, and tag their topics."""

    def __init__(self, net: StanceNet, tokenizer: Any, settings: ClassifierSettings) -> None:
        self.net = net.eval()
        self.tokenizer = tokenizer
        self.settings = settings
        self.backend = "fp32"  # "int8" once model.fast has quantized the encoder

    # ----- construction ---------------------------------------------------------------------
    @classmethod
    def from_base(cls, base: str = MINILM, **settings: Any) -> StanceClassifier:
        """A fresh classifier on a packaged pretrained encoder (heads randomly initialised)."""
        path = base_model_path(base)
        config = AutoConfig.from_pretrained(path, local_files_only=True)
        net = StanceNet(_with_labels(config))
        net.encoder = AutoModel.from_pretrained(path, local_files_only=True)
        tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
        return cls(net, tokenizer, ClassifierSettings(base_model=base, **settings))

    @classmethod
    def from_config(
        cls, config: PretrainedConfig, tokenizer: Any, **settings: Any
    ) -> StanceClassifier:
        """A randomly initialised classifier from an encoder config (tests, tiny models)."""
        settings.setdefault("base_model", None)
        return cls(StanceNet(_with_labels(config)), tokenizer, ClassifierSettings(**settings))

    @classmethod
    def from_pretrained(cls, path: str | Path, backend: str = "fp32") -> StanceClassifier:
        """Load a classifier saved by `save_pretrained` (safetensors only; no remote code).

        Args:
            backend: "fp32" (the weights as trained), "int8" or "auto"; see `model.fast`.
        """
        path = Path(path)
        weights = path / WEIGHTS_NAME
        if not weights.is_file():
            pickles = sorted(p.name for p in path.glob("*") if p.suffix in PICKLE_SUFFIXES)
            if pickles:
                raise UnsafeCheckpointError(
                    f"{path} holds only pickle weights ({', '.join(pickles)}); diplostance loads "
                    f"weights from {WEIGHTS_NAME} only, because pickle files can run code"
                )
            raise FileNotFoundError(f"no {WEIGHTS_NAME} in {path}")
        config = AutoConfig.from_pretrained(path, local_files_only=True, trust_remote_code=False)
        settings = ClassifierSettings(**getattr(config, "diplostance", {}))
        net = StanceNet(config)
        if settings.base_model:
            # Shipped models store only what fine-tuning changed; the rest comes from the base.
            base = AutoModel.from_pretrained(
                base_model_path(settings.base_model), local_files_only=True
            )
            net.encoder.load_state_dict(base.state_dict(), strict=False)
        state = {k: v.float() for k, v in load_file(weights).items()}
        missing, unexpected = net.load_state_dict(state, strict=False)
        if unexpected:
            raise ValueError(f"{weights} has unexpected tensors: {unexpected[:5]}")
        if missing and not settings.base_model:
            raise ValueError(f"{weights} lacks tensors: {missing[:5]}")
        tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
        if backend == "fp32":
            return cls(net, tokenizer, settings)
        from model.fast import apply_backend

        return apply_backend(cls(net, tokenizer, settings), backend, path)

    def save_pretrained(
        self, path: str | Path, *, dtype: torch.dtype = torch.float32, card: str | None = None
    ) -> Path:
        """Save config (labels, settings), tokenizer, safetensors weights and a model card.

        Args:
            dtype: storage dtype of the weights (float16 halves the size of a shipped model).
            card: README text; a short default card is written when omitted.
        """
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        config = self.net.encoder.config
        config.diplostance = asdict(self.settings)
        config.save_pretrained(path)
        self.tokenizer.save_pretrained(path)
        state = self._changed_tensors()
        save_file(
            {k: v.detach().to(dtype).contiguous() for k, v in state.items()}, path / WEIGHTS_NAME
        )
        (path / "README.md").write_text(card or self._default_card(), encoding="utf-8")
        return path

    def _changed_tensors(self) -> dict[str, torch.Tensor]:
        """The state dict, minus encoder tensors identical to the packaged base (frozen ones)."""
        state = self.net.state_dict()
        if not self.settings.base_model:
            return state
        base = AutoModel.from_pretrained(
            base_model_path(self.settings.base_model), local_files_only=True
        ).state_dict()
        return {
            k: v
            for k, v in state.items()
            if not (k.startswith("encoder.") and torch.equal(base.get(k[8:], torch.empty(0)), v))
        }

    def _default_card(self) -> str:
        s = self.settings
        return (
            "# diplostance stance classifier\n\n"
            f"Labels: {', '.join(STANCES)}; topics: {', '.join(TOPICS)}.\n\n"
            f"Base encoder: {s.base_model or 'none (config only)'}; input: {s.input_format}; "
            f"max length {s.max_length}; temperature {s.temperature:.3f}; version {s.version}.\n"
        )

    # ----- inference --------------------------------------------------------------------------
    @overload
    def predict(  # type: ignore[overload-overlap]
        self,
        texts: str,
        *,
        contexts: Sequence[str | None] | None = None,
        speakers: Sequence[str | None] | None = None,
        batch_size: int = 64,
    ) -> Prediction: ...
    @overload
    def predict(
        self,
        texts: Sequence[str],
        *,
        contexts: Sequence[str | None] | None = None,
        speakers: Sequence[str | None] | None = None,
        batch_size: int = 64,
    ) -> list[Prediction]: ...

    def predict(
        self,
        texts: str | Sequence[str],
        *,
        contexts: Sequence[str | None] | None = None,
        speakers: Sequence[str | None] | None = None,
        batch_size: int = 64,
    ) -> Prediction | list[Prediction]:
        """Classify one quote (returns one Prediction) or a list (returns a list).

        Args:
            contexts, speakers: per-quote reporting sentence and speaker; used only by models
                trained with input_format "quote+context".
        """
        if isinstance(texts, str):
            single = True
            items = [texts]
        elif isinstance(texts, Sequence):
            single = False
            items = _check_texts(texts)
        else:
            raise TypeError(f"texts must be str or a list of str, got {type(texts).__name__}")
        probs, topic_probs, truncated = self.predict_proba(
            items, contexts=contexts, speakers=speakers, batch_size=batch_size
        )
        out = [
            self._prediction(t, p, tp, tr)
            for t, p, tp, tr in zip(items, probs, topic_probs, truncated)
        ]
        return out[0] if single else out

    def predict_proba(
        self,
        texts: list[str],
        *,
        contexts: Sequence[str | None] | None = None,
        speakers: Sequence[str | None] | None = None,
        batch_size: int = 64,
    ) -> tuple[torch.Tensor, torch.Tensor, list[bool]]:
        """Calibrated stance probabilities (n, 3), topic probabilities (n, 13), truncation flags.

        Rows of empty texts are NaN. Batches are formed by length so padding stays small.
        """
        from model.batching import encode_batches

        n = len(texts)
        probs = torch.full((n, len(STANCES)), float("nan"))
        topic_probs = torch.full((n, len(TOPICS)), float("nan"))
        truncated = [False] * n
        for idx, batch, trunc in encode_batches(self, texts, contexts, speakers, batch_size):
            with torch.inference_mode():
                stance_logits, topic_logits = self.net(**batch)
            probs[idx] = torch.softmax(stance_logits.float() / self.settings.temperature, dim=-1)
            topic_probs[idx] = torch.sigmoid(topic_logits.float())
            for i, t in zip(idx, trunc):
                truncated[i] = t
        return probs, topic_probs, truncated

    def _prediction(
        self, text: str, p: torch.Tensor, tp: torch.Tensor, truncated: bool
    ) -> Prediction:
        if torch.isnan(p).any():
            zeros = dict.fromkeys(STANCES, 0.0)
            return Prediction(text, None, 0.0, zeros, [], False, "empty text: not classified")
        k = int(p.argmax())
        topics = [
            (TOPICS[j], round(float(tp[j]), 4))
            for j in torch.argsort(tp, descending=True).tolist()
            if tp[j] >= self.settings.topic_threshold
        ]
        probabilities = {s: round(float(p[i]), 4) for i, s in enumerate(STANCES)}
        return Prediction(text, STANCES[k], round(float(p[k]), 4), probabilities, topics, truncated)


def _with_labels(config: PretrainedConfig) -> PretrainedConfig:
    """Put the label names into the HF config, where other tools expect them."""
    config.id2label = dict(enumerate(STANCES))
    config.label2id = {s: i for i, s in enumerate(STANCES)}
    config.topic_labels = list(TOPICS)
    return config


def read_settings(path: str | Path) -> dict[str, Any]:
    """The `diplostance` settings of a saved model, without loading its weights."""
    config = json.loads((Path(path) / "config.json").read_text(encoding="utf-8"))
    return dict(config.get("diplostance", {}))
