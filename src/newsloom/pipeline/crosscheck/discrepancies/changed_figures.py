"""A figure changed in a sentence that is otherwise the same sentence in another report.

Copies and rewrites keep most of a sentence and sometimes change a figure in it ("lost $420
million" / "lost $4420 million", "a 6.1 aftershock" / "a 6.4 aftershock", "his 9th attempt" /
"his 10th attempt"). The count detector (``numbers``) needs to know what a figure counts; here
the rest of the sentence says it: two sentences whose words, figures aside, are nearly the same,
and whose figures stand in the same place with the same unit, state one fact. Their figures
disagree when their plausible intervals do not overlap and neither is a rounding of the other.

What is not a change: an approximation ("about 300" / "310"), a rounded figure ("4.1%" / "4%",
"33,000" / "30,000"), a number written out ("nine" / "9"), a conversion ("3 feet" / "0.9
metres": the units differ), a later update (the two reports were published on different days),
or a sentence about another moment (a different weekday or date beside the figure makes the
sentences differ in more than the figure, so they are not aligned).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from difflib import SequenceMatcher

from newsloom.model import Discrepancy
from newsloom.pipeline.crosscheck.dates import time_signature
from newsloom.pipeline.crosscheck.evidence import StoryEvidence
from newsloom.pipeline.crosscheck.quantities import NumberMention
from newsloom.pipeline.crosscheck.text import STOPWORDS, BodySentence
from newsloom.unionfind import groups_with_conflict

# Two sentences are one statement when this share of their words (figures as placeholders)
# align in order. Not tuned: on realnews (4 thread folds, crosscheck on cached reading) recall
# (0.373) and flags matching no tag (1) are the same for every value from 0.6 to 0.9, so the
# held-out figure equals the in-sample one; 0.75 is the middle of that flat range.
MIN_ALIGNMENT = 0.75
# The words on each side of a figure that must be the same in both sentences: what the figure
# counts and whose it is ("Lindqvist scored 23" / "Okafor scored 14" are two players' figures).
CONTEXT = 2
# Sentences shorter than this (in words) align by chance too easily.
MIN_WORDS = 6
# Before the exact alignment, a pair must share this share of the shorter sentence's content
# words (a cheap filter over an inverted index: no pairwise pass over a story).
MIN_SHARED_CONTENT = 0.5
# Words that place a sentence in time; two sentences that both have some and differ in them are
# about two moments ("cancelled 71 sailings on Monday" / "90 sailings on Thursday"): an update.
_MOMENT = re.compile(
    r"\b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|today|tonight|yesterday|tomorrow|"
    r"morning|afternoon|evening|overnight|week|month|year|"
    r"jan(?:uary)?|feb(?:ruary)?|march|april|may|june|july|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|"
    r"nov(?:ember)?|dec(?:ember)?)\b",
    re.IGNORECASE,
)

PLACEHOLDER = "\x00"
_TOKEN = re.compile(r"\x00|[^\W_]+", re.UNICODE)


def _skeleton(ev: StoryEvidence, s: BodySentence, mentions: list[NumberMention]) -> list[str]:
    """The sentence's words, case-folded, with each figure (and its unit) as one placeholder."""
    text = ev.articles[s.article_id].text
    parts, at = [], s.start
    for m in mentions:
        parts.append(text[at : m.start])
        parts.append(f" {PLACEHOLDER} ")
        at = m.end
    parts.append(text[at : s.end])
    return _TOKEN.findall("".join(parts).casefold())


def _disagree(x: NumberMention, y: NumberMention) -> bool:
    return x.unit == y.unit and not x.agrees_with(y)


def _moment(text: str) -> frozenset[str]:
    return frozenset(m.group(0).casefold() for m in _MOMENT.finditer(text)) | time_signature(text)


def _same_day(ev: StoryEvidence, a: str, b: str) -> bool:
    """Whether two reports can be taken as one moment: not known to be published on different days."""
    da, db = ev.articles[a].published, ev.articles[b].published
    return da is None or db is None or da == db


def aligned_mentions(
    x: list[str], y: list[str], xs: list[NumberMention], ys: list[NumberMention]
) -> list[tuple[NumberMention, NumberMention]]:
    """The mention pairs (``xs`` and ``ys`` are the placeholders' mentions, in order) that stand
    in the same place of two skeletons that are otherwise the same words in the same order
    (``MIN_ALIGNMENT`` of them), with the same ``CONTEXT`` words on each side.

    Only matched runs are read: ``SequenceMatcher`` (no junk heuristic) leaves no element two
    unmatched stretches share, so a placeholder never stands on both sides of a replaced one.
    """
    matcher = SequenceMatcher(None, x, y, autojunk=False)
    if matcher.ratio() < MIN_ALIGNMENT:
        return []
    ix = [i for i, t in enumerate(x) if t == PLACEHOLDER]
    iy = [i for i, t in enumerate(y) if t == PLACEHOLDER]
    pairs = []
    for a0, b0, size in matcher.get_matching_blocks():
        for k in range(size):
            i, j = a0 + k, b0 + k
            if x[i] != PLACEHOLDER:
                continue
            if (
                x[max(0, i - CONTEXT) : i] != y[max(0, j - CONTEXT) : j]
                or x[i + 1 : i + 1 + CONTEXT] != y[j + 1 : j + 1 + CONTEXT]
            ):
                continue  # the words around the figure differ: another subject ("Russian" / "Vestrian soldiers")
            pairs.append((xs[ix.index(i)], ys[iy.index(j)]))
    return pairs


