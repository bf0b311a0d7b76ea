"""A named person's age given differently by the reports of one story.

News gives ages in a few fixed forms: "Lena Ostrova, 64, said", "Lena Ostrova (64)", "the
64-year-old harbour master, Lena Ostrova". Two reports of one event that give one person two
ages disagree, unless birthdays between their publication days explain it (the older age in
the later report, by no more years than the time between them holds).
The person is the one reading named (entity spans, merged across spellings by the story's
``canonical`` name), so "Ostrova" and "Lena Ostrova" are one person and two Ostrovas are not.
"""

from __future__ import annotations

import re
from collections import defaultdict

from newsloom.model import Discrepancy, Span
from newsloom.pipeline.crosscheck.evidence import StoryEvidence

_AFTER = re.compile(r"\s*(?:,\s*(\d{1,3})\s*[,.;]|\((\d{1,3})\))")
# "the 63-year-old wife, Betsy Arakawa": up to two words (and a comma) between age and name.
_BEFORE = re.compile(r"(\d{1,3})-year-\s?old\s+(?:[a-z]+,?\s+){0,2}$")
# Ages people have; a larger figure after a name is something else.
MAX_AGE = 120


def _ages(ev: StoryEvidence, aid: str) -> list[tuple[str, int, Span]]:
    art = ev.articles[aid]
    out = []
    for sp in art.annotations.get("entities") or []:
        if sp.label != "PERSON":
            continue
        name = str(sp.attrs.get("canonical") or art.text[sp.start : sp.end])
        m = _AFTER.match(art.text, sp.end)
        before = _BEFORE.search(art.text, max(0, sp.start - 40), sp.start)
        raw = (m.group(1) or m.group(2)) if m else (before.group(1) if before else None)
        if raw is not None and 0 < int(raw) <= MAX_AGE:
            out.append((name, int(raw), sp))
    return out


def _birthdays_explain(
    ev: StoryEvidence,
    young: int,
    old: int,
    young_sides: list[tuple[str, Span]],
    old_sides: list[tuple[str, Span]],
) -> bool:
    """Whether birthdays between the reports explain ``young`` in some and ``old`` in others:
    every report of the older age is published later than every report of the younger, and
    no more birthdays are needed than the years between them hold (a person never gets younger)."""
    for a, _ in young_sides:
        for b, _ in old_sides:
            early, late = ev.articles[a].published, ev.articles[b].published
            if early is None or late is None or late <= early:
                return False
            if old - young > (late - early).days // 365 + 1:
                return False
    return True


def age_discrepancies(ev: StoryEvidence) -> list[Discrepancy]:
    """One discrepancy per person the story's reports give different ages."""
    by_person: dict[str, dict[int, list[tuple[str, Span]]]] = defaultdict(lambda: defaultdict(list))
    for aid in ev.order:
        for name, age, sp in _ages(ev, aid):
            by_person[name][age].append((aid, sp))
    out = []
    for name, ages in by_person.items():
        if len(ages) < 2:
            continue
        if all(
            _birthdays_explain(ev, young, old, ages[young], ages[old])
            for young in ages
            for old in ages
            if young < old
        ):
            continue  # the older age comes later, by no more years than the days between allow
        if any(
            len({aid for aid, _ in sides} & {aid for aid, _ in other}) > 0
            for a, sides in ages.items()
            for b, other in ages.items()
            if a < b
        ):
            continue  # one report gives two ages: two people of one name, or a reading slip
        parts = "; ".join(
            f"{age} in {', '.join(dict.fromkeys(ev.label(aid) for aid, _ in sides))}"
            for age, sides in ages.items()
        )
        citations = [
            ev.cite_sentence_of(aid, sp.start, sp.end) for sides in ages.values() for aid, sp in sides[:1]
        ]
        out.append(
            Discrepancy(
                kind="number",
                description=f"The reports give {name} different ages: {parts}.",
                citations=citations,
            )
        )
    return out
