"""Offset-preserving text helpers: masking quote interiors, sentences and tokens."""

from __future__ import annotations

import bisect
import re

from model._lexicon import words

_ABBREV = words(
    """mr mrs ms dr st gen lt col sen rep gov jan feb aug sept sep oct nov dec no co corp inc
    ltd vs etc adm capt cmdr maj sgt prof jr sr mt ft"""
)
# "BEIJING, March 14 (Wire) - " is not part of the lede's first sentence.
_DATELINE = re.compile(r"[A-Z][A-Z .'’-]{2,40},[^\n]{0,40}?\([^)\n]{1,30}\)\s*[-–—]+\s*")
_NOT_NEWLINE = re.compile(r"[^\n]")
_SENT_END = re.compile(r"[.!?]+[\"”’'»«“‘›)]*\s+(?=[\"“”‘'«»„‚‹(\[A-Z0-9])|\n+")
_TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}"  # U.S., U.K.
    r"|[^\W_]+(?:[-'’.&][^\W_]+)*(?:['’]s\b)?"  # words, hyphenated, possessive
    r"|[^\w\s]"
)


class Token:
    """A word or punctuation mark with its character offsets (identity-compared)."""

    # A slotted class, not a dataclass: tokens are the hot path (thousands per article).
    __slots__ = ("end", "is_cap", "lower", "start", "text")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text, self.start, self.end = text, start, end
        self.lower = text.lower()
        self.is_cap = text[0].isupper()

    def __repr__(self) -> str:
        return f"Token({self.text!r}, {self.start}, {self.end})"

    @property
    def base(self) -> str:
        """The word without a possessive suffix ("China's" -> "China")."""
        t = self.text
        if len(t) > 2 and t[-2] in "'’" and t[-1] in "sS":
            return t[:-2]
        return t


def mask_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """Blank out the given (start, end) ranges with spaces, keeping newlines and offsets."""
    if not spans:
        return text
    out: list[str] = []
    pos = 0
    for s, e in sorted(spans):
        s, e = max(s, pos), min(e, len(text))
        if s >= e:
            continue
        out.append(text[pos:s])
        chunk = text[s:e]
        out.append(_NOT_NEWLINE.sub(" ", chunk) if "\n" in chunk else " " * len(chunk))
        pos = e
    out.append(text[pos:])
    return "".join(out)


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokenize text[start:end], returning tokens with absolute offsets."""
    stop = len(text) if end is None else end
    return [Token(m.group(), *m.span()) for m in _TOKEN.finditer(text, start, stop)]


def _is_abbrev_end(text: str, dot: int) -> bool:
    """True when the period at `dot` ends an abbreviation or an initial, not a sentence."""
    j = dot
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "."):
        j -= 1
    word = text[j:dot]
    if not word:
        return False
    if "." in word or (len(word) == 1 and word.isupper()):
        return True
    return word.lower() in _ABBREV


class Sentences:
    """Sentence boundaries over a text, ignoring boundaries that fall inside quote spans."""

    def __init__(self, text: str, protected: list[tuple[int, int]]) -> None:
        cuts = {0, len(text)}
        dateline = _DATELINE.match(text)
        if dateline:
            cuts.add(dateline.end())
        prot = sorted(protected)
        starts = [p[0] for p in prot]
        for m in _SENT_END.finditer(text):
            cut = m.end()
            first = m.group()[0]
            if first == "." and _is_abbrev_end(text, m.start()):
                continue
            k = bisect.bisect_right(starts, cut - 1) - 1
            if k >= 0 and prot[k][0] < cut <= prot[k][1] and first != "\n":
                continue
            cuts.add(cut)
        self.cuts = sorted(cuts)

    def bounds(self, pos: int) -> tuple[int, int]:
        """Return (start, end) of the sentence containing character `pos`."""
        k = bisect.bisect_right(self.cuts, pos) - 1
        k = max(0, min(k, len(self.cuts) - 2))
        return self.cuts[k], self.cuts[k + 1]

    def covering(self, start: int, end: int) -> tuple[int, int]:
        """Return the span of the sentence(s) that contain [start, end)."""
        s, _ = self.bounds(start)
        _, e = self.bounds(max(start, end - 1))
        return s, e
