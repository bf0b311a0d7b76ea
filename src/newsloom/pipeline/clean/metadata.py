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


# A page's own stamp glued before a line ("date 2031-06-01 Breaking News"): a label and an ISO
# date, sometimes only year and month.
_PAGE_STAMP = re.compile(
    r"^\s*(?:date|published|updated|last\s+updated|posted|modified)\s*:?\s*"
    r"(?P<year>\d{4})-(?P<month>\d{2})(?:-(?P<day>\d{2}))?(?![\d-])\s*",
    re.I,
)
# "Updated 4 minutes ago", "Published 2 hours ago", "3 days ago": a stamp relative to the page
# view, which dates nothing.
_RELATIVE_STAMP = re.compile(
    r"^(?:(?:updated|published|posted|last\s+updated|modified)\s*:?\s*)?"
    r"(?:\d+|an?|one|a\s+few)\s+(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?)\s+ago\.?$"
    r"|^(?:updated|published|posted)\s+just\s+now$",
    re.I,
)
# A photo credit: "Photo: NAME", "Pic/X", "Wire Photo/NAME", "Photo by NAME", "Image Source site",
# "Photo courtesy of ...".
_PHOTO_CREDIT = re.compile(
    r"\b(?:photo|photograph|picture|pic|image|video)s?\s*(?:credit|courtesy)?\s*[:/|]"
    r"|\b(?:photo|photograph|picture|image|video)s?\s+(?:by|courtesy|credit|source)\b",
    re.I,
)
# A caption that ends on its agency's name: "Visitors queue at the gate. — AFP".
_CAPTION_AGENCY = re.compile(r"[.!?]\s*[—–-]\s*[A-Z][A-Za-z]{1,12}\s*$")
# Names of news agencies and broadcasters, as they appear in credits and wire datelines.
WIRE_NAMES = (
    "AP|AFP|Reuters|Bloomberg|BBC|CNN|NPR|PBS|ABC|CBS|NBC|MSNBC|Xinhua|Yonhap|Kyodo|TASS|RIA Novosti|"
    "Interfax|Ukrinform|ANSA|EFE|DPA|dpa|PTI|IANS|ANI|UPI|Al Jazeera|WION|CNBC|Fox News|Sky News|"
    "Politico|Axios|Newsweek|Forbes|Semafor"
)
# A wire dateline opening a paragraph: place, optional date, the agency in brackets or slashes
# ("MANILA, Mar 11 (AP) -", "NEW YORK, January 7. /TASS/.", "SEATTLE (Reuters) :"), or an
# upper-case place and a dash ("BATON ROUGE - ").
_WIRE_OPENER = re.compile(
    r"\A(?:[A-Z][\w.'’-]*,?[ \t]+){1,5}"
    r"(?:[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2}[.,]?[ \t]*(?:\d{4}[.,]?[ \t]*)?)?"
    rf"(?:\((?:{WIRE_NAMES})\)|/(?:{WIRE_NAMES})/)[ \t]*[.:—–-]{{0,2}}[ \t]*"
    r"|\A[A-Z][A-Z.'’-]+(?:[ \t][A-Z][A-Z.'’-]+){0,3}[ \t]+[—–-]{1,2}[ \t]+"
    rf"|\A\((?:{WIRE_NAMES})\)[ \t]*[.:—–-]{{0,2}}[ \t]*"
)


def headline_from_text(text: str, limit: int) -> str:
    """A stand-in headline from the opening of a text: its wire dateline dropped, cut at a word
    boundary within ``limit`` characters (with an ellipsis when cut).

    >>> headline_from_text("HARBOURTON, Mar 11 (AP) - The ferry sank in the bay.", 80)
    'The ferry sank in the bay.'
    """
    text = " ".join(text.split())
    for _ in range(2):  # "MADRID - (AP) - ..." is a place, then the agency
        m = _WIRE_OPENER.match(text)
        if m is None or m.end() >= len(text):
            break
        rest = text[m.end() :]
        text = rest[:1].upper() + rest[1:]
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


# Longer than this, a line is running text that happens to mention a photo, not a caption.
CAPTION_MAX_WORDS = 40
# The agency caption form: a present-tense picture verb, then place and date closing the line
# ("X looks on during the match at Y stadium, Eastport, Jan. 28, 2031." / "..., Sunday, Jan. 19,
# 2031."). Running text reports in the past tense and does not end on a bare date. Case-sensitive
# month names keep it from trying every word.
CAPTION_VERB = (
    r"(?:arrives?|stands?|speaks?|poses?|looks?\s+on|gestures?|walks?|attends?|waves?|holds?|sits?|"
    r"is\s+seen|are\s+seen|listens?|watches?|smiles?|reacts?|greets?|leaves?|delivers?|celebrates?|"
    r"kicks?|runs?|plays?)"
)
_CAPTION_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
AGENCY_CAPTION = re.compile(
    rf"\b{CAPTION_VERB}\b[^.!?]*,\s*(?:{_CAPTION_WEEKDAY},\s*)?[A-Z][a-z]{{2,8}}\.?\s+\d{{1,2}},\s*\d{{4}}\.?\s*\)?$"
)
# Agency captions run longer than credit lines.
AGENCY_CAPTION_MAX_WORDS = 70


def page_stamp(text: str) -> tuple[date | None, str] | None:
    """(the date, the rest of the line) of a line that opens on a page's own date stamp.

    The date is None when the stamp gives only a year and month.

    >>> page_stamp("date 2031-06-01 Breaking News")
    (datetime.date(2031, 6, 1), 'Breaking News')
    >>> page_stamp("The 2031-06-01 vote") is None
    True
    """
    m = _PAGE_STAMP.match(text)
    if not m:
        return None
    when: date | None = None
    if m.group("day"):
        try:
            when = date(int(m.group("year")), int(m.group("month")), int(m.group("day")))
        except ValueError:
            when = None
    return when, text[m.end() :]


def title_furniture(text: str) -> str | None:
    """Why a line is page furniture that must never be taken for a headline, or None.

    "page stamp" (a line opening on the page's date stamp), "relative time stamp" ("Updated 4
    minutes ago"), "photo credit" ("Photo: NAME", "Pic/X", a caption ending on "— AFP").

    >>> title_furniture("Updated 4 minutes ago"), title_furniture("Photo of the year wins a prize")
    ('relative time stamp', None)
    """
    if page_stamp(text) is not None:
        return "page stamp"
    line = text.strip()
    if _RELATIVE_STAMP.match(line):
        return "relative time stamp"
    n = len(line.split())
    if n <= CAPTION_MAX_WORDS and (_PHOTO_CREDIT.search(line) or _CAPTION_AGENCY.search(line)):
        return "photo credit"
    if n <= AGENCY_CAPTION_MAX_WORDS and AGENCY_CAPTION.search(line):
        return "photo credit"
    return None
