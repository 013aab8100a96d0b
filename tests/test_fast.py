from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import torch

from model import fast
from model.api import load_model, predict
from model.batching import token_budget_batches
from model.classifier import StanceClassifier
from model.cli import main
from tests.conftest import SIX, make_tiny
from tests.test_classifier import overfit

QUOTES = [t for t, _, _ in SIX] + [
    "We will never accept interference in our internal affairs.",
    "The two sides agreed to keep communication channels open.",
    "These measures are consistent with international law.",
    "Any attempt at coercion will be met with a firm response.",
    "We welcome constructive dialogue on trade.",
    "The allegation is baseless and we reject it.",
]


@pytest.fixture(scope="module")
def fitted(tokenizer, tmp_path_factory):
    # Random heads sit near a three-way tie, where any rounding flips the argmax; a fitted
    # model has the margins a real one has. Fitted once: it is the slow part.
    clf = make_tiny(tokenizer)
    overfit(clf)
    return clf.save_pretrained(tmp_path_factory.mktemp("fitted") / "m")


@pytest.fixture
def saved(fitted, tmp_path):
    return Path(shutil.copytree(fitted, tmp_path / "m"))


@pytest.fixture
def trained(saved) -> StanceClassifier:
    return StanceClassifier.from_pretrained(saved)


@pytest.fixture(autouse=True)
def _restore_threads(monkeypatch):
    monkeypatch.setattr(fast, "_explicit_threads", [])
    before = torch.get_num_threads()
    yield
    torch.set_num_threads(before)


def test_int8_gives_the_same_argmax_as_fp32_on_most_quotes(trained):
    int8 = fast.apply_backend(trained, "int8")
    assert int8.backend == "int8" and trained.backend == "fp32"
    p32, _, _ = trained.predict_proba(QUOTES)
    p8, _, _ = int8.predict_proba(QUOTES)
    agree = (p32.argmax(1) == p8.argmax(1)).float().mean().item()
    assert agree >= 0.8
    assert (p32 - p8).abs().max().item() < 0.2


def test_int8_quantizes_the_encoder_only_and_leaves_the_original_alone(trained):
    qnet = fast.quantize_int8(trained.net)
    dynamic = torch.ao.nn.quantized.dynamic.Linear
    assert isinstance(qnet.encoder.encoder.layer[0].intermediate.dense, dynamic)
    assert type(qnet.stance_head) is torch.nn.Linear
    assert type(trained.net.encoder.encoder.layer[0].intermediate.dense) is torch.nn.Linear


def test_int8_batching_keeps_input_order(trained):
    int8 = fast.apply_backend(trained, "int8")
    texts = ["short", "a much longer quote " * 10, "mid length quote here", "x", "  "]
    batched = int8.predict(texts, batch_size=2)
    assert [p.text for p in batched] == texts
    assert batched[-1].stance is None
    for p, text in zip(batched[:-1], texts[:-1]):
        alone = int8.predict(text)
        assert p.stance == alone.stance
        # Activation scales are per batch in dynamic int8, so batch-mates move the last digits.
        assert p.confidence == pytest.approx(alone.confidence, abs=0.02)


def test_token_budget_batches_respect_both_limits_and_cover_everything():
    lengths = [3, 50, 10, 10, 200, 7, 30, 30, 30, 30]
    order = sorted(range(len(lengths)), key=lengths.__getitem__)
    chunks = list(token_budget_batches(order, lengths, batch_size=4, max_tokens=100))
    assert [j for c in chunks for j in c] == order
    for c in chunks:
        assert 1 <= len(c) <= 4
        assert len(c) == 1 or len(c) * max(lengths[j] for j in c) <= 100
    assert [4] in chunks  # longer than the budget alone: a batch of one, not an error


def test_set_threads_is_respected_and_not_overridden_by_the_default(tiny):
    assert fast.set_threads(1) == 1 and torch.get_num_threads() == 1
    fast.apply_backend(tiny, "fp32")  # applies the default cap, which must keep the explicit 1
    assert torch.get_num_threads() == 1
    with pytest.raises(ValueError, match="threads"):
        fast.set_threads(0)


def test_default_threads_never_exceed_usable_cores(monkeypatch):
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    assert 1 <= fast.set_threads() <= fast.usable_cores()


def test_auto_needs_an_accuracy_record_for_these_weights(saved, monkeypatch):
    monkeypatch.setattr(fast, "int8_speedup", lambda net, qnet: 2.0)  # the probe, not the model
    assert StanceClassifier.from_pretrained(saved, backend="auto").backend == "fp32"
    record = fast.write_int8_record(saved, {"macro_f1": 0.80}, {"macro_f1": 0.795, "n": 6})
    assert json.loads(record.read_text())["accepted"]
    assert StanceClassifier.from_pretrained(saved, backend="auto").backend == "int8"
    fast.write_int8_record(saved, {"macro_f1": 0.80}, {"macro_f1": 0.78})
    assert StanceClassifier.from_pretrained(saved, backend="auto").backend == "fp32"


def test_auto_stays_fp32_where_int8_is_not_faster(saved, monkeypatch):
    fast.write_int8_record(saved, {"macro_f1": 0.80}, {"macro_f1": 0.80})
    monkeypatch.setattr(fast, "int8_speedup", lambda net, qnet: 1.0)
    assert StanceClassifier.from_pretrained(saved, backend="auto").backend == "fp32"


def test_a_record_of_other_weights_is_ignored(saved, trained, tmp_path, monkeypatch):
    monkeypatch.setattr(fast, "int8_speedup", lambda net, qnet: 2.0)
    fast.write_int8_record(saved, {"macro_f1": 0.80}, {"macro_f1": 0.80})
    with torch.no_grad():
        trained.net.stance_head.bias += 1.0
    trained.save_pretrained(saved)  # retrained in place: the old record no longer applies
    ok, why = fast.int8_accepted(saved)
    assert not ok and "other weights" in why


def test_backend_is_validated(saved):
    with pytest.raises(ValueError, match="backend"):
        StanceClassifier.from_pretrained(saved, backend="int4")


def test_load_model_caches_each_backend_and_predict_passes_it(saved):
    assert load_model(saved, "int8").backend == "int8"
    assert load_model(saved, "int8") is load_model(saved, "int8")
    assert load_model(saved, "fp32").backend == "fp32"
    p = predict(SIX[0][0], model=saved, backend="int8")
    assert p.stance == SIX[0][1]


def test_cli_predict_takes_backend_and_threads(saved, capsys):
    args = ["predict", "--model", str(saved), "--backend", "int8", "--threads", "1", SIX[4][0]]
    assert main(args) == 0
    row = json.loads(capsys.readouterr().out.strip())
    assert row["stance"] == SIX[4][1]
    assert torch.get_num_threads() == 1
