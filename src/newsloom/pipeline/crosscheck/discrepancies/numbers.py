"""Figures that disagree for the same count across articles.

Two figures are compared only when they count the same thing (one event, one counted noun, one
unit, no contradicting modifiers) at the same time (the same time markers in both sentences), and
they disagree only when their plausible intervals do not overlap: "about 300" and "300" agree,
"thousands" and "2,700" agree, "more than 40%" and "45%" agree; a December figure of 100 and a
January figure of 300 are an update. So is a toll that rises from one day's reports to a later
day's (12 dead in every report of 1 March, 40 in those of 3 March); reports of one day cannot be
put in order (publication dates carry no time of day), so figures that differ within a day stay
a conflict.

Two guards keep counts of different things apart when the counted noun is the same. A figure
that belongs to a named person or organisation ("Lindqvist scored 23 points") is not compared
with one that belongs to another ("Okafor scored 14 points"). And a count for which one article
gives values that disagree (a box score's "scored 23 points" and "scored 14 points", or an update
within the article) names more than one quantity in this story: no other report can be said to
contradict it.
"""

from __future__ import annotations

import re
from collections import defaultdict

from newsloom.model import Discrepancy
from newsloom.pipeline.crosscheck.dates import time_signature
from newsloom.pipeline.crosscheck.evidence import StoryEvidence
from newsloom.pipeline.crosscheck.quantities import NumberMention
from newsloom.pipeline.crosscheck.text import STOPWORDS, fold, stem, words

_EVENT_WORDS = {
    "death": "killed",
    "injury": "injured",
    "casualty": "casualties",
    "capture": "captured",
    "missing": "missing",
    "displacement": "displaced",
    "defection": "who defected",
}


def _event_word(ev: StoryEvidence, m: NumberMention, event: str | None) -> str | None:
    """How to name the event in a sentence: "killed" for deaths, or the reporter's own verb."""
    if event is None or not event.startswith("verb:"):
        return _EVENT_WORDS.get(event or "", event)
    sentence = ev.sentence_at(m.article_id, m.start)
    for w in words(sentence.text if sentence else ""):
        if stem(w) == event[5:]:
            return w
    return None


# A sentence opening on one of these continues the previous sentence's subject ("It killed 612
# people" after "The last major quake was in February"), and so its time.
_CONTINUING = re.compile(r"^\W*(?:it|its|they|their|this|that|these|those|he|she)\b", re.I)


def _time_of(ev: StoryEvidence, m: NumberMention) -> frozenset[str] | None:
    """The time markers that place the figure: its sentence's, or, for a sentence that names no
    time and continues the one before it, the time of that sentence (two sentences back at most).
    """
    s = ev.sentence_at(m.article_id, m.start)
    if s is None:
        return None
    when = time_signature(s.text)
    sentences = ev.sentences[m.article_id]  # s.index is s's position in this list
    current = s
    for _ in range(2):
        if when or current.index == 0 or not _CONTINUING.match(current.text):
            break
        current = sentences[current.index - 1]
        when = time_signature(current.text)
    return when


# Tallies that only grow while a story develops (the dead, the injured, the arrested), and tallies
# that move either way (the missing are found). Other counts are facts of the event that later
# reporting does not change (passengers on board, homes in a village).
_RISING_TALLIES = frozenset({"death", "injury", "casualty", "capture", "displacement", "defection"})
_MOVING_TALLIES = frozenset({"missing"})


def _reported_later(ev: StoryEvidence, early: list[NumberMention], late: list[NumberMention]) -> bool:
    """Every article giving ``late`` was published on a later day than every one giving ``early``."""
    before = [ev.articles[m.article_id].published for m in early]
    after = [ev.articles[m.article_id].published for m in late]
    if any(d is None for d in before + after):
        return False
    return max(d for d in before if d) < min(d for d in after if d)


def _is_tally_update(ev: StoryEvidence, xs: list[NumberMention], ys: list[NumberMention]) -> bool:
    """A running tally whose figure moved between reporting days in the direction tallies move."""
    event = xs[0].event
    if event not in _RISING_TALLIES and event not in _MOVING_TALLIES:
        return False
    for early, late in ((xs, ys), (ys, xs)):
        if _reported_later(ev, early, late):
            return event in _MOVING_TALLIES or late[0].low >= early[0].high
    return False


