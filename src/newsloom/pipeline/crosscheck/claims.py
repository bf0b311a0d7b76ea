"""Atomic claims: each body sentence cut into the facts it states, each with typed slots.

"300 have died, and another 2,700 have been injured" states two facts; a reader can check each
alone, and another report may confirm one and not the other. A sentence is cut at a semicolon,
and at a coordinating conjunction ("and", "but", "while", "whereas") when both sides have a verb
of their own. The source the sentence credits ("the NIS said", "according to two lawmakers")
is attached to every claim cut from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsloom.model import Article, ClaimSlots
from newsloom.pipeline.crosscheck.dates import DateMention
from newsloom.pipeline.crosscheck.quantities import NumberMention
from newsloom.pipeline.crosscheck.quotes import CUES
from newsloom.pipeline.crosscheck.text import (
    AUXILIARIES,
    COMMON_VERBS,
    STOPWORDS,
    BodySentence,
    content_stems,
    fold,
    is_negated,
    words,
)

# Verbs of wanting, asking and estimating also count as a clause's own verb when a sentence is cut
# (the asylum reports' "asked", "sought", "wishes"). The irregular pasts check-worthiness adds
# were tried here too: they cut "..., and broke windows" and "..., 26, found dead" into claims of
# their own (+166 claims end to end, no flag changed), so they are left out.
_CLAUSE_VERBS = COMMON_VERBS | frozenset(
    (
        *("ask", "asked", "believes", "captured", "estimates", "expressed", "seek", "seeks", "sought"),
        *("want", "wanted", "wants", "wish", "wished", "wishes"),
    )
)
_COUNT_WORDS = r"dozens|hundreds|thousands|millions|scores|tens of thousands"
_SPLIT = re.compile(
    # (?<!\s): a match starts where its run of spaces starts, so a long run of spaces is
    # scanned once, not once from each of its positions (quadratic on padded text).
    r";\s+|,\s+(?:and|but|while|whereas|although|where)\s+|(?<!\s)\s+(?:and|but|while|whereas)\s+(?=another\b|\d)"
    # "300 have been killed alongside thousands wounded": a second count, a second fact
    r"|(?<!\s)\s+(?:alongside|along with|as well as|plus)\s+(?=(?:another\s+|some\s+)?(?:\d|"
    + _COUNT_WORDS
    + r")\b)"
)
_ATTR_END = re.compile(
    r",\s*(?P<who>[^,\u201c\u201d\"]{2,80}?)\s+(?:" + CUES + r"|believes?|estimates?)\b[^,]{0,40}[.!]?$"
)
_ATTR_START = re.compile(
    r"^(?P<who>[^,\u201c\u201d\"]{2,80}?)\s+(?:"
    + CUES
    + r"|believes?|estimates?|confirmed|reported)\b(?:\s+\w+){0,3}?\s+that\b"
)
_ACCORDING = re.compile(r"\baccording to\s+(?P<who>[^,.;]{2,80})", re.IGNORECASE)
# Hypotheses and conditions assert nothing: "would require", "should they ask", "if ... then".
_HYPOTHETICAL = re.compile(r"\b(?:if|unless|whether|would|could|might|may|should|in case)\b", re.IGNORECASE)
_RELATIVE = re.compile(r"\b(?:who|which|whom)\b[^,;]*", re.IGNORECASE)
_PLACE = re.compile(r"\b(?:in|near|at|from)\s+(?P<place>(?:the\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3})")
_NAME_CHUNK = re.compile(r"\b[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*")
_NOT_NAMES = frozenset(
    [
        "The",
        "A",
        "An",
        "In",
        "On",
        "At",
        "It",
        "He",
        "She",
        "They",
        "This",
        "That",
        "These",
        "Those",
        "But",
        "And",
        "However",
        "While",
        "According",
        "Since",
        "When",
        "After",
        "Before",
        "During",
        "Despite",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
    ]
)


_INTRO = re.compile(
    r"^(?:in|on|at|since|during|after|before|despite|following|amid|while|when|by|for|until|with|"
    r"according to|as)\b[^,]{0,80},\s*",
    re.IGNORECASE,
)


def _verbish(tokens: list[str]) -> bool:
    return any(t in AUXILIARIES or t in _CLAUSE_VERBS or (t.endswith("ed") and len(t) > 4) for t in tokens)


@dataclass
class AtomicClaim:
    """One fact stated in one sentence of one article, with offsets into ``article.text``."""

    key: int
    article_id: str
    sentence: BodySentence
    start: int
    end: int
    text: str
    slots: ClaimSlots
    stems: frozenset[str]
    names: frozenset[str]
    negated: bool
    hypothetical: bool
    numbers: list[NumberMention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    group: int = -1
    # (start, end, folded canonical name, type label) of the reading stage's entities in the claim's
    # sentence: the reporting subject of a cut-off clause ("X told ..., where ...") is outside it
    entities: list[tuple[int, int, str, str]] = field(default_factory=list)


def _split_points(sentence: str) -> list[tuple[int, int]]:
    """Character ranges of the sentence's clauses (outside quotation marks)."""
    quoted = [(m.start(), m.end()) for m in re.finditer(r"\u201c[^\u201d]*\u201d|\"[^\"]*\"", sentence)]
    pieces: list[tuple[int, int]] = []
    cut = 0
    for m in _SPLIT.finditer(sentence):
        if any(qs <= m.start() < qe for qs, qe in quoted):
            continue
        left = words(sentence[cut : m.start()])
        right = words(sentence[m.end() : m.end() + 80])[:6]
        if len(left) < 3 or len(right) < 2:
            continue
        if not m.group(0).startswith(";") and not (_verbish(left) and _verbish(right)):
            continue
        pieces.append((cut, m.start()))
        cut = m.end()
    pieces.append((cut, len(sentence)))
    return pieces


