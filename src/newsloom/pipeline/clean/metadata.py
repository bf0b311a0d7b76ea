"""Metadata found in the text itself: publication-date lines and the title."""

from __future__ import annotations

import re
from datetime import date

from dateutil import parser as dateutil_parser

MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
WEEKDAYS = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\.?"
_DATE_FORMS = [
    rf"{MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}",  # January 13, 2025
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTHS},?\s+\d{{4}}",  # 13 January 2025
    r"\d{4}-\d{2}-\d{2}",  # 2025-01-13
    r"\d{1,2}[./]\d{1,2}[./]\d{2,4}",  # 06.01.2008, 1/13/2025
]
DATE_IN_LINE = re.compile("|".join(f"(?:{f})" for f in _DATE_FORMS), re.I)
# What may surround the date on a dateline: labels, weekdays, times, zones and separators.
_DATELINE_FILLER = re.compile(
    rf"\b(?:published|updated|last\s+updated|posted|modified|first\s+published|date|on|at|as\s+of|"
    rf"{WEEKDAYS}|\d{{1,2}}[:.]\d{{2}}(?::\d{{2}})?\s*(?:am|pm|a\.m\.|p\.m\.)?|"
    r"(?:am|pm|a\.m\.|p\.m\.)|et|ct|pt|mt|bst|utc|gmt|ist|hrs|edt|est|pst|pdt|cet|cest|kst|jst|aest)\b|[\s,|/:;()\-–—·•]+",
    re.I,
)


_TIMESTAMP_WORD = re.compile(
    rf"^(?:{MONTHS}|{WEEKDAYS}|\d+(?:st|nd|rd|th|am|pm)?|am|pm|a\.m\.|p\.m\.|"
    r"et|ct|pt|mt|bst|utc|gmt|ist|hrs|edt|est|pst|pdt|cet|cest|kst|jst|aest|"
    r"published|updated|last|posted|modified|on|at)$",
    re.I,
)


def is_timestamp_line(text: str) -> bool:
    """Whether a line is only a date or time, even one too partial to date an article.

    "Mar. 8 5:46 PM EST" and "SEPTEMBER 16, 2013 11: 12AM" are stamps, never headlines.

    >>> is_timestamp_line("Dec. 24 4:33 AM EST"), is_timestamp_line("March of the Penguins")
    (True, False)
    """
    tokens = [t for t in re.split(r"[\s,|/:;()\-–—·•]+", text.strip()) if t]
    return bool(tokens) and any(c.isdigit() for c in text) and all(_TIMESTAMP_WORD.match(t) for t in tokens)


def dateline_date(text: str) -> date | None:
    """The date of a line that holds nothing but a publication date and its labels.

    >>> dateline_date("Published: Monday, January 13, 2025 10:42 AM IST")
    datetime.date(2025, 1, 13)
    >>> dateline_date("The vote was held on January 13, 2025.") is None
    True
    """
    if len(text) > 90:
        return None
    m = DATE_IN_LINE.search(text)
    if not m:
        return None
    rest = text[: m.start()] + " " + text[m.end() :]
    if _DATELINE_FILLER.sub("", rest).strip():
        return None
    found = m.group(0)
    try:
        # Day-first for dotted numeric dates (06.01.2008 is 6 January in most of the world);
        # slashed dates are read month-first, as US sites write them.
        parsed = dateutil_parser.parse(found, dayfirst="." in found, fuzzy=False)
    except (ValueError, OverflowError):
        return None
    if not 1990 <= parsed.year <= 2100:
        return None
    return parsed.date()
