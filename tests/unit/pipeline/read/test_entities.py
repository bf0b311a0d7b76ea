from newsloom.model import Article
from newsloom.pipeline.read.entities import MergedEntities, entity_spans, merge_entities, name_key
from newsloom.pipeline.read.ner_rules import find_entities
from newsloom.pipeline.read.nlp import RawEntity


def article(aid: str, text: str, ents: list[tuple[str, str]] | None = None) -> Article:
    """An article whose entities are the given (surface, type) pairs, found in order."""
    if ents is None:
        raw = find_entities(text)
    else:
        raw, pos = [], 0
        for surface, label in ents:
            start = text.index(surface, pos)
            raw.append(RawEntity(start, start + len(surface), label))
            pos = start + len(surface)
    return Article(id=aid, source=aid, text=text, annotations={"entities": entity_spans(text, raw)})


def groups(merged: MergedEntities) -> list[set[str]]:
    return [{e.name, *e.aliases} for e in merged.entities]


def together(merged: MergedEntities, *names: str) -> bool:
    return any(set(names) <= g for g in groups(merged))


def test_name_key_folds_case_hyphens_diacritics_and_endings() -> None:
    assert name_key("Zelenskyy") == name_key("Zelensky") == name_key("Zelenskiy")
    assert name_key("Park Ji-hoon") == name_key("park jihoon")
    assert name_key("José Müller") == name_key("Jose Muller")
    assert name_key("Ali") != name_key("Aly")  # short names keep their ending


def test_spelling_variants_merge() -> None:
    a = article("a", "Dmitriy Volkov spoke.", [("Dmitriy Volkov", "PERSON")])
    b = article(
        "b",
        "Dmitry Volkov spoke. Jose Muller and Park Ji-hoon left.",
        [("Dmitry Volkov", "PERSON"), ("Jose Muller", "PERSON"), ("Park Ji-hoon", "PERSON")],
    )
    c = article(
        "c", "José Müller and Park Jihoon stayed.", [("José Müller", "PERSON"), ("Park Jihoon", "PERSON")]
    )
    m = merge_entities([a, b, c])
    assert together(m, "Dmitriy Volkov", "Dmitry Volkov")
    assert together(m, "José Müller", "Jose Muller")
    assert together(m, "Park Ji-hoon", "Park Jihoon")


def test_acronyms_defined_in_either_order() -> None:
    a = article(
        "a",
        "The Coastal Water Board (CWB) warned residents. The CWB said more.",
        [("Coastal Water Board", "ORG")],
    )
    b = article(
        "b",
        "FDA, the Food Safety Directorate of Valdoria, objected.",
        [("FDA", "ORG"), ("Food Safety Directorate of Valdoria", "ORG")],
    )
    m = merge_entities([a, b])
    assert together(m, "Coastal Water Board", "CWB")
    assert together(m, "Food Safety Directorate of Valdoria", "FDA")
    cwb = next(e for e in m.entities if e.name == "Coastal Water Board")
    assert len(cwb.mentions) == 3  # the later "CWB" is found even though the engine missed it


def test_word_order_variants_of_ministries() -> None:
    a = article("a", "The Ministry of Fisheries agreed.", [("Ministry of Fisheries", "ORG")])
    b = article("b", "The Fisheries Ministry agreed.", [("Fisheries Ministry", "ORG")])
    assert together(merge_entities([a, b]), "Ministry of Fisheries", "Fisheries Ministry")


def test_curated_equivalences() -> None:
    a = article("a", "North Korea fired a missile.", [("North Korea", "GPE")])
    b = article("b", "The DPRK denied it.", [("DPRK", "ORG")])
    assert together(merge_entities([a, b]), "North Korea", "DPRK")


