"""Numbers as cross-checking compares them: an interval of plausible values, what is counted, and
the event the count belongs to.

Figures are read by one parser, the reading stage's (``read.quantities.find_quantities``): its
``quantities`` spans (``value``, ``unit``, ``approx``, ``high`` attrs) are used when the article
was read, and the same parser is run here when it was not (a story cross-checked on its own).
What is counted and the event verb are read from the sentence here, so two mentions are compared
on the same terms.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from newsloom.model import Article, Span
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
    # "several" is more than two and fewer than ten of the unit
    "several dozen": (36.0, 119.0),
    "several hundred": (300.0, 999.0),
    "several thousand": (3000.0, 9999.0),
    "dozens": (12.0, 200.0),
    "scores": (40.0, 200.0),
    "hundreds": (100.0, 1000.0),
    "thousands": (1000.0, 1e6),
    "tens of thousands": (1e4, 1e6),
    "hundreds of thousands": (1e5, 1e7),
    "millions": (1e6, 1e9),
}
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
        """Whether the two intervals overlap ("about 300" and "300" agree, "thousands" and "2,700"
        too), or one figure is the other rounded ("4%" for 4.1%, "33,000" for 33,412)."""
        if self.low <= other.high and other.low <= self.high:
            return True
        return rounded(self.value, other.value) or rounded(other.value, self.value)


# A rounded figure stands for a precise one only when rounding is what a reporter does to it: to
# fewer decimals, or an integer to the thousands; "70" for "71" is a change, not a rounding.
MIN_ROUNDED_INTEGER = 1000


def _decimals(value: float) -> int:
    """Digits after the point as written: 4.1 -> 1, 4.0 -> 0, 30000 -> -4 (trailing zeros)."""
    if value != int(value):
        return len(repr(value).split(".")[1])
    n, zeros = int(abs(value)), 0
    while n and n % 10 == 0:
        n //= 10
        zeros += 1
    return -zeros


def rounded(precise: float, rough: float) -> bool:
    """Whether ``rough`` is ``precise`` rounded as reporters round (see MIN_ROUNDED_INTEGER).

    >>> rounded(4.1, 4.0), rounded(33412, 33000), rounded(71, 70), rounded(143, 140)
    (True, True, False, False)
    """
    places = _decimals(rough)
    if places >= _decimals(precise):
        return False
    if places < 0 and rough < MIN_ROUNDED_INTEGER:
        return False
    return math.isclose(round(precise, places), rough)


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


def find_numbers(article: Article) -> list[NumberMention]:
    """The figures of an article with intervals and subjects, from reading's quantity spans.

    >>> from newsloom.model import Article
    >>> [(m.value, m.low, m.noun, m.event) for m in find_numbers(Article(id="a", source="-",
    ...     text="About 300 soldiers have died."))]
    [(300.0, 270.0, 'soldier', 'death')]
    """
    text = article.text
    spans = article.annotations.get("quantities")
    if spans is None:
        spans = _read_now(text, article.published)
    out: list[NumberMention] = []
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
        start, end = sp.start, sp.end
        noun, event, mods, counted = _context(text, start, end)
        if noun is None and unit:
            noun = f"unit:{unit}"
        out.append(
            NumberMention(article.id, start, end, value, low, high, approx, unit, noun, event, mods, counted)
        )
    return _inherit_nouns(out, text)


@lru_cache(maxsize=4096)
def _read_now(text: str, published: date | None) -> list[Span]:
    """Reading's quantity spans of an article that was not read (dates excluded, as reading does)."""
    from newsloom.pipeline.crosscheck.dates import reading_dates
    from newsloom.pipeline.read.quantities import find_quantities
    from newsloom.pipeline.read.sentences import split_sentences

    dates, _ = reading_dates(Article(id="-", source="-", text=text, published=published))
    spans, _ = find_quantities(text, split_sentences(text), exclude=[(d.start, d.end) for d in dates])
    return spans


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