def attribution_of(sentence: str) -> str | None:
    """Who the sentence credits for its content ("the NIS said", "according to two lawmakers").

    >>> attribution_of("Around 300 have died, the agency said.")
    'the agency'
    >>> attribution_of("According to two lawmakers, the men refused.")
    'two lawmakers'
    """
    for rx in (_ACCORDING, _ATTR_END, _ATTR_START):
        m = rx.search(sentence.strip())
        if m:
            who = m.group("who").strip()
            if len(who.split()) <= 10:
                return who
    return None


def _slots(
    text: str,
    attributed_to: str | None,
    numbers: list[NumberMention],
    dates: list[DateMention],
    offset: int,
    article_text: str,
) -> ClaimSlots:
    core = text
    m = _ATTR_START.search(core)
    if m:
        core = core[m.end() :]
    intro = _INTRO.match(core)
    if intro:
        core = core[intro.end() :]  # "Since the late 1990s, ...": the actor comes after the comma
    toks = re.findall(r"\d[\d,.]*\d|[\w'’-]+|[^\w\s]", core)
    verb_at = None
    for i, t in enumerate(toks):
        lt = t.casefold()
        if lt in AUXILIARIES or lt in _CLAUSE_VERBS or (lt.endswith("ed") and len(lt) > 4 and i > 0):
            verb_at = i
            break
    actor = action = obj = None
    if verb_at is not None:
        actor = " ".join(t for t in toks[:verb_at] if t not in {",", "."}).strip() or None
        j = verb_at
        verbs: list[str] = []
        while j < len(toks) and (
            toks[j].casefold() in AUXILIARIES
            or toks[j].casefold() in {"not", "n't", "never", "also", "been"}
            or j == verb_at
            or (toks[j].casefold().endswith(("ed", "en")) and len(verbs) < 4)
        ):
            verbs.append(toks[j])
            j += 1
        if (
            verbs
            and all(
                v.casefold() in AUXILIARIES or v.casefold() in {"not", "n't", "never", "also"} for v in verbs
            )
            and j < len(toks)
            and toks[j].isalpha()
            and toks[j].islower()
            and toks[j] not in STOPWORDS
        ):
            verbs.append(toks[j])  # the main verb after the auxiliaries, regular or not ("have left")
            j += 1
        action = " ".join(verbs) or None
        rest = [t for t in toks[j : j + 12] if t not in {".", "!"}]
        obj = " ".join(rest).strip(" ,") or None
    place_m = _PLACE.search(text)
    qty = numbers[0] if numbers else None
    dt = dates[0] if dates else None
    return ClaimSlots(
        actor=actor,
        action=action,
        object=obj,
        quantity=article_text[qty.start : qty.end] if qty else None,
        date=dt.date.isoformat() if dt else None,
        place=place_m.group("place") if place_m else None,
        attributed_to=attributed_to,
    )


