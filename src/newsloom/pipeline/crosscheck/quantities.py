"""Numbers as cross-checking compares them: an interval of plausible values, what is counted, and
the event the count belongs to.

The reading stage's ``quantities`` spans are used when present (their ``value``, ``unit`` and
``approx`` attrs); otherwise a small parser finds digits, number words and vague plurals
("thousands"). What is counted and the event verb are always read from the sentence here, so two
mentions can be compared on the same terms whichever reader produced them.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from dataclasses import dataclass

from newsloom.model import Article
from newsloom.pipeline.crosscheck.text import STOPWORDS, fold, stem

_NUMBER_WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "a hundred": 100,
    "a thousand": 1000,
}
# Vague plurals: the range a reader would accept for each. "thousands" covers 2,700; "dozens"
# does not cover 300.
_VAGUE = {
    "dozens": (12.0, 200.0),
    "scores": (40.0, 200.0),
    "hundreds": (100.0, 1000.0),
    "thousands": (1000.0, 1e6),
    "tens of thousands": (1e4, 1e6),
    "hundreds of thousands": (1e5, 1e7),
    "millions": (1e6, 1e9),
}
_MULTIPLIERS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}

_APPROX = (
    r"about|around|approximately|roughly|some|nearly|almost|close to|an estimated|estimated|"
    r"more than|over|at least|upwards of|in excess of|less than|fewer than|under|up to|at most|as many as|"
    r"another"
)
_QTY = re.compile(
    r"(?:(?P<approx>\b(?:" + _APPROX + r"))\s+)?"
    r"(?P<num>(?<![\w.,$-])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w,]\d)|(?<![\w.,$-])\d+(?:\.\d+)?(?![\w])"
    r"|\b(?:" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")\b"
    r"|\b(?:tens of thousands|hundreds of thousands|dozens|scores|hundreds|thousands|millions)\b)"
    r"(?:\s+(?P<mult>thousand|million|billion|trillion)\b)?"
    r"(?P<pct>\s*%|\s+percent\b|\s+per cent\b)?",
    re.IGNORECASE,
)
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_DATEISH_BEFORE = re.compile(r"(?:\b(?:" + _MONTHS + r")\.?\s*)$", re.IGNORECASE)
_DATEISH_AFTER = re.compile(r"^(?:st|nd|rd|th)?\s+(?:of\s+)?(?:" + _MONTHS + r")\b", re.IGNORECASE)

# What a count is of, by event: the synonyms reporters use for the same outcome.
EVENT_CLASSES: dict[str, str] = {}
for _cls, _ws in {
    "death": "die died dead death deaths killed kill kills killing fatalities fatality perished lives toll "
    "succumbed",
    "injury": "injured injuries injury injuring injure injures wounded wounding wounds hurt hurting",
    "casualty": "casualties",
    "capture": "captured capture detained arrested held seized taken",
    "missing": "missing disappeared",
    "displacement": "displaced evacuated fled homeless",
    "defection": "defected defect defectors fled fleeing",
}.items():
    for _w in _ws.split():
        EVENT_CLASSES.setdefault(_w, _cls)

_VERBISH_STOP = frozenset(
    [
        "of",
        "in",
        "on",
        "at",
        "by",
        "from",
        "for",
        "with",
        "to",
        "and",
        "or",
        "but",
        "as",
        "than",
        "along",
        "across",
        "near",
        "around",
        "into",
        "onto",
        "through",
        "after",
        "before",
        "under",
        "over",
        "about",
        "during",
        "inside",
        "outside",
        "within",
        "without",
        "below",
        "above",
        "behind",
        "beyond",
        "since",
        "per",
        "downstream",
        "upstream",
        "away",
    ]
)
_PARTITIVE = re.compile(r"\s+of\s+(?:the|these|those|them|its|their|his|her)\b", re.IGNORECASE)


@dataclass(frozen=True)
class NumberMention:
    """One figure in one article: offsets, the value's plausible interval, and what it counts."""

    article_id: str
    start: int
    end: int
    value: float
    low: float
    high: float
    approx: str | None
    unit: str | None
    noun: str | None
    event: str | None
    modifiers: frozenset[str] = frozenset()
    counted: str | None = None

    def comparable(self, other: NumberMention) -> bool:
        """Whether both figures count the same thing: one event, one unit, one counted noun.

        Modifiers must not contradict: "Russian soldiers" and "North Korean soldiers" are two
        counts; "soldiers" and "North Korean soldiers" may be one.
        """
        if self.event is None or self.event != other.event or self.unit != other.unit:
            return False
        # an unnamed count ("the two had wished") could be of anything: never compared
        if self.noun is None or other.noun is None or self.noun != other.noun:
            return False
        a, b = self.modifiers, other.modifiers
        return not a or not b or a <= b or b <= a

    def agrees_with(self, other: NumberMention) -> bool:
        """Whether the two intervals overlap: "about 300" and "300" agree, "thousands" and "2,700" too."""
        return self.low <= other.high and other.low <= self.high


