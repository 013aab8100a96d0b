"""Noun-phrase chunking around reporting verbs, on token lists (no tagger needed)."""

from __future__ import annotations

from dataclasses import dataclass

from model._lexicon import (
    MONTHS,
    PRONOUNS,
    ROLE_HEADS,
    SPEECH_CUES,
    TITLE_WORDS,
    WEEKDAYS,
    words,
)
from model._marks import ALL_MARKS
from model._mentions import DOMAIN_WORDS
from model._text import Token

_MODIFIERS = words(
    """news wire state-run state-owned
    senior top deputy vice chief former foreign defence defense commerce trade state national
    security coast guard military economic finance interior justice home press presidential
    government regional provincial local federal special permanent private public industry
    business opposition party naval air intelligence one large small member another other
    unnamed anonymous two three four several some many most few european western eastern
    chief lead leading top-level high-ranking mid-level working-level ruling local
    international overseas retired current acting outgoing incoming new top-ranking fellow
    related relevant its their his her own"""
)
_DETERMINERS = frozenset({"the", "a", "an", "another", "its", "their", "his", "her"})
_NP_PREPS = frozenset({"of", "for", "to", "in", "from", "at", "on"})
# Words between a subject and its verb that are not part of the subject.
_SKIP = (
    words(
        """also later earlier then again further previously repeatedly separately reportedly has
    have had was is were are will would could should may might long once already publicly
    privately swiftly sharply immediately first last this on late early week month year
    morning afternoon evening night today yesterday tonight briefly quickly flatly firmly
    angrily calmly simply recently often twice never not however meanwhile too"""
    )
    | WEEKDAYS
    | MONTHS
)
_INTRO = frozenset({"asked", "speaking", "despite", "after", "before", "during", "while", "as"})
_LEADING_ADVERBS = words(
    "and but so then later meanwhile however also still yet now earlier separately instead "
    "afterwards finally first second third"
)
_BOUNDARY = frozenset({"that", "and", "but", "while", "who", "which", "whom", "when", "because"})


@dataclass(frozen=True)
class SpeakerPhrase:
    """A chunked speaker: head phrase, optional appositive, and the cue that licensed it."""

    head: list[Token]
    appos: list[Token]
    cue: Token


def is_npish(tok: Token) -> bool:
    """Could this token be inside a speaker noun phrase?"""
    low = tok.lower
    if tok.text in ALL_MARKS or not tok.text[0].isalnum():
        return False
    if tok.is_cap or tok.base != tok.text:
        return True
    return (
        low in _MODIFIERS
        or low in ROLE_HEADS
        or low in TITLE_WORDS
        or low in DOMAIN_WORDS
        or low in _DETERMINERS
        or low in _NP_PREPS
        or low in PRONOUNS
        or low.isdigit()
    )


def clean_np(toks: list[Token]) -> list[Token]:
    """Trim prepositions, time words and conjunctions from the edges of a chunk."""
    out = list(toks)
    while out and (out[0].lower in _NP_PREPS or out[0].lower in _LEADING_ADVERBS):
        out = out[1:]
    # Drop a trailing time adjunct: "China on Saturday", "the ministry late on Tuesday".
    for i, tok in enumerate(out):
        if i > 0 and tok.lower in ("on", "late", "early", "earlier", "later", "last", "this"):
            nxt = out[i + 1].lower if i + 1 < len(out) else ""
            if tok.lower != "on" or nxt in WEEKDAYS or nxt in MONTHS or nxt.isdigit():
                return out[:i]
    while out and out[-1].lower in _SKIP and not out[-1].is_cap:
        out = out[:-1]
    return out


def _joins_names(toks: list[Token], k: int) -> bool:
    """'and' between capitalised words: "Russia and China", "Trade and Industry"."""
    return (
        toks[k].lower == "and"
        and 0 < k < len(toks) - 1
        and toks[k - 1].is_cap
        and toks[k + 1].is_cap
    )


def _walk_back(toks: list[Token], j: int) -> list[Token]:
    """Collect noun-phrase tokens leftwards from index j (inclusive)."""
    k = j
    while k >= 0 and (is_npish(toks[k]) or _joins_names(toks, k)):
        k -= 1
        if j - k > 14:
            break
    return toks[k + 1 : j + 1]