def _names(text: str, entities: list[tuple[int, int, str]], start: int, end: int) -> frozenset[str]:
    inside = {fold(name) for s, e, name in entities if start <= s and e <= end}
    if inside:
        return frozenset(inside)
    out = set()
    for m in _NAME_CHUNK.finditer(text):
        first = m.group(0).split()[0]
        chunk = m.group(0)
        if first in _NOT_NAMES:
            chunk = " ".join(chunk.split()[1:])
        if chunk and (m.start() > 0 or len(chunk.split()) > 1):
            out.add(fold(chunk))
    return frozenset(out)


def split_claims(
    article: Article,
    sentences: list[BodySentence],
    numbers: list[NumberMention],
    dates: list[DateMention],
    first_key: int = 0,
) -> list[AtomicClaim]:
    """Cut each body sentence into atomic claims with slots, numbers and dates.

    >>> from newsloom.model import Article
    >>> from newsloom.pipeline.crosscheck.text import body_sentences
    >>> art = Article(id="a", source="-", text="About 300 have died, and another 2,700 have been injured.")
    >>> [c.text for c in split_claims(art, body_sentences(art), [], [])]
    ['About 300 have died', 'another 2,700 have been injured.']
    """
    text = article.text
    entities = [
        (sp.start, sp.end, str(sp.attrs.get("canonical") or text[sp.start : sp.end]))
        for sp in article.annotations.get("entities") or []
    ]
    labelled = [
        (sp.start, sp.end, str(sp.attrs.get("canonical") or text[sp.start : sp.end]), sp.label)
        for sp in article.annotations.get("entities") or []
    ]
    out: list[AtomicClaim] = []
    key = first_key
    for sent in sentences:
        attributed = attribution_of(sent.text)
        for a, b in _split_points(sent.text):
            seg = sent.text[a:b]
            lead = len(seg) - len(seg.lstrip())
            seg = seg.strip()
            start = sent.start + a + lead
            end = start + len(seg)
            nums = [n for n in numbers if start <= n.start and n.end <= end]
            # two words state a fact only as a count of an event cut off a longer sentence ("thousands wounded")
            if len(words(seg)) < 3 and not (len(words(seg)) == 2 and any(n.event for n in nums)):
                continue
            ds = [d for d in dates if start <= d.start and d.end <= end]
            main = _RELATIVE.sub("", seg)
            out.append(
                AtomicClaim(
                    key=key,
                    article_id=article.id,
                    sentence=sent,
                    start=start,
                    end=end,
                    text=seg,
                    slots=_slots(seg, attributed, nums, ds, start, text),
                    stems=frozenset(content_stems(seg)),
                    names=_names(seg, entities, start, end),
                    negated=is_negated(main),
                    hypothetical=bool(_HYPOTHETICAL.search(main)),
                    numbers=nums,
                    dates=ds,
                    entities=[
                        (s, e, fold(n), lab) for s, e, n, lab in labelled if sent.start <= s and e <= sent.end
                    ],
                )
            )
            key += 1
    return out