def test_surname_and_honorific_back_references() -> None:
    a = article(
        "a",
        "Minister Anna Karlsson spoke. Ms. Karlsson said it was over. Karlsson left.",
        [("Anna Karlsson", "PERSON"), ("Karlsson", "PERSON"), ("Karlsson", "PERSON")],
    )
    b = article(
        "b", "Chae Min-seo declined. Chae said nothing.", [("Chae Min-seo", "PERSON"), ("Chae", "PERSON")]
    )
    m = merge_entities([a, b])
    karlsson = next(e for e in m.entities if e.name == "Anna Karlsson")
    assert len(karlsson.mentions) == 3 and "Karlsson" in karlsson.aliases
    assert together(m, "Chae Min-seo", "Chae")  # family name first


def test_description_in_apposition_becomes_an_alias() -> None:
    a = article(
        "a",
        "Valdoria's water regulator, the Coastal Water Board, issued a notice.",
        [("Valdoria", "GPE"), ("Coastal Water Board", "ORG")],
    )
    b = article("b", "Valdoria's water regulator later withdrew it.", [("Valdoria", "GPE")])
    m = merge_entities([a, b])
    board = next(e for e in m.entities if e.name == "Coastal Water Board")
    assert "Valdoria's water regulator" in board.aliases
    assert {c.article_id for c in board.mentions} == {"a", "b"}


def test_north_and_south_are_different_places() -> None:
    a = article(
        "a",
        "North Korea and South Korea met. The North Sudan talks failed.",
        [("North Korea", "GPE"), ("South Korea", "GPE")],
    )
    assert not together(merge_entities([a]), "North Korea", "South Korea")


def test_shared_surname_different_given_name_do_not_merge() -> None:
    a = article(
        "a",
        "John Harrow and Mary Harrow testified. Harrow said little.",
        [("John Harrow", "PERSON"), ("Mary Harrow", "PERSON"), ("Harrow", "PERSON")],
    )
    m = merge_entities([a])
    assert not together(m, "John Harrow", "Mary Harrow")
    # an ambiguous bare surname goes to the nearest full name before it, never to both
    assert sum("Harrow" in g for g in groups(m)) <= 1


def test_shared_middle_name_does_not_merge() -> None:
    a = article(
        "a",
        "Lim Jae Won met Cho Jae Sung. Lim said yes.",
        [("Lim Jae Won", "PERSON"), ("Cho Jae Sung", "PERSON"), ("Lim", "PERSON")],
    )
    m = merge_entities([a])
    assert not together(m, "Lim Jae Won", "Cho Jae Sung")
    assert together(m, "Lim Jae Won", "Lim")


def test_organisation_and_place_of_the_same_name_do_not_merge_by_rule() -> None:
    a = article(
        "a",
        "Jordan said the Jordan Valley Authority (JVA) met in Jordan.",
        [("Jordan Valley Authority", "ORG"), ("Jordan", "GPE")],
    )
    m = merge_entities([a])
    assert not together(m, "Jordan Valley Authority", "Jordan")


def test_war_is_not_the_country() -> None:
    a = article(
        "a", "The Korean War ended; North Korea survived.", [("Korean War", "EVENT"), ("North Korea", "GPE")]
    )
    assert not together(merge_entities([a]), "Korean War", "North Korea")


def test_canonical_is_the_fullest_variant() -> None:
    a = article(
        "a",
        "Zelensky spoke. Volodymyr Zelenskyy agreed.",
        [("Zelensky", "PERSON"), ("Volodymyr Zelenskyy", "PERSON")],
    )
    m = merge_entities([a])
    assert m.entities[0].name == "Volodymyr Zelenskyy"
    assert m.canonical("zelenskiy") == "Volodymyr Zelenskyy"


def test_mentions_are_trimmed_to_the_name() -> None:
    text = "Valdoria’s Coastal Water Board and the President Ida Moss met Mr. Okafor's aide."

    def at(surface: str, label: str) -> RawEntity:
        return RawEntity(text.index(surface), text.index(surface) + len(surface), label)

    raw = [
        at("Valdoria’s Coastal Water Board", "ORG"),
        at("the President Ida Moss", "PERSON"),
        at("Okafor's", "PERSON"),
    ]
    spans = entity_spans(text, raw)
    assert [text[s.start : s.end] for s in spans] == ["Coastal Water Board", "Ida Moss", "Okafor"]
    assert spans[2].attrs["honorific"] == "Mr."
