"""Speaker attribution: find the reporting clause of a quote and resolve who it names."""

from __future__ import annotations

import bisect
import itertools
import logging
import re
from dataclasses import dataclass

from model._lexicon import CUES, DOCUMENT_NOUNS, PRONOUNS, ROLE_HEADS, SPEECH_CUES
from model._marks import ALL_MARKS, MarkSpan
from model._mentions import (
    Entity,
    Registry,
    country_of_tokens,
    is_country_np,
    nameish,
    split_title_name,
)
from model._np import SpeakerPhrase, right_phrase, sentence_subject, subject_before
from model._people import phrase
from model._text import Sentences, Token

logger = logging.getLogger(__name__)

_CAP_RUN = re.compile(r"\b[A-Z][\w'’-]*(?:\s+(?:of\s+|for\s+|and\s+|the\s+)?[A-Z][\w'’-]*)+")
_MARK_RE = re.compile("[" + "".join(sorted(ALL_MARKS - {"'", "’"})) + "]")
_SPOKES = ("spokesperson", "spokesman", "spokeswoman", "spokespeople")
_DIRECTIONS = frozenset({"north", "south", "east", "west", "centre", "center"})
_LEADING_DETS = frozenset({"the", "a", "an", "another", "one"})
_MAX_PRONOUN_DIST = 2500


@dataclass(frozen=True)
class Attribution:
    """Who a quote is attributed to, through which cue, found on which side."""

    entity: Entity | None
    cue: str | None
    side: str  # right | left | follow | inherit | none


