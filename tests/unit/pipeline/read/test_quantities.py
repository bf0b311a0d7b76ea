from hypothesis import given
from hypothesis import strategies as st

from newsloom.pipeline.read.quantities import find_quantities, parse_number
from newsloom.pipeline.read.sentences import split_sentences


def found(text: str) -> list[tuple[str, dict]]:
    spans, _ = find_quantities(text, split_sentences(text))
    return [(text[s.start : s.end], s.attrs) for s in spans]


def values(text: str) -> list[float]:
    return [a["value"] for _, a in found(text)]


def test_digits_with_separators_and_scale_words() -> None:
    assert values("The fund lost 12,450 dollars, then 3.5 million more.") == [12450.0, 3_500_000.0]


def test_number_words() -> None:
    assert values("Twenty-five miners and two hundred residents left.") == [25.0, 200.0]


def test_approximation_words_are_kept_normalised() -> None:
    got = {
        t: a["approx"]
        for t, a in found("About 40 boats sank. More than 12 crew swam. Nearly 9 drowned. Up to 30 fled.")
    }
    assert got == {
        "About 40": "about",
        "More than 12": "more than",
        "Nearly 9": "nearly",
        "Up to 30": "up to",
    }


def test_vague_plurals_count_as_approximate() -> None:
    ((_, attrs),) = found("Thousands of fans marched.")
    assert attrs["value"] == 1000 and attrs["approx"] == "thousands"


def test_subject_is_head_noun_and_event_verb() -> None:
    ((_, attrs),) = found("Officials said 45 Tarvian miners have died underground.")
    assert attrs["subject"] == "Tarvian miners died"


def test_bare_count_inherits_the_noun_of_the_previous_figure() -> None:
    spans = found("Some 80 volunteers were hurt and another 120 were evacuated.")
    assert [a["subject"] for _, a in spans] == ["volunteers hurt", "volunteers evacuated"]


def test_percentages_and_ranges() -> None:
    spans = found("Turnout rose 12% and between 300 and 400 voters queued; 15 percent abstained.")
    assert [(a["value"], a["unit"]) for _, a in spans] == [(12.0, "%"), (300.0, None), (15.0, "%")]
    assert spans[1][1]["high"] == 400.0


def test_years_dates_ordinals_phones_isbns_are_not_quantities() -> None:
    text = (
        "In 2019 the 12th Rifle Regiment moved. Call +1 555 201 3344 today. "
        "See ISBN 978-0-11-222333-4 and p. 45. The 1950-53 war ended at 9 a.m."
    )
    assert values(text) == []


def test_identifiers_are_not_quantities() -> None:
    assert values("The F-16 jets and img_2041.jpg arrived.") == []


def test_pronoun_one_is_not_a_count() -> None:
    assert values("One of the guards said one day they would talk.") == []


def test_consistent_conversion_passes() -> None:
    spans, errors = find_quantities(
        t := "The lake covers 50 square kilometers (19 square miles).", split_sentences(t)
    )
    assert errors == []
    assert spans[0].attrs["conversion"]["agrees"] is True


def test_wrong_conversion_is_an_internal_error() -> None:
    t = "The trail is 10 kilometers (16 miles) long."
    _, errors = find_quantities(t, split_sentences(t))
    assert [e.label for e in errors] == ["unit_conversion"]
    assert t[errors[0].start : errors[0].end] == "10 kilometers (16 miles)"


def test_excluded_offsets_are_skipped() -> None:
    t = "On March 3 they met 20 delegates."
    spans, _ = find_quantities(t, split_sentences(t), exclude=[(3, 10)])
    assert [t[s.start : s.end] for s in spans] == ["20"]


def test_excluded_offsets_may_overlap_and_come_in_any_order() -> None:
    t = "Call 12 or 34 on day 5 for 60 seats."
    spans, _ = find_quantities(t, split_sentences(t), exclude=[(11, 14), (5, 8), (6, 7), (13, 22)])
    assert [t[s.start : s.end] for s in spans] == ["60"]


