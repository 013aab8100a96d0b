"""First pass over an article: find named people, their titles, countries and mentions."""

from __future__ import annotations

import bisect
import itertools
import logging
import re

from model._lexicon import (
    COUNTRIES,
    CUES,
    FEMALE_NAMES,
    MALE_NAMES,
    ROLE_HEADS,
    TITLE_WORDS,
    words,
)
from model._mentions import (
    NAME_PARTICLES,
    Entity,
    Registry,
    country_of_tokens,
    infer_gender,
    is_title_word,
    nameish,
    split_title_name,
)
from model._text import Sentences, Token

logger = logging.getLogger(__name__)

_DATELINE = re.compile(r"\s*([A-Z][A-Z .'’-]{2,40}?)\s*(?:,|\(|-|—)")
_OBJECT_BEFORE = frozenset({"told", "met", "with", "urged", "asked", "beside", "called", "thanked"})
_NAME_LEAD_STOP = frozenset({"the", "a", "an", "in", "on", "at", "and", "but", "as", "asked"})
_ROLE_NP = (
    words("the a an of for to in foreign defence defense trade commerce state senior") | ROLE_HEADS
)
_ROLE_LOWER = words(
    """foreign ministry spokesperson spokesman spokeswoman minister defence defense commerce
    trade state department embassy coast guard official senior deputy vice chief press
    office secretary ambassador envoy commission"""
)


def dateline_country(text: str) -> str | None:
    """Country of a wire dateline such as "BEIJING, March 14 (Wire) -"."""
    m = _DATELINE.match(text)
    if not m:
        return None
    return COUNTRIES.get(m.group(1).strip().lower())


def _runs(tokens: list[Token], text: str) -> list[tuple[int, int]]:
    """Index ranges of maximal capitalised-word runs (names may contain particles)."""
    runs: list[tuple[int, int]] = []
    i, n = 0, len(tokens)
    while i < n:
        if not (tokens[i].is_cap and tokens[i].text[0].isalpha()):
            i += 1
            continue
        j = i + 1
        while j < n and text[tokens[j - 1].end : tokens[j].start] == " ":
            tok = tokens[j]
            if (tok.is_cap and tok.text[0].isalpha()) or (
                tok.lower in NAME_PARTICLES and j + 1 < n and tokens[j + 1].is_cap
            ):
                j += 1
            else:
                break
            if tokens[j - 1].base != tokens[j - 1].text:
                break  # a possessive ends the name
        runs.append((i, j))
        i = j
    return runs


def _has_person_evidence(tokens: list[Token], i: int, j: int, title: list[Token]) -> bool:
    name = tokens[i + len(title) : j]
    prev = tokens[i - 1].lower if i > 0 else ""
    nxt = [t.lower for t in tokens[j : j + 3]]
    if title or prev in TITLE_WORDS or prev.startswith("spokes"):
        return True
    if name[0].base.lower() in FEMALE_NAMES or name[0].base.lower() in MALE_NAMES:
        return True
    if nxt[:1] == [","] and len(nxt) > 1 and nxt[1] in ("a", "an", "the", "who"):
        return True
    if _appositive(tokens, j):
        return True
    if prev == "," and nxt[:1] == [","] and _role_near(tokens, i - 1):
        return True
    if (nxt[:1] and nxt[0] in CUES) or (nxt[:1] == [","] and len(nxt) > 1 and nxt[1] in CUES):
        return True
    return prev in CUES or (prev == "to" and i > 1 and tokens[i - 2].lower == "according")


def _role_near(tokens: list[Token], comma: int) -> bool:
    """A role word shortly before this comma ("Japan's ambassador to China, <Name>,")."""
    return any(
        t.lower in TITLE_WORDS or t.lower in ROLE_HEADS for t in tokens[max(0, comma - 5) : comma]
    )


def _role_before(tokens: list[Token], i: int, title: list[Token]) -> list[Token]:
    """Title tokens plus the role words before the run ("Secretary of State", "foreign ...")."""
    k = i
    while k > 0 and i - k < 10:
        tok = tokens[k - 1]
        if (
            tok.lower in _ROLE_LOWER
            or tok.lower in ("of", "for", "and")
            or is_title_word(tok.lower)
            or (tok.is_cap and tok.text[0].isalpha() and tok.base == tok.text)
        ):
            k -= 1
        else:
            break
    while k < i and (tokens[k].lower in ("of", "for", "and") or tokens[k].lower in _NAME_LEAD_STOP):
        k += 1
    before = tokens[k:i]
    if not any(is_title_word(t.lower) or t.lower in ROLE_HEADS for t in before + title):
        return title
    return before + title


def _appositive(tokens: list[Token], j: int) -> list[Token]:
    """Tokens of ", a spokesman for the ministry," after a name, without the article."""
    if j + 1 >= len(tokens) or tokens[j].text != ",":
        return []
    first = tokens[j + 1]
    skip = 2 if first.lower in ("a", "an", "the") else 1
    if skip == 1 and not (first.is_cap and country_of_tokens([first])):
        return []  # only ", a/the ..." or ", China's ..." / ", Japanese ..." appositives
    out: list[Token] = []
    for tok in tokens[j + skip : j + 20]:
        if tok.text in ",.;:" or tok.lower in ("who", "which", "said", "told"):
            break
        out.append(tok)
    return out


