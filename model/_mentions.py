"""Entity registry: people, unnamed roles and organisations mentioned in an article."""

from __future__ import annotations

import bisect
import logging
import re
from dataclasses import dataclass, field

from model._lexicon import (
    CAPITALS,
    COUNTRIES,
    CUES,
    FEMALE_NAMES,
    MALE_NAMES,
    ORG_COUNTRIES,
    ORG_WORDS,
    STOP_CAPS,
    TITLE_WORDS,
    WEEKDAYS,
    words,
)
from model._text import Token

logger = logging.getLogger(__name__)

# Capitalised words that qualify a title ("Commerce Secretary") and never start a name.
DOMAIN_WORDS = words(
    """state defense defence commerce trade finance foreign affairs interior home industry
    economy economic security justice health energy agriculture environment climate
    education culture transport maritime navy naval air army military intelligence
    information treasury national general federal european international senior principal
    permanent special cabinet office house policy regional provincial then-house then human
    rights development cooperation relations planning reform science technology innovation
    digital environmental social labour labor migration refugees women youth sport tourism
    fisheries forestry mines mining water resources oceans ocean planning statistics
    communications media veterans homeland budget public works infrastructure"""
)
# Month names that are not also surnames or given names (May, June, April, August are).
_FULL_MONTHS = words("january february march july september october november december")
_ORG_FIRST = frozenset(k.split()[0] for k in ORG_COUNTRIES)
NAME_PARTICLES = words("van von de da del der den bin binti al el le la du dos di ter")
_PRONOUN_GENDER = re.compile(r"\b(he|she)\b", re.IGNORECASE)


@dataclass
class Entity:
    """A speaker candidate: a named person, an unnamed role, an organisation or a country."""

    name: str
    kind: str  # person | group | country
    first: int
    role: str | None = None
    country: str | None = None
    gender: str | None = None
    aliases: set[str] = field(default_factory=set)


def country_of_tokens(tokens: list[Token]) -> str | None:
    """First country code named by the tokens (demonyms, possessives, capitals, acronyms)."""
    lows = [t.base.lower() for t in tokens]
    for i, low in enumerate(lows):
        if low in _ORG_FIRST:
            for n in (3, 2, 1):
                org = ORG_COUNTRIES.get(" ".join(lows[i : i + n]))
                if org:
                    return org
    for i, tok in enumerate(tokens):
        if not tok.is_cap:
            continue
        base = tok.base.lower()
        if i + 1 < len(tokens):
            pair = f"{base} {tokens[i + 1].base.lower()}"
            if pair in COUNTRIES:
                return COUNTRIES[pair]
        code = COUNTRIES.get(base)
        if code and not (base == "us" and tok.text != "US"):
            return code
    return None


def is_country_np(tokens: list[Token]) -> bool:
    """True for a bare place used as a government ("China", "Beijing", "the United States")."""
    words = [t.base.lower() for t in tokens if t.lower not in ("the",)]
    phrase = " ".join(words)
    if not phrase or phrase not in COUNTRIES:
        return False
    return tokens[-1].is_cap and (phrase in CAPITALS or not phrase.endswith(("ese", "an", "ish")))


def is_title_word(low: str) -> bool:
    """Title or rank word, including hyphenated ones ("director-general", "vice-premier")."""
    return low in TITLE_WORDS or ("-" in low and low.split("-")[-1] in TITLE_WORDS)


def nameish(tok: Token) -> bool:
    """Could this capitalised token be part of a person's name?"""
    low = tok.base.lower()
    if not tok.is_cap or any(ch.isdigit() for ch in tok.text):
        return False
    if sum(ch.isupper() for ch in tok.base) > 1 and "-" not in tok.base:
        return False  # acronyms: CCTV, EVs, WTO's
    return not (
        low in COUNTRIES
        or low in ORG_WORDS
        or low in _FULL_MONTHS
        or low in WEEKDAYS
        or low in TITLE_WORDS
        or low in DOMAIN_WORDS
        or low in CUES
        or (low in STOP_CAPS and low != "he")  # He is also a surname
    )


