"""Text damaged by a wrong character encoding somewhere between the origin and the page.

Two shapes. Mojibake ("companyâ€™s") is repaired at ingest and recorded on the article
(``Article.repairs``); it is reported here so the reader knows the page printed it. A letter lost
outright ("Proena" where another report of the story prints "Proença": the non-ASCII letter was
dropped when the text passed through a system that could not hold it) cannot be repaired from
the page alone, but the other reports show it. Writing a name without its accents ("Proenca",
"Jose") is a house style, not damage: only a word that equals another report's word with its
non-ASCII letters deleted is reported.
"""

from __future__ import annotations

import re
from collections import defaultdict

from newsloom.model import Discrepancy
from newsloom.pipeline.crosscheck.evidence import StoryEvidence
from newsloom.pipeline.ingest.repair import parse_repair

# Letters only: a curly apostrophe is punctuation, so "museum’s" is two words, never "museums".
_WORD = re.compile(r"[^\W\d_]+")
_NON_ASCII_LETTER = re.compile(r"[^\W\d_\x00-\x7f]")
# A deleted-letter form this short ("Jos" from "José") is too likely a word of its own.
MIN_STRIPPED_LENGTH = 4


def _repaired(ev: StoryEvidence) -> list[Discrepancy]:
    out = []
    for aid in ev.order:
        art = ev.articles[aid]
        pairs = [p for p in (parse_repair(r) for r in art.repairs) if p is not None]
        if not pairs:
            continue
        citations = []
        for _bad, good in pairs:
            at = art.text.find(good)
            if at >= 0:
                citations.append(ev.cite_sentence_of(aid, at, at + len(good)))
        if not citations:
            continue  # the damaged words were in page furniture the cleaner removed
        shown = "; ".join(f"'{bad}' for '{good}'" for bad, good in pairs[:3])
        out.append(
            Discrepancy(
                kind="encoding",
                description=f"{ev.label(aid)} printed garbled characters (mojibake: {shown}); "
                "they were repaired for reading.",
                internal=True,
                citations=citations[:3],
                severity="error",
                changed_by=aid,
            )
        )
    return out


def _lost_letters(ev: StoryEvidence) -> list[Discrepancy]:
    """Words that are another report's word with its non-ASCII letters deleted."""
    full: dict[str, tuple[str, int, str]] = {}  # stripped form -> (article, offset, the full word)
    words_of: dict[str, dict[str, int]] = {}
    for aid in ev.order:
        text = ev.articles[aid].text
        seen: dict[str, int] = {}
        for m in _WORD.finditer(text):
            seen.setdefault(m.group(0), m.start())
            # the letter must stand inside the word ("Proença"): one at an end ("thatâ") is
            # itself the debris of mojibake, not a letter the other reports lost
            if _NON_ASCII_LETTER.search(m.group(0)[1:-1]) and not _NON_ASCII_LETTER.match(m.group(0)[-1]):
                stripped = _NON_ASCII_LETTER.sub("", m.group(0))
                if len(stripped) >= MIN_STRIPPED_LENGTH:
                    full.setdefault(stripped, (aid, m.start(), m.group(0)))
        words_of[aid] = seen
    found: dict[str, list[tuple[str, int, str, int, str]]] = defaultdict(list)
    for aid in ev.order:
        seen = words_of[aid]
        for word, at in seen.items():
            origin = full.get(word)
            if origin is None or origin[0] == aid or origin[2] in seen:
                continue  # no fuller form elsewhere, or this report also prints the full word
            found[aid].append((word, at, origin[0], origin[1], origin[2]))
    out = []
    for aid, lost in found.items():
        word, at, other, other_at, whole = lost[0]
        out.append(
            Discrepancy(
                kind="encoding",
                description=f"{ev.label(aid)} prints '{word}' where {ev.label(other)} prints '{whole}': "
                "a letter was lost to a character-encoding error.",
                citations=[
                    ev.cite_sentence_of(aid, at, at + len(word)),
                    ev.cite_sentence_of(other, other_at, other_at + len(whole)),
                ],
                severity="error",
                changed_by=aid,
            )
        )
    return out


def encoding_discrepancies(ev: StoryEvidence) -> list[Discrepancy]:
    """Mojibake repaired at ingest, and letters lost to an encoding error, one per article."""
    return _repaired(ev) + _lost_letters(ev)
