"""Extract quoted statements from news text, with speaker, role, country, cue and kind."""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass

from model._kinds import is_short_phrase, structural_kind, term_signal
from model._lexicon import COUNTRIES
from model._marks import MarkSpan, find_mark_spans, paragraph_bounds
from model._mentions import Entity
from model._people import build_registry
from model._text import Sentences, mask_spans, tokenize
from model.attribution import Attribution, Attributor
from model.transcripts import Transcript, find_transcript

logger = logging.getLogger(__name__)

# Offices held by one person at a time, so an unnamed mention can be matched to a name.
_SINGLE_OFFICES = frozenset(
    {"secretary", "minister", "president", "premier", "chancellor", "ambassador", "envoy"}
)
KINDS = ("direct", "partial", "transcript", "term", "indirect")


@dataclass(frozen=True)
class Quote:
    """One quotation: `text` is `input[start:end]` with inner paragraph-opening marks removed."""

    text: str
    start: int
    end: int
    speaker: str | None
    speaker_role: str | None
    speaker_country: str | None
    cue: str | None
    kind: str
    context: str

    def to_dict(self) -> dict[str, object]:
        """Plain-dict form for JSON output."""
        return asdict(self)


@dataclass
class _Found:
    span: MarkSpan
    kind: str
    attr: Attribution


def extract_quotes(text: str, *, indirect: bool = False) -> list[Quote]:
    """Return all quotations in `text` in document order (terms included, kind "term")."""
    if not isinstance(text, str):
        raise TypeError(f"extract_quotes expects str, got {type(text).__name__}")
    try:
        return _extract(text, indirect)
    except Exception:  # the contract is "never raises on str"; log so bugs stay visible
        logger.exception("quote extraction failed on a %d-character input", len(text))
        return []


def _extract(text: str, indirect: bool) -> list[Quote]:
    transcript = find_transcript(text)
    answers = [(a.start, a.end) for a in transcript.answers] if transcript else []
    spans = [s for s in find_mark_spans(text) if not any(a <= s.open_pos < b for a, b in answers)]
    masked = mask_spans(text, [(s.start, s.end) for s in spans] + answers)
    sents = Sentences(text, [(s.open_pos, s.close_pos) for s in spans])
    tokens = tokenize(masked)
    reg = build_registry(text, masked, tokens, sents)
    attributor = Attributor(text, tokens, sents, reg)
    attributor.prime()
    found: list[_Found] = []
    for s in spans:
        found.append(_attribute(text, s, attributor, found[-1] if found else None, sents))
    _inherit(text, found, attributor)
    _countries_to_speakers(found, reg.entities)
    _offices_to_people(found, reg.entities)
    quotes = [_to_quote(text, f, sents) for f in found]
    if transcript is not None:
        quotes.extend(_transcript_quotes(text, transcript))
    if indirect:
        from model._indirect import find_indirect

        quotes.extend(find_indirect(text, masked, tokens, sents, attributor))
    return sorted(quotes, key=lambda q: (q.start, q.end))


def _continues(text: str, span: MarkSpan, prev: _Found | None, sents: Sentences) -> bool:
    """'"A," she said, "and B."' -- B continues A's sentence after a middle attribution."""
    if prev is None or prev.kind == "term" or prev.attr.entity is None:
        return False
    if sents.bounds(prev.span.close_pos)[0] != sents.bounds(span.open_pos)[0]:
        return False
    between = text[prev.span.close_pos + 1 : span.open_pos].strip()
    return text[prev.span.end - 1 : prev.span.end] == "," and between.endswith(",")


def _attribute(
    text: str, span: MarkSpan, att: Attributor, prev: _Found | None, sents: Sentences
) -> _Found:
    if prev is not None and _continues(text, span, prev, sents):
        return _Found(span, "direct", Attribution(prev.attr.entity, prev.attr.cue, "inherit"))
    kind = structural_kind(text, span)
    term = (
        term_signal(text, span)
        if kind == "partial" or is_short_phrase(text[span.start : span.end])
        else False
    )
    if term:
        return _Found(span, "term", _attr(att, att.left(span), "left"))
    order = (
        ((att.right_checked, "right"), (att.left, "left"), (att.following, "follow"))
        if kind == "direct"
        else ((att.left, "left"), (att.right, "right"))
    )
    attr = Attribution(None, None, "none")
    for finder, side in order:
        attr = _attr(att, finder(span), side)
        if attr.entity is not None:
            break
    if (
        kind == "partial"
        and attr.entity is None
        and term is None
        and is_short_phrase(text[span.start : span.end])
    ):
        kind = "term"
    return _Found(span, kind, attr)


def _attr(att: Attributor, sp: object, side: str) -> Attribution:
    from model._np import SpeakerPhrase

    if not isinstance(sp, SpeakerPhrase):
        return Attribution(None, None, "none")
    return Attribution(att.resolve(sp), sp.cue.text, side)


