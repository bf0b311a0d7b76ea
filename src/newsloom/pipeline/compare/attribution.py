"""Credited sources named in an article's text: "told AP News", "according to Reuters", "(AP) —".

These say where an article's material came from, so they are evidence of derivation direction
and of shared origin. Only news organisations are collected (a name with a media word such as
News, Press, Times, Post, Agency, or a known wire short name): "according to the ministry" or
"told Smith" credit a news *source*, not an outlet another article could have copied.
"""

from __future__ import annotations

import re

from newsloom.model import Article
from newsloom.pipeline.clean.metadata import WIRE_NAMES

# Short names of news agencies and broadcasters that carry no media word of their own.
_MEDIA_WORD = (
    r"News|Press|Times|Post|Journal|Agency|Herald|Tribune|Telegraph|Guardian|Gazette|Daily|Wire|"
    r"Radio|Television|TV|Broadcasting|Network|Chronicle|Observer|Standard|Independent|Express|"
    r"Mirror|Sun|Star|Globe|Review|Magazine|Media|Report|Insider|Today|Record|Mail|Week|Wall Street Journal"
)
_CAP = r"(?:[A-Z][\w&'’.-]*|of|the|and|de|du|la|el)"
# A capitalised name of up to six words, optionally preceded by "the".
_NAME = rf"(?:the[ \t]+)?(?:[A-Z][\w&'’.-]*(?:[ \t]+{_CAP}){{0,5}})"

_PATTERNS = [
    # "two lawmakers ... told AP News", "said in an interview with Reuters"
    re.compile(rf"\b(?:told|said to|in an interview with|speaking to|speaking with)\s+({_NAME})"),
    # "according to Reuters", "as reported by The Times", "reported by the Associated Press"
    re.compile(rf"\b(?:[Aa]ccording to|reported by|[Cc]iting|cited by|quoted by|via)\s+({_NAME})"),
    # "Reuters reported", "the Associated Press reported on Monday"
    re.compile(rf"({_NAME})\s+(?:reported|reports|first reported|said in a report)\b"),
    # "Source: Reuters", "Courtesy: WION", "Photo: AFP" inside the body
    re.compile(rf"\b(?:Source|Courtesy|Credit|Sources)\s*:\s*({_NAME})"),
    # "Reuters contributed to this report"
    re.compile(rf"({_NAME})\s+contributed to this (?:report|story|article)"),
]
# Wire datelines: "SEOUL, South Korea (AP) — ...", "KYIV (Reuters) - ...".
_DATELINE = re.compile(r"\(([A-Z][A-Za-z&. ]{0,30}?)\)\s*[—–-]{1,2}\s")
_AGENCY_ABBREV = re.compile(r"[A-Z]{2,6}")
_WIRE_RE = re.compile(rf"^(?:the\s+)?(?:{WIRE_NAMES})\b")
_MEDIA_RE = re.compile(rf"\b(?:{_MEDIA_WORD})\b")
# (?<!\s): matches start where a run of spaces starts (linear on long runs of spaces).
_TRAILING_LOWER = re.compile(r"(?<!\s)(?:\s+(?:of|the|and|de|du|la|el))+$")


def _outlet(name: str) -> str | None:
    name = _TRAILING_LOWER.sub("", name.strip(" .,;:’'")).strip()
    bare = re.sub(r"^the\s+", "", name, flags=re.IGNORECASE).rstrip(".")
    if not bare:
        return None
    if _WIRE_RE.match(bare) or _MEDIA_RE.search(bare):
        return bare
    return None


def _dateline_outlet(name: str) -> str | None:
    # In the dateline position, "(XYZ) —" is an agency credit by convention, known name or not.
    name = name.strip()
    if _AGENCY_ABBREV.fullmatch(name):
        return name
    return _outlet(name)


