"""Pair quotation marks into quote spans, tolerating mistyped and unbalanced marks."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

logger = logging.getLogger(__name__)

DOUBLE_MARKS = frozenset('"“”«»„')
SINGLE_MARKS = frozenset("'‘’‚‹›")
ALL_MARKS = DOUBLE_MARKS | SINGLE_MARKS
_OPEN_GLYPHS = frozenset("“«„‘‚‹")
_CLOSE_GLYPHS = frozenset("”»’›")
# Characters that may sit right before an opening mark / right after a closing mark.
_BEFORE_OPEN = frozenset("([{—–-/:")
_AFTER_CLOSE = frozenset(".,;:!?)]}—–-/")
_DOUBLE_RE = re.compile("[" + re.escape("".join(sorted(DOUBLE_MARKS))) + "]")
_ANY_SINGLE_RE = re.compile("['‘’‚‹›]")
# Longest single-quoted passage we accept; beyond that an apostrophe pairing is more likely.
_MAX_SINGLE = 700


@dataclass(frozen=True)
class MarkSpan:
    """One quotation: the characters between its outer marks, plus inner paragraph marks."""

    open_pos: int
    close_pos: int
    inner_opens: tuple[int, ...] = ()
    single: bool = False

    @property
    def start(self) -> int:
        """First character inside the marks."""
        return self.open_pos + 1

    @property
    def end(self) -> int:
        """Index of the closing mark (exclusive end of the inside)."""
        return self.close_pos


def _left_flanking(text: str, i: int) -> bool:
    nxt = text[i + 1] if i + 1 < len(text) else ""
    prev = text[i - 1] if i > 0 else ""
    if not nxt or nxt.isspace():
        return False
    return not prev or prev.isspace() or prev in _BEFORE_OPEN or prev in ALL_MARKS


def _right_flanking(text: str, i: int) -> bool:
    nxt = text[i + 1] if i + 1 < len(text) else ""
    prev = text[i - 1] if i > 0 else ""
    if not prev or prev.isspace():
        return False
    return not nxt or nxt.isspace() or nxt in _AFTER_CLOSE or nxt in ALL_MARKS


def _direction(text: str, i: int) -> str:
    """Classify a mark as 'open', 'close' or '?' from its neighbours, then from its glyph."""
    left, right = _left_flanking(text, i), _right_flanking(text, i)
    if left and not right:
        return "open"
    if right and not left:
        return "close"
    ch = text[i]
    if ch in _OPEN_GLYPHS:
        return "open"
    if ch in _CLOSE_GLYPHS:
        return "close"
    return "?"


def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """Return (start, end) of each paragraph, split on blank lines."""
    bounds: list[tuple[int, int]] = []
    pos = 0
    n = len(text)
    while pos < n:
        brk = text.find("\n\n", pos)
        end = n if brk < 0 else brk
        if text[pos:end].strip():
            bounds.append((pos, end))
        if brk < 0:
            break
        pos = brk + 2
        while pos < n and text[pos] == "\n":
            pos += 1
    return bounds


def _first_char(text: str, start: int, end: int) -> int:
    i = start
    while i < end and text[i].isspace():
        i += 1
    return i


def _pair_doubles(text: str, paras: list[tuple[int, int]]) -> list[MarkSpan]:
    spans: list[MarkSpan] = []
    open_at: int | None = None
    inner: list[int] = []
    for pi, (ps, pe) in enumerate(paras):
        for m in _DOUBLE_RE.finditer(text, ps, pe):
            i = m.start()
            d = _direction(text, i)
            if d == "open" or (d == "?" and open_at is None):
                if open_at is not None and i != _first_char(text, ps, pe):
                    logger.debug("unclosed quote at %d dropped", open_at)
                    inner = []
                if open_at is None or i != _first_char(text, ps, pe):
                    open_at = i
            elif open_at is not None:
                spans.append(MarkSpan(open_at, i, tuple(inner)))
                open_at, inner = None, []
        if open_at is None:
            continue
        # An unclosed quote continues only if the next paragraph opens with a mark.
        nxt = paras[pi + 1] if pi + 1 < len(paras) else None
        if nxt is not None:
            j = _first_char(text, nxt[0], nxt[1])
            if j < nxt[1] and text[j] in DOUBLE_MARKS and _direction(text, j) != "close":
                inner.append(j)
                continue
        open_at, inner = None, []
    return spans


def _close_rank(text: str, i: int, para_end: int) -> int:
    """0 = strong closing mark, 1 = plausible, 2 = probably a plural possessive apostrophe."""
    prev = text[i - 1]
    nxt = text[i + 1] if i + 1 < para_end else ""
    if prev in ".,!?;:" or not nxt or nxt in _AFTER_CLOSE or nxt == "\n":
        return 0
    if prev in "sS" and nxt == " ":
        return 2
    return 1


def _single_opens(text: str, i: int) -> bool:
    """An opening single mark; ’ counts too when it stands before a capital (mistyped)."""
    if not _left_flanking(text, i):
        return False
    ch = text[i]
    return ch in "‘‚‹'" or (ch == "’" and text[i + 1 : i + 2].isupper())


def _pair_singles(text: str, paras: list[tuple[int, int]], taken: list[MarkSpan]) -> list[MarkSpan]:
    covered = [(s.open_pos, s.close_pos) for s in taken]
    spans: list[MarkSpan] = []
    resume = 0
    for pi, (ps, pe) in enumerate(paras):
        for m in _ANY_SINGLE_RE.finditer(text, max(ps, resume), pe):
            i = m.start()
            if i < resume or not _single_opens(text, i) or any(a < i < b for a, b in covered):
                continue
            span = _close_single(text, i, paras, pi)
            if span is not None:
                spans.append(span)
                resume = span.close_pos + 1
    return spans


def _close_single(
    text: str, open_pos: int, paras: list[tuple[int, int]], pi: int
) -> MarkSpan | None:
    """Close a single-mark quotation, following it over paragraphs that reopen with a mark."""
    inner: list[int] = []
    start = open_pos + 2
    while pi < len(paras):
        pe = paras[pi][1]
        close = _find_single_close(text, start, min(pe, start + _MAX_SINGLE), open_pos)
        if close is not None:
            return MarkSpan(open_pos, close, tuple(inner), True)
        if pi + 1 >= len(paras):
            return None
        j = _first_char(text, *paras[pi + 1])
        if not (text[j] in SINGLE_MARKS and _single_opens(text, j)):
            return None
        inner.append(j)
        pi, start = pi + 1, j + 1
    return None


def _find_single_close(text: str, start: int, limit: int, open_pos: int = -1) -> int | None:
    best: tuple[int, int] | None = None
    for m in _ANY_SINGLE_RE.finditer(text, start, limit):
        j = m.start()
        if best is not None and _single_opens(text, j) and not _right_flanking(text, j):
            break  # another quotation opens: ours closed at the best candidate so far
        ch = text[j]
        if not _right_flanking(text, j):
            continue
        if ch == "‘" and (open_pos < 0 or text[open_pos] != "‚" or _left_flanking(text, j)):
            continue  # ‘ closes only the German ‚...‘ pair
        if ch == "‚":
            continue
        rank = _close_rank(text, j, limit)
        if rank == 0:
            return j if best is None or best[0] > 1 else best[1]
        if best is None or rank < best[0]:
            best = (rank, j)
    return best[1] if best else None


def find_mark_spans(text: str) -> list[MarkSpan]:
    """Find all quotation spans delimited by marks, outermost only, sorted by position."""
    paras = paragraph_bounds(text)
    doubles = _pair_doubles(text, paras)
    singles = _pair_singles(text, paras, doubles)
    spans = sorted(doubles + singles, key=lambda s: s.open_pos)
    out: list[MarkSpan] = []
    for s in spans:
        if out and s.open_pos < out[-1].close_pos:
            continue  # nested inside an earlier span
        if s.close_pos - s.open_pos < 2:
            continue
        out.append(s)
    return out