def phrase(text: str, toks: list[Token]) -> str:
    """Original text covered by a token list."""
    return text[toks[0].start : toks[-1].end] if toks else ""


def _register_run(
    text: str, tokens: list[Token], i: int, j: int, reg: Registry, ctx: _Ctx
) -> Entity | None:
    title, name = split_title_name(tokens[i:j])
    while name and name[0].lower in _NAME_LEAD_STOP:
        name = name[1:]
        title = []
    if not name or len(name) > 4 or not all(nameish(t) for t in name):
        return None
    low = [t.base.lower() for t in name]
    pairs = (f"{a} {b}" for a, b in itertools.pairwise(low))
    if " ".join(low) in COUNTRIES or any(p in COUNTRIES for p in pairs):
        return None  # "South Africa", "New Zealand"
    if not any(is_title_word(t.base.lower()) for t in title):
        title = []
    if len(name) == 1 and not title:
        return None
    later_subject = name[0].base in ctx.cue_subjects or name[-1].base in ctx.cue_subjects
    if not later_subject and not _has_person_evidence(tokens, j - len(name) - len(title), j, title):
        return None
    start = name[0].start
    ent = reg.person(name, start)
    if ent.first != start and ent.role is not None and ent.country is not None:
        return ent  # a repeat mention adds nothing new
    i0 = j - len(name) - len(title)
    role_toks = _role_before(tokens, i0, title) or _role_np_before_comma(tokens, i0)
    appos = _appositive(tokens, j)
    if ent.role is None:
        ent.role = phrase(text, role_toks) or phrase(text, appos) or None
    if ent.first == start or ent.country is None:
        ent.country = (
            country_of_tokens(role_toks)
            or country_of_tokens(appos)
            or country_of_tokens(ctx.near_tokens(i0, j))
            or ctx.dateline
        )
    return ent


def _role_np_before_comma(tokens: list[Token], i: int) -> list[Token]:
    """ "Japan's defence minister, Kenji Morimoto," -- the role phrase before the name."""
    if i < 2 or tokens[i - 1].text != ",":
        return []
    k = i - 2
    while k >= 0 and i - 2 - k < 8 and (tokens[k].is_cap or tokens[k].lower in _ROLE_NP):
        k -= 1
    chunk = tokens[k + 1 : i - 1]
    while chunk and chunk[0].lower in ("the", "a", "an"):
        chunk = chunk[1:]
    return chunk if any(t.lower in ROLE_HEADS or t.lower in TITLE_WORDS for t in chunk) else []


class _Ctx:
    def __init__(self, tokens: list[Token], sents: Sentences, dateline: str | None) -> None:
        self.tokens, self.sents, self.dateline = tokens, sents, dateline
        self._starts = [t.start for t in tokens]
        # Capitalised words that head a reporting verb somewhere ("Lifeng said", "He told"):
        # a two-word run containing one is a person even without a title ("met He Lifeng").
        self.cue_subjects = {
            a.base
            for a, b in itertools.pairwise(tokens)
            if b.lower in CUES and not b.is_cap and a.is_cap and a.text[0].isalpha()
        }

    def near_tokens(self, i: int, j: int) -> list[Token]:
        """Tokens of the sentence around tokens[i:j], stopping at the next title word."""
        sent = self.sentence_tokens(self.tokens[i].start)
        stop = self.tokens[min(j, len(self.tokens) - 1)].start
        out: list[Token] = []
        prev = ""
        for tok in sent:
            # Stop at the next capitalised word after the name unless it is a place ("in Beijing").
            if tok.start >= stop and tok.is_cap and prev not in ("in", "from", "of", "to"):
                break
            out.append(tok)
            prev = tok.lower
        return out

    def sentence_tokens(self, pos: int) -> list[Token]:
        """Tokens of the sentence containing `pos`."""
        s, e = self.sents.bounds(pos)
        a = bisect.bisect_left(self._starts, s)
        b = bisect.bisect_left(self._starts, e)
        return self.tokens[a:b]


def build_registry(text: str, masked: str, tokens: list[Token], sents: Sentences) -> Registry:
    """Register every named person in the article and all later mentions of them."""
    reg = Registry()
    ctx = _Ctx(tokens, sents, dateline_country(text))
    runs = _runs(tokens, masked)
    for i, j in runs:
        # A lone capitalised word is never a new name (names need two words or a title).
        ent = _register_run(text, tokens, i, j, reg, ctx) if j - i > 1 else None
        if ent is not None:
            prev = tokens[i - 1].lower if i > 0 else ""
            reg.add_mention(tokens[i].start, ent, prev in _OBJECT_BEFORE)
            continue
        for k in range(i, j):
            if not reg.has_alias(tokens[k].base):
                continue
            found = reg.lookup(tokens[k].base, before=tokens[k].start)
            if found is not None:
                prev = tokens[k - 1].lower if k > 0 else ""
                reg.add_mention(tokens[k].start, found, prev in _OBJECT_BEFORE)
                break
    people = [e for e in reg.entities if e.kind == "person"]
    for idx, ent in enumerate(people):
        stop = people[idx + 1].first if idx + 1 < len(people) else len(masked)
        infer_gender(ent, masked, ent.first + len(ent.name), stop, reg)
    return reg
