"""Tokenisation and batching: over-long quotes keep their head and their end."""

from __future__ import annotations

from model.batching import token_budget_batches, tokenize
from tests.conftest import make_tiny


def test_long_quote_keeps_head_and_tail(tokenizer):
    clf = make_tiny(tokenizer, max_length=64)
    middle = "the position of the government remains consistent and clear " * 30
    text = "Good afternoon. " + middle + "We urge the relevant country to stop."
    (feat,), (truncated,) = tokenize(clf, [text])
    ids = feat["input_ids"]
    assert truncated and 60 <= len(ids) <= 64
    assert ids[0] == tokenizer.cls_token_id and ids[-1] == tokenizer.sep_token_id
    decoded = tokenizer.decode(ids, skip_special_tokens=True)
    assert decoded.startswith("good afternoon.")
    assert decoded.endswith("we urge the relevant country to stop.")
    assert len(feat["token_type_ids"]) == len(ids) and "…" in decoded


def test_long_quote_with_context_is_read_alone_head_and_tail(tokenizer):
    clf = make_tiny(tokenizer, max_length=64, input_format="quote+context")
    text = "word " * 100 + "final demand"
    (feat,), _ = tokenize(clf, [text], ["The spokesman said [QUOTE]."], ["Spokesman"])
    decoded = tokenizer.decode(feat["input_ids"], skip_special_tokens=True)
    assert decoded.startswith("word") and decoded.endswith("final demand")
    assert "spokesman" not in decoded


def test_short_quote_is_untouched(tokenizer):
    clf = make_tiny(tokenizer, max_length=64)
    (feat,), (truncated,) = tokenize(clf, ["we oppose this"])
    assert not truncated
    assert feat["input_ids"] == tokenizer("we oppose this")["input_ids"]


def test_token_budget_batches_respect_both_limits():
    lengths = [5, 5, 5, 10, 10, 40]
    chunks = list(token_budget_batches(list(range(6)), lengths, batch_size=2, max_tokens=20))
    assert chunks == [[0, 1], [2, 3], [4], [5]]
    assert sorted(i for c in chunks for i in c) == list(range(6))
