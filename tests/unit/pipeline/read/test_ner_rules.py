from newsloom.pipeline.read.ner_rules import find_entities


def ents(text: str) -> list[tuple[str, str]]:
    return [(text[e.start : e.end], e.label) for e in find_entities(text)]


def test_titles_split_nationality_from_person() -> None:
    assert ents("Valdorian Prime Minister Ida Moss resigned.") == [
        ("Valdorian", "NORP"),
        ("Ida Moss", "PERSON"),
    ]


def test_organisations_by_head_word_with_connectors() -> None:
    assert ("Ministry of Coastal Affairs", "ORG") in ents(
        "She joined the Ministry of Coastal Affairs in spring."
    )


def test_places_from_the_gazetteer_and_prepositions() -> None:
    got = ents("Talks in Norway and in Brellin continued.")
    assert ("Norway", "GPE") in got and ("Brellin", "GPE") in got


def test_acronyms_are_organisations() -> None:
    assert ents("Officials at the WHO and the UN agreed.") == [("WHO", "ORG"), ("UN", "ORG")]


def test_sentence_initial_common_words_are_not_names() -> None:
    got = ents("Despite the rain, crowds came. Meanwhile the river rose. Additionally, roads closed.")
    assert got == []


def test_surname_alone_is_a_person_when_a_full_name_has_it() -> None:
    got = ents("Tomas Brandt arrived late. Brandt apologised.")
    assert got == [("Tomas Brandt", "PERSON"), ("Brandt", "PERSON")]


def test_events_and_calendar_words() -> None:
    got = ents("After the Second Coastal War, on Monday in January, Lena Vogt spoke.")
    assert ("Second Coastal War", "EVENT") in got
    assert not any(t in ("Monday", "January") for t, _ in got)


def test_shouted_lines_are_not_names() -> None:
    assert ents("SUBSCRIBE TO OUR CHANNEL") == []


def test_possessive_stops_the_name() -> None:
    assert ents("Norway’s Coastal Agency acted.") == [("Norway", "GPE"), ("Coastal Agency", "ORG")]


def test_town_before_a_state_is_a_place() -> None:
    got = ents("The clinic in Brellin, Calif. and the farm near Oskaton, Norway closed.")
    assert ("Oskaton", "GPE") in got and ("Calif", "GPE") in got
    assert ("Brellin", "GPE") in got


def test_pronoun_i_is_not_a_name() -> None:
    assert ents("Then I left.") == []
