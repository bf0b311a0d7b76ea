"""Dates as cross-checking needs them: the calendar dates a sentence states, a check of written
weekdays against their dates, and the time markers that make two figures an update rather than
a conflict.

Dates are read by one parser, the reading stage's (``read.dates.find_dates``): its ``dates``
spans (ISO ``date`` attr, ``precision``, ``anchor``) and its weekday errors are used when the
article was read, and the same parser is run here, against the same reference date, when it
was not (cross-checking a story on its own).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from newsloom.model import Article, Span
from newsloom.pipeline.memo import story_cache

_MONTH_NUM = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Words that place a figure at another time than the report's present: "a December figure of 100"
# and "300 as of January" are an update, not a disagreement.
UPDATE_MARKERS = re.compile(
    r"\b(?:earlier|previously|initially|at first|at the time|as of|so far|by then|updated|revised|latest|"
    r"(?:rose|risen|climbed|increased|jumped|grew|reached) to|last (?:week|month|year)|the previous|yesterday|"
    r"(?:in|since|by|until|during) (?:19|20)\d\d|"
    r"(?:years?|months?|weeks?|decades?) (?:ago|after|before|earlier)|"
    + "|".join(sorted((m for m in _MONTH_NUM if len(m) > 3), key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateMention:
    """A calendar date stated in an article: offsets, the date, its precision, any written weekday."""

    article_id: str
    start: int
    end: int
    date: date
    precision: str
    weekday: str | None = None
    # False for a relative date ("yesterday", "on Thursday") that reading resolved against a
    # guessed day (a date found in the text, another article's date) rather than the article's
    # own publication date or a date it wrote just before: where it falls is a guess.
    anchored: bool = True


def reading_dates(article: Article) -> tuple[list[Span], list[Span]]:
    """The article's date spans and weekday errors as reading records them: its annotations when
    it was read, else reading's parser run now against the reference date reading would use."""
    spans = article.annotations.get("dates")
    if spans is not None:
        errors = [
            e for e in article.annotations.get("internal_errors") or [] if e.label == "weekday_mismatch"
        ]
        return spans, errors
    return _read_now(article.text, article.published)


@lru_cache(maxsize=4096)
def _read_now(text: str, published: date | None) -> tuple[list[Span], list[Span]]:
    from newsloom.pipeline.read.dates import find_dates, reference_from_text
    from newsloom.pipeline.read.sentences import split_sentences

    reference, anchor = (published, "published") if published else (reference_from_text(text), "text")
    return find_dates(text, split_sentences(text), reference, anchor if reference else None)


# Where a relative date can be placed from with confidence (reading's ``anchor`` attr): the
# article's publication date, or the date it named just before ("a day later").
_SURE_ANCHORS = frozenset({"published", "previous date"})
# "five days before San Diego's playoff loss": reading counts it from the date written before,
# but it counts from another event; where it falls is a guess.
_FROM_ANOTHER_EVENT = re.compile(r"(?:(?<=before)|(?<=after))\s+(?!that\b|then\b)[\w'’]", re.IGNORECASE)


def article_dates(article: Article) -> list[DateMention]:
    """Calendar dates of an article, from reading's ``dates`` spans (see ``reading_dates``)."""
    spans, _ = reading_dates(article)
    out = []
    for sp in spans:
        raw = sp.attrs.get("date")
        if not raw:
            continue
        try:
            d = date.fromisoformat(str(raw)[:10])
        except ValueError:
            continue
        relative = sp.attrs.get("expression") == "relative"
        anchored = not relative or (
            sp.attrs.get("anchor") in _SURE_ANCHORS and not _FROM_ANOTHER_EVENT.match(article.text, sp.end)
        )
        precision = str(sp.attrs.get("precision") or "day")
        out.append(DateMention(article.id, sp.start, sp.end, d, precision, anchored=anchored))
    return out


def weekday_errors(article: Article) -> list[Span]:
    """Written weekdays that contradict their date (reading's ``weekday_mismatch`` spans).

    >>> from newsloom.model import Article
    >>> [s.attrs["actual_weekday"] for s in weekday_errors(Article(id="a", source="-",
    ...     text="It began on Saturday, January 13, 2025."))]
    ['Monday']
    """
    return reading_dates(article)[1]


@story_cache(maxsize=65536)
def time_signature(text: str) -> frozenset[str]:
    """The time markers of a sentence, folded: months, "earlier", "so far", "last week" and the like."""
    return frozenset(m.group(0).casefold() for m in UPDATE_MARKERS.finditer(text))
