"""A second figure that differs beside a figure two reports share.

"officials have confirmed 66 human cases in eight states" / "66 human cases ... reported in 10
states": the reports word the sentence differently (so the changed-figure detector does not align
them) and name the event with different verbs (so the count detector does not compare them), but
the same exact figure of the same thing ("66 human cases") in both sentences says they state one
fact; a second figure of one noun ("states") that differs between them is a contradiction.

What is not: another noun beside the shared figure ("66 cases and 10 deaths"), figures whose
plausible intervals overlap ("about 10" / "nine"), reports of different days (the spread may have
grown), sentences both placed in time, at different moments ("By Monday" / "By Friday"), a small shared figure
("two people": too common to name one fact), and a value the same report also gives.
Nor is a figure of a bare unit or a box score ("$4050" / "$18,199", "two shots" / "six shots"),
a model number as the shared figure ("Quadro FX 5600"), or a noun a sentence breaks down into
parts ("seven rifles, two other rifles"), or a figure described more narrowly on one side
("11 Yemeni pirates" may be part of "23 pirates"): on an unseen
1,393-article corpus those were its only flags, all false alarms.
"""

from __future__ import annotations

import re
from collections import defaultdict

from newsloom.model import Discrepancy
from newsloom.pipeline.crosscheck.dates import time_signature
from newsloom.pipeline.crosscheck.discrepancies.changed_figures import _MOMENT
from newsloom.pipeline.crosscheck.discrepancies.numbers import _PER_PLAYER
from newsloom.pipeline.crosscheck.evidence import StoryEvidence
from newsloom.pipeline.crosscheck.quantities import NumberMention

# A shared figure names one fact only when it is specific: exact and at least this large (small
# counts such as "two people" or "three children" recur across the facts of a story).
MIN_ANCHOR = 10
# Sentences sharing one anchor compared pairwise at most: bounds the work on a large story.
MAX_SENTENCES = 24

_Sentence = tuple[str, int]
# A figure that names a model ("Quadro FX 5600", "Boeing 737"): a capitalised word or code
# right before it. It is an identifier, not a count two reports could share as one fact.
_MODEL_NUMBER = re.compile(r"\b[A-Z][\w-]*\s+$")
# "Since March 2024": where a running count starts, not the moment it is given for.
_SINCE = re.compile(
    r"\b(?:since|from)\s+(?:(?:early|late|mid-?)\s*)?[A-Za-z]+\.?(?:\s+\d{1,2})?(?:,?\s+\d{4})?", re.I
)


def _compatible(x: NumberMention, y: NumberMention) -> bool:
    if x.noun is None or x.noun != y.noun or x.unit != y.unit:
        return False
    # a bare unit ("$4050" / "$18,199") or a box-score count ("two shots" / "six shots") says
    # nothing of what is measured: many quantities of one story share it
    if x.noun.startswith("unit:") or x.noun in _PER_PLAYER:
        return False
    # "11 Yemeni pirates" may be a part of "23 pirates": only the same description is one count
    return x.modifiers == y.modifiers


def _other_moments(a: str, b: str) -> bool:
    """Whether both sentences place themselves in time, and differently ("By Monday" / "By
    Friday"); a sentence that names no moment may be the same one, and "since March" names where
    a count starts, not its moment ("Since March, 66 cases" / "As of January 6, 66 cases")."""
    a, b = _SINCE.sub(" ", a), _SINCE.sub(" ", b)
    ma = {w.lower() for w in _MOMENT.findall(a)} | set(time_signature(a))
    mb = {w.lower() for w in _MOMENT.findall(b)} | set(time_signature(b))
    return bool(ma and mb and ma != mb)


def anchored_figure_discrepancies(ev: StoryEvidence) -> list[Discrepancy]:
    """One discrepancy per noun whose figures differ beside one shared exact figure."""
    in_sentence: dict[_Sentence, list[NumberMention]] = defaultdict(list)
    sentence_text: dict[_Sentence, str] = {}
    anchors: dict[tuple[object, ...], list[_Sentence]] = defaultdict(list)
    for aid in ev.order:
        for m in ev.numbers[aid]:
            s = ev.sentence_at(aid, m.start)
            if s is None or m.noun is None:
                continue
            key = (aid, s.index)
            in_sentence[key].append(m)
            sentence_text[key] = s.text
            if (
                m.approx is None
                and m.value >= MIN_ANCHOR
                and m.low == m.high
                and not m.noun.startswith("unit:")
                and m.noun not in _PER_PLAYER
                and not _MODEL_NUMBER.search(ev.articles[aid].text, max(0, m.start - 12), m.start)
            ):
                anchor = (m.noun, m.unit, m.value)
                if key not in anchors[anchor]:
                    anchors[anchor].append(key)
    values_of: dict[tuple[str, str | None], set[float]] = defaultdict(set)
    # a noun an article's sentence gives two figures of is a breakdown ("seven rifles, two other
    # rifles"; "12 Somali and 11 Yemeni pirates"): its parts are not the fact's one figure
    broken_down: set[tuple[_Sentence, str | None]] = set()
    for key, ms in in_sentence.items():
        for m in ms:
            values_of[(key[0], m.noun)].add(m.value)
        nouns = [m.noun for m in ms]
        broken_down |= {(key, n) for n in nouns if nouns.count(n) > 1}
    sides: dict[tuple[str | None, str | None], dict[tuple[str, int, int], NumberMention]] = defaultdict(dict)
    for (noun, _unit, _value), keys in anchors.items():
        keys = keys[:MAX_SENTENCES]
        for i, ka in enumerate(keys):
            for kb in keys[i + 1 :]:
                a, b = ka[0], kb[0]
                if a == b or _other_moments(sentence_text[ka], sentence_text[kb]):
                    continue
                da, db = ev.articles[a].published, ev.articles[b].published
                if da is not None and db is not None and da != db:
                    continue  # reports of different days: the figure beside may have moved
                for x in in_sentence[ka]:
                    if x.noun == noun or (ka, x.noun) in broken_down:
                        continue
                    for y in in_sentence[kb]:
                        if not _compatible(x, y) or x.agrees_with(y) or (kb, y.noun) in broken_down:
                            continue
                        if y.value in values_of[(a, x.noun)] or x.value in values_of[(b, y.noun)]:
                            continue  # one report gives both values: two quantities
                        side = sides[(x.noun, x.unit)]
                        for m in (x, y):
                            side[(m.article_id, m.start, m.end)] = m
    out = []
    for side in sides.values():
        ordered, parts, cited = ev.quoted_wordings(side.values())
        what = next((m.counted for m in ordered if m.counted), ordered[0].noun)
        out.append(
            Discrepancy(
                kind="number",
                description=(
                    f"The reports state one fact with the same figure but give different figures "
                    f"for the {what}: {parts}."
                ),
                citations=cited,
            )
        )
    return out