class Attributor:
    """Attributes quotes of one article, keeping discourse state between calls."""

    def __init__(self, text: str, tokens: list[Token], sents: Sentences, reg: Registry) -> None:
        self.text, self.tokens, self.sents, self.reg = text, tokens, sents, reg
        self._starts = [t.start for t in tokens]

    def _slice(self, start: int, end: int) -> list[Token]:
        a = bisect.bisect_left(self._starts, start)
        b = bisect.bisect_left(self._starts, end)
        return self.tokens[a:b]

    # -- finding the reporting clause -------------------------------------------------------

    def right(self, span: MarkSpan) -> SpeakerPhrase | None:
        """Attribution after the closing mark, within the same sentence."""
        _, s_end = self.sents.bounds(span.close_pos)
        toks: list[Token] = []
        for tok in self._slice(span.close_pos + 1, s_end):
            if tok.text in ALL_MARKS:
                break
            toks.append(tok)
        return right_phrase(toks)

    def left(self, span: MarkSpan) -> SpeakerPhrase | None:
        """Reporting clause before the opening mark in the same sentence."""
        s_start, _ = self.sents.bounds(span.open_pos)
        return self._last_phrase(self._slice(s_start, span.open_pos))

    def _last_phrase(self, toks: list[Token]) -> SpeakerPhrase | None:
        """Rightmost reporting clause; an inner country subject yields to an outer speaker."""
        found: SpeakerPhrase | None = None
        for k in range(len(toks) - 1, -1, -1):
            sp = phrase_at(toks, k)
            if sp is None or undocument(sp.head) is None:
                continue
            if found is None:
                found = sp
                if not _weak_subject(sp.head):
                    return sp
            elif not _weak_subject(sp.head) and sp.cue.lower in SPEECH_CUES:
                return sp
        return found

    def last_subject(self, start: int, end: int) -> Entity | None:
        """Speaker of the last reporting clause in [start, end), for unattributed quotes."""
        toks = self._slice(start, end)
        for k in range(len(toks) - 1, -1, -1):
            if toks[k].lower not in SPEECH_CUES or toks[k].is_cap:
                continue
            s_start, _ = self.sents.bounds(toks[k].start)
            sent = self._slice(max(s_start, start), toks[k].end)
            sp = phrase_at(sent, len(sent) - 1)
            ent = self.resolve(sp) if sp is not None else None
            if ent is not None:
                return ent
        return None

    def prime(self) -> None:
        """Register the subject of every reporting verb, so roles and "it" have antecedents."""
        has_mark: dict[int, bool] = {}
        for tok in self.tokens:
            if tok.lower in CUES and not tok.is_cap:
                s_start, s_end = self.sents.bounds(tok.start)
                if s_start not in has_mark:
                    has_mark[s_start] = bool(_MARK_RE.search(self.text, s_start, s_end))
                if has_mark[s_start]:
                    continue  # attributed with its quote, in document order
                sent = self._slice(s_start, tok.end)
                sp = phrase_at(sent, len(sent) - 1)
                if sp is not None:
                    self.resolve(sp)

    def right_checked(self, span: MarkSpan) -> SpeakerPhrase | None:
        """Right-side attribution, unless it names a document ("the statement said")."""
        sp = self.right(span)
        return sp if sp is not None and undocument(sp.head) else None

    def following(self, span: MarkSpan) -> SpeakerPhrase | None:
        """'"Quote." Varga said.' -- a bare attribution sentence right after the quote."""
        _, s_end = self.sents.bounds(span.close_pos)
        if s_end <= span.close_pos or "\n" in self.text[span.close_pos : s_end]:
            return None
        _, next_end = self.sents.bounds(s_end)
        toks = self._slice(s_end, next_end)
        # After "?" or "!" the next words are the attribution ("Why?" Wang asked reporters ...);
        # after "." only a bare "Varga said." is, since "Zhao said Beijing ..." reports more.
        loose = self.text[span.end - 1 : span.end] in "?!"
        for k, tok in enumerate(toks[:8]):
            if tok.lower in SPEECH_CUES and (loose or len(toks) - k <= 6):
                head, appos = subject_before(toks, k)
                if head and head[0].start == toks[0].start:
                    return SpeakerPhrase(head, appos, tok)
        return None

    # -- resolving the phrase to an entity --------------------------------------------------

    def resolve(self, sp: SpeakerPhrase) -> Entity | None:
        """Map a speaker phrase to an entity, registering new ones."""
        core = undocument(sp.head)
        if not core:
            return None
        head, appos = core, sp.appos
        pos = head[0].start
        if len(head) == 1 and head[0].lower in PRONOUNS:
            ent = self._pronoun(head[0])
        else:
            ent = (
                self._named(head)
                or self._named(appos, role_toks=head)
                or self._country(head)
                or self._group(head, appos)
            )
        if ent is not None:
            self.reg.add_mention(pos, ent)
            if ent.role is None and _role_like(appos):
                ent.role = phrase(self.text, _strip_dets(appos)) or None
            if ent.country is None:
                ent.country = country_of_tokens(head) or country_of_tokens(appos)
        return ent

    def _pronoun(self, tok: Token) -> Entity | None:
        low = tok.lower
        surname = self.reg.lookup("he", before=tok.start) if tok.text == "He" else None
        if surname is not None and (
            not self._sentence_initial(tok) or self._recent(surname, tok.start, 1200)
        ):
            return surname
        if low in ("he", "she"):
            return self._nearest_person("m" if low == "he" else "f", tok.start)
        if low in ("it", "they"):
            # Both stand for institutions or groups here, never for a single named person.
            for _, _, ent in reversed(self.reg.mentions_before(tok.start)):
                if ent.kind != "person":
                    return ent
        return None

    def _sentence_initial(self, tok: Token) -> bool:
        s_start, _ = self.sents.bounds(tok.start)
        return not self.text[s_start : tok.start].strip(" \t\n\"“‘'«„")

    def _recent(self, ent: Entity, pos: int, window: int) -> bool:
        return any(e is ent and pos - p <= window for p, _, e in self.reg.mentions_before(pos)[-6:])

    def _nearest_person(self, gender: str, pos: int) -> Entity | None:
        fallback: Entity | None = None
        for p, obj, ent in reversed(self.reg.mentions_before(pos)):
            if pos - p > _MAX_PRONOUN_DIST:
                break
            if not _person_like(ent) or ent.gender not in (gender, None):
                continue
            if not obj:
                return ent
            fallback = fallback or ent
        return fallback

    def _named(self, toks: list[Token], role_toks: list[Token] | None = None) -> Entity | None:
        caps = [t for t in toks if t.is_cap and t.text[0].isalpha()]
        if not caps:
            return None
        for a, b in itertools.pairwise(caps):
            ent = self.reg.lookup(f"{a.base} {b.base}", before=b.end)
            if ent is not None:
                return ent
        for tok in reversed(caps):
            ent = self.reg.lookup(tok.base, before=tok.start)
            if ent is not None:
                return ent
        title, name = split_title_name(caps)
        contiguous = bool(name) and name == toks[-len(name) :]
        if not name or not contiguous or (len(name) < 2 and not title) or len(name) > 4:
            return None
        if not all(nameish(t) for t in name):
            return None
        ent = self.reg.person(name, name[0].start)
        role = _strip_dets(role_toks or [t for t in toks if t not in name])
        ent.role = ent.role or phrase(self.text, role) or None
        ent.country = ent.country or country_of_tokens(toks) or country_of_tokens(role)
        return ent

    def _country(self, toks: list[Token]) -> Entity | None:
        if not is_country_np(toks):
            return None
        name = phrase(self.text, _strip_dets(toks))
        ent = self.reg.group(name, toks[0].start, kind="country")
        ent.country = country_of_tokens(toks)
        return ent

    def _group(self, head: list[Token], appos: list[Token]) -> Entity | None:
        core = _strip_dets(head)
        if not core or not any(t.lower in ROLE_HEADS or t.is_cap for t in core):
            return None
        if len(core) == 1 and core[0].text.isupper() and len(core[0].text) > 1:
            expanded = _expand_acronym(self.text, core[0].text)
            if expanded:
                return self.reg.group(expanded, head[0].start)
        definite = head[0].lower == "the" and len(core) <= 3
        noun = _head_noun(core)
        if definite and noun is not None:
            ent = self._recent_role(noun, head[0].start)
            if ent is not None:
                return ent
        bare = len(head) == 1 and head[0].base == head[0].text  # no article, no possessive
        if bare and nameish(core[0]) and core[0].lower not in ROLE_HEADS | _DIRECTIONS:
            return self.reg.person(core, core[0].start)  # a bare surname: "Varga, 58, said"
        ent = self.reg.group(phrase(self.text, core), head[0].start)
        ent.country = ent.country or country_of_tokens(core) or country_of_tokens(appos)
        return ent

    def _recent_role(self, noun: str, pos: int) -> Entity | None:
        keys = _SPOKES if noun in _SPOKES else (noun.rstrip("s"),)
        seen: set[int] = set()
        for _, _, ent in reversed(self.reg.mentions_before(pos)):
            if id(ent) in seen:
                continue
            seen.add(id(ent))
            text = f"{ent.role or ''} {ent.name if ent.kind != 'person' else ''}".lower()
            if any(k in text for k in keys):
                return ent
        return None


