"""One statement put on two different weekdays by two reports.

"The agency said on Tuesday the risk remains low" against "The agency on Monday said the risk
remains low": the claims' group (``groups.build_groups``) says they state one fact, and the
weekday each report writes for it differs. The weekdays are compared as written, not as
resolved dates: a bare weekday is often resolved against a guessed reference day (so the date
detector, which needs anchored dates, leaves it alone), but one event has one weekday whatever
day a report was published on.

Only claims that write one date each, a weekday, are compared (a sentence with two dates
dates two moments), never two claims of one article, and only pairs worded as closely as a date conflict
needs (``groups.CONTRADICTION``): a group also joins looser pairs, such as a death announced on
Monday and a reassurance about it on Tuesday. A report from another time zone can name the
next or previous day for one moment, so the severity is ``likely_error``.
"""

from __future__ import annotations

import re

from newsloom.model import Discrepancy
from newsloom.pipeline.crosscheck.claims import AtomicClaim
from newsloom.pipeline.crosscheck.evidence import StoryEvidence
from newsloom.pipeline.crosscheck.groups import CONTRADICTION, dice

# A group's claims compared per weekday (a wording carried by many copies needs only a few).
_PER_WEEKDAY = 5


_WEEKDAY = re.compile(r"\b(mon|tues|wednes|thurs|fri|satur|sun)day\b", re.I)


def _weekdays(ev: StoryEvidence, claim: AtomicClaim) -> list[tuple[str, str]]:
    """(weekday folded, the date as written) for each of the claim's dates that names a weekday."""
    text = ev.articles[claim.article_id].text
    out = []
    for d in claim.dates:
        written = text[d.start : d.end]
        m = _WEEKDAY.search(written)
        if m:
            out.append((m.group(1).casefold(), written))
    return out


# The weekday of a statement stands next to its verb of saying ("said on Tuesday", "on Monday
# announced"); a weekday beside another verb dates an action ("walked off the job early on
# Friday" / "voted on Thursday" in two versions of one sentence: two steps, not one statement).
_SAYING = re.compile(
    r"\b(?:said|says|told|announced|stated|confirmed|added|warned|insisted|noted|declared|wrote|"
    r"tweeted|posted|reported|explained|urged|acknowledged|denied|claimed|spoke|assured|reassured|"
    r"promised|pledged|vowed|revealed|disclosed|admitted|argued|cautioned|advised|briefed)\b",
    re.I,
)
_SAYING_REACH = 30  # characters either side of the date


def _said_then(ev: StoryEvidence, claim: AtomicClaim) -> bool:
    text = ev.articles[claim.article_id].text
    d = claim.dates[0]
    return bool(_SAYING.search(text, max(0, d.start - _SAYING_REACH), min(len(text), d.end + _SAYING_REACH)))


def _weekday(ev: StoryEvidence, claim: AtomicClaim) -> tuple[str, str] | None:
    """The weekday of the claim's one date (folded, and as written); None when the claim writes
    no date, a date without a weekday, or more than one date ("signed A on Tuesday and B today"
    dates two moments)."""
    found = _weekdays(ev, claim)
    return found[0] if len(claim.dates) == 1 and len(found) == 1 and _said_then(ev, claim) else None


def _same_statement(ev: StoryEvidence, members: list[int]) -> tuple[tuple[AtomicClaim, str], ...] | None:
    """Two claims of the group, from two articles, worded alike, on two different weekdays."""
    by_day: dict[str, list[tuple[AtomicClaim, str]]] = {}
    for i in members:
        claim = ev.claims[i]
        day = _weekday(ev, claim)
        if day is not None and len(by_day.setdefault(day[0], [])) < _PER_WEEKDAY:
            by_day[day[0]].append((claim, day[1]))
    if len(by_day) != 2:
        return None  # one weekday agrees; three or more mean the group holds several moments
    first, second = by_day.values()
    for a, wa in first:
        for b, wb in second:
            if a.article_id != b.article_id and dice(a.stems, b.stems) >= CONTRADICTION:
                return (a, wa), (b, wb)
    return None


def weekday_discrepancies(ev: StoryEvidence) -> list[Discrepancy]:
    """One discrepancy per claim group whose reports name different weekdays for its fact."""
    out = []
    for members in ev.graph.groups:
        pair = _same_statement(ev, members)
        if pair is None:
            continue
        (a, wa), (b, wb) = pair
        sides = []
        for claim, written in ((a, wa), (b, wb)):
            sides.append(f"{ev.label(claim.article_id)} says '{written}'")
        out.append(
            Discrepancy(
                kind="date",
                severity="likely_error",
                description=f"The reports put one statement on different weekdays ('{a.text}'): {'; '.join(sides)}.",
                citations=[
                    ev.cite(a.article_id, a.sentence.start, a.sentence.end),
                    ev.cite(b.article_id, b.sentence.start, b.sentence.end),
                ],
            )
        )
    return out