def split_title_name(run: list[Token]) -> tuple[list[Token], list[Token]]:
    """Split a capitalised run into (title tokens, name tokens) at the last title-like word."""
    cut = 0
    for i, tok in enumerate(run):
        low = tok.base.lower()
        if is_title_word(low) or low in DOMAIN_WORDS or low in ORG_WORDS or low in COUNTRIES:
            cut = i + 1
    return run[:cut], run[cut:]


class Registry:
    """Entities and their mention positions, built once per article."""

    def __init__(self) -> None:
        self.entities: list[Entity] = []
        self._mentions: list[tuple[int, int, Entity]] = []
        self._by_alias: dict[str, list[Entity]] = {}

    def add_mention(self, pos: int, ent: Entity, obj: bool = False) -> None:
        """Record that `ent` is mentioned at `pos` (obj: as a grammatical object)."""
        bisect.insort(self._mentions, (pos, int(obj), ent), key=lambda m: (m[0], m[1]))

    def mentions_before(self, pos: int) -> list[tuple[int, int, Entity]]:
        """Mentions strictly before `pos`, in document order."""
        k = bisect.bisect_left(self._mentions, pos, key=lambda m: m[0])
        return self._mentions[:k]

    def person(self, name_tokens: list[Token], pos: int) -> Entity:
        """Return the person with this name, registering a new one if needed."""
        words = [t.base for t in name_tokens]
        full = " ".join(words)
        found = self.lookup(full) if len(words) > 1 else None
        if found is not None and found.name.lower() == full.lower():
            return found
        ent = Entity(full, "person", pos)
        ent.aliases = {full.lower(), words[-1].lower(), words[0].lower()}
        first = words[0].lower()
        if first in FEMALE_NAMES:
            ent.gender = "f"
        elif first in MALE_NAMES:
            ent.gender = "m"
        self.entities.append(ent)
        for alias in ent.aliases:
            self._by_alias.setdefault(alias, []).append(ent)
        return ent

    def group(self, name: str, pos: int, kind: str = "group") -> Entity:
        """Return the unnamed role/organisation/country entity with this canonical name."""
        for ent in self.entities:
            if ent.kind == kind and ent.name.lower() == name.lower():
                return ent
        ent = Entity(name, kind, pos, role=name if kind == "group" else None)
        self.entities.append(ent)
        return ent

    def has_alias(self, alias: str) -> bool:
        """Cheap pre-check before `lookup`."""
        return alias.lower() in self._by_alias

    def lookup(self, alias: str, before: int | None = None) -> Entity | None:
        """Most recently mentioned person with this alias (full name or surname)."""
        cands = self._by_alias.get(alias.lower(), [])
        if before is not None:
            cands = [c for c in cands if c.first <= before]
        if not cands:
            return None
        full = [c for c in cands if c.name.lower() == alias.lower()]
        if full:
            return full[-1]
        last = [c for c in cands if c.name.split()[-1].lower() == alias.lower()]
        pool = last or cands
        if len(pool) == 1 or before is None:
            return pool[-1]
        recent = {id(m[2]): m[0] for m in self.mentions_before(before)}
        return max(pool, key=lambda c: recent.get(id(c), c.first))


def infer_gender(ent: Entity, masked: str, end: int, stop: int, reg: Registry) -> None:
    """Set an unknown gender from the first personal pronoun after the introduction."""
    if ent.gender is not None:
        return
    role = (ent.role or "").lower()
    if "spokeswoman" in role or "congresswoman" in role or "chairwoman" in role:
        ent.gender = "f"
        return
    if "spokesman" in role or "congressman" in role or "chairman" in role:
        ent.gender = "m"
        return
    # Only the introducing sentence and the next one: a later pronoun may be someone else's.
    limit = min(stop, end + 300)
    boundary = masked.find(". ", end, limit)
    boundary = masked.find(". ", boundary + 2, limit) if boundary >= 0 else limit
    for m in _PRONOUN_GENDER.finditer(masked, end, boundary if boundary >= 0 else limit):
        word = m.group()
        if word == "He" and reg.lookup("he") is not None:
            continue  # surname He, not a pronoun
        ent.gender = "f" if word.lower() == "she" else "m"
        return
