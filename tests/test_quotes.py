"""Quote extraction: spans, kinds and the never-raise contract (hazard snippets + properties)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model._marks import ALL_MARKS
from model.quotes import Quote, _extract, extract_quotes


def _texts(text: str, kind: str | None = None) -> list[str]:
    return [q.text for q in extract_quotes(text) if kind is None or q.kind == kind]


def _check_offsets(text: str, quotes: list[Quote]) -> None:
    for q in quotes:
        assert 0 <= q.start <= q.end <= len(text)
        span = text[q.start : q.end]
        if q.kind == "transcript" or q.kind == "indirect":
            assert q.text == span
        else:
            # Multi-paragraph quotes drop the paragraph-opening marks inside the span.
            assert len(q.text) <= len(span)
            stripped = "".join(ch for ch in span if ch not in ALL_MARKS)
            assert "".join(ch for ch in q.text if ch not in ALL_MARKS) == stripped


def test_quote_to_dict_round_trips_fields() -> None:
    q = extract_quotes("“We oppose this,” she said.")[0]
    d = q.to_dict()
    assert d["text"] == "We oppose this," and d["kind"] == "direct"
    assert set(d) == {
        "text", "start", "end", "speaker", "speaker_role", "speaker_country", "cue", "kind",
        "context",
    }  # fmt: skip


def test_non_str_raises_type_error() -> None:
    with pytest.raises(TypeError):
        extract_quotes(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        extract_quotes(None)  # type: ignore[arg-type]


def test_empty_and_markless_inputs() -> None:
    assert extract_quotes("") == []
    assert extract_quotes("No quotation here at all.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"We oppose this," she said.', "We oppose this,"),  # straight
        ("“We oppose this,” she said.", "We oppose this,"),  # curly
        ("‘We oppose this,’ she said.", "We oppose this,"),  # single (UK style)
        ("She said: «Nous refusons.»", "Nous refusons."),  # guillemets
        ("Er sagte: „Wir lehnen das ab.“", "Wir lehnen das ab."),  # low-9
        ("”We will respond,” he said.", "We will respond,"),  # mistyped opening mark
    ],
)
def test_quote_mark_styles(text: str, expected: str) -> None:
    quotes = extract_quotes(text)
    assert [q.text for q in quotes] == [expected]
    assert text[quotes[0].start : quotes[0].end] == expected


def test_span_includes_inner_punctuation_only() -> None:
    text = "“Dialogue is better,” he said, “and our door remains open.”"
    assert _texts(text) == ["Dialogue is better,", "and our door remains open."]


def test_apostrophes_do_not_open_single_quotes() -> None:
    text = (
        "China’s ministry and the farmers’ union said ‘no deal’ was possible. It's Beijing's call."
    )
    assert _texts(text) == ["no deal"]


def test_textacy_style_odd_number_of_marks_does_not_break_extraction() -> None:
    text = (
        'Minister Ana Costa said "we will act. Then she added, "It is final," and left. '
        '"Another point," said Costa.'
    )
    quotes = extract_quotes(text)
    assert [q.text for q in quotes] == ["It is final,", "Another point,"]
    assert all(q.speaker == "Ana Costa" for q in quotes)


def test_unclosed_quote_at_end_is_dropped_not_fatal() -> None:
    text = "“First,” he said. Then “an unclosed one"
    assert _texts(text) == ["First,"]


def test_multi_paragraph_quote_is_one_span_without_inner_marks() -> None:
    text = (
        "Varga spoke.\n\n“We are de-risking, not decoupling.\n\n"
        "“Our approach is country-agnostic,” Varga said."
    )
    (q,) = extract_quotes(text)
    assert text[q.start : q.end] == (
        "We are de-risking, not decoupling.\n\n“Our approach is country-agnostic,"
    )
    assert q.text == "We are de-risking, not decoupling.\n\nOur approach is country-agnostic,"
    assert q.speaker == "Varga"


def test_transcript_answers_without_marks() -> None:
    text = (
        "Foreign Ministry Spokesperson Lin Jian's Regular Press Conference on June 3, 2026\n\n"
        "Q: What is China's response?\n\n"
        "A: China firmly opposes this.\n\nWe will take necessary measures.\n\n"
        "Q: Any comment?\n\nA: I have no information to offer."
    )
    quotes = [q for q in extract_quotes(text) if q.kind == "transcript"]
    assert [q.text for q in quotes] == [
        "China firmly opposes this.\n\nWe will take necessary measures.",
        "I have no information to offer.",
    ]
    assert {q.speaker for q in quotes} == {"Lin Jian"}
    assert quotes[0].speaker_country == "CN"


def test_transcript_with_named_labels_and_outlet_questions() -> None:
    text = (
        "Reuters: Will China retaliate?\n\nSpokesperson Lin: We will take all necessary "
        "measures.\n\nAFP: A follow-up.\n\nSpokesperson Lin: I have nothing further."
    )
    quotes = extract_quotes(text)
    assert [q.text for q in quotes] == [
        "We will take all necessary measures.",
        "I have nothing further.",
    ]
    assert all(q.kind == "transcript" and q.speaker == "Lin" for q in quotes)


def test_partial_quotes_in_reported_speech() -> None:
    text = (
        "Wang Yi, China's foreign minister, referred to “in-depth exchanges” and called the "
        "move “a serious provocation”."
    )
    quotes = extract_quotes(text)
    assert [(q.text, q.kind) for q in quotes] == [
        ("in-depth exchanges", "partial"),
        ("a serious provocation", "partial"),
    ]
    assert {q.speaker for q in quotes} == {"Wang Yi"}


def test_scare_quotes_and_coined_terms_are_terms() -> None:
    text = (
        "Analysts criticised Washington's so-called “de-risking” strategy and its "
        "“small yard, high fence” approach."
    )
    assert [(q.text, q.kind) for q in extract_quotes(text)] == [
        ("de-risking", "term"),
        ("small yard, high fence", "term"),
    ]


def test_direct_quote_context_is_the_sentence() -> None:
    text = "Markets fell. “We will not back down,” Finch said on Friday. Shares rose."
    (q,) = extract_quotes(text)
    assert q.context == "“We will not back down,” Finch said on Friday."
    assert q.cue == "said"


def test_indirect_is_off_by_default_and_flagged_when_on() -> None:
    text = "Commerce Secretary Laura Finch defended the curbs as necessary for national security."
    assert extract_quotes(text) == []
    (q,) = extract_quotes(text, indirect=True)
    assert q.kind == "indirect" and q.speaker == "Laura Finch"
    assert q.text == "the curbs as necessary for national security"


_MARKY = st.lists(
    st.sampled_from([*"ab cXY.,:;\n'\"“”‘’«»„-", "He said", "Q: ", "A: ", "Minister Li Wei "]),
    max_size=120,
).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=300), _MARKY))
def test_property_never_raises_and_offsets_consistent(text: str) -> None:
    # The internal entry point too: the public one would hide a crash behind its safety net.
    quotes = _extract(text, False)
    _check_offsets(text, quotes)
    assert quotes == extract_quotes(text)  # deterministic
    for q in extract_quotes(text, indirect=True):
        assert 0 <= q.start <= q.end <= len(text)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from([
    "“We oppose this,” she said.", "Minister He Lifeng told Raimondo: “No.”",
    "‘Fine,’ said Costa.", "\n\n", "It's the farmers’ call.", "so-called “term”", "Q: x?",
    "A: y.", "”Oops,” he said.", "„Ja,“ sagte er.", "«Oui»", "\"odd", " ",
]), max_size=12))  # fmt: skip
def test_property_on_wire_like_fragments(parts: list[str]) -> None:
    text = "".join(parts)
    quotes = _extract(text, True)
    _check_offsets(text, quotes)
    assert quotes == extract_quotes(text)
    assert [q.start for q in quotes] == sorted(q.start for q in quotes)
