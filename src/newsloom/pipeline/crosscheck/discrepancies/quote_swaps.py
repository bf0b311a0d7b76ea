"""A remark swapped for another: two reports give one moment in the same words outside the
quotation marks (who spoke, the verb aside, and where; and the quotation that follows), but
different words inside them.

    "It went better than we hoped," Mayor Ana Ruiz said outside the town hall. "We start Monday."
    "Nobody expected this," Mayor Ana Ruiz told reporters outside the town hall. "We start Monday."

A copy that keeps the sentence around a quotation and the next quotation word for word, but puts
other words in the speaker's mouth, has replaced the remark (a re-translation, or a quotation
taken from another moment). Two remarks of one speaker in differently worded reports, or the
same frame followed by different quotations, are ordinary reporting and are not compared.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from itertools import pairwise

from newsloom.model import Discrepancy
from newsloom.pipeline.crosscheck.discrepancies.quotes import _content, tokens
from newsloom.pipeline.crosscheck.evidence import StoryEvidence
from newsloom.pipeline.crosscheck.quotes import QuoteMention, same_person

_SAYING = re.compile(
    r"^(?:said|says|say|told|tells|added|adds|stated|states|wrote|writes|observed|observes|remarked|"
    r"remarks|noted|notes|explained|explains|declared|exclaimed|commented|comments|recalled|"
    r"continued|replied|shouted|marveled|marvelled|reporters|journalists)$"
)
# The frame (the words between a quotation and the next one on its line, verbs of saying left
# out) must name someone (two capitalised words in a row) and hold this many content words:
# "he said" or "Smith said" alone frames every remark of a speaker. Chosen on hand-written
# look-alikes (tests), not tuned on a benchmark.
_NAMED = re.compile(r"\b[A-Z][\w'’-]+\s+[A-Z][\w'’-]+")
MIN_FRAME_WORDS = 4
# The frame is read up to this many words after the quotation's closing mark.
_FRAME_SPAN = 16
# Two quotations sharing this share of the shorter one's content words are one remark worded
# differently: the reworded-quotation detector reports those.
_SAME_REMARK = 0.5


@dataclass(frozen=True)
class _Framed:
    quote: QuoteMention
    frame: frozenset[str]
    follows: tuple[str, ...]


# A quotation between single marks: the opening mark after no letter, the closing one before none
# (so "SpaceX's" and "players'" are not marks).
_SINGLE = re.compile(
    r"(?<![\w'\u2018\u2019])['\u2018]([^'\u2018\u2019\n]{3,400}?)['\u2019](?![\w'\u2018\u2019])"
)
_DOUBLE = re.compile('["\u201c\u201d]')


def _quotations(ev: StoryEvidence, aid: str) -> list[QuoteMention]:
    """The article's quotations; an article that never uses a double quotation mark quotes between
    single marks (British house style), and those are read here."""
    text = ev.articles[aid].text
    if ev.quotes[aid] or _DOUBLE.search(text):
        return sorted(ev.quotes[aid], key=lambda q: q.start)
    return [QuoteMention(aid, m.start(1), m.end(1), m.group(1), None) for m in _SINGLE.finditer(text)]


def _framed(ev: StoryEvidence, aid: str) -> list[_Framed]:
    """Each quotation of the article followed, on its line, by an attribution naming its speaker
    and then by another quotation."""
    text = ev.articles[aid].text
    quotes = _quotations(ev, aid)
    out = []
    for q, nxt in pairwise(quotes):
        gap = text[q.end : nxt.start]
        if "\n" in gap or len(gap) > 200 or not _NAMED.search(gap):
            continue
        between = [t.word for t in tokens(gap)][:_FRAME_SPAN]
        frame = frozenset(w for w in _content(between) if not _SAYING.match(w))
        if len(frame) < MIN_FRAME_WORDS:
            continue
        follows = tuple(t.word for t in tokens(nxt.text))
        if len(follows) >= 3:
            out.append(_Framed(q, frame, follows))
    return out


def _wording(q: QuoteMention) -> tuple[str, ...]:
    return tuple(t.word for t in tokens(q.text))


def quote_swap_discrepancies(ev: StoryEvidence) -> list[Discrepancy]:
    """Quotations given in the same frame, before the same next quotation, in other words."""
    by_frame: dict[tuple[frozenset[str], tuple[str, ...]], list[_Framed]] = defaultdict(list)
    for aid in ev.order:
        for f in _framed(ev, aid):
            by_frame[(f.frame, f.follows)].append(f)
    out = []
    for members in by_frame.values():
        wordings: dict[tuple[str, ...], list[QuoteMention]] = defaultdict(list)
        for f in members:
            wordings[_wording(f.quote)].append(f.quote)
        if len(wordings) < 2 or len({f.quote.article_id for f in members}) < 2:
            continue
        quoted = {
            aid: {_wording(q) for q in _quotations(ev, aid)} for aid in {f.quote.article_id for f in members}
        }
        kept = list(wordings.items())
        first = kept[0][1][0]
        named = [q.speaker for _, qs in kept for q in qs if q.speaker]
        if named and not all(same_person(named[0], n, ev.aliases) for n in named):
            continue
        # the same remark worded differently is the reworded-quotation detector's; a remark an
        # article also quotes elsewhere was only put in another order
        contents = [set(_content(list(w))) for w, _ in kept]
        overlap = any(
            len(a & b) >= _SAME_REMARK * max(1, min(len(a), len(b)))
            for i, a in enumerate(contents)
            for b in contents[i + 1 :]
        )
        moved = any(
            other in quoted[q.article_id] for w, qs in kept for q in qs for other, _ in kept if other != w
        )
        if overlap or moved:
            continue
        quotes = sorted((q for _, qs in kept for q in qs), key=lambda q: (ev.position[q.article_id], q.start))
        sides = "; ".join(
            f"'{qs[0].text}' in {', '.join(dict.fromkeys(ev.label(q.article_id) for q in qs))}"
            for _, qs in kept
        )
        out.append(
            Discrepancy(
                kind="quote",
                description=(
                    f"{first.speaker or 'The speaker'} is quoted with different words in the same sentence, before the same "
                    f"next quotation: {sides}."
                ),
                citations=[ev.cite_sentence_of(q.article_id, q.start, q.end) for q in quotes],
                severity="likely_error",
            )
        )
    return out


__all__ = ["MIN_FRAME_WORDS", "quote_swap_discrepancies"]