# Whose figure it is: the last person or organisation named at most this many characters before
# the figure in its sentence, unless a speech verb or a semicolon stands between them (then the
# name is the source of the figure, not what it counts: "Chief Brennan said 40 homes ...").
SUBJECT_WINDOW = 60
_NOT_SUBJECT = re.compile(
    r";|\b(?:said|says|say|told|tells|added|adds|according|reported|reports|announced|confirmed|"
    r"estimated|estimates|stated|claimed|claims|believes|thinks)\b",
    re.IGNORECASE,
)
_SUBJECT_LABELS = frozenset({"PERSON", "ORG"})
_CAPITALISED = re.compile(r"\b[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+)*")
# Counts that describe one player's or one team's performance: a box score gives them for every
# player, so two of them are the same quantity only when both name the same player.
_PER_PLAYER_COUNTS = (
    "points rebounds assists yards touchdowns carries catches receptions passes shots goals saves "
    "runs hits strikeouts innings games minutes tackles sacks interceptions steals blocks laps "
    "wickets aces birdies"
)
_PER_PLAYER = frozenset(stem(w) for w in _PER_PLAYER_COUNTS.split())


def _subject(ev: StoryEvidence, m: NumberMention) -> str | None:
    """The person or organisation the figure belongs to ("Lindqvist scored 23 points"), folded:
    the last one the reading stage named in the window, else the last capitalised name there."""
    art = ev.articles[m.article_id]
    s = ev.sentence_at(m.article_id, m.start)
    lo = max(s.start if s is not None else 0, m.start - SUBJECT_WINDOW)
    named = [
        sp
        for sp in art.annotations.get("entities") or []
        if sp.label in _SUBJECT_LABELS and lo <= sp.start and sp.end <= m.start
    ]
    if named:
        last = max(named, key=lambda sp: sp.end)
        end, name = last.end, str(last.attrs.get("canonical") or art.text[last.start : last.end])
    else:
        names = [c for c in _CAPITALISED.finditer(art.text, lo, m.start) if fold(c.group(0)) not in STOPWORDS]
        if not names:
            return None
        end, name = names[-1].end(), names[-1].group(0)
    if _NOT_SUBJECT.search(art.text, end, m.start):
        return None
    return fold(name)


def _names_several_quantities(pooled: list[list[NumberMention]]) -> bool:
    """Whether one article gives values for this count that do not agree with each other."""
    for i, xs in enumerate(pooled):
        for ys in pooled[i + 1 :]:
            if xs[0].agrees_with(ys[0]) or not xs[0].comparable(ys[0]):
                continue
            if {m.article_id for m in xs} & {m.article_id for m in ys}:
                return True
    return False


def conflicting_figures(
    ev: StoryEvidence, mentions: list[NumberMention]
) -> list[tuple[list[NumberMention], list[NumberMention]]]:
    """Sides that count the same thing at the same time and cannot both be right, each side being
    the mentions (from any number of articles) that give one interval.

    Mentions are first pooled by what they count, their interval and their time markers, so word
    for word copies of one figure are compared once, not pairwise.
    """
    pools: dict[tuple[object, ...], list[NumberMention]] = defaultdict(list)
    for m in mentions:
        if m.event is None or m.noun is None:
            continue
        when = _time_of(ev, m)
        if when is None:
            continue
        pools[(m.event, m.noun, m.unit, when, m.low, m.high, m.modifiers, _subject(ev, m))].append(m)
    # the pool's key ends with its figures' owner
    by_count: dict[tuple[object, ...], list[tuple[list[NumberMention], str | None]]] = defaultdict(list)
    for key, pool in pools.items():
        owner = key[-1]
        by_count[key[:4]].append((pool, owner if isinstance(owner, str) else None))
    sides = []
    for owned in by_count.values():
        if _names_several_quantities([pool for pool, _ in owned]):
            continue
        for i, (xs, sx) in enumerate(owned):
            for ys, sy in owned[i + 1 :]:
                x, y = xs[0], ys[0]
                if not x.comparable(y) or x.agrees_with(y):
                    continue
                if sx and sy and sx != sy:
                    continue  # two people's (or teams') figures
                if x.noun in _PER_PLAYER and not (sx and sx == sy):
                    continue  # a box-score figure of a player not named on both sides
                if _is_tally_update(ev, xs, ys):
                    continue
                sides.append((xs, ys))
    return sides


def number_discrepancies(ev: StoryEvidence) -> list[Discrepancy]:
    """One discrepancy per count the articles disagree on, with every side cited."""
    mentions = [m for aid in ev.order for m in ev.numbers[aid]]
    # gather the sides of one count (event + noun) into one discrepancy
    by_count: dict[tuple[str | None, str | None], set[NumberMention]] = defaultdict(set)
    for xs, ys in conflicting_figures(ev, mentions):
        by_count[(xs[0].event, xs[0].noun)].update(xs + ys)
    out = []
    for (event, _noun), sides in by_count.items():
        ordered, parts, cited = ev.quoted_wordings(sides)
        counted = next((m.counted for m in ordered if m.counted), None)
        what = " ".join(x for x in (counted and f"of {counted}", _event_word(ev, ordered[0], event)) if x)
        out.append(
            Discrepancy(
                kind="number",
                description=f"The reports give different figures for the number {what}: {parts}.",
                citations=cited,
            )
        )
    return out
