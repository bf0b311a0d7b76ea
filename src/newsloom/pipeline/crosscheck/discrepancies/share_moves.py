"""The day's move of one company's shares given differently by the reports of one story.

"Shares of the company rose 4.1%" / "the stock was up 2.6% in morning trading": the count
detector (``numbers``) compares figures of one counted noun and one verb, and a percentage has
neither, so it never puts two share moves side by side. A share move is a percentage right after
a rise or fall verb whose subject is the shares or the stock. Two moves in one direction on one
publication day disagree when neither interval holds the other figure and neither is the other
rounded ("4.1%" / "4%" agree; "nearly 5%" holds 4.5% but not 4.1%).

What is not a disagreement: reports of different days, a move in the other direction (another
moment of trading, or another session), a move over a longer period ("has shed 42% this year",
"down 50% since January"), a market index's move ("the Nasdaq rose 1%"), another company's shares
(a name before "shares" that differs), and an article that itself gives two moves (moments of
one day: "rose 5% before paring gains to 2%").
"""

from __future__ import annotations

import re
from collections import defaultdict

from newsloom.model import Discrepancy
from newsloom.pipeline.crosscheck.discrepancies.changed_figures import _same_day
from newsloom.pipeline.crosscheck.evidence import StoryEvidence
from newsloom.pipeline.crosscheck.quantities import NumberMention

_UP = (
    r"rose|rise|rises|jumped|jumps|gained|gains|climbed|climbs|surged|surges|soared|soars|rallied|advanced|up"
)
_DOWN = (
    r"fell|falls|dropped|drops|slid|slides|sank|sinks|tumbled|tumbles|plunged|plunges|declined|declines|down"
)
# "Shares of the company rose", "Intel's stock was up", "its shares jumped as much as": the subject,
# at most a few words, the verb, and the figure right after it (an approximation word between).
_MOVE = re.compile(
    rf"\b(?P<subject>(?:[A-Z][\w.&'’-]*\s+)?(?:[Ss]hares?|[Ss]tock(?:\s+price)?))\b(?:\s+of\s+(?:the\s+)?[\w.&'’-]+"
    rf"(?:\s+[\w.&'’,-]+){{0,8}}?)?\s+(?:(?:was|were|is|are|had|have|has)\s+)?"
    rf"(?P<verb>{_UP}|{_DOWN})\b(?:\s+(?:by|as\s+much\s+as|about|around|nearly|almost|more\s+than|some))*\s+$",
)
_DOWN_RE = re.compile(rf"^(?:{_DOWN})$")
# A move over a period longer than the day, or an index's move: not the day's move of the shares.
_LONGER = re.compile(
    r"\b(?:year|years|month|months|week|weeks|quarter|decade|since|so\s+far|to\s+date|"
    r"index|indexes|indices|nasdaq|dow|s&p|ftse|dax|nikkei|market)\b",
    re.IGNORECASE,
)
# How far before the figure the subject and verb may start.
WINDOW = 90


def _move(ev: StoryEvidence, m: NumberMention) -> tuple[str, str | None] | None:
    """("up" or "down", the name before "shares" if any) when the figure is the day's share move."""
    if m.unit != "%":
        return None
    s = ev.sentence_at(m.article_id, m.start)
    if s is None:
        return None
    text = ev.articles[m.article_id].text
    before = text[max(s.start, m.start - WINDOW) : m.start]
    hit = _MOVE.search(before)
    if hit is None:
        return None
    after = re.split(r"[,;.]\s|\s(?:but|and|while|though|although)\s", text[m.end : s.end] + " ", maxsplit=1)[
        0
    ]
    if _LONGER.search(hit.group(0)) or _LONGER.search(after):
        return None
    direction = "down" if _DOWN_RE.match(hit.group("verb").lower()) else "up"
    first = hit.group("subject").split()[0]
    name = (
        first.rstrip("'’s").casefold()
        if first[:1].isupper() and first.lower() not in {"shares", "stock"}
        else None
    )
    return direction, name


def share_move_discrepancies(ev: StoryEvidence) -> list[Discrepancy]:
    """One discrepancy per direction in which the reports' share moves of one day disagree."""
    moves: dict[str, list[tuple[NumberMention, str, str | None]]] = defaultdict(list)
    for aid in ev.order:
        for m in ev.numbers[aid]:
            found = _move(ev, m)
            if found is not None:
                moves[aid].append((m, *found))
    for aid, ms in list(moves.items()):
        if any(not x.agrees_with(y) for i, (x, *_) in enumerate(ms) for y, *_ in ms[i + 1 :]):
            del moves[aid]  # the article gives two moves: moments of one day
    sides: dict[str, dict[tuple[str, int], NumberMention]] = defaultdict(dict)
    aids = list(moves)
    for i, a in enumerate(aids):
        for b in aids[i + 1 :]:
            if not _same_day(ev, a, b):
                continue
            for x, dx, nx in moves[a]:
                for y, dy, ny in moves[b]:
                    if dx != dy or (nx and ny and nx != ny) or x.agrees_with(y):
                        continue
                    sides[dx][(a, x.start)] = x
                    sides[dx][(b, y.start)] = y
    out = []
    for direction, side in sides.items():
        _, parts, cited = ev.quoted_wordings(side.values())
        out.append(
            Discrepancy(
                kind="number",
                description=(
                    f"The reports of one day give different moves of the shares ({direction}): {parts}. "
                    "Reports written at different moments of trading can both be right for their moment."
                ),
                citations=cited,
                # a share price moves all day: two figures may be two moments, not an error
                severity="likely_error",
            )
        )
    return out