def _strip_dets(toks: list[Token]) -> list[Token]:
    out = list(toks)
    while out and out[0].lower in _LEADING_DETS:
        out = out[1:]
    return out


def _head_noun(toks: list[Token]) -> str | None:
    """Last role word before any preposition: 'spokesperson for the embassy' -> spokesperson."""
    noun = None
    for tok in toks:
        if tok.lower in ("for", "of", "to", "in", "from", "at"):
            break
        if tok.lower in ROLE_HEADS:
            noun = tok.lower
    return noun


def phrase_at(toks: list[Token], k: int) -> SpeakerPhrase | None:
    """The reporting clause whose cue is toks[k], if it is one."""
    tok = toks[k]
    if tok.lower == "to" and k > 0 and toks[k - 1].lower == "according":
        head = []
        for t in toks[k + 1 :]:
            if t.text in ALL_MARKS or t.text in ",.;:":
                break
            head.append(t)
        return SpeakerPhrase(head[:8], [], toks[k - 1]) if head else None
    if tok.lower not in CUES or tok.is_cap:
        return None
    if tok.lower.endswith("ing"):
        # "Russia and China dismissing ..." has its own subject; ", saying ..." borrows one.
        own = k > 0 and toks[k - 1].is_cap and toks[k - 1].text[0].isalpha()
        head = subject_before(toks, k)[0] if own else sentence_subject(toks[:k])
        return SpeakerPhrase(head, [], tok) if head else None
    head, appos = subject_before(toks, k)
    return SpeakerPhrase(head, appos, tok) if head else None


def _weak_subject(head: list[Token]) -> bool:
    """Places and "it" as subjects of an inner clause ("said the United States condemned")."""
    return is_country_np(head) or (len(head) == 1 and head[0].lower in ("it", "they"))


def undocument(head: list[Token]) -> list[Token] | None:
    """Drop a document head ("a statement from the ministry" -> "the ministry"); None if bare."""
    noun_idx = None
    for i, tok in enumerate(head):
        if tok.lower in ("from", "by", "of", "in", "to", "for", "at"):
            break
        noun_idx = i
    if noun_idx is None or head[noun_idx].lower not in DOCUMENT_NOUNS:
        return head
    for i in range(noun_idx + 1, len(head)):
        if head[i].lower in ("from", "by") and i + 1 < len(head):
            return head[i + 1 :]
    return None


def _expand_acronym(text: str, acr: str) -> str | None:
    """Full name of an acronym: "Rapid Support Forces (RSF)" or matching initials."""
    m = re.search(
        r"((?:[A-Z][\w'’-]+\s+(?:(?:of|for|and|the)\s+)?){1,6})\(" + re.escape(acr) + r"\)", text
    )
    if m:
        return m.group(1).strip()
    for m in _CAP_RUN.finditer(text):
        words = [w for w in m.group().split() if w[:1].isupper()]
        if len(words) == len(acr) and "".join(w[0] for w in words) == acr:
            return m.group()
    return None


def _person_like(ent: Entity) -> bool:
    """People, and unnamed roles that denote one person ("North Korea's UN ambassador")."""
    if ent.kind == "person":
        return True
    if ent.kind != "group":
        return False
    words = ent.name.lower().split()
    for i, w in enumerate(words):
        if w in ("for", "of", "to", "in", "from", "at"):
            words = words[:i]
            break
    return bool(words) and words[-1] in _SINGLE_PERSON_ROLES


_SINGLE_PERSON_ROLES = frozenset(
    {
        "ambassador",
        "envoy",
        "minister",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "official",
        "diplomat",
        "negotiator",
        "president",
        "premier",
        "secretary",
        "senator",
        "general",
        "commander",
        "aide",
        "adviser",
        "advisor",
        "chief",
        "representative",
        "lawmaker",
        "chairman",
        "chairwoman",
        "director",
        "commissioner",
        "governor",
        "mayor",
    }
)


def _role_like(appos: list[Token]) -> bool:
    """An appositive that states a role (not "58", "speaking to reporters", "who ...")."""
    if not appos or appos[0].lower in ("speaking", "asked", "who", "standing", "which"):
        return False
    return any(t.text[0].isalpha() for t in appos)
