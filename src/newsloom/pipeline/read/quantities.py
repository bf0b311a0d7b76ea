"""Quantities: figures with their unit, approximation and what they count.

``parse_number`` reads digits with separators ("2,700", "1.5"), scale words ("3 million"),
number words ("two", "twenty-five", "a dozen") and vague plurals ("thousands"). ``find_quantities``
finds them in running text and leaves out what only looks like a count: years, dates, ordinals
("84th"), phone-like strings, ISBNs, identifiers ("F-16", "img_2418"), times and page numbers.
A parenthetical conversion ("984 square kilometers (380 square miles)") is checked; one that does
not convert is returned as an internal error.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from newsloom.model import Span

_UNITS_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS_WORDS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
           "trillion": 1_000_000_000_000, "m": 1_000_000, "bn": 1_000_000_000, "k": 1_000}  # fmt: skip
_VAGUE = {"dozens": 12, "hundreds": 100, "thousands": 1_000, "tens of thousands": 10_000,
          "hundreds of thousands": 100_000, "millions": 1_000_000, "billions": 1_000_000_000,
          # "several" is more than two: "several hundred" is at least 300, "several dozen" 36
          "several dozen": 36, "several hundred": 300, "several thousand": 3_000}  # fmt: skip

_NUMWORD = "|".join(sorted([*_UNITS_WORDS, *_TENS_WORDS], key=len, reverse=True))
_WORDNUM = rf"(?:(?:{_NUMWORD})(?:-(?:{_NUMWORD}))?|a dozen|a hundred|a thousand|a million|dozen)\b"
# "2, 000ft": a thousands separator followed by a stray space (a group of three digits opening on
# 0 is never a number of its own) is one figure, not "2" and "000ft".
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:, 0\d{2})+(?!\d)|\d+(?:\.\d+)?"
_SCALE = r"(?:\s*(?:hundred|thousand|million|billion|trillion)|(?:m|bn|k)\b)"
_VAGUE_RE = r"(?:several\s+(?:dozen|hundred|thousand)\b(?!\s+(?:thousand|million|billion))|tens of thousands|hundreds of thousands|dozens|hundreds|thousands|millions|billions)\b"

_APPROX = (
    r"about|around|approximately|roughly|nearly|almost|some|an estimated|estimated|more than|over|"
    r"at least|up to|as many as|fewer than|less than|under|close to|upwards of|another|only|just"
)
_APPROX_NORMAL = {"an estimated": "approximately", "estimated": "approximately", "roughly": "about",
                  "some": "about", "over": "more than", "upwards of": "more than", "under": "less than",
                  "fewer than": "less than", "as many as": "up to", "almost": "nearly", "close to": "nearly"}  # fmt: skip
_EXACT_MODIFIERS = {"another", "only", "just"}

_UNIT_ALIASES = {
    "square kilometers": "km2", "square kilometres": "km2", "sq km": "km2", "km2": "km2", "km²": "km2",
    "square miles": "sq mi", "square mile": "sq mi", "sq mi": "sq mi",
    "kilometers": "km", "kilometres": "km", "kilometer": "km", "kilometre": "km", "km": "km",
    "miles": "mi", "mile": "mi", "meters": "m", "metres": "m", "meter": "m", "metre": "m",
    "feet": "ft", "foot": "ft", "ft": "ft", "kilograms": "kg", "kilogram": "kg", "kg": "kg",
    "pounds": "lb", "lbs": "lb", "lb": "lb", "tonnes": "t", "tons": "ton", "hectares": "ha", "acres": "acre",
    "liters": "l", "litres": "l", "gallons": "gal", "degrees celsius": "C", "degrees fahrenheit": "F",
    "percent": "%", "per cent": "%", "%": "%", "percentage points": "pp",
    "km/h": "km/h", "kph": "km/h", "kmh": "km/h", "kilometres per hour": "km/h", "kilometers per hour": "km/h",
    "mph": "mph", "miles per hour": "mph",
    "dollars": "USD", "euros": "EUR", "pounds sterling": "GBP", "yuan": "CNY", "yen": "JPY", "won": "KRW",
}  # fmt: skip
_UNIT_RE = "|".join(re.escape(u) for u in sorted(_UNIT_ALIASES, key=len, reverse=True))
_CURRENCY_SIGNS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₩": "KRW"}

# Factor from the first unit to the second.
_CONVERSIONS = {
    ("km2", "sq mi"): 0.386102, ("km", "mi"): 0.621371, ("m", "ft"): 3.28084, ("kg", "lb"): 2.20462,
    ("ha", "acre"): 2.47105, ("l", "gal"): 0.264172, ("t", "ton"): 1.10231, ("km/h", "mph"): 0.621371,
}  # fmt: skip

_NUMBER = rf"(?:{_DIGITS}){_SCALE}?|{_WORDNUM}(?:\s+(?:dozen|hundred|thousand|million|billion))?"
_QUANTITY = re.compile(
    rf"(?<![\w.,/@#$€£¥₩:-])"
    rf"(?:(?P<approx>{_APPROX})\s+)?"
    rf"(?P<currency>[$€£¥₩])?"
    rf"(?P<num>{_NUMBER}|{_VAGUE_RE})"
    rf"(?:\s*(?:-|–|to|and)\s*(?P<high>{_DIGITS}{_SCALE}?|{_WORDNUM}))?"
    rf"(?:\s*(?P<unit>{_UNIT_RE})(?![\w]))?",
    re.IGNORECASE,
)
_ORDINAL_AFTER = re.compile(r"(?:st|nd|rd|th)\b", re.IGNORECASE)
# "the 70m-tall booster", "a 300m-long wall": a glued "m" before a dimension adjective is metres,
# not millions (the scale reading made it "70 million" and the hyphen then dropped it).
_METRES_ADJECTIVE = re.compile(r"-(?:tall|high|long|wide|deep|thick)\b")
_PHONE_OR_ID = re.compile(r"\+?\d[\d ().-]{6,}\d")
_NOT_AFTER = re.compile(
    r"(?:\bp|\bpp|\bno|\bvol|\bsection|\barticle|\bchapter|\bpage|\bisbn|\bissn|#)\.?\s*$", re.I
)
_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_STOP_NOUN = frozenset(
    [
        "of",
        "the",
        "a",
        "an",
        "and",
        "or",
        "but",
        "that",
        "which",
        "who",
        "whom",
        "whose",
        "while",
        "when",
        "where",
        "have",
        "has",
        "had",
        "were",
        "was",
        "are",
        "is",
        "be",
        "been",
        "being",
        "will",
        "would",
        "could",
        "should",
        "may",
        "might",
        "can",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "by",
        "with",
        "as",
        "than",
        "since",
        "during",
        "after",
        "before",
        "into",
        "over",
        "about",
        "against",
        "between",
        "per",
        "each",
        "have",
        "been",
        "this",
        "these",
        "those",
        "it",
        "its",
        "their",
        "his",
        "her",
        "our",
        "in",
        "including",
        "alongside",
    ]
)
_NOT_EVENTS = frozenset(
    [
        "according",
        "including",
        "excluding",
        "regarding",
        "during",
        "nothing",
        "something",
        "anything",
        "being",
    ]
)
_EVENT_VERB = re.compile(
    r"\b(died|killed|injured|wounded|hurt|dead|missing|captured|arrested|detained|displaced|evacuated|"
    r"defected|fled|rescued|freed|released|deported|sentenced|charged|infected|affected|destroyed|damaged|"
    r"lost|made|came|joined|left|taken|seized|retaken|sold|bought|raised|paid|spent|fell|rose|grew|"
    r"[a-z]{3,}ed)\b"
)


def _parse_words(expr: str) -> float | None:
    words = expr.lower().replace("-", " ").split()
    if words and words[0] == "a":
        words = ["one", *words[1:]]
    total, current = 0.0, 0.0
    seen = False
    for w in words:
        if w in _UNITS_WORDS:
            current += _UNITS_WORDS[w]
        elif w in _TENS_WORDS:
            current += _TENS_WORDS[w]
        elif w == "dozen":
            current = (current or 1) * 12
        elif w == "hundred":
            current = (current or 1) * 100
        elif w in ("thousand", "million", "billion", "trillion"):
            total += (current or 1) * _SCALES[w]
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def parse_number(expr: str) -> float | None:
    """The value of a number expression, or None when it is not one.

    >>> [parse_number(x) for x in ("2,700", "3.5 million", "twenty-five", "a dozen", "thousands", "12bn")]
    [2700.0, 3500000.0, 25.0, 12.0, 1000.0, 12000000000.0]
    """
    s = re.sub(r"(?<=\d), (?=0\d\d\b)", ",", " ".join(expr.lower().split()))
    if not s:
        return None
    if s in _VAGUE:
        return float(_VAGUE[s])
    m = re.fullmatch(rf"({_DIGITS})\s*(hundred|thousand|million|billion|trillion|m|bn|k)?", s)
    if m:
        if re.search(r",\d{1,2}(?:\D|$)|,\d{4}", m.group(1)):
            return None
        value = float(m.group(1).replace(",", ""))
        return value * _SCALES[m.group(2)] if m.group(2) else value
    return _parse_words(s)


def _is_year(num: str, text: str, start: int, end: int) -> bool:
    if not re.fullmatch(r"\d{4}s?", num):
        return False
    value = int(num[:4])
    if not 1000 <= value <= 2100:
        return False
    # a four-digit figure followed by a counted noun is a count ("1500 troops"), unless a time
    # preposition or a month stands before it
    before = text[max(0, start - 12) : start].lower()
    if re.search(rf"(?:in|since|by|until|from|of|the|year|early|late|mid|({_MONTHS})\.?,?)\s*$", before):
        return True
    after = text[end : end + 20]
    return not re.match(r"\s+[a-z]{3,}s\b", after)


def _head_and_verb(text: str, end: int, sentence_end: int) -> tuple[str | None, str | None]:
    """The counted noun phrase after a figure and the event verb of its clause."""
    # The phrase is read from the first 120 characters and the verb from the 80 after it; the
    # bound keeps a figure in a sentence of 100,000 characters from reading all of it.
    rest = text[end : min(sentence_end, end + 600)]
    words = list(re.finditer(r"[A-Za-z][\w’'-]*", rest[:120]))
    phrase: list[str] = []
    last_end = 0
    for w in words:
        gap = rest[last_end : w.start()]
        if phrase and re.search(r"[,;:()\"“”]", gap):
            break
        if not phrase and re.search(r"[,;:()]", gap):
            break
        token = w.group(0)
        low = token.lower()
        if (
            low in _STOP_NOUN
            or _EVENT_VERB.fullmatch(low)
            or (token.islower() and low.endswith("ing") and len(low) > 4)
        ):
            break
        phrase.append(token)
        last_end = w.end()
        if len(phrase) == 4:
            break
    head = " ".join(phrase) if phrase else None
    clause = re.split(
        r"[;.]|,\s+(?:and|but|while|which)\b|\band\s+(?:another\s+)?\d", rest[last_end:], maxsplit=1
    )[0]
    verb = _EVENT_VERB.search(clause[:80]) or re.match(r"\s*([a-z]{2,}ing)\b", clause)
    return head, (verb.group(1) if verb else None)


_ORDINAL = re.compile(r"(?<![\w.,$-])(\d{1,4})(?:st|nd|rd|th)\b", re.IGNORECASE)


def find_ordinals(text: str, sentences: Sequence[tuple[int, int]]) -> list[Span]:
    """Ordinals written in digits ("his 9th attempt", "the 21st floor") as spans labelled
    ``"ordinal"`` with a ``value`` attr: kept apart from quantities (an ordinal is a position, not
    a count), for cross-checking to compare between copies of one sentence.

    >>> [(s.start, s.attrs["value"]) for s in find_ordinals("Her 10th win.", [(0, 13)])]
    [(4, 10.0)]
    """
    out = []
    for s_start, s_end in sentences:
        for m in _ORDINAL.finditer(text, s_start, s_end):
            out.append(
                Span(start=m.start(), end=m.end(), label="ordinal", attrs={"value": float(m.group(1))})
            )
    return out


class _Intervals:
    """Half-open intervals, asked whether they hold a position in logarithmic time (a page of
    thousands of figures and phone numbers asked each figure against every interval)."""

    def __init__(self, intervals: Sequence[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for a, b in sorted(i for i in intervals if i[0] < i[1]):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        self._starts = [a for a, _ in merged]
        self._ends = [b for _, b in merged]

    def __contains__(self, position: int) -> bool:
        i = bisect_right(self._starts, position) - 1
        return i >= 0 and position < self._ends[i]


def find_quantities(
    text: str, sentences: Sequence[tuple[int, int]], exclude: Sequence[tuple[int, int]] = ()
) -> tuple[list[Span], list[Span]]:
    """Quantity spans of ``text`` and internal errors (unit conversions that do not agree).

    ``exclude`` holds offsets already taken by other annotations (dates), never counted.
    """
    spans: list[Span] = []
    errors: list[Span] = []
    # phone numbers, ISBNs and other long digit groups: every number inside them is excluded
    exclude = [*exclude]
    for ph in _PHONE_OR_ID.finditer(text):
        if len(re.findall(r"\d+", ph.group(0))) >= 3:
            exclude.append((ph.start(), ph.end()))
    excluded = _Intervals(exclude)
    for s_start, s_end in sentences:
        prev_head: str | None = None
        for m in _QUANTITY.finditer(text, s_start, s_end):
            num = m.group("num")
            n_start, n_end = m.start("num"), m.end("num")
            if n_start in excluded:
                continue
            glued = _ORDINAL_AFTER.match(text, n_end) or (
                text[n_end : n_end + 1].isalpha() and not m.group("unit")
            )
            if glued and not re.compile(r"(?:m|bn|k)\b", re.I).match(text, n_end) and num[-1:].isdigit():
                continue  # "84th", "3G": an ordinal or a code, not a count
            if text[n_end : n_end + 1] in ("/", "_") or (
                text[n_end : n_end + 1] == "-"
                and text[n_end + 1 : n_end + 2].isdigit()
                and not m.group("high")
            ):
                continue
            low_num = " ".join(num.lower().split())
            if (
                low_num in ("one", "a dozen")
                and not m.group("unit")
                and not re.compile(r"\s+(?:hundred|thousand|million|billion)").match(text, n_end)
            ):
                continue  # "one of them", "one day": a pronoun or article more than a count
            if _NOT_AFTER.search(text, max(0, n_start - 10), n_start):
                continue
            metres = num[-1:] == "m" and num[-2:-1].isdigit() and bool(_METRES_ADJECTIVE.match(text, n_end))
            if metres:
                num = num[:-1]
            elif re.match(r"-[a-z]", text[n_end : n_end + 2]) or re.compile(
                r"\s*(?:o['’]clock|FM|AM|MHz|kHz)\b"
            ).match(text, n_end):
                continue  # "forty-year-old", "two-day": an adjective; "six o'clock", "98.4 FM": not a count
            if _is_year(num, text, n_start, n_end) or re.fullmatch(r"\d{4}s", num):
                continue
            if re.compile(r"\s*(?:a\.m\.|p\.m\.|am\b|pm\b|:\d)").match(text, n_end) or (
                m.group("high") is None
                and re.compile(r"\s*[-–]\s*\d{2}\b").match(text, n_end)
                and _is_year(num, text, n_start, n_end)
            ):
                continue
            value = parse_number(num)
            if value is None:
                continue
            if m.group("high") and (
                m.group("high").isdigit() and len(m.group("high")) == 2 and len(num) == 4
            ):
                continue  # "1950-53": a span of years
            unit_raw = m.group("unit")
            unit = _UNIT_ALIASES.get(unit_raw.lower()) if unit_raw else None
            if m.group("currency"):
                unit = _CURRENCY_SIGNS[m.group("currency")]
            if metres:
                unit = "m"
            approx = m.group("approx").lower() if m.group("approx") else None
            if approx in _EXACT_MODIFIERS:
                approx = None
            approx = _APPROX_NORMAL.get(approx, approx) if approx else None
            if low_num in _VAGUE:
                approx = low_num
            attrs: dict[str, object] = {"value": value, "unit": unit, "approx": approx}
            if m.group("high"):
                high = parse_number(m.group("high"))
                joiner = text[m.end("num") : m.start("high")].strip()
                if high is not None and high <= value and joiner in ("-", "–"):
                    continue  # "a 2-0 win", "a 6-3 vote": a score, not a count or a range
                if high is not None and high > value:
                    attrs["high"] = high
                elif high is not None and high < value and joiner.lower() == "and":
                    # "two sons, ages 16 and 6": the two values, read as the range they span
                    attrs["value"], attrs["high"] = high, value
            head, verb = _head_and_verb(text, m.end(), s_end)
            # a count as the object of its event: "flooding 12 homes", "killed 5 people"
            before = re.search(
                r"\b([a-z]{3,}(?:ed|ing)|killed|hurt)\s+$", text[max(s_start, m.start() - 25) : m.start()]
            )
            if before and before.group(1) not in _STOP_NOUN and before.group(1) not in _NOT_EVENTS:
                verb = before.group(1)
            if head is None or (unit and head.lower().startswith(("of", "("))):
                head = prev_head if unit is None else None
            if head and unit is None:
                prev_head = head
            attrs["subject"] = " ".join(x for x in (head, verb) if x) or None
            attrs["head"] = head
            attrs["verb"] = verb
            span_start = m.start("approx") if m.group("approx") else m.start()
            span = Span(start=span_start, end=m.end(), label="quantity", attrs=attrs)
            # match(text, pos), not match(text[pos:]): a copy of the rest of the text for each
            # figure made a page of figures quadratic.
            conv = re.compile(
                rf"\s*\(\s*(?:about\s+|approximately\s+|around\s+|some\s+)?({_DIGITS})\s*({_UNIT_RE})\s*\)",
                re.I,
            ).match(text, m.end())
            if conv and unit:
                other_unit = _UNIT_ALIASES.get(conv.group(2).lower())
                other_value = parse_number(conv.group(1))
                if other_unit and other_value is not None:
                    c_start, c_end = conv.start(1), conv.end(2)
                    agrees, expected = _conversion_agrees(value, unit, other_value, other_unit)
                    attrs["conversion"] = {"value": other_value, "unit": other_unit, "agrees": agrees}
                    span = Span(start=span.start, end=span.end, label="quantity", attrs=attrs)
                    spans.append(Span(start=c_start, end=c_end, label="quantity",
                                      attrs={"value": other_value, "unit": other_unit, "approx": approx,
                                             "subject": attrs["subject"], "head": head, "verb": verb,
                                             "conversion_of": [span.start, span.end]}))  # fmt: skip
                    if agrees is False:
                        errors.append(Span(start=span.start, end=conv.end(), label="unit_conversion",
                                           attrs={"stated": [value, unit, other_value, other_unit],
                                                  "expected": expected}))  # fmt: skip
            spans.append(span)
    spans.sort(key=lambda s: (s.start, s.end))
    return spans, errors


def _conversion_agrees(
    value: float, unit: str, other: float, other_unit: str
) -> tuple[bool | None, float | None]:
    """Whether ``value unit`` is ``other other_unit`` up to rounding; None when we cannot tell."""
    if (unit, other_unit) == ("C", "F"):
        expected = value * 9 / 5 + 32
    elif (unit, other_unit) == ("F", "C"):
        expected = (value - 32) * 5 / 9
    elif (unit, other_unit) in _CONVERSIONS:
        expected = value * _CONVERSIONS[(unit, other_unit)]
    elif (other_unit, unit) in _CONVERSIONS:
        expected = value / _CONVERSIONS[(other_unit, unit)]
    else:
        return None, None
    # Writers round conversions: accept 5 % or the rounding of the stated figure, whichever is
    # looser (984 km2 = 379.9 sq mi, written 380; 10 km = 6.2 mi, written 6).
    digits = len(str(int(other))) if other >= 1 else 1
    rounding = 10 ** max(0, digits - 2) / 2
    ok = abs(expected - other) <= max(0.05 * abs(expected), rounding, 0.5)
    return ok, round(expected, 2)