@given(st.integers(min_value=0, max_value=10**12))
def test_parse_number_reads_grouped_digits(n: int) -> None:
    assert parse_number(f"{n:,}") == float(n)
    assert parse_number(str(n)) == float(n)


@given(st.integers(min_value=1, max_value=99))
def test_parse_number_reads_number_words(n: int) -> None:
    units = [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ]
    tens = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    word = units[n - 1] if n < 20 else tens[n // 10 - 2] + (f"-{units[n % 10 - 1]}" if n % 10 else "")
    assert parse_number(word) == float(n)
    assert parse_number(f"{word} thousand") == float(n * 1000)


@given(st.text(max_size=30))
def test_parse_number_never_raises(s: str) -> None:
    parse_number(s)


def test_compound_adjectives_clock_times_and_frequencies_are_not_counts() -> None:
    assert values("A forty-year-old gate and a 2-day delay; at six o'clock tune to 98.4 FM.") == []


def test_gerund_ends_the_noun_and_stands_in_for_a_missing_verb() -> None:
    ((_, attrs),) = found("Since 2001, about 900 farmers fleeing the drought crossed.")
    assert attrs["head"] == "farmers" and attrs["verb"] == "crossed"
    ((_, attrs),) = found("The town took in 900 farmers fleeing the drought.")
    assert attrs["head"] == "farmers" and attrs["verb"] == "fleeing"


def test_verb_before_a_counted_object() -> None:
    ((_, attrs),) = found("The surge swept the valley, flooding 12 homes.")
    assert attrs["subject"] == "homes flooding"


def test_a_number_of_dozens_is_one_count() -> None:
    got = found("More than two dozen fire engines and three dozen officers came.")
    assert [(t, a["value"], a["approx"]) for t, a in got] == [
        ("More than two dozen", 24.0, "more than"),
        ("three dozen", 36.0, None),
    ]


def test_a_score_is_not_a_count() -> None:
    assert values("Harlow won 2-0 and drew 3-3; Dunmore lost a 6-4 thriller.") == []


def test_two_values_in_either_order_span_the_same_range() -> None:
    spans = {t: (a["value"], a.get("high")) for t, a in found("His sons, ages 16 and 6, and ages 6 and 16.")}
    assert spans == {"16 and 6": (6.0, 16.0), "6 and 16": (6.0, 16.0)}


def test_a_glued_m_before_a_dimension_adjective_is_metres() -> None:
    # "70m-tall" was read as 70 million and then dropped as an adjective
    assert [(a["value"], a["unit"]) for _, a in found("The 70m-tall mast of the Orvik ferry fell.")] == [
        (70.0, "m")
    ]
    assert [(a["value"], a["unit"]) for _, a in found("The 71 metre-tall mast fell.")] == [(71.0, "m")]


def test_a_glued_m_elsewhere_is_still_millions() -> None:
    assert [(a["value"], a["unit"]) for _, a in found("Orvik Lines paid $70m for the ferry.")] == [
        (70_000_000.0, "USD")
    ]
    assert found("The firm made a 70m-plus offer.") == []  # an adjective, not a count


def test_speeds_have_units_however_abbreviated() -> None:
    got = [
        (a["value"], a["unit"]) for _, a in found("It flew at 27,300 kph, then 27,360 km/h, then 900 mph.")
    ]
    assert got == [(27300.0, "km/h"), (27360.0, "km/h"), (900.0, "mph")]


def test_a_speed_conversion_is_checked() -> None:
    spans = found("Gusts of 120 mph (193 km/h) hit the coast; later 100 mph (300 km/h).")
    conversions = [a["conversion"]["agrees"] for _, a in spans if "conversion" in a]
    assert conversions == [True, False]


def test_a_stray_space_after_a_thousands_separator_is_one_figure() -> None:
    # "2, 000ft" was read as "2" and "000ft" (a figure of 0 feet)
    assert [(a["value"], a["unit"]) for _, a in found("The guide fell about 2, 000ft on Mount Orvik.")] == [
        (2000.0, "ft")
    ]
    # a list of small numbers stays a list
    assert values("The crews scored 2, 3 and 4 points.") == [2.0, 3.0]
