"""Dates as cross-checking needs them: the calendar dates a sentence states, a check of written
weekdays against their dates, and the time markers that make two figures an update rather than
a conflict.

The reading stage's ``dates`` spans (ISO ``date`` attr, ``precision``) are used when present;
the explicit-date parser here is the fallback, and also finds "Saturday, January 13, 2025"
when the reader did not record the weekday error itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from newsloom.model import Article, Span

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
_MONTH_RE = r"(?P<month>" + "|".join(sorted(_MONTH_NUM, key=len, reverse=True)) + r")\.?"
_WEEKDAY_RE = r"(?P<weekday>" + "|".join(WEEKDAYS) + r")"
_MDY = re.compile(
    r"(?:"
    + _WEEKDAY_RE
    + r",?\s+)?\b"
    + _MONTH_RE
    + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{4}))?\b",
    re.IGNORECASE,
)
_DMY = re.compile(
    r"(?:"
    + _WEEKDAY_RE
    + r",?\s+(?:the\s+)?)?\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?"
    + _MONTH_RE
    + r"(?:,?\s+(?P<year>\d{4}))?\b",
    re.IGNORECASE,
)
_ISO = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b")

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


def _year_hint(article: Article) -> int | None:
    if article.published:
        return article.published.year
    m = re.search(r"\b(19\d\d|20\d\d)\b", article.text)
    return int(m.group(1)) if m else None


def parse_explicit_dates(article: Article) -> list[DateMention]:
    """Explicit calendar dates in the text ("January 13, 2025", "13 Jan 2025", "2025-01-13").

    A date written without a year takes the publication year (or the first year in the text).

    >>> from newsloom.model import Article
    >>> [(d.date.isoformat(), d.weekday) for d in parse_explicit_dates(Article(id="a", source="-",
    ...     text="It began on Saturday, January 13, 2025."))]
    [('2025-01-13', 'Saturday')]
    """
    return [DateMention(article.id, *found) for found in _explicit_dates(article.text, _year_hint(article))]


@lru_cache(maxsize=4096)
def _explicit_dates(text: str, hint: int | None) -> tuple[tuple[int, int, date, str, str | None], ...]:
    found: list[tuple[int, int, date, str, str | None]] = []
    taken: list[tuple[int, int]] = []
    for rx in (_ISO, _MDY, _DMY):
        for m in rx.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            month_raw = m.group("month")
            month = (
                int(month_raw) if month_raw.isdigit() else _MONTH_NUM.get(month_raw.casefold().rstrip("."))
            )
            year = int(m.group("year")) if m.group("year") else hint
            if month is None or year is None:
                continue
            if rx is not _ISO and month_raw.casefold() == "may" and not m.group("year"):
                continue  # "may 5" is too often the modal verb
            try:
                d = date(year, month, int(m.group("day")))
            except ValueError:
                continue
            wd = m.groupdict().get("weekday")
            found.append((m.start(), m.end(), d, "day", wd.capitalize() if wd else None))
            taken.append((m.start(), m.end()))
    return tuple(sorted(found, key=lambda d: d[0]))


# Where a relative date can be placed from with confidence (reading's ``anchor`` attr): the
# article's publication date, or the date it named just before ("a day later").
_SURE_ANCHORS = frozenset({"published", "previous date"})
# "five days before San Diego's playoff loss": reading counts it from the date written before,
# but it counts from another event; where it falls is a guess.
_FROM_ANOTHER_EVENT = re.compile(r"(?:(?<=before)|(?<=after))\s+(?!that\b|then\b)[\w'’]", re.IGNORECASE)


def article_dates(article: Article) -> list[DateMention]:
    """Calendar dates of an article: reading's ``dates`` spans, else the explicit-date parser."""
    spans = article.annotations.get("dates")
    if spans is None:
        return parse_explicit_dates(article)
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
    """Written weekdays that contradict their date, as ``internal_errors`` spans.

    >>> from newsloom.model import Article
    >>> [s.attrs["actual_weekday"] for s in weekday_errors(Article(id="a", source="-",
    ...     text="It began on Saturday, January 13, 2025."))]
    ['Monday']
    """
    out = []
    for d in parse_explicit_dates(article):
        if d.weekday is None:
            continue
        if d.date.year == _year_hint(article) and not re.search(r"\d{4}", article.text[d.start : d.end]):
            continue  # the year was guessed; a weekday cannot be checked against a guess
        actual = WEEKDAYS[d.date.weekday()]
        if actual != d.weekday:
            out.append(
                Span(
                    start=d.start,
                    end=d.end,
                    label="weekday_mismatch",
                    attrs={
                        "date": d.date.isoformat(),
                        "written_weekday": d.weekday,
                        "actual_weekday": actual,
                    },
                )
            )
    return out


@lru_cache(maxsize=65536)
def time_signature(text: str) -> frozenset[str]:
    """The time markers of a sentence, folded: months, "earlier", "so far", "last week" and the like."""
    return frozenset(m.group(0).casefold() for m in UPDATE_MARKERS.finditer(text))
