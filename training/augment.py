"""Noise that makes clean, written quotes look like real wire copy (robustness at train time).

Real quotes arrive with editorial brackets, ellipses, cut-off fragments, translated idiom and odd
casing; each transform below keeps the stance of the quote while changing its surface.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

_SIDES = [
    (re.compile(r"\bChina\b"), "the Chinese side"),
    (re.compile(r"\bthe United States\b"), "the US side"),
    (re.compile(r"\bthe US\b"), "the American side"),
    (re.compile(r"\bBeijing\b"), "China"),
    (re.compile(r"\bWashington\b"), "the United States"),
]
_PRONOUNS = re.compile(r"\b(they|them|it|this|that)\b", re.IGNORECASE)
_BRACKET_FILL = ["[China]", "[the US]", "[the EU]", "[Beijing]", "[Washington]", "[the measures]"]


def bracket(text: str, rng: random.Random) -> str:
    """Replace one pronoun by an editorial insertion, as wires do: "[China] must..."."""
    matches = list(_PRONOUNS.finditer(text))
    if not matches:
        return text
    m = rng.choice(matches)
    return text[: m.start()] + rng.choice(_BRACKET_FILL) + text[m.end() :]


def ellipsis(text: str, rng: random.Random) -> str:
    """Cut a stretch of a longer quote and mark the cut."""
    words = text.split()
    if len(words) < 14:
        return text
    i = rng.randrange(2, len(words) - 8)
    j = min(len(words) - 4, i + rng.randrange(2, 6))
    return " ".join([*words[:i], "...", *words[j:]])


def fragment(text: str, rng: random.Random) -> str:
    """Start the quote a few words in, lower-cased, as a partial quote."""
    words = text.split()
    if len(words) < 10:
        return text
    cut = rng.randrange(1, min(5, len(words) - 6))
    rest = " ".join(words[cut:])
    return rest[0].lower() + rest[1:]


def translated(text: str, rng: random.Random) -> str:
    """Swap names for the translated idiom of foreign-ministry English ("the Chinese side")."""
    for pattern, repl in rng.sample(_SIDES, len(_SIDES)):
        if pattern.search(text):
            return pattern.sub(repl, text, count=1)
    return text


def casing(text: str, rng: random.Random) -> str:
    """Headline or shouted casing, and stripped final punctuation (social media posts)."""
    if rng.random() < 0.5:
        return text.rstrip(".!")
    return text.lower()


TRANSFORMS: list[Callable[[str, random.Random], str]] = [
    bracket,
    ellipsis,
    fragment,
    translated,
    casing,
]


def augment(text: str, rng: random.Random) -> str:
    """Apply one or two random transforms; the result is never empty."""
    out = text
    for fn in rng.sample(TRANSFORMS, rng.choice((1, 1, 2))):
        out = fn(out, rng)
    return out if out.strip() else text
