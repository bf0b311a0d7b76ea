"""Mojibake repair: UTF-8 text that was read in the wrong code page somewhere upstream.

A page can be decoded correctly by us and still carry "companyâ€™s": the site (or the site it
copied from) read UTF-8 bytes as windows-1252 before publishing. ftfy (a maintained library made
for exactly this) undoes it; we add the one case it does not cover, UTF-8 read as the Thai code
page ("companyโ€™s"), seen on real copies of wire stories.

Each repair is recorded on the article (``Article.repairs``) as ``mojibake: 'bad' -> 'fixed'``
so cross-checking can report it (an ``encoding`` discrepancy) and a reader can see what changed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import ftfy

from newsloom.model import Article

# A token holding at least one non-ASCII character: only those can carry mojibake.
_SUSPECT_TOKEN = re.compile(r"\S*[^\x00-\x7f]\S*")
# UTF-8 read as the Thai code page (windows-874, whose gaps browsers fill from windows-1252): a
# Thai character standing for a UTF-8 lead byte, then up to three standing for continuation bytes.
_THAI_RUN = re.compile(r"[\u0e01-\u0e5b][^\x00-\x7f\s]{1,3}")
# How many repairs are listed one by one on an article; the rest are counted.
MAX_LISTED_REPAIRS = 5


def _western(text: str) -> bool:
    """Whether decoded characters are what Western text uses: punctuation or Latin letters."""
    return all(
        unicodedata.category(ch).startswith("P") or ch in "€…•" or (ch.isalpha() and ord(ch) < 0x250)
        for ch in text
    )


def _thai_byte(ch: str) -> bytes:
    try:
        return ch.encode("cp874")
    except UnicodeEncodeError:
        return ch.encode("cp1252")


def _fix_thai_codepage(token: str) -> str:
    """Undo UTF-8 read as cp874, only inside a Latin word ("companyโ€™s", not Thai prose)."""
    if not re.search(r"[A-Za-z]", token):
        return token

    def one(m: re.Match[str]) -> str:
        try:
            fixed = b"".join(_thai_byte(ch) for ch in m.group(0)).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return m.group(0)
        return fixed if _western(fixed) else m.group(0)

    return _THAI_RUN.sub(one, token)


@lru_cache(maxsize=65536)
def fix_token(token: str) -> str:
    """One whitespace-delimited token with its mojibake undone (the token itself when clean).

    >>> fix_token("companyâ€™s")
    'company’s'
    >>> fix_token("Café")
    'Café'
    """
    return _fix_thai_codepage(ftfy.fix_encoding(token))


def repair_text(text: str) -> tuple[str, list[tuple[str, str]]]:
    """The text with mojibake undone, and each distinct (bad, fixed) token, in order."""
    if text.isascii():
        return text, []
    found: dict[str, str] = {}

    def one(m: re.Match[str]) -> str:
        fixed = fix_token(m.group(0))
        if fixed != m.group(0):
            found.setdefault(m.group(0), fixed)
        return fixed

    return _SUSPECT_TOKEN.sub(one, text), list(found.items())


def repair_mojibake(article: Article) -> Article:
    """The article with mojibake undone in its raw text, clean text and title, each repair
    recorded in ``repairs`` (unchanged, the same object, when there is nothing to repair)."""
    update: dict[str, object] = {}
    found: dict[str, str] = {}
    for field in ("raw", "raw_text", "text", "title"):
        value = getattr(article, field)
        if not value:
            continue
        fixed, pairs = repair_text(value)
        if fixed != value:
            update[field] = fixed
            found.update(pairs)
    if not update:
        return article
    listed = [f"mojibake: '{bad}' -> '{good}'" for bad, good in list(found.items())[:MAX_LISTED_REPAIRS]]
    if len(found) > MAX_LISTED_REPAIRS:
        listed.append(f"mojibake: {len(found) - MAX_LISTED_REPAIRS} more words repaired")
    update["repairs"] = [*article.repairs, *listed]
    return article.model_copy(update=update)


_REPAIR = re.compile(r"^mojibake: '(.*)' -> '(.*)'$")


def parse_repair(repair: str) -> tuple[str, str] | None:
    """(bad, fixed) from a repair recorded by :func:`repair_mojibake`; None for other repairs."""
    m = _REPAIR.match(repair)
    return (m.group(1), m.group(2)) if m else None
