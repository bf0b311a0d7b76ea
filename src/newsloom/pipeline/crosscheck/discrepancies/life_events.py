"""A person's one-off life event dated to two different days by two reports.

A person is born, marries and dies once (in the span of one story), so "Rendall, who got married
on June 28" and "Rendall had married his partner ... on June 22" contradict each other however
differently the two sentences are worded (the claim-based date detector compares only claims
worded alike). The person is the one the event belongs to: the last person the reading named
before the event's word in its sentence, so a brother's wedding is not the player's.

What agrees: a vaguer date ("in June": only day-precise dates are compared), the same day in other
words, a relative date ("10 days ago": only dates written with their month are compared), another
person's event, and a sentence with two day dates (which one is the event's is not known).
"""

from __future__ import annotations

import re
from collections import defaultdict

from newsloom.model import Citation, Discrepancy, Span
from newsloom.pipeline.crosscheck.dates import DateMention
from newsloom.pipeline.crosscheck.evidence import StoryEvidence
from newsloom.pipeline.crosscheck.text import fold

# Events that happen to a person once: their words, each mapped to one event.
_ONCE = {"born": "born", "married": "married", "wed": "married", "died": "died", "buried": "buried"}
_EVENT = re.compile(r"\b(?:" + "|".join(_ONCE) + r")\b", re.IGNORECASE)
_MONTH = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|\b\d{1,2}\s+"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b",
    re.IGNORECASE,
)


def _event_of(ev: StoryEvidence, aid: str, d: DateMention) -> tuple[str, str] | None:
    """(the person, the event) the day date in its sentence dates, if it dates a one-off event."""
    art = ev.articles[aid]
    s = ev.sentence_at(aid, d.start)
    if s is None:
        return None
    events = list(_EVENT.finditer(art.text, s.start, s.end))
    if len(events) != 1:
        return None
    word = events[0]
    persons: list[Span] = [
        sp
        for sp in art.annotations.get("entities") or []
        if sp.label == "PERSON" and s.start <= sp.start and sp.end <= word.start()
    ]
    if not persons:
        return None
    last = max(persons, key=lambda sp: sp.end)
    name = str(last.attrs.get("canonical") or art.text[last.start : last.end])
    return fold(name), _ONCE[word.group(0).lower()]


def life_event_discrepancies(ev: StoryEvidence) -> list[Discrepancy]:
    """One discrepancy per person's one-off event that the reports date to different days."""
    by_event: dict[tuple[str, str], dict[object, list[tuple[str, DateMention]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for aid in ev.order:
        text = ev.articles[aid].text
        day_dates = [
            d for d in ev.dates[aid] if d.precision == "day" and _MONTH.search(text[d.start : d.end])
        ]
        per_sentence: dict[int, list[DateMention]] = defaultdict(list)
        for d in day_dates:
            s = ev.sentence_at(aid, d.start)
            if s is not None:
                per_sentence[s.index].append(d)
        for ds in per_sentence.values():
            if len({(d.date.month, d.date.day) for d in ds}) != 1:
                continue  # two days in one sentence: which one is the event's is not known
            key = _event_of(ev, aid, ds[0])
            if key is not None:
                by_event[key][(ds[0].date.month, ds[0].date.day)].append((aid, ds[0]))
    out = []
    for (_person, event), days in by_event.items():
        if len(days) < 2:
            continue
        articles = [{aid for aid, _ in sides} for sides in days.values()]
        if any(a & b for i, a in enumerate(articles) for b in articles[i + 1 :]):
            continue  # one report gives two days: two events of that name, or a reading slip
        parts: list[str] = []
        citations: list[Citation] = []
        for sides in days.values():
            aid, d = sides[0]
            written = ev.articles[aid].text[d.start : d.end]
            labels = ", ".join(dict.fromkeys(ev.label(a) for a, _ in sides))
            parts.append(f"'{written}' in {labels}")
            citations.extend(ev.cite_sentence_of(a, m.start, m.end) for a, m in sides[:1])
        out.append(
            Discrepancy(
                kind="date",
                description=f"The reports give different days for when a person {event}: {'; '.join(parts)}.",
                citations=citations,
            )
        )
    return out
