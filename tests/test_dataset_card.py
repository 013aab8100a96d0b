"""The dataset card's statistics are current, and the annotation guide has its worked examples."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

from model.labels import STANCES

DATA = Path(__file__).resolve().parents[1] / "data"
CARD = DATA / "README.md"
GUIDELINES = DATA / "GUIDELINES.md"
MIN_EXAMPLES = 36

EXAMPLE_HEADING = re.compile(r"^### Example (\d+)\b", re.MULTILINE)
LABEL_LINE = re.compile(r"^\s*-?\s*\*\*Label:\*\*(.*)$", re.MULTILINE)


def _card_stats() -> ModuleType:
    path = DATA / "scripts" / "card_stats.py"
    spec = importlib.util.spec_from_file_location("card_stats", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_card_statistics_block_is_current():
    stats = _card_stats()
    card = CARD.read_text(encoding="utf-8")
    assert card.count(stats.BEGIN) == 1 and card.count(stats.END) == 1, (
        f"data/README.md must contain exactly one {stats.BEGIN} and one {stats.END} marker"
    )
    current = stats.BEGIN + card.split(stats.BEGIN, 1)[1].split(stats.END, 1)[0] + stats.END
    assert current == stats.block(), (
        "the statistics block of data/README.md is stale: "
        "run `python data/scripts/card_stats.py --write`"
    )


def _examples(text: str) -> list[tuple[int, str]]:
    """(number, body) of each `### Example N` section, up to the next heading of level <= 3."""
    out = []
    for m in EXAMPLE_HEADING.finditer(text):
        rest = text[m.end() :]
        stop = re.search(r"^#{1,3} ", rest, re.MULTILINE)
        out.append((int(m.group(1)), rest[: stop.start()] if stop else rest))
    return out


def _label(value: str) -> str:
    found = re.findall(r"`([^`]+)`", value)
    return found[0] if len(found) == 1 else value.strip()


def test_guidelines_have_enough_worked_examples_with_one_valid_label():
    text = GUIDELINES.read_text(encoding="utf-8")
    examples = _examples(text)
    assert len(examples) >= MIN_EXAMPLES, (
        f"GUIDELINES.md has {len(examples)} worked examples (`### Example N`), "
        f"expected at least {MIN_EXAMPLES}"
    )
    numbers = [n for n, _ in examples]
    assert numbers == list(range(1, len(numbers) + 1)), "examples must be numbered 1, 2, 3, ..."
    for n, body in examples:
        labels = LABEL_LINE.findall(body)
        assert len(labels) == 1, f"Example {n} needs exactly one **Label:** line"
        assert _label(labels[0]) in STANCES, f"Example {n}: {labels[0].strip()!r} is not a stance"
        assert re.search(r"^>\s*\S", body, re.MULTILINE), f"Example {n} has no quoted text"


def test_every_label_in_guidelines_is_a_stance():
    text = GUIDELINES.read_text(encoding="utf-8")
    labels = [_label(v) for v in LABEL_LINE.findall(text)]
    assert labels, "no **Label:** lines found in GUIDELINES.md"
    assert not [x for x in labels if x not in STANCES], f"unknown labels; use one of {STANCES}"
    assert set(labels) == set(STANCES), "the worked examples should cover all three stances"
