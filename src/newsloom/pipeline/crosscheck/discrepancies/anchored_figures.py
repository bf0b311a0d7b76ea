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
"""

from __future__ import annotations

import re
from collections import defaultdict

from newsloom.model import Citation, Discrepancy
from newsloom.pipeline.crosscheck.dates import time_signature
from newsloom.pipeline.crosscheck.discrepancies.changed_figures import _MOMENT
from newsloom.pipeline.crosscheck.evidence import StoryEvidence
from newsloom.pipeline.crosscheck.quantities import NumberMention

# A shared figure names one fact only when it is specific: exact and at least this large (small
# counts such as "two people" or "three children" recur across the facts of a story).
MIN_ANCHOR = 10
# Sentences sharing one anchor compared pairwise at most: bounds the work on a large story.
MAX_SENTENCES = 24

_Sentence = tuple[str, int]
# "Since March 2024": where a running count starts, not the moment it is given for.
_SINCE = re.compile(
    r"\b(?:since|from)\s+(?:(?:early|late|mid-?)\s*)?[A-Za-z]+\.?(?:\s+\d{1,2})?(?:,?\s+\d{4})?", re.I
)


def _compatible(x: NumberMention, y: NumberMention) -> bool:
    if x.noun is None or x.noun != y.noun or x.unit != y.unit:
        return False
    a, b = x.modifiers, y.modifiers
    return not a or not b or a <= b or b <= a


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
            if m.approx is None and m.value >= MIN_ANCHOR and m.low == m.high:
                anchor = (m.noun, m.unit, m.value)
                if key not in anchors[anchor]:
                    anchors[anchor].append(key)
    values_of: dict[tuple[str, str | None], set[float]] = defaultdict(set)
    for (aid, _), ms in in_sentence.items():
        for m in ms:
            values_of[(aid, m.noun)].add(m.value)
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
                    if x.noun == noun:
                        continue
                    for y in in_sentence[kb]:
                        if not _compatible(x, y) or x.agrees_with(y):
                            continue
                        if y.value in values_of[(a, x.noun)] or x.value in values_of[(b, y.noun)]:
                            continue  # one report gives both values: two quantities
                        side = sides[(x.noun, x.unit)]
                        for m in (x, y):
                            side[(m.article_id, m.start, m.end)] = m
    out = []
    for side in sides.values():
        ordered = sorted(side.values(), key=lambda m: (ev.position[m.article_id], m.start))
        wording: dict[str, list[str]] = defaultdict(list)
        citations: dict[tuple[str, int, int], Citation] = {}
        for m in ordered:
            wording[ev.articles[m.article_id].text[m.start : m.end]].append(ev.label(m.article_id))
            cite = ev.cite_sentence_of(m.article_id, m.start, m.end)
            citations.setdefault((cite.article_id, cite.start, cite.end), cite)
        what = next((m.counted for m in ordered if m.counted), ordered[0].noun)
        parts = "; ".join(f"'{w}' in {', '.join(dict.fromkeys(labels))}" for w, labels in wording.items())
        out.append(
            Discrepancy(
                kind="number",
                description=(
                    f"The reports state one fact with the same figure but give different figures "
                    f"for the {what}: {parts}."
                ),
                citations=list(citations.values()),
            )
        )
    return out
