from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from training.augment import TRANSFORMS, augment, bracket, ellipsis, translated


def test_transforms_change_surface_as_intended():
    rng = random.Random(0)
    assert "[" in bracket("They must respect that.", rng)
    assert "..." in ellipsis(" ".join(f"w{i}" for i in range(20)), rng)
    assert "the Chinese side" in translated("We urge China to stop.", random.Random(1)) or (
        "the Chinese side" in translated("We urge China to stop.", random.Random(2))
    )


@given(st.text(min_size=1))
def test_augment_never_returns_empty_for_non_empty_input(text):
    if text.strip():
        assert augment(text, random.Random(0)).strip()
    for fn in TRANSFORMS:
        assert isinstance(fn(text, random.Random(1)), str)