def _inherit(text: str, found: list[_Found], att: Attributor) -> None:
    """Unattributed quotes take the speaker of the passage: last reporting clause or quote."""
    paras = paragraph_bounds(text)

    def para_of(pos: int) -> int:
        """Index of the paragraph containing `pos` (-1 if none)."""
        return next((i for i, (s, e) in enumerate(paras) if s <= pos < e), -1)

    last: _Found | None = None
    for i, f in enumerate(found):
        if f.kind == "term":
            continue
        if f.attr.entity is None:
            here = para_of(f.span.open_pos)
            p_start = paras[here][0] if here >= 0 else 0
            same_para = last is not None and para_of(last.span.close_pos) == here
            # A reporting clause after the previous quote wins; then that quote's speaker
            # (its own clause may be an inversion, "said Lee"); then earlier clauses.
            after_last = max(p_start, last.span.close_pos + 1) if last and same_para else p_start
            ent = att.last_subject(after_last, f.span.open_pos)
            if ent is None and last is not None and same_para:
                ent = last.attr.entity
            if ent is None and after_last > p_start:
                ent = att.last_subject(p_start, f.span.open_pos)
            nxt = next((g for g in found[i + 1 :] if g.kind != "term"), None)
            if ent is None and nxt is not None and para_of(nxt.span.open_pos) == here:
                ent = nxt.attr.entity
            if ent is None and here > 0:
                prev_start = paras[here - 1][0]
                ent = att.last_subject(prev_start, p_start)
                if ent is None and last is not None and para_of(last.span.close_pos) == here - 1:
                    ent = last.attr.entity
            if ent is not None:
                f.attr = Attribution(ent, None, "inherit")
        if f.attr.entity is not None:
            last = f


def _countries_to_speakers(found: list[_Found], people: list[Entity]) -> None:
    """A lede's "China vowed ..." belongs to the first official who speaks for China."""
    speakers = [f.attr.entity for f in found if f.attr.entity and f.attr.entity.kind != "country"]
    speakers += sorted((p for p in people if p.kind == "person"), key=lambda p: p.first)
    for f in found:
        ent = f.attr.entity
        # Only fragments: a full quote credited to "China" is the government speaking.
        if ent is None or ent.kind != "country" or ent.country is None or f.kind != "partial":
            continue
        match = next((s for s in speakers if s.country == ent.country), None)
        if match is not None:
            f.attr = Attribution(match, f.attr.cue, f.attr.side)


def _office_words(name: str) -> str:
    """'Britain's foreign secretary' -> 'foreign secretary' (country words dropped)."""
    words = [w for w in name.lower().replace("’", "'").split() if w.split("'")[0] not in COUNTRIES]
    return " ".join(words)


def _offices_to_people(found: list[_Found], people: list[Entity]) -> None:
    """An unnamed single-holder office ("Britain's foreign secretary") is its named holder."""
    persons = sorted((p for p in people if p.kind == "person" and p.role), key=lambda p: p.first)
    for f in found:
        ent = f.attr.entity
        if ent is None or ent.kind != "group":
            continue
        office = _office_words(ent.name)
        if not office or office.split()[-1] not in _SINGLE_OFFICES:
            continue
        match = next(
            (
                p
                for p in persons
                if office in (p.role or "").lower() and p.country in (ent.country, None)
            ),
            None,
        )
        if match is not None:
            f.attr = Attribution(match, f.attr.cue, f.attr.side)


def _clean_text(text: str, span: MarkSpan) -> str:
    if not span.inner_opens:
        return text[span.start : span.end]
    drop = set(span.inner_opens)
    return "".join(
        ch for i, ch in enumerate(text[span.start : span.end], span.start) if i not in drop
    )


def _to_quote(text: str, f: _Found, sents: Sentences) -> Quote:
    ent: Entity | None = f.attr.entity
    s, e = sents.covering(f.span.open_pos, f.span.close_pos + 1)
    return Quote(
        text=_clean_text(text, f.span),
        start=f.span.start,
        end=f.span.end,
        speaker=ent.name if ent else None,
        speaker_role=ent.role if ent else None,
        speaker_country=ent.country if ent else None,
        cue=f.attr.cue,
        kind=f.kind,
        context=text[s:e].strip(),
    )


def _transcript_quotes(text: str, tr: Transcript) -> list[Quote]:
    return [
        Quote(
            text=text[a.start : a.end],
            start=a.start,
            end=a.end,
            speaker=tr.speaker,
            speaker_role=tr.role,
            speaker_country=tr.country,
            cue=None,
            kind="transcript",
            context=text[a.start : a.end],
        )
        for a in tr.answers
    ]
