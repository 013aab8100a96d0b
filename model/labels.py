"""The label vocabulary of ../shared/LABELS.md: three stances and thirteen topics."""

from __future__ import annotations

STANCES: tuple[str, ...] = ("conciliatory", "defensive", "firm")

TOPICS: tuple[str, ...] = (
    "de_risking",
    "national_security",
    "export_controls",
    "trade",
    "sanctions",
    "taiwan",
    "territorial",
    "human_rights",
    "military",
    "climate",
    "people_to_people",
    "regional_conflict",
    "bilateral_relations",
)

STANCE2ID: dict[str, int] = {s: i for i, s in enumerate(STANCES)}
TOPIC2ID: dict[str, int] = {t: i for i, t in enumerate(TOPICS)}

# Kinds of quote found by extraction; "term" (scare quotes) and "indirect" are not scored.
QUOTE_KINDS: tuple[str, ...] = ("direct", "partial", "transcript", "term", "indirect")
SCORED_KINDS: frozenset[str] = frozenset({"direct", "partial", "transcript"})

REGISTERS: tuple[str, ...] = (
    "press conference",
    "joint statement",
    "interview",
    "speech",
    "social media post",
    "readout",
)


def check_stance(label: str) -> str:
    """Return `label` if it is one of the three stances, else raise ValueError."""
    if label not in STANCE2ID:
        raise ValueError(f"unknown stance {label!r}; expected one of {', '.join(STANCES)}")
    return label


def check_topics(topics: list[str]) -> list[str]:
    """Return `topics` if every entry is a known topic, else raise ValueError."""
    unknown = [t for t in topics if t not in TOPIC2ID]
    if unknown:
        raise ValueError(f"unknown topic(s) {unknown}; expected among {', '.join(TOPICS)}")
    return topics
