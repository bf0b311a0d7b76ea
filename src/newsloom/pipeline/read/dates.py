"""Dates in running text, resolved to the calendar against a reference date.

Explicit dates ("January 13, 2025", "Jan. 9", "13 January 2025", "2025-01-13") and relative ones
("on Monday", "Sunday", "late December", "last autumn", "in August", "yesterday", "a day later").
A weekday is the one on or before the reference date (news reports what has happened), or the
next one when its sentence speaks of the future ("will", "next"). A month or day without a year
takes the year that puts it nearest the reference date. When the reference is borrowed from
another article of the story (anchor ``"story:<id>"``: the article has no date of its own), the
article may have been written days before or after it, so a weekday is the occurrence nearest
the reference (within three days either side; three back against four ahead goes ahead only in
a sentence about the future) and a day without a year the nearest one, across
a year boundary when that is nearer ("Jan. 6" against a December 18 reference is January 6 of
the next year), never the same month eleven months back. When the reference is the date of
another event of the article's thread (anchor ``"thread:<id>"``: no article of its story has a
date), the article reports a later development, and a weekday is the first one after it. When
the article's lead moved such a borrowed date by a span ("six weeks into the strike"; anchor
``"lead:story:<id>"`` or ``"lead:thread:<id>"``), the moved date is an estimate of its own, and
a weekday is the occurrence nearest it, as against another article's date.

A dateline ("HARBOURTON, March 12 /Coast Wire/.", "OSLO, Jan. 6 (Wire) -") dates the article, not
an event: its date span carries ``dateline: True``, and :func:`own_reference` takes it as the
article's own date before any date in the body. A posting stamp left in the text ("Posted in
Harbour News on Wednesday, March 13, 2030.") dates the page too: ``page_stamp: True``. "A day
later" counts from the date mentioned before it in the same article. A weekday that contradicts its date ("Saturday,
January 13, 2025", a Monday) is returned as an internal error.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

from newsloom.model import Span

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
_SEASON_START = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "ten": 10, "several": None}  # fmt: skip

_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?)"
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"(?<![\d-])(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)(?![\d-])")),
    ("mdy", re.compile(rf"\b(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAY}(?![\d:])(?:,?\s+{_YEAR})?(?!\d)")),
    (
        "dmy",
        re.compile(rf"(?:{_WEEKDAY},?\s+)?(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?(?!\d)"),
    ),
    (
        "part_month",
        re.compile(
            rf"(?P<part>early|mid|late|the end of|the beginning of|the start of)[\s-]+{_MONTH}(?:\s+{_YEAR})?\b",
            re.I,
        ),
    ),
    ("month_year", re.compile(rf"\b{_MONTH}\s+{_YEAR}\b")),
    ("in_month", re.compile(rf"(?:\b(?:in|since|until|by|during|last|this|next)\s+){_MONTH}(?!\s+\d)\b")),
    (
        "season",
        re.compile(
            r"\b(?:(?P<rel>last|this|next|early|late)\s+)?(?P<season>spring|summer|autumn|fall|winter)(?:\s+(?:of\s+)?(?P<year>(?:19|20)\d\d))?\b",
            re.I,
        ),
    ),
    (
        "part_year",
        re.compile(
            r"\b(?P<part>early|mid|late|in|since|during|until)[\s-]+(?P<year>(?:19|20)\d\d)(?![\d-])\b", re.I
        ),
    ),
    ("relative_day", re.compile(r"\b(?P<word>today|yesterday|tomorrow|the day before yesterday)\b", re.I)),
    (
        "later",
        re.compile(
            r"\b(?P<n>a|an|one|two|three|four|five|six|seven|ten|\d+)\s+(?P<unit>day|days|week|weeks)\s+(?P<dir>later|earlier|before|after)\b(?!\s+(?:the|a|an|his|her|their|its)\b)(?!(?<=after)\s+\w)(?!(?<=before)\s+\w)",
            re.I,
        ),
    ),
    ("next_day", re.compile(r"\bthe\s+(?P<dir>next|following|previous)\s+day\b", re.I)),
    ("rel_period", re.compile(r"\b(?P<rel>last|this|next)\s+(?P<unit>month|year)\b", re.I)),
    (
        "weekday",
        re.compile(
            rf"\b(?:(?P<rel>last|this|next|on|since|until|by|late|early)\s+)?{_WEEKDAY}(?:\s+(?P<tod>morning|afternoon|evening|night))?\b"
        ),
    ),
]
_FUTURE = re.compile(
    r"\b(will|shall|next|upcoming|is due|are due|is expected to|are expected to|plans? to|is set to|are set to|scheduled)\b",
    re.I,
)


# A verb in the past tense right before the date ("voted on Thursday", "said Tuesday") puts the
# date in the past even in a sentence about the future ("workers will strike after they voted on
# Thursday"). Participles of plans ("scheduled", "expected", "planned") are no past.
_PAST_BEFORE = re.compile(
    r"\b(?!(?:scheduled|expected|planned|slated|set|due|proposed|delayed|postponed|needed)\b)"
    r"(?:[a-z]{3,}ed|said|was|were|met|won|held|took|made|told|came|went|left|began|gave|fell|rose|"
    r"struck|sent|led|lost|paid|sold|spoke|wrote|became|got|did|died|announced)"
    r"(?:\s+(?:late|early))?(?:\s+on)?\s*$"
)


# A page's posting stamp glued into its text ("Posted in Harbour News on Wednesday, March 13,
# 2030.", "Esq.posted in Accidents on ...", "| Updated: March 13, 2030"): the words before the
# date open their sentence, or follow a mark (a bar, a dash, a full stop glued to the word), with
# "posted", "updated", "published" or "modified" and no subject ("The report was published on
# Friday", "Ann Berg, 34, posted to her page on Monday" tell an event). The
# date dates the page, not an event: its span carries ``page_stamp: True``.
_PAGE_STAMP = re.compile(
    r"(?:^|(?<=[.|•·:–—-]))\s*(?:last\s+)?(?:posted|updated|published|modified)\b"
    r"(?:\s+(?:in|at|under|to)\s+[^.\n]{1,60}?)?[\s:]*(?:on\s+)?$",
    re.I,
)


def _month(s: str) -> int:
    return MONTHS[s.lower().rstrip(".")]


def _nearest_year(
    month: int, day: int, ref: date, future: bool, slack_days: int = 31, borrowed: bool = False
) -> date | None:
    """``month``/``day`` placed in the year the reference date implies.

    News reports what has happened: the latest such date on or before the reference, except
    that a day up to ``slack_days`` ahead stays in the reference's year (an event announced
    for later this month), and a sentence about the future takes the next one. Against a
    ``borrowed`` reference (another article's date) the article's own day is unknown, so the
    nearest such date wins, in whichever year.
    """

    def make(year: int) -> date | None:
        try:
            return date(year, month, day)
        except ValueError:
            return None  # February 29 outside a leap year, April 31, ...

    if borrowed:
        candidates = [d for d in (make(ref.year - 1), make(ref.year), make(ref.year + 1)) if d is not None]
        return min(candidates, key=lambda d: (abs((d - ref).days), d)) if candidates else None
    this = make(ref.year)
    if future:
        return this if this is not None and this >= ref else make(ref.year + 1)
    if this is not None and this <= ref + timedelta(days=slack_days):
        return this
    return make(ref.year - 1)


def _weekday_date(
    weekday: int, ref: date, rel: str | None, future: bool, borrowed: bool = False, later: bool = False
) -> date:
    back = (ref.weekday() - weekday) % 7
    if later:
        # the date of another event of the thread: this article reports a later development
        # (it is a story of its own), so its weekday is the first one after that date.
        return ref + timedelta(days=(weekday - ref.weekday()) % 7 or 7)
    if borrowed and rel not in ("last", "next"):
        # another article's date: this one may be days before or after it. The nearest wins;
        # three days back against four ahead is too close to call, and the tense decides.
        ahead = 7 - back if back else 0
        after = ahead < back or (future and ahead - back <= 1)
        return ref + timedelta(days=ahead) if after else ref - timedelta(days=back)
    if rel == "next" or (future and rel != "last"):
        ahead = (weekday - ref.weekday()) % 7
        return ref + timedelta(days=ahead or 7) if rel == "next" else ref + timedelta(days=ahead)
    if rel == "last":
        return ref - timedelta(days=back or 7)
    return ref - timedelta(days=back)


def explicit_full_dates(text: str) -> list[date]:
    """Every explicit day-month-year date of ``text`` (no reference needed), in text order."""
    out = []
    for kind in ("iso", "mdy", "dmy"):
        pat = dict(_PATTERNS)[kind]
        for m in pat.finditer(text):
            d = _explicit(m, kind, None, False)
            if d is not None:
                out.append((m.start(), d))
    return [d for _, d in sorted(out)]


def _explicit(
    m: re.Match[str], kind: str, ref: date | None, future: bool, borrowed: bool = False
) -> date | None:
    try:
        month = int(m.group("mnum")) if kind == "iso" else _month(m.group("month"))
        day = int(m.group("day"))
        if m.group("year"):
            return date(int(m.group("year")), month, day)
    except ValueError:
        return None
    return _nearest_year(month, day, ref, future, borrowed=borrowed) if ref else None


# A dateline opening the article: an upper-case place ("NEW YORK", "BATON ROUGE, La."), a
# comma, a month and day (a year at most), then an agency mark ("/Wire/", "(Wire)") and/or a dash.
_DATELINE = re.compile(
    r"\A\s*[A-Z][A-Z.'’-]+(?:[ \t]+[A-Z][A-Z.'’-]+){0,3}(?:,[ \t]+[A-Z][A-Za-z.]+(?:[ \t][A-Z][A-Za-z.]+)?)?,[ \t]+"
    rf"(?P<date>{_MONTH}[ \t]+{_DAY}(?:,?[ \t]+{_YEAR})?)\.?[ \t]*"
    r"(?:(?:/[^/\n]{1,30}/|\([^)\n]{1,30}\))\.?[ \t]*[-—–:]?|[-—–:])"
)


def dateline_span(text: str) -> tuple[int, int] | None:
    """The characters of the date of a dateline opening ``text``, if it opens on one.

    >>> dateline_span("OSLO, Jan. 6 (Wire) - The port reopened.")
    (6, 12)
    >>> dateline_span("In Oslo, Jan. 6 was the day the port reopened.") is None
    True
    """
    m = _DATELINE.match(text)
    return (m.start("date"), m.end("date")) if m else None


def dateline_day(text: str, context: date | None) -> date | None:
    """The date of the dateline opening ``text``; without a year, the one nearest ``context``."""
    m = _DATELINE.match(text)
    if not m:
        return None
    try:
        month, day = _month(m.group("month")), int(m.group("day"))
        if m.group("year"):
            return date(int(m.group("year")), month, day)
    except ValueError:
        return None
    return _nearest_year(month, day, context, False, borrowed=True) if context else None


def own_reference(text: str, context: date | None = None) -> tuple[date | None, str | None]:
    """(the article's own date read from its text, ``"dateline"`` or ``"text"``), or (None, None).

    The dateline first (its year from the text's explicit full dates, else from ``context``, the
    story's date); else the most frequent explicit full date (:func:`reference_from_text`).
    """
    in_text = reference_from_text(text)
    on_dateline = dateline_day(text, in_text or context)
    if on_dateline is not None:
        return on_dateline, "dateline"
    return (in_text, "text") if in_text else (None, None)


def mark_quoted(dates: Sequence[Span], quotes: Sequence[Span]) -> list[Span]:
    """The date spans, those inside a quotation carrying ``in_quote: True``."""
    inside = [(q.start, q.end) for q in quotes]
    return [
        Span(start=d.start, end=d.end, label=d.label, attrs={**d.attrs, "in_quote": True})
        if any(a <= d.start and d.end <= b for a, b in inside)
        else d
        for d in dates
    ]


def reference_from_text(text: str) -> date | None:
    """The article's own reference date: its most frequent explicit full date (latest on ties)."""
    dates = explicit_full_dates(text)
    if not dates:
        return None
    counts = Counter(dates)
    return max(counts, key=lambda d: (counts[d], d))


def find_dates(
    text: str, sentences: Sequence[tuple[int, int]], reference: date | None, anchor: str | None
) -> tuple[list[Span], list[Span]]:
    """Date spans of ``text`` resolved against ``reference``, and weekday-mismatch errors.

    Relative dates with no reference get ``date: None``. ``anchor`` says where the reference
    date came from ("published", "dateline", "text", "story:<article id>"); a ``story:``
    reference is another article's date and is used as such (see the module docstring).
    """
    borrowed = bool(anchor and anchor.startswith(("story:", "thread:", "lead:")))
    later = bool(anchor and anchor.startswith("thread:"))
    on_dateline = dateline_span(text)
    spans: list[Span] = []
    errors: list[Span] = []
    taken: list[tuple[int, int]] = []
    last_date: date | None = None
    found: list[tuple[int, int, str, re.Match[str], tuple[int, int]]] = []
    starts = [s for s, _ in sentences]
    for kind, pat in _PATTERNS:  # in order of precedence: an earlier pattern's match wins
        for m in pat.finditer(text):
            i = bisect_right(starts, m.start()) - 1
            if i < 0 or m.end() > sentences[i][1]:
                continue  # outside every sentence, or across a boundary
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            if kind == "weekday" and re.compile(r",?\s+" + _MONTH).match(text, m.end()):
                continue
            if kind == "season" and not (m.group("rel") or m.group("year")):
                continue  # a bare "summer" is too vague to place
            found.append((m.start(), m.end(), kind, m, sentences[i]))
            taken.append((m.start(), m.end()))
    found.sort(key=lambda f: f[0])
    checked_days: list[tuple[int, int, str, date | None, bool]] = []  # for _bracketed_weekday_errors
    for start, end, kind, m, (s_start, s_end) in found:
        sentence = text[s_start:s_end]
        future = bool(_FUTURE.search(sentence))
        if future and not borrowed and _PAST_BEFORE.search(text, max(s_start, start - 40), start):
            # against the article's own date; a borrowed one is another article's, and the
            # sentence's tense says more about which side of it this article was written on
            future = False
        resolved, precision, expression = _resolve(m, kind, reference, future, last_date, borrowed, later)
        if kind == "in_month" and not m.group("month")[:1].isupper():
            continue
        span_start = start
        if kind in ("in_month", "part_year") and m.group(0).split()[0].lower() in (
            "in", "since", "until", "by", "during"
        ):  # fmt: skip
            span_start = start + len(m.group(0).split()[0]) + 1
        if kind == "weekday" and m.group("rel") and m.group("rel").lower() in ("on", "since", "until", "by"):
            span_start = start + len(m.group("rel")) + 1
        full = kind in ("iso", "month_year", "part_year") or (
            kind in ("mdy", "dmy", "season", "part_month") and bool(m.group("year"))
        )
        attrs: dict[str, Any] = {
            "date": resolved.isoformat() if resolved else None,
            "precision": precision,
            "expression": expression,
            "anchor": None if full else ("previous date" if kind in ("later", "next_day") else anchor),
            "sentence": [s_start, s_end],
        }
        if on_dateline and on_dateline[0] <= start and end <= on_dateline[1]:
            attrs["dateline"] = True
        elif _PAGE_STAMP.search(text[s_start:start]):
            attrs["page_stamp"] = True
        spans.append(Span(start=span_start, end=end, label="date", attrs=attrs))
        if resolved and precision == "day":
            last_date = resolved
        # A year guessed from a date in the text (an obituary's birth date) or from another
        # article is too unsure to hold a written weekday against; the publication year is not.
        checkable = full or anchor == "published"
        checked_days.append((start, end, kind, resolved, checkable))
        if kind in ("mdy", "dmy") and m.group("weekday") and resolved and checkable:
            stated = WEEKDAYS[m.group("weekday").lower()]
            if stated != resolved.weekday():
                actual = next(k for k, v in WEEKDAYS.items() if v == resolved.weekday())
                errors.append(
                    Span(
                        start=start,
                        end=end,
                        label="weekday_mismatch",
                        attrs={
                            "date": resolved.isoformat(),
                            "stated_weekday": m.group("weekday"),
                            "actual_weekday": actual.capitalize(),
                        },
                    )
                )
    errors.extend(_bracketed_weekday_errors(text, checked_days))
    return spans, sorted(errors, key=lambda e: e.start)


# A weekday and its date written apart: "on Saturday (Jan. 19)", "Jan. 19 (Saturday)".
_BRACKETED = re.compile(r"\s*\(\s*$")


def _bracketed_weekday_errors(text: str, days: list[tuple[int, int, str, date | None, bool]]) -> list[Span]:
    """Weekday errors of a weekday and a date written side by side, one in brackets after the
    other, when the date's year is known (written, or the publication's)."""
    out = []
    for first, second in pairwise(days):
        kinds = (first[2], second[2])
        if "weekday" not in kinds or not {"mdy", "dmy", "iso"} & set(kinds):
            continue
        if not (_BRACKETED.match(text[first[1] : second[0]]) and text[second[1] :].lstrip().startswith(")")):
            continue
        weekday, calendar = (first, second) if kinds[0] == "weekday" else (second, first)
        day, checkable = calendar[3], calendar[4]
        written = text[weekday[0] : weekday[1]].split()
        stated = next((w for w in written if w.lower() in WEEKDAYS), None)
        if day is None or stated is None or not checkable or WEEKDAYS[stated.lower()] == day.weekday():
            continue
        actual = next(k for k, v in WEEKDAYS.items() if v == day.weekday())
        out.append(
            Span(
                start=first[0],
                end=second[1] + text[second[1] :].index(")") + 1,
                label="weekday_mismatch",
                attrs={
                    "date": day.isoformat(),
                    "stated_weekday": stated,
                    "actual_weekday": actual.capitalize(),
                },
            )
        )
    return out


def _resolve(
    m: re.Match[str],
    kind: str,
    ref: date | None,
    future: bool,
    last: date | None,
    borrowed: bool = False,
    later: bool = False,
) -> tuple[date | None, str, str]:
    """(date, precision, "explicit" | "relative") of one match."""
    if kind in ("iso", "mdy", "dmy"):
        return _explicit(m, kind, ref, future, borrowed), "day", "explicit"
    if kind == "month_year":
        return date(int(m.group("year")), _month(m.group("month")), 1), "month", "explicit"
    if kind == "part_month":
        month = _month(m.group("month"))
        if m.group("year"):
            return date(int(m.group("year")), month, 1), "month", "explicit"
        d = _nearest_year(month, 1, date(ref.year, ref.month, 1), future, slack_days=0) if ref else None
        return d, "month", "relative"
    if kind == "in_month":
        month = _month(m.group("month"))
        rel = m.group(0).split()[0].lower()
        if not ref:
            return None, "month", "relative"
        if rel == "last":
            year = ref.year if month < ref.month else ref.year - 1
        elif rel == "next":
            year = ref.year if month > ref.month else ref.year + 1
        elif rel == "this":
            year = ref.year
        else:
            d = _nearest_year(month, 1, date(ref.year, ref.month, 1), future, slack_days=0)
            return d, "month", "relative"
        return date(year, month, 1), "month", "relative"
    if kind == "season":
        month = _SEASON_START[m.group("season").lower()]
        if m.group("year"):
            return date(int(m.group("year")), month, 1), "season", "explicit"
        if not ref:
            return None, "season", "relative"
        rel = (m.group("rel") or "").lower()
        this = date(ref.year, month, 1)
        if rel == "last":
            year = ref.year if this <= ref - timedelta(days=92) else ref.year - 1
        elif rel == "next":
            year = ref.year if this > ref else ref.year + 1
        else:
            year = ref.year
        return date(year, month, 1), "season", "relative"
    if kind == "part_year":
        return date(int(m.group("year")), 1, 1), "year", "explicit"
    if kind == "relative_day":
        offset = {"today": 0, "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2}[
            m.group("word").lower()
        ]
        return (ref + timedelta(days=offset) if ref else None), "day", "relative"
    if kind == "later":
        n_raw = m.group("n").lower()
        n = int(n_raw) if n_raw.isdigit() else _NUMBER_WORDS.get(n_raw)
        if n is None or last is None:
            return None, "day", "relative"
        days = n * (7 if m.group("unit").lower().startswith("week") else 1)
        sign = 1 if m.group("dir").lower() in ("later", "after") else -1
        return last + timedelta(days=sign * days), "day", "relative"
    if kind == "next_day":
        if last is None:
            return None, "day", "relative"
        return last + timedelta(days=-1 if m.group("dir").lower() == "previous" else 1), "day", "relative"
    if kind == "rel_period":
        if not ref:
            return None, "year", "relative"
        step = {"last": -1, "this": 0, "next": 1}[m.group("rel").lower()]
        if m.group("unit").lower() == "year":
            return date(ref.year + step, 1, 1), "year", "relative"
        month_index = ref.year * 12 + ref.month - 1 + step
        return date(month_index // 12, month_index % 12 + 1, 1), "month", "relative"
    # weekday
    if not ref:
        return None, "day", "relative"
    rel_word: str | None = (m.group("rel") or "").lower() or None
    weekday = WEEKDAYS[m.group("weekday").lower()]
    return _weekday_date(weekday, ref, rel_word, future, borrowed, later), "day", "relative"
