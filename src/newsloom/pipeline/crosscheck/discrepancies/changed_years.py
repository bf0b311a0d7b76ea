"""A year changed in a sentence that is otherwise the same sentence in another report.

A copy can mistype a year as it mistypes a figure ("the next election, scheduled for 2028" /
"... scheduled for 2018"). Reading does not take a bare year as a figure or a date, so the
changed-figure detector does not see it; here each bare year is a placeholder, and sentences of
two reports are aligned as that detector aligns them (the same words in the same order, the same
two words on each side of the year). Two aligned years that differ are one sentence giving two
years: one report changed it.

What is not a change: a year inside a figure ("2,019", "$2019"), a season ("2019-20"), a year in
a date reading took with its month or day (the date detectors compare those), a year placed elsewhere in a reworded
sentence (its neighbouring words differ), and a year in a report of another day (a vote can be
postponed between two days' reports).
"""

from __future__ import annotations

import re

from newsloom.model import Discrepancy
from newsloom.pipeline.crosscheck.discrepancies.changed_figures import (
    Entry,
    aligned_mentions,
    conflicting_groups,
    entry,
)
from newsloom.pipeline.crosscheck.evidence import StoryEvidence
from newsloom.pipeline.crosscheck.quantities import NumberMention
from newsloom.pipeline.crosscheck.text import BodySentence

# A bare year: not glued to a figure, currency, range or unit on either side.
_YEAR = re.compile(r"(?<![\w$£€¥.,/'’-])(?:1[89]|20)\d\d(?![\w%/'’-]|[.,]\d)")


def _years(ev: StoryEvidence, s: BodySentence) -> list[NumberMention]:
    text = ev.articles[s.article_id].text
    taken = [(m.start, m.end) for m in ev.numbers[s.article_id]]
    # a date reading took with its month or day is the date detectors' to compare; a bare
    # year ("due in 2029") reading takes as a date of year precision, which they do not compare
    taken += [(d.start, d.end) for d in ev.dates[s.article_id] if not _YEAR.fullmatch(text[d.start : d.end])]
    out = []
    for m in _YEAR.finditer(text, s.start, s.end):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        v = float(m.group(0))
        out.append(NumberMention(s.article_id, m.start(), m.end(), v, v, v, None, "year", None, None))
    return out


def changed_year_discrepancies(ev: StoryEvidence) -> list[Discrepancy]:
    """One discrepancy per year that aligned sentences of the story give differently."""
    entries: list[Entry] = []
    for aid in ev.order:
        for s in ev.sentences[aid]:
            years = _years(ev, s)
            if years and (e := entry(ev, s, years)) is not None:
                entries.append(e)

    def pair(e: Entry, f: Entry) -> list[tuple[NumberMention, NumberMention, bool]]:
        return [(mx, my, mx.value != my.value) for mx, my in aligned_mentions(e[2], f[2], e[1], f[1])]

    out = []
    for members in conflicting_groups(ev, entries, pair):
        _, parts, cited = ev.quoted_wordings(members)
        out.append(
            Discrepancy(
                kind="number",
                description=f"The same sentence gives a different year: {parts}.",
                citations=cited,
            )
        )
    return out
