"""A figure with one digit slipped in or out between two reports of one quantity.

"$16.6 billion loss" in one report and "$1.6 billion quarterly loss" in another: the same counted
thing (noun and unit; modifiers that do not contradict), written the same way but for one digit,
and ten times apart. The count detector (``numbers``) compares figures only when they also share
the event's verb ("posted" / "reporting" are two); the changed-figure detector only within one
sentence worded alike. A slipped digit needs neither: no approximation, rounding or conversion
makes a figure ten times another while keeping its digits.

What is not a slip: a rounding ("$1.65 billion" / "$1.6 billion": the digit is in the decimals,
the size is the same), a figure of another quantity (another noun, unit or owner, or contradicting
modifiers: a quarter's loss and a year's), a tally that grew between reporting days ("15 killed"
then "150 killed"), a pair one report gives both of (two quantities of one name), and figures whose plausible
intervals overlap ("at least 24" people of the hostel and "at least 240" of the crash).
Nor are figures of a bare unit or a box score ("5.6 percent" of one thing and "65.6 percent" of
another, "21 yards" and "2 yards"), or of two outcomes ("100 people injured" / "1,000 people
attended"): on an unseen 1,393-article corpus those were its only flags, all false alarms.
"""

from __future__ import annotations

import re
from collections import defaultdict

from newsloom.model import Discrepancy
from newsloom.pipeline.crosscheck.discrepancies.numbers import _PER_PLAYER, _is_tally_update, _subject
from newsloom.pipeline.crosscheck.evidence import StoryEvidence
from newsloom.pipeline.crosscheck.quantities import NumberMention

_DIGITS = re.compile(r"\d(?:[\d,.]*\d)?")
# A slip changes the size by a power of ten: figures at least this many times apart (a digit
# added in the decimals, a rounding, stays below it).
MIN_RATIO = 5.0


def _shape(text: str) -> tuple[str, str] | None:
    """The figure's digits (separators dropped) and the words around them ("$ billion")."""
    m = _DIGITS.search(text)
    if m is None:
        return None
    return m.group(0).replace(",", ""), (text[: m.start()] + "\x00" + text[m.end() :]).lower()


def _one_digit_more(short: str, long: str) -> bool:
    return len(long) == len(short) + 1 and any(
        long[i].isdigit() and long[:i] + long[i + 1 :] == short for i in range(len(long))
    )


def _same_quantity(x: NumberMention, y: NumberMention) -> bool:
    if x.noun is None or x.noun != y.noun or x.unit != y.unit:
        return False
    # a bare unit ("5.6 percent" / "65.6 percent") or a box-score count ("21 yards" / "2 yards")
    # says nothing of what is measured: many quantities of a story share it
    if x.noun.startswith("unit:") or x.noun in _PER_PLAYER:
        return False
    # an outcome that differs ("100 people injured" / "1,000 people attended") is another count;
    # two reporters' verbs for one result ("posted" / "reporting" a loss) are not
    known = [e for e in (x.event, y.event) if e is not None and not e.startswith("verb:")]
    if known and x.event != y.event:
        return False
    a, b = x.modifiers, y.modifiers
    return not a or not b or a <= b or b <= a


def slipped_digit_discrepancies(ev: StoryEvidence) -> list[Discrepancy]:
    """One discrepancy per pair of figures for one quantity that differ by one digit's size."""
    by_noun: dict[str | None, list[tuple[NumberMention, str, str]]] = defaultdict(list)
    for aid in ev.order:
        for m in ev.numbers[aid]:
            shape = _shape(ev.articles[aid].text[m.start : m.end])
            if m.noun is not None and shape is not None and m.value > 0:
                by_noun[m.noun].append((m, *shape))
    out: list[Discrepancy] = []
    seen: set[tuple[str, str]] = set()
    for mentions in by_noun.values():
        for i, (x, dx, wx) in enumerate(mentions):
            for y, dy, wy in mentions[i + 1 :]:
                if x.article_id == y.article_id or wx != wy or not _same_quantity(x, y):
                    continue
                short, long = sorted((dx, dy), key=len)
                if not _one_digit_more(short, long):
                    continue
                if max(x.value, y.value) < MIN_RATIO * min(x.value, y.value) or x.agrees_with(y):
                    continue  # a rounding, or bounds both can meet ("at least 24" / "at least 240")
                if {a.article_id for a, *_ in mentions if a.value == x.value} & {
                    b.article_id for b, *_ in mentions if b.value == y.value
                }:
                    continue  # one report gives both figures: two quantities of one name
                sx, sy = _subject(ev, x), _subject(ev, y)
                if sx and sy and sx != sy:
                    continue
                if _is_tally_update(ev, [x], [y]):
                    continue
                key = (dx, dy) if dx < dy else (dy, dx)
                if key in seen:
                    continue
                seen.add(key)
                tx = ev.articles[x.article_id].text[x.start : x.end]
                ty = ev.articles[y.article_id].text[y.start : y.end]
                what = x.counted or y.counted or x.noun
                out.append(
                    Discrepancy(
                        kind="number",
                        description=(
                            f"'{tx}' in {ev.label(x.article_id)} and '{ty}' in {ev.label(y.article_id)} "
                            f"give the {what} with one digit more or less: a digit slipped in or out "
                            "in one of them."
                        ),
                        citations=[
                            ev.cite_sentence_of(x.article_id, x.start, x.end),
                            ev.cite_sentence_of(y.article_id, y.start, y.end),
                        ],
                    )
                )
    return out
