"""Shared fixtures: a tiny in-process BERT classifier (no download, seconds on CPU)."""

from __future__ import annotations

import pytest
import torch
from transformers import AutoTokenizer, BertConfig

from model.classifier import StanceClassifier
from model.encoder import base_model_path


@pytest.fixture(scope="session")
def tokenizer():
    return AutoTokenizer.from_pretrained(base_model_path(), local_files_only=True)


def make_tiny(tokenizer, **settings) -> StanceClassifier:
    torch.manual_seed(0)
    config = BertConfig(
        vocab_size=tokenizer.vocab_size,
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=128,
    )
    settings.setdefault("max_length", 64)
    return StanceClassifier.from_config(config, tokenizer, **settings)


@pytest.fixture
def tiny(tokenizer) -> StanceClassifier:
    return make_tiny(tokenizer)
