"""The clock time of one step of one event, given differently by two reports of one day.

"Liftoff occurred at 7:40 a.m. ET from the Pellan spaceport" against "The launch ... took place
at 7 a.m. EDT from the Pellan spaceport": one of them is wrong (the second gives the opening of
the launch window as the launch). Reading takes no figure from a clock time, so the figure
detectors never see it. Here a time is a clock time right after "at" ("at 7:40 a.m.", "at
12.40am", "at 00:30"), with its zone ("ET", "EDT", "GMT", "local time"), in a sentence that
names one step of the kinds a report times to the minute and that happens once in a story: a
launch or take-off, a landing, a crash (an earthquake has aftershocks and an attack several
blasts, so those are left out: the end-to-end corpus had an aftershock timed against its
quake). Two reports of one day time the same step when their
sentences name the same kind of step and share a content word besides it (the rocket, the
spaceport): a weather balloon launched the same morning is another thing.

What agrees: the same time in the other clock ("12:40 a.m." / "00:40") or the zone's other style
("ET" / "EDT"), times a few minutes apart (rounding), an approximation ("about 7 a.m.", "shortly
after 7"), a time in another zone (a conversion: zones are not converted, so never compared), a
planned time ("was scheduled to take place at 7 a.m."), another step (the landing), an earlier
or later one ("the previous launch"), a sentence that gives two times or names another weekday
than the other's, a report that times the step twice (then it has two of them), and a report of
another day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsloom.model import Discrepancy
from newsloom.pipeline.crosscheck.dates import time_signature
from newsloom.pipeline.crosscheck.discrepancies.delays import _same_day
from newsloom.pipeline.crosscheck.evidence import StoryEvidence
from newsloom.pipeline.crosscheck.quantities import NumberMention
from newsloom.pipeline.crosscheck.text import STOPWORDS, stem
from newsloom.unionfind import groups_with_conflict

_ZONES = (
    r"local\s+time|local|EDT|EST|ET|CDT|CST|CT|MDT|MST|MT|PDT|PST|PT|GMT|UTC|BST|CEST|CET|IST|JST|KST|"
    r"AEST|AEDT|WIB|SGT|HKT"
)
# A clock time right after "at": 12-hour with a.m./p.m. ("7 a.m.", "12.40am", "9:50 p.m.") or
# 24-hour with two-digit minutes ("00:30", "21:10"), then its zone if one is written.
_TIME = re.compile(
    r"\bat\s+(?:(?P<h12>1[0-2]|0?[1-9])(?:[:.](?P<m12>[0-5]\d))?\s*(?P<half>[ap])\.?\s?m\b\.?"
    r"|(?P<h24>[01]?\d|2[0-3]):(?P<m24>[0-5]\d)\b(?!\s*[ap]\.?\s?m\b))"
    r"(?:\s*\(?\s*(?P<zone>" + _ZONES + r")\b)?",
    re.IGNORECASE,
)
# Steps of an event that reports time to the minute, by kind: the words that name each.
_STEPS = {
    "launch": r"launch(?:ed|es|ing)?|lift(?:ed|s)?[- ]?off|liftoff|blast(?:ed|s)?[- ]?off|blastoff|"
    r"t(?:ook|akes?)[- ]off|take-?off",
    "landing": r"land(?:ed|s|ing)|touch(?:ed|es)?[- ]down|touchdown|splash(?:ed|es)?[- ]?down|splashdown",
    "crash": r"crash(?:ed|es|ing)?",
}
_STEP = {kind: re.compile(r"\b(?:" + words + r")\b", re.IGNORECASE) for kind, words in _STEPS.items()}
# A time that is not when the step happened: a plan, a window, a forecast.
_PLANNED = re.compile(
    r"\b(?:scheduled|planned|slated|set\s+to|due|expected|window|will|would|could|targeting|aims?|aimed|"
    r"postponed|rescheduled|originally|was\s+to|were\s+to|delayed|until)\b",
    re.IGNORECASE,
)
# Another occurrence of the step than the story's own.
_ANOTHER = re.compile(r"\b(?:previous|prior|earlier|last|next|former|upcoming|second|third)\b", re.IGNORECASE)
_WEEKDAY = re.compile(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b", re.IGNORECASE)
# Zone styles that name one zone: Eastern daylight and standard time are both "ET".
_ZONE_FAMILY = {"edt": "et", "est": "et", "cdt": "ct", "cst": "ct", "mdt": "mt", "mst": "mt", "pdt": "pt",
                "pst": "pt", "utc": "gmt", "cest": "cet", "aedt": "aest", "local time": "local"}  # fmt: skip
# Minutes two times of one step may be apart and still be one time written roughly ("7:40" /
# "7:45"; a time on the hour for one a few minutes past it). Not tuned: realnews has one launch
# timed 25 minutes apart; the end-to-end corpus was read for the flags it gives.
SLACK_MINUTES = 10


@dataclass(frozen=True)
class _Timed:
    mention: NumberMention  # the clock time, in minutes after midnight
    step: str
    zone: str
    words: frozenset[str]  # content stems of the sentence besides the step and the time
    weekdays: frozenset[str]


def _zone(raw: str | None) -> str:
    z = re.sub(r"\s+", " ", (raw or "local").casefold())
    return _ZONE_FAMILY.get(z, z)


def _minutes(m: re.Match[str]) -> int:
    if m.group("h24") is not None:
        return int(m.group("h24")) * 60 + int(m.group("m24"))
    hour = int(m.group("h12")) % 12 + (12 if m.group("half").casefold() == "p" else 0)
    return hour * 60 + int(m.group("m12") or 0)


def _timed(ev: StoryEvidence, aid: str) -> list[_Timed]:
    text = ev.articles[aid].text
    out = []
    for s in ev.sentences[aid]:
        sentence = text[s.start : s.end]
        found = list(_TIME.finditer(sentence))
        steps = [kind for kind, rx in _STEP.items() if rx.search(sentence)]
        if len(found) != 1 or len(steps) != 1 or _PLANNED.search(sentence) or _ANOTHER.search(sentence):
            continue
        m = found[0]
        start = s.start + (m.start("h12") if m.group("h12") is not None else m.start("h24"))
        value = float(_minutes(m))
        mention = NumberMention(
            aid, start, s.start + m.end(), value, value, value, None, "minutes", None, None
        )
        rest = sentence[: m.start()] + " " + sentence[m.end() :]
        rest = _STEP[steps[0]].sub(" ", rest)
        words = frozenset(
            stem(w.casefold())
            for w in re.findall(r"[^\W\d_]{4,}", rest)
            if w.casefold() not in STOPWORDS and not re.fullmatch(_ZONES, w, re.IGNORECASE)
        )
        weekdays = frozenset(w.casefold() for w in _WEEKDAY.findall(sentence))
        out.append(_Timed(mention, steps[0], _zone(m.group("zone")), words, weekdays))
    # a report that times one step twice, at two times, tells of two of them
    twice = {t.step for t in out if any(u.step == t.step and u.mention.value != t.mention.value for u in out)}
    return [t for t in out if t.step not in twice]


def _apart(x: float, y: float) -> float:
    """Minutes between two clock times, across midnight too (23:50 and 00:10 are 20 apart)."""
    d = abs(x - y) % 1440
    return min(d, 1440 - d)


def time_of_day_discrepancies(ev: StoryEvidence) -> list[Discrepancy]:
    """One discrepancy per step whose clock time the reports of one day give differently, citing
    every report that times it (the ones that agree with either side too)."""
    timed = [t for aid in ev.order for t in _timed(ev, aid)]
    links = []
    for i, x in enumerate(timed):
        for j in range(i + 1, len(timed)):
            y = timed[j]
            a, b = x.mention.article_id, y.mention.article_id
            if a == b or x.step != y.step or x.zone != y.zone or not _same_day(ev, a, b):
                continue
            if not x.words & y.words or (x.weekdays and y.weekdays and x.weekdays != y.weekdays):
                continue
            sx = ev.sentence_at(a, x.mention.start)
            sy = ev.sentence_at(b, y.mention.start)
            if sx is None or sy is None or time_signature(sx.text) != time_signature(sy.text):
                continue
            links.append((i, j, _apart(x.mention.value, y.mention.value) > SLACK_MINUTES))
    out = []
    for members in groups_with_conflict(len(timed), links):
        group = [timed[k] for k in members]
        _, parts, cited = ev.quoted_wordings([t.mention for t in group])
        out.append(
            Discrepancy(
                kind="number",
                description=f"The reports give different times of day for the {group[0].step}: {parts}.",
                citations=cited,
            )
        )
    return out


__all__ = ["time_of_day_discrepancies"]
