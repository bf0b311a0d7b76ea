"""Claim groups: atomic claims from different articles that state one fact, and the pairs that
contradict each other.

Two claims are put in one group only when their words overlap AND their slots agree: the same
polarity, no figure that disagrees for the same count, no different date for the same event,
and no disjoint set of names. Similarity alone never decides agreement, because a contradiction
is worded almost exactly like the claim it contradicts. Pairs that are worded alike but disagree
on one of those slots are recorded as conflicts; the discrepancy detectors explain them.

Candidate pairs are found through an index of shared word stems, so a large story is not
compared sentence by sentence against every other sentence.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from newsloom.pipeline.crosscheck.claims import AtomicClaim
from newsloom.pipeline.crosscheck.dates import time_signature
from newsloom.pipeline.crosscheck.matching import MatchContext, action_offsets, same_fact_beyond_words
from newsloom.pipeline.crosscheck.text import words
from newsloom.pipeline.memo import story_cache
from newsloom.unionfind import UnionFind

# Dice overlap of content stems above which two claims may state the same fact (if their slots
# agree). Tuned on the five seed articles by reading the groups: at 0.5 the rewrites of one wire
# sentence join and the distinct facts of one paragraph stay apart; at 0.4 "soldiers captured"
# and "soldiers questioned" merged.
SAME_FACT = 0.5
# A shared figure that agrees is strong evidence of one fact, so less wording need be shared.
SAME_FACT_WITH_NUMBER = 0.3
# Polarity flips and date conflicts are only claimed for pairs this close in wording: a negated
# sentence that merely shares a topic is not a contradiction.
CONTRADICTION = 0.6
# Stems shared by more claims than this are too common to block on (they still count in the score).
_MAX_POSTINGS = 200

ConflictKind = Literal["polarity", "number", "date"]


@dataclass(frozen=True)
class Conflict:
    """Two claims worded alike that disagree on polarity, a figure or a date."""

    a: int
    b: int
    kind: ConflictKind


@dataclass
class ClaimGraph:
    """Claims of a story, their groups (lists of claim positions) and the conflicts between them."""

    claims: list[AtomicClaim]
    groups: list[list[int]]
    conflicts: list[Conflict]


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    """Dice overlap of two stem sets."""
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def candidate_pairs(claims: Sequence[AtomicClaim]) -> Iterable[tuple[int, int]]:
    """Pairs of claims from different articles that share at least two uncommon stems, or a count of
    one event."""
    postings: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(claims):
        for s in c.stems:
            postings[s].append(i)
        # a count of one event ("thousands wounded" against "2,700 injured") is a candidate however
        # it is worded: the key counts twice, enough on its own; "#" keeps it apart from word stems
        for ev in {n.event for n in c.numbers if n.event and not n.event.startswith("verb:")}:
            postings["#" + ev].append(i)
            postings["##" + ev].append(i)
        # an action class ("resettle" ~ "defect") counts as one shared word: synonyms share no stem
        for cls in {k for _, k in action_offsets(c.text)}:
            postings["#do:" + cls].append(i)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for ids in postings.values():
        if len(ids) > _MAX_POSTINGS:
            continue
        for x in range(len(ids)):
            ci = claims[ids[x]]
            for y in range(x + 1, len(ids)):
                if claims[ids[y]].article_id != ci.article_id:
                    shared[(ids[x], ids[y])] += 1
    # In claim order: the postings above follow the iteration order of stem sets, which changes
    # with Python's per-process string hashing, and the first conflict found between two claim
    # groups is the one reported. Sorted, every process (and every worker) reports the same one.
    for pair in sorted(shared):
        if shared[pair] >= 2:
            yield pair


def _names_agree(a: AtomicClaim, b: AtomicClaim) -> bool:
    return not a.names or not b.names or bool(a.names & b.names) or _contained(a.names, b.names)


def _contained(a: frozenset[str], b: frozenset[str]) -> bool:
    return any(x in y or y in x for x in a for y in b)


def numbers_conflict(a: AtomicClaim, b: AtomicClaim) -> bool:
    """Whether the claims give figures that cannot both be right for the same count at the same time."""
    if time_signature(a.sentence.text) != time_signature(b.sentence.text):
        return False
    for x in a.numbers:
        for y in b.numbers:
            if x.comparable(y) and not x.agrees_with(y):
                return True
    return False


def numbers_agree(a: AtomicClaim, b: AtomicClaim) -> bool:
    """Whether the claims share a figure for the same count."""
    return any(x.comparable(y) and x.agrees_with(y) for x in a.numbers for y in b.numbers)


_QUOTED = re.compile(r"[\u201c\"]([^\u201c\u201d\"]{12,})[\u201d\"]")


@story_cache(maxsize=65536)
def quoted_runs(text: str) -> frozenset[tuple[str, ...]]:
    """Every run of four words inside the quotation marks of ``text``."""
    runs: set[tuple[str, ...]] = set()
    for m in _QUOTED.finditer(text):
        ws = words(m.group(1))
        runs.update(tuple(ws[i : i + 4]) for i in range(len(ws) - 3))
    return frozenset(runs)


def shares_quotation(a: AtomicClaim, b: AtomicClaim) -> bool:
    """Whether both claims quote the same words (four or more in a row): one statement, reported twice."""
    return not quoted_runs(a.text).isdisjoint(quoted_runs(b.text))


def dates_conflict(a: AtomicClaim, b: AtomicClaim) -> bool:
    """Whether both claims date themselves to the day, to different days.

    Relative dates resolved against a guessed day (see ``DateMention.anchored``) do not count:
    "yesterday" and "on Thursday" placed from a background date in the text prove nothing.
    """
    da = {d.date for d in a.dates if d.precision == "day" and d.anchored}
    db = {d.date for d in b.dates if d.precision == "day" and d.anchored}
    return bool(da and db and not (da & db))


def build_groups(claims: list[AtomicClaim], context: MatchContext | None = None) -> ClaimGraph:
    """Group the story's atomic claims into facts and record the conflicting pairs.

    With a ``context`` (quotations and name aliases), claims worded differently also join when a
    shared quotation, an agreeing figure for one event, or one actor doing one action says they
    state one fact (``matching``); figures and dates must still agree, and each rule checks its
    own speaker, counted thing or actor in place of the shared-names guard of word matching.
    """
    ctx = context or MatchContext()
    uf = UnionFind(len(claims))
    # word-for-word copies state the same fact; joined first, in one pass, however many copies
    first_of: dict[tuple[str, ...], int] = {}
    for i, c in enumerate(claims):
        key = tuple(words(c.text))
        if key in first_of:
            uf.union(i, first_of[key])
        else:
            first_of[key] = i
    conflicts: list[Conflict] = []
    for i, j in candidate_pairs(claims):
        a, b = claims[i], claims[j]
        sim = dice(a.stems, b.stems)
        quoted = shares_quotation(a, b)
        # the rules check polarity themselves; a pair worded alike with opposite polarity stays a
        # candidate polarity conflict below
        if (
            not (sim >= CONTRADICTION and a.negated != b.negated)
            and not numbers_conflict(a, b)
            and not dates_conflict(a, b)
            and same_fact_beyond_words(a, b, ctx)
        ):
            uf.union(i, j)
            continue
        # the rules above check the speaker, the counted thing or the actor themselves; word
        # overlap alone needs names that agree
        if (sim < SAME_FACT_WITH_NUMBER and not quoted) or not _names_agree(a, b):
            continue
        if numbers_conflict(a, b):
            if sim >= SAME_FACT:
                conflicts.append(Conflict(i, j, "number"))
            continue
        if sim >= CONTRADICTION and a.negated != b.negated and not (a.hypothetical or b.hypothetical):
            conflicts.append(Conflict(i, j, "polarity"))
            continue
        if a.negated != b.negated:
            continue
        if sim >= CONTRADICTION and dates_conflict(a, b):
            conflicts.append(Conflict(i, j, "date"))
            continue
        if sim >= SAME_FACT or ((numbers_agree(a, b) or quoted) and not dates_conflict(a, b)):
            uf.union(i, j)
    groups = uf.groups()
    for gi, members in enumerate(groups):
        for m in members:
            claims[m].group = gi
    return ClaimGraph(claims=claims, groups=groups, conflicts=conflicts)
