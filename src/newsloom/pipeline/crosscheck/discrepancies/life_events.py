"""A person's one-off life event dated to two different days by two reports.

A person is born, marries and dies once (in the span of one story), so "Rendall, who got married
on June 28" and "Rendall had married his partner ... on June 22" contradict each other however
differently the two sentences are worded (the claim-based date detector compares only claims
worded alike). The person is the one the event belongs to: the last person the reading named
before the event's word in its sentence, so a brother's wedding is not the player's.

What agrees: a vaguer date ("in June": only day-precise dates are compared), the same day in other
words, a relative date ("10 days ago": only dates written with their month are compared), another
person's event, and a sentence with two day dates (which one is the event's is not known).

A report can also place the event relative to the story's own: "The crash came less than a week
after Rendall got married". The story's event is news on the report's publication day or up to
``EVENT_LAG_DAYS`` before it, so the length ("less than a week", "three days", "two months")
puts the wedding in a span of days; another report that dates it outside that span disagrees.
A length without a number ("weeks after") and a report without a publication day are not read.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

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
    return _person_event(ev, aid, s.start, events[0])


def _person_event(
    ev: StoryEvidence, aid: str, sentence_start: int, word: re.Match[str]
) -> tuple[str, str] | None:
    """(the person, the event) of an event word: the last person named before it in its sentence."""
    art = ev.articles[aid]
    persons: list[Span] = [
        sp
        for sp in art.annotations.get("entities") or []
        if sp.label == "PERSON" and sentence_start <= sp.start and sp.end <= word.start()
    ]
    if not persons:
        return None
    last = max(persons, key=lambda sp: sp.end)
    name = str(last.attrs.get("canonical") or art.text[last.start : last.end])
    return fold(name), _ONCE[word.group(0).lower()]


_LENGTH_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}  # fmt: skip
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30}
# "<length> after <person> <event word>": the story's event came that long after the person's.
_RELATIVE = re.compile(
    r"\b(?:(?P<q>less\s+than|under|within|barely|more\s+than|over|nearly|almost|just|only|some|about)\s+)?"
    r"(?P<n>\d{1,3}|" + "|".join(_LENGTH_WORDS) + r")\s+(?P<unit>day|week|month)s?\s+after\s+"
    r"(?P<rest>[^.;:!?]{0,60}?)\b(?:" + "|".join(_ONCE) + r")\b",
    re.IGNORECASE,
)
# Days before the report's publication the story's event may have happened and still be its
# news. Not tuned (realnews has one wedding placed "less than a week" before a crash).
EVENT_LAG_DAYS = 2


@dataclass(frozen=True)
class _Placed:
    """An event placed relative to the story's own: the span of days it may fall in."""

    article_id: str
    start: int
    end: int
    earliest: date | None
    latest: date


def _gap_days(q: str | None, n: int, unit_days: int) -> tuple[float, float]:
    """The days between the person's event and the story's that the written length allows."""
    length = float(n * unit_days)
    qualifier = " ".join((q or "").casefold().split())
    if qualifier in {"less than", "under", "within", "barely"}:
        return 0.0, length
    if qualifier in {"more than", "over"}:
        return length, math.inf
    if qualifier in {"nearly", "almost"}:
        return 0.75 * length, length
    # a length as written: a quarter of it either way, a day at least ("a week": 5 to 9 days)
    slack = max(1.0, length / 4)
    return length - slack, length + slack


def _relative_events(ev: StoryEvidence, aid: str) -> list[tuple[tuple[str, str], _Placed]]:
    art = ev.articles[aid]
    if art.published is None:
        return []
    out = []
    for s in ev.sentences[aid]:
        for m in _RELATIVE.finditer(art.text, s.start, s.end):
            n_raw = m.group("n").casefold()
            n = _LENGTH_WORDS[n_raw] if n_raw in _LENGTH_WORDS else int(n_raw)
            low, high = _gap_days(m.group("q"), n, _UNIT_DAYS[m.group("unit").casefold()])
            word = _EVENT.search(art.text, m.start("rest"), m.end())
            key = _person_event(ev, aid, s.start, word) if word else None
            if key is None:
                continue
            latest = art.published - timedelta(days=math.ceil(low))
            earliest = (
                None
                if math.isinf(high)
                else art.published - timedelta(days=EVENT_LAG_DAYS + math.floor(high))
            )
            out.append((key, _Placed(aid, m.start(), m.end(), earliest, latest)))
    return out


def _relative_discrepancies(
    ev: StoryEvidence, dated: dict[tuple[str, str], dict[object, list[tuple[str, DateMention]]]]
) -> list[Discrepancy]:
    """Relative placings of a person's event that a day another report gives falls outside."""
    out = []
    for aid in ev.order:
        for key, placed in _relative_events(ev, aid):
            clash = [
                (other, d)
                for sides in dated.get(key, {}).values()
                for other, d in sides
                if other != aid
                and (d.date > placed.latest or (placed.earliest is not None and d.date < placed.earliest))
            ]
            if not clash:
                continue
            other, d = clash[0]
            art = ev.articles[aid]
            written = art.text[placed.start : placed.end]
            given = ev.articles[other].text[d.start : d.end]
            out.append(
                Discrepancy(
                    kind="date",
                    description=(
                        f"The reports place when a person {key[1]} differently: {ev.label(aid)} says "
                        f"'{written}' (published {art.published}), {ev.label(other)} gives '{given}'."
                    ),
                    citations=[
                        ev.cite_sentence_of(aid, placed.start, placed.end),
                        ev.cite_sentence_of(other, d.start, d.end),
                    ],
                )
            )
            break  # one per article
    return out


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
    out = _relative_discrepancies(ev, by_event)
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
