"""Find answers in press-conference transcripts (Q/A blocks without quotation marks)."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from model._lexicon import COUNTRIES
from model._marks import paragraph_bounds

logger = logging.getLogger(__name__)

_LABEL = re.compile(r"[ \t]*([A-Z][\w.'’ -]{0,40}?)[ \t]*[:：][ \t]*(?=\S)")
# Cheap gate: some paragraph must start with "Q:"-like or "... Spokesperson ...:" label.
_SPOKES_LABEL = re.compile(r"[Ss]pokes\w*(?:\s+[A-Z][\w'’-]*){0,3}\s*[:：]")
_Q_LABELS = ("Q:", "Q：", "Question:", "Reporter:", "Journalist:")
_QUESTION_LABELS = frozenset({"q", "question", "reporter", "journalist", "questioner"})
_ANSWER_LABELS = frozenset({"a", "answer"})
_SPOKES = re.compile(
    r"((?:[A-Z][\w-]*\s+){0,4}?(?:[Ss]pokes(?:person|man|woman)))"
    r"\s+((?:[A-Z][\w-]+)(?:\s+[A-Z][\w-]+){0,2}?)(?:['’]s?\b|\s+(?:said|says|answered|at|on)\b|\s*$|[,.:])"
)
# Longer keys first so "south korea" wins over "korea"; short ones ("us", "un") are too noisy.
_COUNTRY_KEY = re.compile(
    r"\b(?:"
    + "|".join(re.escape(k) for k in sorted(COUNTRIES, key=len, reverse=True) if len(k) > 3)
    + r")\b"
)
_COUNTRY_WORD = re.compile(r"\b[A-Z][A-Za-z.]+(?:\s+[A-Z][a-z]+)?")


@dataclass(frozen=True)
class Answer:
    """One transcript answer: its span and the label that introduced it."""

    start: int
    end: int
    label: str


@dataclass(frozen=True)
class Transcript:
    """Answers of a Q/A transcript and who gave them."""

    answers: tuple[Answer, ...]
    speaker: str
    role: str | None
    country: str | None


def _label_of(text: str, ps: int, pe: int) -> tuple[str, int] | None:
    m = _LABEL.match(text, ps, pe)
    if not m:
        return None
    label = m.group(1).strip()
    if len(label.split()) > 4:
        return None
    return label, m.end()


def _answers(text: str) -> list[Answer]:
    paras = paragraph_bounds(text)
    labels = [_label_of(text, ps, pe) for ps, pe in paras]
    has_q = any(lab and lab[0].lower() in _QUESTION_LABELS for lab in labels)
    spokes = any(lab and "spokes" in lab[0].lower() for lab in labels)
    if not has_q and not spokes:
        return []
    answers: list[Answer] = []
    current: list[int] | None = None
    cur_label = ""
    for (_ps, pe), lab in zip(paras, labels):
        if lab is not None and (has_q or _is_answer_label(lab[0])):
            if current is not None:
                answers.append(Answer(current[0], current[1], cur_label))
                current = None
            is_answer = (
                "spokes" in lab[0].lower() if spokes else lab[0].lower() not in _QUESTION_LABELS
            )
            if is_answer and (has_q or spokes) and _is_answer_label(lab[0]):
                current, cur_label = [lab[1], pe], lab[0]
        elif current is not None:
            current[1] = pe  # continuation paragraph of the same answer
    if current is not None:
        answers.append(Answer(current[0], current[1], cur_label))
    return [Answer(a.start, _rstrip(text, a.start, a.end), a.label) for a in answers]


def _is_answer_label(label: str) -> bool:
    low = label.lower()
    if low in _ANSWER_LABELS or "spokes" in low:
        return True
    words = label.split()
    # "Spokesperson Lin", "Lin Jian", "Mao": capitalised words only.
    return all(w[:1].isupper() for w in words) and not any(ch.isdigit() for ch in label)


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _speaker(text: str, first_q: int, label: str) -> tuple[str, str | None]:
    """Name the answerer from a name label or the header ("Spokesperson X's ... Conference")."""
    head = text[:first_q]
    m = _SPOKES.search(head)
    words = label.split()
    if label.lower() not in _ANSWER_LABELS and words and words[0].lower().startswith("spokes"):
        words = words[1:]
    if label.lower() not in _ANSWER_LABELS and words:
        name = " ".join(words)
        if m and name.split()[0] in m.group(2).split():
            return m.group(2), m.group(1).strip()
        return name, m.group(1).strip() if m else "spokesperson"
    if m:
        return m.group(2), m.group(1).strip()
    if "spokes" in head.lower():
        return "foreign ministry spokesperson", "foreign ministry spokesperson"
    return "spokesperson", "spokesperson"


def _country(text: str, answers: list[Answer], first_q: int) -> str | None:
    m = _COUNTRY_KEY.search(text[:first_q].lower())
    if m:
        return COUNTRIES[m.group()]
    counts: dict[str, int] = {}
    for a in answers:
        for m in _COUNTRY_WORD.finditer(text, a.start, a.end):
            word = m.group()
            hit = COUNTRIES.get(word.lower().rstrip(".")) or COUNTRIES.get(word.split()[0].lower())
            if hit:
                counts[hit] = counts.get(hit, 0) + 1
    return max(counts, key=lambda c: counts[c]) if counts else None


def find_transcript(text: str) -> Transcript | None:
    """Return the transcript answers in `text`, or None if it has no Q/A block."""
    if not any(q in text for q in _Q_LABELS) and not (
        "pokes" in text and _SPOKES_LABEL.search(text)
    ):
        return None  # cheap gate: no question label and no "Spokesperson X:" label
    answers = _answers(text)
    if not answers:
        return None
    first_q = text.find("\n\nQ")
    first_q = answers[0].start if first_q < 0 else min(first_q, answers[0].start)
    speaker, role = _speaker(text, first_q, answers[0].label)
    return Transcript(tuple(answers), speaker, role, _country(text, answers, first_q))