def interval(value: float, approx: str | None, unit: str | None) -> tuple[float, float]:
    """The values a reader would accept for a figure written with this approximation word.

    >>> interval(300, "about", None)
    (270.0, 330.0)
    >>> interval(40, "more than", "%")
    (40, 100.0)
    """
    a = (approx or "").casefold().strip()
    top = 100.0 if unit == "%" else math.inf
    for word, (lo, hi) in _VAGUE.items():
        if word in a:
            return lo, min(hi, top)
    if a in {"more than", "over", "at least", "upwards of", "in excess of"}:
        return value, top
    if a in {"less than", "fewer than", "under", "up to", "at most", "as many as"}:
        return 0.0, value
    if a in {"nearly", "almost", "close to"}:
        # "nearly 300" is a little under 300; 15% is wider than any casualty rounding we saw.
        return value * 0.85, value
    if a in {"", "another", "exact"}:
        return value, value
    # about / around / approximately / an estimated / anything else the reader calls approximate:
    # within 10%, so "about 300" agrees with 310 but not with 400.
    return value * 0.9, value * 1.1


def _parse_value(num: str, mult: str | None) -> tuple[float, str | None] | None:
    n = num.casefold().replace(",", "")
    for word, (lo, _hi) in _VAGUE.items():
        if n == word:
            return lo, word
    if n in _NUMBER_WORDS:
        value = float(_NUMBER_WORDS[n])
    else:
        try:
            value = float(n)
        except ValueError:
            return None
    if mult:
        value *= _MULTIPLIERS[mult.casefold()]
    return value, None


def _is_year_or_date(text: str, start: int, end: int, raw: str) -> bool:
    digits = raw.replace(",", "")
    if digits.isdigit() and len(digits) == 4 and "," not in raw and 1800 <= int(digits) <= 2100:
        return True
    before = text[max(0, start - 12) : start]
    after = text[end : end + 14]
    if _DATEISH_BEFORE.search(before) or _DATEISH_AFTER.search(after):
        return True
    # phone-like or code-like neighbours: 555-0100, 3/4, 10:30
    return bool(re.match(r"^[-/:.]\d", after)) or bool(re.search(r"\d[-/:]$", before))


# A sentence boundary inside a context window: end punctuation (optionally closing a quotation)
# followed by a space and a capital or a digit, or a line break. Folded text is lower case, so
# the capital is not required; an abbreviation such as "U.S." followed by a space can end the
# window early, which only loses context, never invents it.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+|\n")


def _context(text: str, start: int, end: int) -> tuple[str | None, str | None, frozenset[str], str | None]:
    """The counted noun after the figure and the event class around it (clause-bounded).

    The window never crosses a sentence end: in "a town of about 15,000 people. It killed 612
    people." the town's population is not a death toll.
    """
    after = _SENTENCE_END.split(fold(text[end : end + 120]), maxsplit=1)[0]
    clause_after = re.split(r"[,;:()\u2014]|\band\b|\bbut\b|\bwhile\b", after, maxsplit=1)[0]
    toks = re.findall(r"[a-z][a-z'-]*", clause_after)
    if toks[:1] == ["of"] and not _PARTITIVE.match(text, end):
        toks = toks[1:]  # "dozens of people": the people are counted
    run: list[str] = []
    for t in toks[:5]:
        if (
            t in STOPWORDS
            or t in _VERBISH_STOP
            or t in EVENT_CLASSES
            or (t.endswith(("ed", "ing")) and len(t) > 4)
        ):
            break
        run.append(t)
    noun = run[-1] if run else None
    modifiers = frozenset(stem(t) for t in run[:-1])
    event = None
    for t in toks[:10]:
        if t in EVENT_CLASSES:
            event = EVENT_CLASSES[t]
            break
    before = _SENTENCE_END.split(fold(text[max(0, start - 40) : start]))[-1]
    before_toks = re.findall(r"[a-z][a-z'-]*", re.split(r"[,;:()]", before)[-1])[-4:]
    if event is None:
        for t in reversed(before_toks):
            if t in EVENT_CLASSES:
                event = EVENT_CLASSES[t]
                break
    if event is None:
        # no known outcome word: the clause's own verb ("were flooded", "flooding 42 homes")
        for t in [*toks[len(run) : len(run) + 8], *reversed(before_toks[-2:])]:
            if (t.endswith("ed") or t.endswith("ing")) and len(t) > 4:
                event = "verb:" + stem(t)
                break
    if event is None and before_toks and before_toks[-1] not in STOPWORDS and before_toks[-1].endswith("s"):
        # a headline's present tense right before the figure: "Storm floods 12 homes"
        raw_before = text[max(0, start - 30) : start].rstrip().rsplit(None, 1)[-1:]
        if raw_before and raw_before[0][:1].islower():
            event = "verb:" + stem(before_toks[-1])
    if _PART_OF.search(text, max(0, start - 30), start):
        # "two of three embassies", "half of the 300 homes": the figure is the whole, and what
        # happened (cleared, flooded) happened to the part, not to it
        return None, None, modifiers, (" ".join(run) or None)
    return (stem(noun) if noun else None), event, modifiers, (" ".join(run) or None)


