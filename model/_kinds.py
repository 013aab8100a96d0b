"""Decide whether a marked quotation is a direct quote, a partial quote or a coined term."""

from __future__ import annotations

import re

from model._lexicon import AFTER_FUNCTION_WORDS, COUNTRIES, CUES, TERM_BEFORE
from model._marks import ALL_MARKS, MarkSpan

_TERM_BEFORE_RE = re.compile(
    r"(?:" + "|".join(re.escape(t) for t in TERM_BEFORE) + r")\s*(?:an?\s+|the\s+)?[\"“‘'«„]?$",
    re.IGNORECASE,
)
_WHAT_CALLS = re.compile(
    r"\bwhat\s+((?:[\w.'’-]+\s+){1,4}?)(?:calls?|called|describes?\s+as|described\s+as|terms?|"
    r"termed|dubs?|dubbed|refers?\s+to\s+as|labels?|brands?)\s+(?:(?:an?|the)\s+)?$",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_DEMONYM_ENDINGS = ("an", "ese", "ish", "i", "ch")
_CUE_BEFORE = re.compile(r"\b(?:" + "|".join(sorted(CUES)) + r")\b")
_PREPS = frozenset({"of", "for", "in", "on", "to", "with", "against", "by", "from", "as"})
_DETS = frozenset({"the", "a", "an", "its", "their", "his", "her", "our", "this", "these", "those"})


def _next_word(text: str, pos: int) -> str:
    if pos + 2 >= len(text) or text[pos + 1] != " ":
        return ""
    m = _WORD.match(text, pos + 2)
    return m.group() if m else ""


def _prev_word(text: str, pos: int) -> str:
    j = pos
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    k = j
    while k > 0 and (text[k - 1].isalnum() or text[k - 1] in "'’-"):
        k -= 1
    return text[k:j]


def before_sentence(text: str, span: MarkSpan) -> str:
    """Text of the current sentence before the opening mark (bounded look-back)."""
    start = max(0, span.open_pos - 200)
    chunk = text[start : span.open_pos]
    for sep in (". ", "\n"):
        k = chunk.rfind(sep)
        if k >= 0:
            chunk = chunk[k + len(sep) :]
    return chunk


def is_short_phrase(inner: str) -> bool:
    """A handful of words without sentence punctuation: the shape of a term or a fragment."""
    stripped = inner.strip()
    return len(stripped.split()) <= 6 and stripped[-1:] not in ".!?,;:"


def term_signal(text: str, span: MarkSpan) -> bool | None:
    """True for a clear scare quote, False for a clear attributed fragment, None if unsure."""
    before = text[max(0, span.open_pos - 60) : span.open_pos + 1]
    if _TERM_BEFORE_RE.search(before):
        return True
    inner = text[span.start : span.end]
    if not is_short_phrase(inner):
        return False
    nxt = _next_word(text, span.close_pos)
    modifier = bool(nxt) and nxt[0].islower() and nxt.lower() not in AFTER_FUNCTION_WORDS
    modifier = modifier and nxt.lower() not in CUES and nxt.lower() not in _DETS
    # Only a quote that sits inside a noun phrase ("a “small yard” approach") modifies a noun.
    prev = _prev_word(text, span.open_pos).lower()
    demonym = prev in COUNTRIES and (prev.endswith(_DEMONYM_ENDINGS) or len(prev) <= 3)
    in_np = prev in _DETS or prev.endswith(("'s", "’s")) or prev in _PREPS or demonym
    modifier = modifier and in_np
    if modifier and len(inner.split()) == 1 and _CUE_BEFORE.search(before_sentence(text, span)):
        modifier = False  # 'dismissing it as an “illegitimate” body': a one-word partial
    if _WHAT_CALLS.search(text[max(0, span.open_pos - 80) : span.open_pos]):
        return modifier
    return True if modifier else None


def structural_kind(text: str, span: MarkSpan) -> str:
    """'direct' if the quotation stands as its own clause, else 'partial'."""
    inner = text[span.start : span.end].lstrip()
    j = span.open_pos
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    prev = text[j - 1] if j > 0 else "\n"
    upper = inner[:1].isupper() or inner[:1] in ALL_MARKS or inner[:1].isdigit()
    if prev in ".:!?\n(—–-[" or prev in ALL_MARKS:
        return "direct" if upper or prev in ":\n" or not is_short_phrase(inner) else "partial"
    word = _prev_word(text, j - 1 if prev == "," else j).lower()
    if word in CUES:
        return "direct" if prev == "," or upper else "partial"
    if prev == ",":
        return "direct" if upper and not is_short_phrase(inner) else "partial"
    if upper and word in ("that",) and not is_short_phrase(inner):
        return "direct"
    return "partial"
