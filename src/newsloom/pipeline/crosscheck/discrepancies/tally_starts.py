"""One running count started in two different months.

"Since March, 52 ferry crossings have been cancelled" against "Nearly 55 ferry crossings have
been cancelled since April": two reports give (nearly) the same running count of one thing, but
count it from different months. One of the start months is wrong (or the count is another one,
which the agreeing figure makes unlikely).

Compared: sentences of two articles that each count from one month ("since March", "since March
2024"; a day of the month makes it a date, which the date detector compares), share at least
two content words besides the month, and carry figures that agree (within ``SAME_COUNT``). A
count from another year, a count of something else (other words, a figure far apart) or the
same month in other words ("since March" / "since March 2024") is not flagged. A later update
keeps its start month ("66 since March", then "70 since March").
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from newsloom.model import Discrepancy
from newsloom.pipeline.crosscheck.evidence import StoryEvidence
from newsloom.pipeline.crosscheck.text import STOPWORDS, words

_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_SINCE = re.compile(
    r"\bsince\s+(?:early\s+|late\s+|mid-?)?("
    + "|".join(_MONTHS)
    + r")\b(?!\s+\d{1,2}\b)(?:,?\s+((?:19|20)\d\d))?",
    re.IGNORECASE,
)
# Two counts agree when the larger is at most this factor of the smaller ("66" / "nearly 70"):
# a running count grows between reports, but not by much within one story. Chosen on
# hand-written look-alikes (tests), not tuned on a benchmark.
SAME_COUNT = 1.15
# Content words (besides months and figures) two sentences must share to count one thing.
MIN_SHARED_WORDS = 2


@dataclass(frozen=True)
class _Tally:
    article_id: str
    start: int
    end: int
    month: int
    year: str | None
    since: str
    counts: tuple[float, ...]
    words: frozenset[str]


def _tallies(ev: StoryEvidence, aid: str) -> list[_Tally]:
    text = ev.articles[aid].text
    out = []
    for s in ev.sentences[aid]:
        found = list(_SINCE.finditer(s.text))
        if len(found) != 1:
            continue  # two start months in one sentence: two counts
        m = found[0]
        counts = tuple(
            n.value
            for n in ev.numbers[aid]
            if s.start <= n.start < s.end and n.unit is None and not (1900 <= n.value <= 2100)
        )
        if not counts:
            continue
        content = frozenset(
            w
            for w in words(s.text)
            if w not in STOPWORDS and w not in _MONTHS and not w.isdigit() and len(w) > 2
        )
        out.append(
            _Tally(
                article_id=aid,
                start=s.start,
                end=s.end,
                month=_MONTHS.index(m.group(1).lower()) + 1,
                year=m.group(2),
                since=text[s.start + m.start() : s.start + m.end()],
                counts=counts,
                words=content,
            )
        )
    return out


def _same_count(a: _Tally, b: _Tally) -> bool:
    return any(0 < x <= y * SAME_COUNT and 0 < y <= x * SAME_COUNT for x in a.counts for y in b.counts)


def tally_start_discrepancies(ev: StoryEvidence) -> list[Discrepancy]:
    """Running counts that agree on the figure but start in different months."""
    tallies = [t for aid in ev.order for t in _tallies(ev, aid)]
    out = []
    seen: set[frozenset[int]] = set()
    for i, a in enumerate(tallies):
        clash: dict[int, list[_Tally]] = defaultdict(list)
        for b in tallies[i + 1 :]:
            if b.article_id == a.article_id or b.month == a.month:
                continue
            if a.year and b.year and a.year != b.year:
                continue
            if len(a.words & b.words) >= MIN_SHARED_WORDS and _same_count(a, b):
                clash[b.month].append(b)
        for month, others in clash.items():
            key = frozenset((a.month, month))
            if key in seen:
                continue
            seen.add(key)
            # every count from either month that agrees with this one is a side of it
            same = [
                t
                for t in tallies
                if t.month == a.month and (t is a or (t.words & a.words and _same_count(t, a)))
            ]
            sides = "; ".join(
                f"'{ts[0].since}' in {', '.join(dict.fromkeys(ev.label(t.article_id) for t in ts))}"
                for ts in (same, others)
            )
            out.append(
                Discrepancy(
                    kind="date",
                    description=f"The reports count the same running total from different months: {sides}.",
                    citations=[ev.cite(t.article_id, t.start, t.end) for t in [*same, *others]],
                    severity="likely_error",
                )
            )
    return out


__all__ = ["SAME_COUNT", "tally_start_discrepancies"]
