"""Optional: reported speech without quotation marks ("she defended the curbs as ...")."""

from __future__ import annotations

import bisect
import itertools
import logging
from typing import TYPE_CHECKING

from model._lexicon import SPEECH_CUES, words
from model._marks import ALL_MARKS
from model._np import SpeakerPhrase, is_npish
from model._text import Sentences, Token
from model.attribution import Attributor, phrase_at

if TYPE_CHECKING:
    from model.quotes import Quote

logger = logging.getLogger(__name__)

# Verbs that introduce a reported claim; "defended X as Y" carries a stance of its own.
_INDIRECT_CUES = SPEECH_CUES | words(
    "defended defends accused accuses vowed vows pledged pledges denied denies rejected rejects"
)
_ADDRESSEE_CUES = words("told tells telling assured informed reminded")
_ADJUNCT_START = words("on in at late early last this during after")
_NEEDS_THAT = words("added adds announced")
_MIN_WORDS = 3


def _that_within(toks: list[Token], i: int, n: int) -> int | None:
    """Index of "that" within n tokens of i, if no comma comes first."""
    for m in range(i, min(i + n, len(toks))):
        if toks[m].text == ",":
            return None
        if toks[m].lower == "that":
            return m
    return None


def _content_after(toks: list[Token], k: int) -> tuple[int, int] | None:
    """Token range of the claim after the cue at toks[k] ("said (that) X", "told Y (that) X")."""
    i = k + 1
    that = _that_within(toks, i, 12 if toks[k].lower in _ADDRESSEE_CUES else 6)
    if that is not None:
        i = that + 1
    elif toks[k].lower in _ADDRESSEE_CUES:
        i += 1  # the addressee: "told reporters ...", "told BBC Radio ..."
        while i < len(toks) and toks[i].is_cap and toks[i - 1].is_cap:
            i += 1
    elif toks[k].lower in _NEEDS_THAT:
        return None  # "added 14 companies to a list" is not speech
    i = _skip_adjunct(toks, i)
    end = len(toks) - 1
    while end >= i and not toks[end].text[0].isalnum():
        end -= 1
    if i >= len(toks) or toks[i].text == "," or end - i + 1 < _MIN_WORDS:
        return None
    return i, end


def _skip_adjunct(toks: list[Token], i: int) -> int:
    """Skip "on Friday", "in a statement", "late on Tuesday" after a cue."""
    while i < len(toks) and toks[i].lower in _ADJUNCT_START:
        i += 1
        while i < len(toks) and is_npish(toks[i]) and toks[i].lower != "that":
            i += 1
    if i < len(toks) and toks[i].lower == "that":
        i += 1
    return i


def _content_before(toks: list[Token], sp: SpeakerPhrase) -> tuple[int, int] | None:
    """Claim before a trailing reporting clause: "X will happen, the ministry said."."""
    first = toks.index(sp.head[0]) if sp.head[0] in toks else -1
    if first < 2 or toks[first - 1].text != ",":
        return None
    after = _skip_adjunct(toks, toks.index(sp.cue) + 1) if sp.cue in toks else len(toks)
    if any(t.text[0].isalnum() for t in toks[after:]):
        return None  # "X, they said, Y": the clause does not end the sentence
    end = first - 2
    if end + 1 < _MIN_WORDS or any(t.text in ALL_MARKS for t in toks[: end + 1]):
        return None
    return 0, end


def _sentence_claim(text: str, toks: list[Token], att: Attributor, context: str) -> Quote | None:
    """The first reported claim of a sentence, as an "indirect" quote."""
    from model.quotes import Quote

    for k, tok in enumerate(toks):
        if tok.lower not in _INDIRECT_CUES or tok.is_cap:
            continue
        sp = phrase_at(toks, k)
        if sp is None:
            continue
        rng = _content_after(toks, k) or _content_before(toks, sp)
        ent = att.resolve(sp) if rng is not None else None
        if rng is None or ent is None:
            continue
        start, end = toks[rng[0]].start, toks[rng[1]].end
        return Quote(
            text[start:end], start, end, ent.name, ent.role, ent.country, tok.text, "indirect",
            context,
        )  # fmt: skip
    return None


def find_indirect(
    text: str, masked: str, tokens: list[Token], sents: Sentences, att: Attributor
) -> list[Quote]:
    """Reported-speech clauses (kind "indirect") in sentences that contain no quotation."""
    starts = [t.start for t in tokens]
    out: list[Quote] = []
    for s, e in itertools.pairwise(sents.cuts):
        if masked[s:e] != text[s:e] or any(ch in ALL_MARKS for ch in text[s:e] if ch != "’"):
            continue
        toks = tokens[bisect.bisect_left(starts, s) : bisect.bisect_left(starts, e)]
        claim = _sentence_claim(text, toks, att, text[s:e].strip())
        if claim is not None:
            out.append(claim)
    return out
