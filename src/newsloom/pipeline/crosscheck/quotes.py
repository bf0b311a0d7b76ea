"""Quotations as cross-checking compares them: the words inside the marks, the speaker, and the
honorific and pronoun used for the speaker.

The reading stage's ``quotes`` spans are used when present. Quotation marks the reader did not
annotate are still found here (straight and curly pairs, and an opening mark whose paragraph
ends before it is closed, a common scraping and typing slip), so a widened quotation is never
missed because of a missing closing mark.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from newsloom.model import Article, Story

_PAIRED = re.compile(r"\u201c([^\u201c\u201d\n]{2,2000})\u201d|\"([^\"\n]{2,2000})\"")
_OPEN_UNCLOSED = re.compile(r"[\u201c\"]([^\u201c\u201d\"\n]{10,2000})$", re.MULTILINE)
CUES = (
    r"said|says|told|tells|added|adds|stated|states|wrote|writes|shouted|explained|noted|warned|"
    r"argued|insisted|emphasized|emphasised|stressed|claimed|declared|announced|asked|replied|continued"
)
_NAME = r"(?:(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Lady|Lord|Prof)\.?\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3}"
_PRONOUN = r"\b(?:he|she|they|He|She|They)\b"
_AFTER = re.compile(
    # Possessive \s*+: nothing after either run of spaces can start with a space, so giving
    # spaces back never helps, and trying every split of a long run was quadratic.
    r"^[,.!?]?\s*+[\u201d\"]?,?\s*+(?:(?P<who>" + _NAME + r"|" + _PRONOUN + r")\s+(?:" + CUES + r")\b"
    r"|(?:" + CUES + r")\s+(?P<who2>" + _NAME + r"|" + _PRONOUN + r"))"
)
_BEFORE = re.compile(
    r"(?P<who>"
    + _NAME
    + r"|"
    + _PRONOUN
    + r")(?:,[^,\u201c\"]{0,80},)?\s+(?:"
    + CUES
    + r")\b[^\u201c\"]{0,120}$"
)
_ACCORDING = re.compile(r"according to\s+(?P<who>" + _NAME + r")", re.IGNORECASE)
_HONORIFIC = re.compile(r"^(Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Lady|Lord|Prof)\.?\s+")
MASCULINE = frozenset({"mr", "sir", "lord", "he", "him", "his"})
FEMININE = frozenset({"mrs", "ms", "miss", "dame", "lady", "she", "her"})


@dataclass(frozen=True)
class QuoteMention:
    """The words inside one pair of quotation marks (marks excluded) and who is said to speak them."""

    article_id: str
    start: int
    end: int
    text: str
    speaker: str | None
    reference: str | None = None
    honorific: str | None = None
    pronoun: str | None = None


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """A name folded for matching: no case, diacritics, spaces, hyphens, dots or apostrophes."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = _HONORIFIC.sub("", plain)
    return re.sub(r"[\s\-.'’]", "", plain.casefold())


@lru_cache(maxsize=65536)
def name_tokens(name: str) -> frozenset[str]:
    """Folded tokens of a name without its honorific ("Mr. Koo Byoung-sam" -> {koo, byoungsam})."""
    plain = _HONORIFIC.sub("", name.strip())
    return frozenset(name_key(t) for t in re.split(r"\s+", plain) if name_key(t))


def alias_index(story: Story | None) -> dict[str, int]:
    """Folded name -> entity number, for every name and alias of the story's merged entities."""
    index: dict[str, int] = {}
    for i, ent in enumerate((story.entities if story else None) or []):
        for n in (ent.name, *ent.aliases):
            index.setdefault(name_key(n), i)
    return index


def _one_letter_apart(a: str, b: str) -> bool:
    """The same given name and a surname of 5+ letters one typo apart ("Andrew Wetzler" /
    "Andrew Welzler"): one person misspelt, not two people giving the same words."""
    wa, wb = [name_key(w) for w in a.split()], [name_key(w) for w in b.split()]
    if len(wa) < 2 or len(wa) != len(wb) or wa[:-1] != wb[:-1]:
        return False
    return min(len(wa[-1]), len(wb[-1])) >= 5 and Levenshtein.distance(wa[-1], wb[-1]) <= 1


def same_person(a: str, b: str, aliases: dict[str, int] | None = None) -> bool:
    """Whether two speaker names can be one person: equal once folded, or one is a part of the other
    ("Koo" and "Koo Byoungsam"), or the story's entities (``alias_index``) list both for one entity.

    >>> same_person("Koo Byoungsam", "Koo Byoung-sam")
    True
    >>> same_person("Kim Jong Un", "Koo Byoungsam")
    False
    >>> same_person("Andrew Wetzler", "Andrew Welzler"), same_person("Anna Roos", "Anna Ross")
    (True, False)
    """
    ka, kb = name_key(a), name_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    ta, tb = name_tokens(a), name_tokens(b)
    if ta and tb and (ta <= tb or tb <= ta):
        return True
    if _one_letter_apart(a, b):
        return True
    if aliases:
        ea, eb = aliases.get(ka), aliases.get(kb)
        return ea is not None and ea == eb
    return False


