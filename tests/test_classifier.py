from __future__ import annotations

import pytest
import torch

from model.classifier import Prediction, StanceClassifier, UnsafeCheckpointError, second_segment
from model.labels import STANCE2ID, STANCES, TOPIC2ID, TOPICS
from tests.conftest import SIX, make_tiny


def overfit(clf: StanceClassifier, steps: int = 80) -> None:
    texts = [t for t, _, _ in SIX]
    y = torch.tensor([STANCE2ID[s] for _, s, _ in SIX])
    yt = torch.zeros(len(SIX), len(TOPICS))
    for i, (_, _, topics) in enumerate(SIX):
        for t in topics:
            yt[i, TOPIC2ID[t]] = 1.0
    batch = clf.tokenizer(texts, padding=True, return_tensors="pt")
    opt = torch.optim.AdamW(clf.net.parameters(), lr=3e-3)
    clf.net.train()
    for _ in range(steps):
        stance_logits, topic_logits = clf.net(**batch)
        loss = torch.nn.functional.cross_entropy(stance_logits, y)
        loss = loss + torch.nn.functional.binary_cross_entropy_with_logits(topic_logits, yt)
        opt.zero_grad()
        loss.backward()
        opt.step()
    clf.net.eval()


def test_tiny_model_overfits_six_quotes_and_survives_save_load(tiny, tmp_path):
    overfit(tiny)
    preds = tiny.predict([t for t, _, _ in SIX])
    assert [p.stance for p in preds] == [s for _, s, _ in SIX]
    loaded = StanceClassifier.from_pretrained(tiny.save_pretrained(tmp_path / "m"))
    again = loaded.predict([t for t, _, _ in SIX])
    assert [p.stance for p in again] == [s for _, s, _ in SIX]
    assert [p.topics[0][0] for p in again] == [topics[0] for _, _, topics in SIX]


def test_save_load_round_trip_gives_identical_probabilities(tiny, tmp_path):
    texts = ["We oppose this.", "Let us talk.", "Our rules comply with the WTO."]
    before, topics_before, _ = tiny.predict_proba(texts)
    loaded = StanceClassifier.from_pretrained(tiny.save_pretrained(tmp_path / "m"))
    after, topics_after, _ = loaded.predict_proba(texts)
    assert torch.equal(before, after)
    assert torch.equal(topics_before, topics_after)


def test_saved_config_carries_labels_and_settings(tmp_path, tokenizer):
    clf = make_tiny(tokenizer, temperature=1.7, version="t1")
    path = clf.save_pretrained(tmp_path / "m")
    import json

    config = json.loads((path / "config.json").read_text())
    assert [config["id2label"][str(i)] for i in range(3)] == list(STANCES)
    assert config["topic_labels"] == list(TOPICS)
    assert config["diplostance"]["temperature"] == 1.7
    assert (path / "model.safetensors").is_file() and (path / "README.md").is_file()
    assert StanceClassifier.from_pretrained(path).settings.temperature == 1.7


def test_predict_shapes(tiny):
    one = tiny.predict("We welcome the talks.")
    assert isinstance(one, Prediction)
    many = tiny.predict(["We welcome the talks.", "We firmly oppose it."])
    assert isinstance(many, list) and len(many) == 2
    assert tiny.predict([]) == []
    p = many[1]
    assert p.stance in STANCES
    assert set(p.probabilities) == set(STANCES)
    assert abs(sum(p.probabilities.values()) - 1) < 1e-3
    assert p.confidence == max(p.probabilities.values())
    assert all(t in TOPICS and 0 <= s <= 1 for t, s in p.topics)


def test_predict_keeps_input_order_across_length_sorted_batches(tiny):
    texts = ["short", "a much longer quote " * 10, "mid length quote here", "x"]
    batched = tiny.predict(texts, batch_size=2)
    alone = [tiny.predict(t) for t in texts]
    assert [p.text for p in batched] == texts
    for a, b in zip(batched, alone):
        assert a.stance == b.stance
        for s in STANCES:
            assert a.probabilities[s] == pytest.approx(b.probabilities[s], abs=1e-3)


@pytest.mark.parametrize("bad", [None, 3, b"bytes", ["ok", 5]])
def test_non_string_raises_type_error_naming_index(tiny, bad):
    with pytest.raises(TypeError) as err:
        tiny.predict(bad)
    if isinstance(bad, list):
        assert "item 1" in str(err.value)


def test_empty_text_is_not_classified(tiny):
    empty, full = tiny.predict(["   ", "We are ready to talk."])
    assert empty.stance is None and empty.confidence == 0.0 and empty.error
    assert full.stance in STANCES


def test_long_input_is_truncated_and_reported(tiny):
    p = tiny.predict("we oppose " * 500)
    assert p.truncated and p.stance in STANCES
    assert not tiny.predict("we oppose this").truncated


def test_pickle_checkpoint_is_refused(tmp_path):
    (tmp_path / "config.json").write_text("{}")
    (tmp_path / "pytorch_model.bin").write_bytes(b"not really a pickle")
    with pytest.raises(UnsafeCheckpointError, match="pickle"):
        StanceClassifier.from_pretrained(tmp_path)


def test_settings_are_validated(tokenizer):
    with pytest.raises(ValueError, match="input_format"):
        make_tiny(tokenizer, input_format="everything")
    with pytest.raises(ValueError, match="temperature"):
        make_tiny(tokenizer, temperature=0)


def test_context_input_format_uses_speaker_and_masks_quote(tokenizer):
    clf = make_tiny(tokenizer, input_format="quote+context")
    seg = second_segment("we oppose it", "The minister said we oppose it on Monday.", "Minister")
    assert seg == "Minister: The minister said … on Monday."
    p = clf.predict(
        ["we oppose it"], contexts=["The minister said [QUOTE]."], speakers=["Minister"]
    )
    assert p[0].stance in STANCES
    with pytest.raises(ValueError, match="contexts"):
        clf.predict(["a", "b"], contexts=["only one"])


def test_a_quote_too_long_for_its_context_is_read_alone(tokenizer):
    clf = make_tiny(tokenizer, input_format="quote+context")
    long_quote = "We oppose this decision firmly. " * 40
    short, long_ = clf.predict(
        ["We oppose this.", long_quote],
        contexts=["Asked about tariffs, she said [QUOTE]", "He said [QUOTE]"],
    )
    assert long_.truncated and long_.stance is not None and not short.truncated
    alone = clf.predict("We oppose this.")
    assert alone.probabilities != short.probabilities  # the short quote's context was read