def _ordinals(ev: StoryEvidence, aid: str) -> list[NumberMention]:
    """Reading's ordinals ("his 9th attempt") as figures with the unit "ordinal"."""
    out = []
    for sp in ev.articles[aid].annotations.get("ordinals") or []:
        value = sp.attrs.get("value")
        if isinstance(value, (int, float)):
            v = float(value)
            out.append(NumberMention(aid, sp.start, sp.end, v, v, v, None, "ordinal", None, None))
    return out


def changed_figure_discrepancies(ev: StoryEvidence) -> list[Discrepancy]:
    """One discrepancy per figure that aligned sentences of the story give differently."""
    entries: list[Entry] = []
    for aid in ev.order:
        found = sorted(ev.numbers[aid] + _ordinals(ev, aid), key=lambda m: m.start)
        text = ev.articles[aid].text
        for s in ev.sentences[aid]:
            # a figure glued to a digit or separator before it ("2,000ft" read as "000ft") is a
            # piece of a figure reading did not take whole: not compared
            inside = [
                m
                for m in found
                if s.start <= m.start
                and m.end <= s.end
                and not re.match(r"[\d,.]", text[m.start - 1 : m.start])
            ]
            if inside and (e := entry(ev, s, inside)) is not None:
                entries.append(e)

    def pair(e: Entry, f: Entry) -> list[tuple[NumberMention, NumberMention, bool]]:
        when, other_when = _moment(e[0].text), _moment(f[0].text)
        if when and other_when and when != other_when:
            return []
        return [(mx, my, _disagree(mx, my)) for mx, my in aligned_mentions(e[2], f[2], e[1], f[1])]

    return [_describe(ev, members) for members in conflicting_groups(ev, entries, pair)]


# One sentence with its figures: the sentence, its mentions in order, its skeleton and its
# content words (for the inverted index).
Entry = tuple[BodySentence, list[NumberMention], list[str], set[str]]


def entry(ev: StoryEvidence, s: BodySentence, mentions: list[NumberMention]) -> Entry | None:
    """The sentence as an entry to align, or None when its skeleton is too short to align."""
    skeleton = _skeleton(ev, s, mentions)
    if len(skeleton) < MIN_WORDS:
        return None
    return (s, mentions, skeleton, {t for t in skeleton if len(t) > 3 and t not in STOPWORDS})


def conflicting_groups(
    ev: StoryEvidence,
    entries: list[Entry],
    pair: Callable[[Entry, Entry], list[tuple[NumberMention, NumberMention, bool]]],
) -> list[list[NumberMention]]:
    """Mentions linked across sentences of two same-day reports that share enough content words,
    grouped (union-find over ``pair``'s links); the groups in which some link disagrees."""
    index: dict[str, list[int]] = defaultdict(list)
    for i, (_, _, _, content) in enumerate(entries):
        for w in content:
            index[w].append(i)
    mention_ids: dict[tuple[str, int], int] = {}
    mentions: list[NumberMention] = []

    def mid(m: NumberMention) -> int:
        key = (m.article_id, m.start)
        if key not in mention_ids:
            mention_ids[key] = len(mentions)
            mentions.append(m)
        return mention_ids[key]

    links: list[tuple[int, int, bool]] = []
    for i, e in enumerate(entries):
        s, content = e[0], e[3]
        shared: dict[int, int] = defaultdict(int)
        for w in content:
            for j in index[w]:
                if j > i:
                    shared[j] += 1
        for j, n in shared.items():
            f = entries[j]
            t, other = f[0], f[3]
            if t.article_id == s.article_id or n < MIN_SHARED_CONTENT * min(len(content), len(other)):
                continue
            if not _same_day(ev, s.article_id, t.article_id):
                continue
            for mx, my, differ in pair(e, f):
                links.append((mid(mx), mid(my), differ))
    return [[mentions[k] for k in members] for members in groups_with_conflict(len(mentions), links)]


def _describe(ev: StoryEvidence, members: list[NumberMention]) -> Discrepancy:
    _, parts, cited = ev.quoted_wordings(members)
    return Discrepancy(
        kind="number",
        description=f"The same sentence gives a different figure: {parts}.",
        citations=cited,
    )
