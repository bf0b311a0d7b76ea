"""One report that gives its event two death (or injury) tolls: "claimed the lives of 260
people" in the first paragraph and "killing 265 people" further down.

The count detector compares figures across reports and leaves alone a count one report gives
twice differently (a box score, an update within the article). Here only the plainest case is
taken: two exact figures of one article for the dead (or the injured) of one event, counted with
the same noun, at the same time (the same time markers: "rose to", "earlier", a year), not owned by
two different names, and close to each other. Close, because a part of a toll is much
smaller than the toll ("killing 265 people, including 241 passengers" counts passengers anyway);
two tolls a few apart are the same count written twice, one of them not updated.

What is not flagged: an approximation or a floor beside an exact toll ("at least 130" / 134),
a toll that rose ("later rose to 134"), the toll of another event (another time marker), a part
of the toll, and tolls in two reports (the count detector's).
"""

from __future__ import annotations

from newsloom.model import Discrepancy
from newsloom.pipeline.crosscheck.discrepancies.numbers import _subject, _time_of
from newsloom.pipeline.crosscheck.evidence import StoryEvidence
from newsloom.pipeline.crosscheck.quantities import NumberMention

_TOLLS = frozenset({"death", "injury"})
_WHAT = {"death": "killed", "injury": "injured"}
# Two exact tolls of one report are one count written twice when the smaller is at least this
# share of the larger. Not tuned: realnews has one such report (260 / 265); the end-to-end
# corpus was read for the flags it gives (none).
MIN_SHARE = 0.9


def _tolls(ev: StoryEvidence, aid: str) -> list[NumberMention]:
    return [
        m
        for m in ev.numbers[aid]
        if m.event in _TOLLS and m.approx is None and m.unit is None and m.noun and not m.modifiers
    ]


def _owned_apart(ev: StoryEvidence, x: NumberMention, y: NumberMention) -> bool:
    """Whether the two tolls belong to two named owners (as the count detector tells them)."""
    sx, sy = _subject(ev, x), _subject(ev, y)
    return bool(sx and sy and sx != sy)


def internal_toll_discrepancies(ev: StoryEvidence) -> list[Discrepancy]:
    """One discrepancy per article that gives one event two close, different exact tolls."""
    out = []
    for aid in ev.order:
        found = _tolls(ev, aid)
        for i, x in enumerate(found):
            pair = next(
                (
                    y
                    for y in found[i + 1 :]
                    if y.event == x.event
                    and y.noun == x.noun
                    and y.value != x.value
                    and min(x.value, y.value) >= MIN_SHARE * max(x.value, y.value)
                    and _time_of(ev, x) == _time_of(ev, y)
                    and not _owned_apart(ev, x, y)
                ),
                None,
            )
            if pair is None:
                continue
            _, _, cited = ev.quoted_wordings([x, pair])
            text = ev.articles[aid].text
            parts = f"'{text[x.start : x.end]}' and '{text[pair.start : pair.end]}'"
            out.append(
                Discrepancy(
                    kind="number",
                    description=f"{ev.label(aid)} gives two figures for the number of {x.counted or 'people'} "
                    f"{_WHAT[str(x.event)]}: {parts}.",
                    internal=True,
                    citations=cited,
                )
            )
            break  # one per article: the first two tolls that disagree
    return out
