"""How late one thing started, given differently by two reports of one day.

"The hearing, which began an hour and a half late" against "The hearing started about a
half-hour late": reading takes no figure from "an hour and a half" or "a half-hour", and the two
sentences are worded too differently for the changed-figure detector. Here a delay is a length
of time next to "late" ("began 40 minutes late") or after "delayed by/for" ("was delayed for
some 30 minutes"), read in minutes with its approximation word, and it is the delay of the
words before it in its sentence ("The short hearing, which began ..."). Two reports of one day
that give delays of the same thing (a content word before the delay in both sentences) which do
not overlap disagree: one of them is wrong.

What agrees: the same length written two ways ("half an hour" / "30 minutes", "90 minutes" / "an
hour and a half"), an approximation ("about 40 minutes" / "35 minutes"), delays of two things (a
hearing and a flight), and a report of another day (another sitting can start late too).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsloom.model import Discrepancy
from newsloom.pipeline.crosscheck.evidence import StoryEvidence
from newsloom.pipeline.crosscheck.quantities import NumberMention, interval
from newsloom.pipeline.crosscheck.text import STOPWORDS
from newsloom.unionfind import groups_with_conflict

_APPROX = (
    r"about|around|approximately|roughly|some|nearly|almost|more than|over|less than|under|"
    r"just over|just under|close to"
)
_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "twenty-five": 25, "thirty": 30, "forty": 40, "forty-five": 45, "fifty": 50, "sixty": 60,
    "ninety": 90,
}  # fmt: skip
_NUM = r"\d+(?:\.\d+)?|" + "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True))
# A length of time, longest forms first; the named groups say how to read it.
_LENGTH_NAMED = (
    r"(?:an?|one)\s+hour\s+and\s+a\s+half|(?P<n_half>" + _NUM + r")\s+and\s+a\s+half\s+hours?|"
    r"(?:an?|one)\s+and\s+a\s+half\s+hours?|"
    r"half\s+an\s+hour|an?\s+half[- ]hour|(?:a\s+)?quarter\s+of\s+an\s+hour|an?\s+quarter[- ]hour|"
    r"(?P<n>" + _NUM + r")[- ](?P<unit>minutes?|mins?|hours?|hrs?)|an?\s+hour"
)
_LENGTH = re.compile(_LENGTH_NAMED, re.IGNORECASE)
_LENGTH_PLAIN = re.sub(r"\(\?P<\w+>", "(?:", _LENGTH_NAMED)
_DELAY = re.compile(
    r"\b(?:(?P<late>(?:(?P<approx1>"
    + _APPROX
    + r")\s+)?(?P<len1>"
    + _LENGTH_PLAIN
    + r"))\s+(?:late|behind schedule)\b"
    r"|delayed\s+(?:by|for)\s+(?:(?P<approx2>" + _APPROX + r")\s+)?(?P<len2>" + _LENGTH_PLAIN + r")\b)",
    re.IGNORECASE,
)
_SAYING = re.compile(r"\b(?:said|says|told|according to|reported|announced|added)\b", re.IGNORECASE)
# Words that say a delay is a delay, not what was delayed.
_DELAY_WORDS = frozenset({"began", "begin", "started", "start", "opened", "delayed", "late", "which", "was"})


def _number(word: str) -> float:
    w = word.casefold()
    return float(_WORD_NUMBERS[w]) if w in _WORD_NUMBERS else float(w)


def _minutes(length: str, n: str | None, unit: str | None, n_half: str | None) -> float:
    """The length in minutes ("an hour and a half" -> 90, "a half-hour" -> 30)."""
    text = length.casefold()
    if n is not None and unit is not None:
        return _number(n) * (60 if unit.casefold().startswith("h") else 1)
    if n_half is not None:
        return _number(n_half) * 60 + 30
    if "and a half" in text:
        return 90.0
    if "half" in text:
        return 30.0
    if "quarter" in text:
        return 15.0
    return 60.0


@dataclass(frozen=True)
class _Delay:
    mention: NumberMention
    subject: frozenset[str]  # content words before the delay in its sentence: what was late


def _delays(ev: StoryEvidence, aid: str) -> list[_Delay]:
    out = []
    text = ev.articles[aid].text
    for s in ev.sentences[aid]:
        for m in _DELAY.finditer(text, s.start, s.end):
            which = "1" if m.group("late") else "2"
            span = m.span(f"len{which}")
            inner = _LENGTH.fullmatch(m.group(f"len{which}"))
            if inner is None:
                continue
            value = _minutes(inner.group(0), inner.group("n"), inner.group("unit"), inner.group("n_half"))
            approx = m.group(f"approx{which}")
            low, high = interval(value, approx.casefold() if approx else None, "minutes")
            start = m.start(f"approx{which}") if approx else span[0]
            mention = NumberMention(aid, start, span[1], value, low, high, approx, "minutes", None, None)
            # what was late: the common words before the delay (a name is left out: "Holm's
            # hearing" and "Holm's flight" are two things); words before a verb of saying name
            # the source, not the thing
            prefix = text[s.start : m.start()]
            said = list(_SAYING.finditer(prefix))
            before = re.findall(r"[^\W\d_]+", prefix[said[-1].end() :] if said else prefix)
            subject = frozenset(
                w.casefold()
                for w in before
                if w[0].islower()
                and len(w) > 3
                and w.casefold() not in STOPWORDS
                and w.casefold() not in _DELAY_WORDS
            )
            out.append(_Delay(mention, subject))
    return out


# Minutes added to each side of a delay's interval: reporters round a delay to five minutes or
# so ("about 40 minutes" / "35 minutes" is one delay). Not tuned (realnews has two delays of one
# hearing, 30 and 90 minutes apart; the end-to-end corpus was read for the flags it gives).
SLACK_MINUTES = 5.0


def _agree(x: NumberMention, y: NumberMention) -> bool:
    return x.low - SLACK_MINUTES <= y.high + SLACK_MINUTES and y.low - SLACK_MINUTES <= x.high + SLACK_MINUTES


def _same_day(ev: StoryEvidence, a: str, b: str) -> bool:
    da, db = ev.articles[a].published, ev.articles[b].published
    return da is None or db is None or da == db


def delay_discrepancies(ev: StoryEvidence) -> list[Discrepancy]:
    """One discrepancy per thing whose delay the reports of one day give differently, citing
    every report that gives it (the ones that agree with either side too)."""
    delays = [d for aid in ev.order for d in _delays(ev, aid)]
    links = []
    for i, x in enumerate(delays):
        for j in range(i + 1, len(delays)):
            y = delays[j]
            a, b = x.mention.article_id, y.mention.article_id
            if a == b or not _same_day(ev, a, b) or not x.subject & y.subject:
                continue
            links.append((i, j, not _agree(x.mention, y.mention)))
    out = []
    for members in groups_with_conflict(len(delays), links):
        group = [delays[k] for k in members]
        _, parts, cited = ev.quoted_wordings([d.mention for d in group])
        thing = ", ".join(sorted(frozenset.intersection(*(d.subject for d in group)))) or "same thing"
        out.append(
            Discrepancy(
                kind="number",
                description=f"The reports say the {thing} started late by different lengths of time "
                f"(a delay): {parts}.",
                citations=cited,
            )
        )
    return out
