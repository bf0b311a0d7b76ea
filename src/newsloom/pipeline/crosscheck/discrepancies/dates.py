"""The same event dated to different days by different articles.

Only claims worded alike (see ``groups.CONTRADICTION``) with the same polarity and day-precise
dates are compared, so two events of one story on two days are not taken for one; and only when
their date words differ (times of day aside: "Saturday" and "Saturday morning" are the same
words), since the same words resolved against two publication dates are no disagreement between
the reports.
"""

from __future__ import annotations

import re

from newsloom.model import Discrepancy
from newsloom.pipeline.crosscheck.claims import AtomicClaim
from newsloom.pipeline.crosscheck.dates import DateMention
from newsloom.pipeline.crosscheck.evidence import StoryEvidence

# Words that place an event within its day or point back at it; "Saturday morning" and "last
# Saturday" name the same day as "Saturday".
_WITHIN_DAY = frozenset(
    {"morning", "afternoon", "evening", "night", "overnight", "early", "late", "last", "on"}
)


# A date written as YYYY-MM-DD is a machine stamp (a page's date header glued to the first
# sentence), not the reporter's dating of the event: it says when the page was made.
_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}")


def _reported(ev: StoryEvidence, claim: AtomicClaim) -> list[DateMention]:
    """The claim's dates as the reporter wrote them (page date stamps left out)."""
    text = ev.articles[claim.article_id].text
    return [d for d in claim.dates if not _STAMP.fullmatch(text[d.start : d.end].strip())]


def _written(ev: StoryEvidence, claim: AtomicClaim) -> list[str]:
    """The date words of a claim, folded, without the time of day."""
    text = ev.articles[claim.article_id].text
    return sorted(
        " ".join(w for w in text[d.start : d.end].casefold().split() if w not in _WITHIN_DAY)
        for d in _reported(ev, claim)
    )


# How many words before a date name what it dates ("voted on Thursday", "the hearing on the 3rd").
_LEAD_IN_WORDS = 3
_WORD = re.compile(r"[^\W\d_]+")


def _lead_in(ev: StoryEvidence, claim: AtomicClaim) -> set[str]:
    """The words just before each of the claim's dates, folded to six letters (times of day and
    "on"/"the" aside): what the date is the date of."""
    text = ev.articles[claim.article_id].text
    out: set[str] = set()
    for d in _reported(ev, claim):
        before = [
            w.casefold() for w in _WORD.findall(text[max(claim.sentence.start, d.start - 60) : d.start])
        ]
        out.update(w[:6] for w in before[-_LEAD_IN_WORDS:] if w not in _WITHIN_DAY and w != "the")
    return out


def date_discrepancies(ev: StoryEvidence) -> list[Discrepancy]:
    """One discrepancy per pair of claim groups that date one event differently."""
    out = []
    seen: set[tuple[int, int]] = set()
    for c in ev.graph.conflicts:
        if c.kind != "date":
            continue
        a, b = ev.claims[c.a], ev.claims[c.b]
        groups = (min(a.group, b.group), max(a.group, b.group))
        da, db = _reported(ev, a), _reported(ev, b)
        if not da or not db:
            continue  # one side is dated only by its page's stamp
        if {d.date for d in da} & {d.date for d in db}:
            continue  # both give the event's day; one adds another date (of something else)
        if groups in seen or _written(ev, a) == _written(ev, b):
            # The same words ("police said Friday") resolved to different days: the articles'
            # reference dates differ (a copy published later), not what they report.
            continue
        if not _lead_in(ev, a) & _lead_in(ev, b):
            # Copies of one sentence can date two different steps in it: "walked off the job
            # early on Friday after 96% voted" / "will walk off the job after 96% voted on
            # Thursday". Only dates of the same words are one event dated twice.
            continue
        seen.add(groups)
        sides = []
        for claim in (a, b):
            text = ev.articles[claim.article_id].text
            written = ", ".join(
                f"'{text[d.start : d.end]}' ({d.date.isoformat()})" for d in _reported(ev, claim)
            )
            sides.append(f"{ev.label(claim.article_id)} dates it {written}")
        out.append(
            Discrepancy(
                kind="date",
                description=f"The reports date the same event differently ('{a.text}'): {'; '.join(sides)}.",
                citations=[
                    ev.cite(a.article_id, a.sentence.start, a.sentence.end),
                    ev.cite(b.article_id, b.sentence.start, b.sentence.end),
                ],
            )
        )
    return out