def attribution_phrases(text: str) -> list[str]:
    """Names of news outlets the text credits, in order of first mention, without repeats.

    >>> attribution_phrases("Two officials told AP News on Monday. (Reuters) — More, according to Reuters.")
    ['AP News', 'Reuters']
    >>> attribution_phrases("He told reporters and according to the ministry it was fine.")
    []
    """
    found: list[tuple[int, str]] = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            outlet = _outlet(m.group(1))
            if outlet:
                found.append((m.start(1), outlet))
    for m in _DATELINE.finditer(text):
        outlet = _dateline_outlet(m.group(1))
        if outlet:
            found.append((m.start(1), outlet))
    out: list[str] = []
    seen: set[str] = set()
    for _, name in sorted(found):
        key = name.casefold()
        if key not in seen:
            seen.add(key)
            out.append(name)
    return out


# The line boundaries of ``str.splitlines``.
_LINE_BREAK = re.compile("\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def first_lines(text: str, n: int) -> list[str]:
    """``text.splitlines()[:n]`` without splitting the rest of the text (a page dump of 200,000
    lines was split whole for every pair of articles and every claim that looked at its start)."""
    out: list[str] = []
    start = 0
    for m in _LINE_BREAK.finditer(text):
        if len(out) == n:
            return out
        out.append(text[start : m.start()])
        start = m.end()
    if start < len(text):
        out.append(text[start:])
    return out[:n]


def wire_dateline(text: str) -> str | None:
    """The agency of a wire dateline at the start of a paragraph ("SEOUL (AP) — ..."), if any."""
    for line in first_lines(text, 5):
        m = _DATELINE.search(line[:80])
        if m:
            outlet = _dateline_outlet(m.group(1))
            if outlet:
                return outlet
    return None


def _own_name_words(article: Article) -> set[str]:
    """Words naming the article's own outlet: its site, its URL's host and its file or record id."""
    words: set[str] = set()
    for name in (article.site, article.url, article.id):
        if name:
            words.update(w for w in re.split(r"[^a-z0-9]+", name.casefold()) if len(w) > 2)
    return words


def is_own_outlet(name: str, article: Article) -> bool:
    """Whether ``name`` ("the Gazette") names the outlet that published ``article``.

    "Residents told the Gazette" in the Gazette's own article is its own reporting, not a credit
    to another source, so it must not count as an attribution.
    """
    words = [w for w in re.split(r"[^a-z0-9]+", name.casefold()) if w and w != "the"]
    own = _own_name_words(article)
    return bool(words) and all(w in own for w in words)


def find_attributions(article: Article) -> Article:
    """Fill ``article.attributions`` with the news outlets its text credits.

    Credit lines the cleaner moved out of the text ("Courtesy: X") stay in ``article.credit``;
    this reads the clean body only, so a credit is not counted twice. The article's own outlet
    ("told the Gazette" in the Gazette) is left out.
    """
    names = [n for n in attribution_phrases(article.text) if not is_own_outlet(n, article)]
    return article.model_copy(update={"attributions": names})


# No surrounding \s*: parts are stripped instead, so long runs of spaces cost linear time.
_BYLINE_PARTS = re.compile(r"[,|/;]|\b(?:and|for|of)\b")


def byline_outlet(byline: str) -> str | None:
    """The news outlet a byline names as the text's own ("By Jane Doe, AP" -> "AP"), if any.

    >>> byline_outlet("By Jan Dorr and Ilse Vos, Brenn Press Agency")
    'Brenn Press Agency'
    >>> byline_outlet("By Jan Dorr and Ilse Vos") is None
    True
    """
    text = byline.strip()
    if text[:3].casefold() == "by ":
        text = text[3:]
    for part in reversed(_BYLINE_PARTS.split(text)):
        outlet = _outlet(part.strip())
        if outlet:
            return outlet
    return None


def own_outlets(article: Article) -> list[str]:
    """The outlets whose text ``article`` is: the agency of its wire dateline, an outlet named in
    the byline the cleaner took out ("By ..., AFP"), and its credit lines ("Courtesy: WION")."""
    names: list[str] = []
    dateline = wire_dateline(article.text)
    if dateline:
        names.append(dateline)
    for removal in article.removed:
        if removal.reason == "byline":
            outlet = byline_outlet(removal.text)
            if outlet:
                names.append(outlet)
    names.extend(article.credit)
    return list(dict.fromkeys(names))
