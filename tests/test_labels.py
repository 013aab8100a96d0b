from __future__ import annotations

import re
from pathlib import Path

import pytest

from model.labels import STANCES, TOPICS, check_stance, check_topics

CONTRACT = Path(__file__).resolve().parents[2] / "shared" / "LABELS.md"


def test_vocabulary_sizes():
    assert len(STANCES) == 3 and len(TOPICS) == 13


@pytest.mark.skipif(not CONTRACT.is_file(), reason="../shared/LABELS.md not beside the checkout")
def test_vocabulary_matches_the_label_contract():
    text = CONTRACT.read_text(encoding="utf-8")
    topics_section = text.split("## Topics", 1)[1].split("##", 1)[0]
    assert set(re.findall(r"`([a-z_]+)`", topics_section)) == set(TOPICS)
    for s in STANCES:
        assert f"`{s}`" in text


def test_checks_reject_unknown_labels():
    assert check_stance("firm") == "firm"
    with pytest.raises(ValueError, match="unknown stance"):
        check_stance("hostile")
    with pytest.raises(ValueError, match="unknown topic"):
        check_topics(["trade", "weather"])
