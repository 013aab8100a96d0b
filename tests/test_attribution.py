"""Speaker attribution hazards, one handwritten wire snippet each."""

from __future__ import annotations

from model.quotes import Quote, extract_quotes


def _speakers(text: str) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in extract_quotes(text) if q.kind != "term"]


def _one(text: str) -> Quote:
    quotes = [q for q in extract_quotes(text) if q.kind != "term"]
    assert len(quotes) == 1, quotes
    return quotes[0]


def test_attribution_after_quote() -> None:
    q = _one("“We will not back down,” Commerce Secretary Laura Finch said on Friday.")
    assert (q.speaker, q.speaker_role, q.cue) == ("Laura Finch", "Commerce Secretary", "said")


def test_attribution_before_quote_with_colon() -> None:
    q = _one("Commission Executive Vice-President Helena Varga said: “We are de-risking.”")
    assert q.speaker == "Helena Varga"
    assert q.speaker_role == "Commission Executive Vice-President"


def test_attribution_in_the_middle_gives_both_parts_one_speaker() -> None:
    text = "“Dialogue is better,” Minister Kenji Morimoto said. “Our door remains open.”"
    assert _speakers(text) == [
        ("Dialogue is better,", "Kenji Morimoto"),
        ("Our door remains open.", "Kenji Morimoto"),
    ]


def test_split_sentence_quote_keeps_speaker_and_kind() -> None:
    text = "“We value the relationship,” Ortega said, according to a readout, “but it must change.”"
    quotes = extract_quotes(text)
    assert [(q.speaker, q.kind) for q in quotes] == [("Ortega", "direct"), ("Ortega", "direct")]


def test_x_told_y_speaker_is_x() -> None:
    text = (
        "Economy Minister Kenji Morimoto spoke with Commerce Minister Liang Xuefeng. "
        "“Japan values stable trade,” Morimoto told Liang, the readout said."
    )
    q = _one(text)
    assert q.speaker == "Kenji Morimoto"
    assert q.cue == "told"


def test_said_x_inversion_with_appositive_role_and_country() -> None:
    q = _one("“Talks will continue,” said Maria Lopez, Spain's foreign minister, at a briefing.")
    assert q.speaker == "Maria Lopez"
    assert q.speaker_role == "Spain's foreign minister"
    assert q.speaker_country == "ES"


def test_according_to_x() -> None:
    q = _one("The drills were “provocative and dangerous”, according to Defence Minister Ken Sato.")
    assert q.speaker == "Ken Sato"


def test_pronoun_resolves_to_nearest_compatible_person() -> None:
    text = (
        "Senator Marcia Dunleavy met Defence Minister Tom Okoro on Monday. Okoro said the talks "
        "were useful.\n\n“We made progress,” she said. “We will meet again,” he said."
    )
    assert _speakers(text) == [
        ("We made progress,", "Marcia Dunleavy"),
        ("We will meet again,", "Tom Okoro"),
    ]


def test_surname_resolves_to_full_name_as_first_introduced() -> None:
    text = (
        "Commerce Secretary Gina Raimondo visited Beijing.\n\n"
        "“We seek stability,” Raimondo said. “But we will protect our security,” she added."
    )
    assert {s for _, s in _speakers(text)} == {"Gina Raimondo"}


def test_surname_he_is_not_the_pronoun() -> None:
    text = (
        "Commerce Secretary Gina Raimondo met Chinese Vice Premier He Lifeng in Washington.\n\n"
        "He told Raimondo that the curbs were “a serious mistake”.\n\n"
        "“China will respond,” He said."
    )
    quotes = extract_quotes(text)
    assert [(q.text, q.speaker) for q in quotes] == [
        ("a serious mistake", "He Lifeng"),
        ("China will respond,", "He Lifeng"),
    ]
    assert quotes[0].speaker_role == "Chinese Vice Premier"
    assert quotes[0].speaker_country == "CN"


def test_common_word_surname_long() -> None:
    text = (
        "Major General Long Yifan led the Chinese side.\n\n"
        "“Long ago the two sides agreed on rules,” Long told reporters."
    )
    assert _one(text).speaker == "Long Yifan"


def test_role_reference_resolves_to_named_person() -> None:
    text = (
        "Japan's defence minister, Kenji Morimoto, toured the base. "
        "“Deterrence matters,” the minister said."
    )
    q = _one(text)
    assert q.speaker == "Kenji Morimoto"
    assert q.speaker_country == "JP"


def test_unnamed_spokesperson_is_the_role_phrase() -> None:
    text = (
        "A Chinese foreign ministry spokesperson said the visit was “a provocation”.\n\n"
        "“The U.S. must stop,” the spokesperson said."
    )
    quotes = extract_quotes(text)
    assert {q.speaker for q in quotes} == {"Chinese foreign ministry spokesperson"}
    assert {q.speaker_country for q in quotes} == {"CN"}


def test_country_from_possessive_and_demonym() -> None:
    text = "“The sea is ours,” said Wu Tianyu, the top Chinese envoy in Manila."
    q = _one(text)
    assert q.speaker == "Wu Tianyu"
    assert q.speaker_country == "CN"


def test_paragraph_without_attribution_continues_previous_speaker() -> None:
    text = (
        "France's trade minister, Étienne Marchal, said in a statement that Paris stood firm. "
        "The statement read: «Europe will not back down.»"
    )
    assert _one(text).speaker == "Étienne Marchal"


def test_document_subject_is_not_a_speaker() -> None:
    text = (
        "Israel's foreign ministry said in a statement that the restrictions were needed.\n\n"
        "“Israel is acting in accordance with international law,” the statement said."
    )
    assert _one(text).speaker == "Israel's foreign ministry"


def test_lede_country_subject_maps_to_its_official() -> None:
    text = (
        "BEIJING, March 14 (Wire) - China on Saturday vowed to take “all necessary measures”.\n\n"
        "Vice Commerce Minister He Wenqi told a briefing in Beijing that the rules were unfair."
    )
    q = _one(text)
    assert q.speaker == "He Wenqi"
    assert q.kind == "partial"


def test_quoted_as_saying() -> None:
    text = "“Our measures are legitimate,” KCNA quoted a defence ministry spokesperson as saying."
    assert _one(text).speaker == "defence ministry spokesperson"


def test_continuation_after_inverted_attribution_keeps_that_speaker() -> None:
    text = (
        "Analysts said the launch was timed to the drills. “Pyongyang wants to show strength,” "
        "said Lee Jung-ho, a professor in Seoul. “But it keeps the door open.”"
    )
    assert {s for _, s in _speakers(text)} == {"Lee Jung-ho"}


def test_unnamed_office_in_lede_is_its_named_holder() -> None:
    text = (
        "LONDON, Nov 3 (Wire) - Britain's foreign secretary warned that attacks would "
        "'not go unanswered'.\n\n'We will act,' Foreign Secretary Amelia Grant told parliament."
    )
    assert {s for _, s in _speakers(text)} == {"Amelia Grant"}


def test_the_north_is_not_a_person() -> None:
    text = (
        "She did not say whether the North had responded.\n\nNorth Korea's official news agency "
        "said it would bolster its “nuclear war deterrent” in response."
    )
    assert _one(text).speaker == "North Korea's official news agency"