def _segments(toks: list[Token]) -> list[list[Token]]:
    segs: list[list[Token]] = [[]]
    for tok in toks:
        if tok.text == ",":
            segs.append([])
        else:
            segs[-1].append(tok)
    return segs


def _np_ok(seg: list[Token]) -> bool:
    return bool(seg) and all(is_npish(t) for t in seg) and seg[0].lower not in _NP_PREPS


def subject_before(toks: list[Token], k: int) -> tuple[list[Token], list[Token]]:
    """Subject (head, appositive) of the verb at toks[k], looking left."""
    j = k - 1
    while j >= 0 and toks[j].lower in _SKIP and not toks[j].is_cap:
        j -= 1
    if j >= 1 and toks[j].lower == "who":
        j -= 2 if toks[j - 1].text == "," else 1  # "Marchetti, who said ..."
    if j < 0:
        return [], []
    if toks[j].lower in ("and", "but"):
        return sentence_subject(toks[:j]), []  # "X met Y and told him ..."
    if toks[j].text != ",":
        head = clean_np(_walk_back(toks, j))
        return head, []
    start = j
    while start > 0 and toks[start - 1].text not in ALL_MARKS | {";", ":"}:
        if toks[start - 1].lower in _BOUNDARY and start - 1 < j - 12:
            break
        start -= 1
    segs = _segments(toks[start:j])
    for idx, seg in enumerate(segs):
        head = clean_np(seg)
        if _np_ok(seg) and head:
            rest = [t for s in segs[idx + 1 :] for t in s]
            return head, rest
    head = clean_np(_walk_back(toks, j - 1))
    return head, []


def sentence_subject(toks: list[Token]) -> list[Token]:
    """The noun phrase that opens a sentence (skipping an introductory phrase)."""
    segs = _segments(toks)
    for seg in segs[:3]:
        if not seg or seg[0].lower in _NP_PREPS or seg[0].lower in _INTRO:
            continue
        out: list[Token] = []
        for tok in seg:
            if not is_npish(tok):
                break
            out.append(tok)
        out = clean_np(out)
        if out:
            return out
    return []


def after_cue(toks: list[Token], k: int) -> tuple[list[Token], list[Token]]:
    """Speaker after an inverted cue ("said Helena Varga, the EU's envoy")."""
    head: list[Token] = []
    i = k + 1
    while i < len(toks) and toks[i].text not in ",.;:" and (is_npish(toks[i]) or i == k + 1):
        if toks[i].lower == "as" and head:
            break
        if head and toks[i].lower in ("at", "on", "in") and i + 1 < len(toks):
            nxt = toks[i + 1]
            if not nxt.is_cap or nxt.lower in WEEKDAYS:
                break
        head.append(toks[i])
        i += 1
    appos: list[Token] = []
    if i < len(toks) and toks[i].text == ",":
        for tok in toks[i + 1 :]:
            if tok.text in ",.;:":
                break
            appos.append(tok)
    return clean_np(head), appos


def right_phrase(toks: list[Token]) -> SpeakerPhrase | None:
    """Attribution following a quote: '," NP said', '," said NP', '," according to NP'."""
    while toks and toks[0].text in ",—–-":
        toks = toks[1:]
    if not toks:
        return None
    first = toks[0].lower
    quoted = next((i for i, t in enumerate(toks[:12]) if t.lower == "quoted"), None)
    if quoted is not None:
        head, appos = after_cue(toks, quoted)
        while head and head[-1].lower == "as":
            head = head[:-1]
        return SpeakerPhrase(head, appos, toks[quoted]) if head else None
    if first in SPEECH_CUES:
        head, appos = after_cue(toks, 0)
        return SpeakerPhrase(head, appos, toks[0]) if head else None
    if first == "according" and len(toks) > 1 and toks[1].lower == "to":
        head, appos = after_cue(toks, 1)
        return SpeakerPhrase(head, appos, toks[0]) if head else None
    for k, tok in enumerate(toks[:16]):
        if tok.lower in SPEECH_CUES and not tok.is_cap:
            segs = _segments(toks[:k])
            head = clean_np(segs[0])
            if not _np_ok(segs[0]) or not head:
                return None
            appos = [t for s in segs[1:] for t in s]
            return SpeakerPhrase(head, appos, tok)
        if tok.text in ".;:" or tok.text in ALL_MARKS:
            return None
    return None