def _nearest_person(text: str, before: int, surname: str | None = None) -> str | None:
    """The nearest full name (two or more capitalised words) before ``before``, optionally with a surname."""
    window = text[max(0, before - 1500) : before]
    cands = list(re.finditer(r"\b[A-Z][a-z]+(?:[\s-][A-Z][\w'-]+){1,3}\b", window))
    for m in reversed(cands):
        name = m.group(0)
        if name.split()[0] in {"The", "A", "In", "On", "South", "North", "According"}:
            continue
        if surname is None or name_key(surname) in name_tokens(name):
            return name
    return None


def _resolve(text: str, who: str, at: int) -> tuple[str | None, str | None, str | None]:
    """Speaker name, honorific and pronoun for the words used ("Mr. Koo", "she", "Koo Byoungsam")."""
    low = who.casefold()
    if low in {"he", "she", "they"}:
        return _nearest_person(text, at), None, low
    hon = _HONORIFIC.match(who)
    honorific = hon.group(1).casefold() if hon else None
    bare = _HONORIFIC.sub("", who)
    if len(bare.split()) == 1:
        full = _nearest_person(text, at, bare)
        return (full or bare), honorific, None
    return bare, honorific, None


def _speaker_near(text: str, start: int, end: int) -> tuple[str | None, str | None, str | None, str | None]:
    after = text[end : end + 80]
    m = _AFTER.match(after)
    if m:
        who = m.group("who") or m.group("who2")
        return (*_resolve(text, who, start), who)
    line_start = text.rfind("\n", 0, start) + 1
    before = text[max(line_start, start - 240) : max(line_start, start - 1)]
    m2 = _BEFORE.search(before)
    if m2:
        return (*_resolve(text, m2.group("who"), start), m2.group("who"))
    m3 = _ACCORDING.search(text[end : end + 120].split("\n")[0]) or _ACCORDING.search(before)
    if m3:
        return (*_resolve(text, m3.group("who"), start), m3.group("who"))
    return None, None, None, None


def find_quotes(article: Article) -> list[QuoteMention]:
    """Every quotation in the article: reading's ``quotes`` spans, or, for an article that was
    not read, the quotations these simpler patterns find.

    >>> from newsloom.model import Article
    >>> [(q.text, q.speaker) for q in find_quotes(Article(id="a", source="-",
    ...     text='Jane Roe said, "We will rebuild the bridge.'))]
    [('We will rebuild the bridge.', 'Jane Roe')]
    """
    text = article.text
    out: list[QuoteMention] = []
    for sp in article.annotations.get("quotes") or []:
        if not 0 <= sp.start < sp.end <= len(text):
            continue
        a = sp.attrs
        out.append(
            QuoteMention(
                article.id,
                sp.start,
                sp.end,
                text[sp.start : sp.end],
                a.get("speaker"),
                a.get("speaker_reference"),
                (a.get("honorific") or None),
                (a.get("pronoun") or None),
            )
        )
    if article.annotations.get("quotes") is not None:
        # Reading has looked at every quotation mark already, with the paragraph-aware rules
        # (a closing mark whose opening was lost opens nothing); a second look with the simpler
        # patterns below only adds false quotations.
        return sorted(out, key=lambda q: q.start)
    taken = [(q.start, q.end) for q in out]
    found: list[tuple[int, int]] = []
    for m in _PAIRED.finditer(text):
        g = 1 if m.group(1) is not None else 2
        found.append((m.start(g), m.end(g)))
    for m in _OPEN_UNCLOSED.finditer(text):
        s = m.start(1)
        if not any(fs - 1 <= s - 1 < fe + 1 for fs, fe in found):
            found.append((s, m.end(1)))
    for s, e in sorted(found):
        # an annotated quote already covers these words (reading may include or exclude a mark)
        if any(ts <= s + 1 and e - 1 <= te for ts, te in taken) or any(
            s <= ts and te <= e for ts, te in taken
        ):
            continue
        if len(text[s:e].split()) < 2:
            continue
        speaker, honorific, pronoun, ref = _speaker_near(text, s, e)
        out.append(QuoteMention(article.id, s, e, text[s:e], speaker, ref, honorific, pronoun))
    return sorted(out, key=lambda q: q.start)


def quoted_ranges(article: Article) -> list[tuple[int, int]]:
    """Offsets of every quotation (marks excluded), to tell quoted words from paraphrase."""
    return [(q.start, q.end) for q in find_quotes(article)]