_PART_OF = re.compile(
    r"\b(?:\d[\d,.]*|one|all|most|some|many|half|"
    + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
    + r")\s+of\s+(?:the\s+|its\s+|their\s+)?$",
    re.IGNORECASE,
)


def _unit_of(text: str, pct: str | None) -> str | None:
    if pct:
        return "%"
    return None


def find_numbers(article: Article) -> list[NumberMention]:
    """The figures of an article with intervals and subjects, from reading's spans or the fallback.

    Reading's spans give value and unit; where the parser here sees an approximation or a vague
    plural at the same place that reading did not record ("Dozens" read as 12), the wider
    interval is kept, because a false conflict costs more than a missed one.

    >>> from newsloom.model import Article
    >>> [(m.value, m.low, m.noun, m.event) for m in find_numbers(Article(id="a", source="-",
    ...     text="About 300 soldiers have died."))]
    [(300.0, 270.0, 'soldier', 'death')]
    """
    text = article.text
    parsed = _parse_text(article)
    spans = article.annotations.get("quantities")
    if spans is None:
        return _inherit_nouns(parsed, text)
    out: list[NumberMention] = []
    parsed_ends = [m.end for m in parsed]
    for sp in spans:
        if not 0 <= sp.start < sp.end <= len(text) or sp.attrs.get("conversion_of") is not None:
            continue
        try:
            value = float(sp.attrs.get("value"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            continue
        if _PARTITIVE.match(text, sp.end):
            continue
        approx = sp.attrs.get("approx")
        unit = sp.attrs.get("unit")
        unit = "%" if unit in {"%", "percent", "per cent"} else unit
        low, high = interval(value, approx, unit)
        top = sp.attrs.get("high")
        if isinstance(top, (int, float)) and top > value:  # a range or two values: "ages 6 and 16"
            high = max(high, interval(float(top), approx, unit)[1])
        # The first of the parser's own figures that overlaps the span: they are in text order
        # and do not overlap, so it is found by bisection, not by a walk over all of them.
        i = bisect_right(parsed_ends, sp.start)
        mine = parsed[i] if i < len(parsed) and parsed[i].start < sp.end else None
        if mine is not None and mine.approx and not approx:
            approx, low, high = mine.approx, min(low, mine.low), max(high, mine.high)
        start, end = (
            min(sp.start, mine.start) if mine else sp.start,
            max(sp.end, mine.end) if mine else sp.end,
        )
        noun, event, mods, counted = _context(text, start, end)
        if noun is None and unit:
            noun = f"unit:{unit}"
        out.append(
            NumberMention(article.id, start, end, value, low, high, approx, unit, noun, event, mods, counted)
        )
    return _inherit_nouns(out, text)


def _parse_text(article: Article) -> list[NumberMention]:
    text = article.text
    out: list[NumberMention] = []
    for m in _QTY.finditer(text):
        raw = m.group("num")
        ns, ne = m.start("num"), m.end("num")
        if raw.casefold() in _NUMBER_WORDS and not re.match(r"\s+\w", text[ne : ne + 3]):
            continue
        if _is_year_or_date(text, ns, ne, raw):
            continue
        if text[ne : ne + 2].casefold() in {"st", "nd", "rd", "th"}:
            continue
        if _PARTITIVE.match(text, m.end()):
            continue
        parsed = _parse_value(raw, m.group("mult"))
        if parsed is None:
            continue
        value, vague = parsed
        approx = (m.group("approx") or "").casefold() or None
        if vague:
            approx = vague
        unit = _unit_of(text, m.group("pct"))
        low, high = interval(value, approx, unit)
        noun, event, mods, counted = _context(text, ns, m.end())
        out.append(
            NumberMention(
                article.id, m.start(), m.end(), value, low, high, approx, unit, noun, event, mods, counted
            )
        )
    return out


def _inherit_nouns(mentions: list[NumberMention], text: str) -> list[NumberMention]:
    """ "300 soldiers have died, and another 2,700 have been injured": 2,700 counts soldiers too.

    Not across a new subject ("12 rebounds, Ben Gordon added 21": Gordon's 21 are points) nor to
    the agent of a passive ("two women were killed during marches by tens of thousands").
    """
    out: list[NumberMention] = []
    prev: NumberMention | None = None
    for m in sorted(mentions, key=lambda x: x.start):
        between = text[prev.end : m.start] if prev is not None else ""
        if (
            m.noun is None
            and m.unit is None
            and prev is not None
            and prev.noun is not None
            and len(between) < 60
            and re.search(r",|\band\b", between)
            and not re.search(r"[.!?]\s|\n", between)
            and not re.search(r"\b[A-Z][a-z]", between)
            and not re.search(r"\bby\s+$", between)
        ):
            m = NumberMention(
                m.article_id,
                m.start,
                m.end,
                m.value,
                m.low,
                m.high,
                m.approx,
                m.unit,
                prev.noun,
                m.event,
                prev.modifiers,
                prev.counted,
            )
        out.append(m)
        prev = m
    return out
