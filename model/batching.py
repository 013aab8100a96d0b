"""Tokenise quotes and group them into length-sorted batches, so padding costs little."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

import torch

if TYPE_CHECKING:
    from model.classifier import StanceClassifier

# Padded tokens per batch. Past a few thousand rows the encoder's activations spill out of the
# CPU caches and throughput drops, so long quotes get fewer rows per batch than short ones.
MAX_BATCH_TOKENS = 4096
# Tokens kept from the start of a quote longer than the model's max length; the rest of the
# budget goes to its end.
HEAD_TOKENS = 32


def _segments(
    clf: StanceClassifier,
    texts: list[str],
    contexts: Sequence[str | None] | None,
    speakers: Sequence[str | None] | None,
) -> list[str] | None:
    from model.classifier import second_segment

    if clf.settings.input_format != "quote+context":
        return None
    ctx = contexts or [None] * len(texts)
    spk = speakers or [None] * len(texts)
    return [second_segment(t, c, s) for t, c, s in zip(texts, ctx, spk)]


def tokenize(
    clf: StanceClassifier,
    texts: list[str],
    contexts: Sequence[str | None] | None = None,
    speakers: Sequence[str | None] | None = None,
) -> tuple[list[dict[str, list[int]]], list[bool]]:
    """Token ids per text (truncated to max_length) and whether the quote itself was cut."""
    max_len = clf.settings.max_length
    pairs = _segments(clf, texts, contexts, speakers)
    raw_lengths = [len(ids) for ids in clf.tokenizer(texts, add_special_tokens=False)["input_ids"]]
    # [CLS] quote [SEP] (+ second segment): anything beyond max_len - 2 quote tokens was dropped.
    truncated = [n > max_len - 2 for n in raw_lengths]
    # A quote with no room left for its context is read alone (the tokenizer would raise).
    room = max_len - clf.tokenizer.num_special_tokens_to_add(pair=True) - 1
    paired = [pairs is not None and n <= room for n in raw_lengths]
    single_ids = [i for i, ok in enumerate(paired) if not ok]
    pair_ids = [i for i, ok in enumerate(paired) if ok]
    features: list[dict[str, list[int]]] = [{} for _ in texts]
    for i in [i for i in single_ids if truncated[i]]:
        features[i] = _head_and_tail(clf, texts[i], max_len)
    single_ids = [i for i in single_ids if not truncated[i]]
    for ids, second in ((single_ids, None), (pair_ids, pairs)):
        if not ids:
            continue
        # The context segment is cut first: the quote is what is being classified.
        enc = clf.tokenizer(
            [texts[i] for i in ids],
            None if second is None else [second[i] for i in ids],
            truncation="only_second" if second is not None else True,
            max_length=max_len,
            return_attention_mask=False,
        )
        for j, i in enumerate(ids):
            features[i] = {k: enc[k][j] for k in enc}
    return features, truncated


def _head_and_tail(clf: StanceClassifier, text: str, max_len: int) -> dict[str, list[int]]:
    """Token ids of an over-long quote: its first HEAD_TOKENS and as much of its end as fits.

    A long answer often lands its point at the end ("We urge the US side to..."), which plain
    truncation would drop (head+tail truncation, Sun et al. 2019, "How to Fine-Tune BERT for
    Text Classification?"). The cut is marked with an ellipsis, as wire copy marks its cuts.
    """
    spans = clf.tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
    offsets = spans["offset_mapping"]
    # Room for the special tokens and the ellipsis (a token or two in any vocabulary).
    budget = max_len - clf.tokenizer.num_special_tokens_to_add(pair=False) - 2
    head = min(HEAD_TOKENS, budget // 4)
    head_end, tail_start = offsets[head - 1][1], offsets[len(offsets) - (budget - head)][0]
    cut = f"{text[:head_end]} … {text[tail_start:]}"
    enc = clf.tokenizer(cut, truncation=True, max_length=max_len, return_attention_mask=False)
    return dict(enc)


def encode_batches(
    clf: StanceClassifier,
    texts: list[str],
    contexts: Sequence[str | None] | None,
    speakers: Sequence[str | None] | None,
    batch_size: int,
    max_tokens: int = MAX_BATCH_TOKENS,
) -> Iterator[tuple[list[int], dict[str, Any], list[bool]]]:
    """Yield (original indices, padded tensors, truncation flags), shortest texts first.

    A batch holds at most `batch_size` texts and `max_tokens` padded tokens (but always at
    least one text). Empty and whitespace-only texts are skipped: their rows stay unclassified.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be >= 1, got {batch_size}")
    keep = [i for i, t in enumerate(texts) if t.strip()]
    for name, seq in (("contexts", contexts), ("speakers", speakers)):
        if seq is not None and len(seq) != len(texts):
            raise ValueError(f"{name} has {len(seq)} items but texts has {len(texts)}")
    if not keep:
        return
    sub = lambda seq: None if seq is None else [seq[i] for i in keep]  # noqa: E731
    features, truncated = tokenize(clf, [texts[i] for i in keep], sub(contexts), sub(speakers))
    lengths = [len(f["input_ids"]) for f in features]
    order = sorted(range(len(keep)), key=lengths.__getitem__)
    for chunk in token_budget_batches(order, lengths, batch_size, max_tokens):
        batch = clf.tokenizer.pad([features[j] for j in chunk], return_tensors="pt")
        tensors = {k: v for k, v in batch.items() if isinstance(v, torch.Tensor)}
        yield [keep[j] for j in chunk], tensors, [truncated[j] for j in chunk]


def token_budget_batches(
    order: list[int], lengths: list[int], batch_size: int, max_tokens: int
) -> Iterator[list[int]]:
    """Split indices sorted by length into runs of <= batch_size items and <= max_tokens padded
    tokens (items x longest length), never empty."""
    chunk: list[int] = []
    for j in order:
        # Sorted ascending, so the newcomer is the longest and sets the padded width.
        if chunk and (len(chunk) == batch_size or (len(chunk) + 1) * lengths[j] > max_tokens):
            yield chunk
            chunk = []
        chunk.append(j)
    if chunk:
        yield chunk
