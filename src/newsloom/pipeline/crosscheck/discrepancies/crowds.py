"""The size of one crowd given differently by the reports of one story.

"Several hundred people gathered outside the ministry" / "Dozens of supporters gathered outside
the ministry": reporters name a crowd by whoever is in it (people, supporters, protesters), so the
count detector (``numbers``), which compares one counted noun, never puts them side by side. A
figure counts a crowd when a gathering verb follows it in its clause ("gathered", "rallied",
"marched", "protested") and it counts people. Two crowd sizes of one story disagree when their
plausible intervals do not overlap: "dozens" (12-200) and "several hundred" (300-999) do not,
"hundreds" and "about 300" do.

What is not a disagreement: reports of different days (a protest grows or is another protest),
sentences placed at different moments ("on Sunday" / "on Monday") or places ("in Vestby" / "in
Harlow"), a figure whose clause tells another outcome first ("Three people were killed when
protesters marched"), an article that itself gives
two crowd sizes (two crowds, or two places), estimates the sentence credits to a party (police and
organisers count differently: "organisers said 5,000 marched"), and figures that overlap.
"""

from __future__ import annotations

import re
from collections import defaultdict

from newsloom.model import Discrepancy
from newsloom.pipeline.crosscheck.discrepancies.changed_figures import _moment, _same_day
from newsloom.pipeline.crosscheck.evidence import StoryEvidence
from newsloom.pipeline.crosscheck.quantities import NumberMention
from newsloom.pipeline.crosscheck.text import stem

# Who a crowd is made of: the counted noun's stem.
_CROWD_WORDS = (
    "people persons supporters demonstrators protesters protestors marchers activists followers mourners "
    "fans residents students workers opponents backers sympathizers sympathisers"
)
_CROWD_NOUNS = frozenset(stem(w) for w in _CROWD_WORDS.split())
# A gathering verb in the figure's clause, after the figure (at most this many characters on).
_GATHERING = re.compile(
    r"\b(?:gather(?:ed|ing)?|rall(?:ied|ying)|march(?:ed|ing)|protest(?:ed|ing)|demonstrat(?:ed|ing)|"
    r"assembl(?:ed|ing)|turned\s+out|thronged|converged|massed|descended\s+on)\b",
    re.IGNORECASE,
)
CLAUSE_CHARS = 90
# An estimate the sentence credits to one party: two parties' counts may differ by design.
_CREDITED = re.compile(r"\b(?:organi[sz]ers?|estimat\w*|claimed|police\s+(?:said|say|put))\b", re.I)


# The first verb of the clause after the figure: the gathering verb must be the crowd's own
# ("Three people were killed when protesters marched" counts the dead, not the march).
_FIRST_VERB = re.compile(r"\b(?:[a-z]{3,}(?:ed|ing)|were|was|are|is|have|has|had)\b")
# Where a gathering was: a capitalised name after a place preposition ("in Vestby").
_PLACE = re.compile(r"\b(?:in|at|near|outside)\s+(?:the\s+)?([A-Z][\w'’-]+)")


def _crowd_size(ev: StoryEvidence, m: NumberMention) -> bool:
    """Whether the figure counts the people of a gathering in its sentence."""
    if m.unit is not None or m.noun is None or m.noun not in _CROWD_NOUNS:
        return False
    if m.event is not None and not m.event.startswith("verb:"):
        return False  # a known outcome: the killed, the injured, the arrested
    s = ev.sentence_at(m.article_id, m.start)
    if s is None or _CREDITED.search(s.text):
        return False
    text = ev.articles[m.article_id].text
    clause = re.split(r"[;:.!?]|,\s+(?:while|but|and|as)\b", text[m.end : min(s.end, m.end + CLAUSE_CHARS)])[
        0
    ]
    gathering, first = _GATHERING.search(clause), _FIRST_VERB.search(clause)
    return gathering is not None and (first is None or gathering.start() <= first.start())


def _places(text: str) -> set[str]:
    return {p.casefold() for p in _PLACE.findall(text)}


def crowd_discrepancies(ev: StoryEvidence) -> list[Discrepancy]:
    """One discrepancy per story whose reports give crowd sizes that cannot both be right."""
    sizes = [m for aid in ev.order for m in ev.numbers[aid] if _crowd_size(ev, m)]
    by_article: dict[str, list[NumberMention]] = defaultdict(list)
    for m in sizes:
        by_article[m.article_id].append(m)
    for aid, ms in list(by_article.items()):
        if any(not x.agrees_with(y) for i, x in enumerate(ms) for y in ms[i + 1 :]):
            del by_article[aid]  # the article itself gives two sizes: two crowds
    sides: dict[tuple[str, int], NumberMention] = {}
    aids = list(by_article)
    for i, a in enumerate(aids):
        for b in aids[i + 1 :]:
            if not _same_day(ev, a, b):
                continue
            for x in by_article[a]:
                for y in by_article[b]:
                    if x.agrees_with(y):
                        continue
                    sx, sy = ev.sentence_at(a, x.start), ev.sentence_at(b, y.start)
                    when, other = _moment(sx.text if sx else ""), _moment(sy.text if sy else "")
                    if when and other and when != other:
                        continue
                    here, there = _places(sx.text if sx else ""), _places(sy.text if sy else "")
                    if here and there and not here & there:
                        continue  # two places: two gatherings
                    sides[(a, x.start)] = x
                    sides[(b, y.start)] = y
    if not sides:
        return []
    _, parts, cited = ev.quoted_wordings(sides.values())
    return [
        Discrepancy(
            kind="number",
            description=f"The reports give sizes of the gathering that do not overlap: {parts}.",
            citations=cited,
            # crowd counts are estimates, and reporters on the spot see different parts of a crowd
            severity="likely_error",
        )
    ]
