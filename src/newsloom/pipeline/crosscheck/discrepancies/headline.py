"""A headline its own body contradicts: a figure the body gives differently for the same count, a
statement the body negates ("Port reopens" over "the port has not reopened"), or a figure the
headline states as exact where the body gives it only as a floor ("with 180 onboard" over "with
more than 180 people on board").

A rounded headline is not a dropped floor: "1,800" over "1,812" is rounding (no floor in the
body), and a headline that keeps the floor or its own approximation ("about 180") agrees. The
body's floor must count what the headline counts (the headline's word after the figure follows
the body's figure), at the same time, and the body must not give the figure exactly elsewhere.
"""

from __future__ import annotations

from newsloom.model import Article, Citation, Discrepancy
from newsloom.pipeline.crosscheck.claims import AtomicClaim
from newsloom.pipeline.crosscheck.dates import time_signature
from newsloom.pipeline.crosscheck.discrepancies.polarity import negates
from newsloom.pipeline.crosscheck.evidence import StoryEvidence
from newsloom.pipeline.crosscheck.quantities import NumberMention, find_numbers
from newsloom.pipeline.crosscheck.text import content_stems, is_negated

# Share of the headline's content stems a body claim must hold to be about the same thing. A
# headline is short, so this is measured on the headline's side. Tuned on hand-written headline
# and body pairs (tests) and checked on the seed headlines (no flags): 0.7.
HEADLINE_OVERLAP = 0.7


def headline_of(article: Article) -> tuple[str, Citation | None] | None:
    """The headline and, when the clean text still holds it, a citation of it."""
    title = (article.title or "").strip()
    if not title and article.headings:
        first = article.headings[0]
        if first.start == 0 or not article.text[: first.start].strip():
            title = article.text[first.start : first.end].strip()
    if not title:
        return None
    at = article.text.find(title)
    return title, (article.cite(at, at + len(title)) if at >= 0 else None)


def _flip(headline: str, claim: AtomicClaim) -> bool:
    """Whether the claim denies the headline or the headline the claim, with the same guards as
    a flip between two articles (``polarity.negates``)."""
    headline_negated = is_negated(headline)
    if claim.hypothetical or headline_negated == claim.negated:
        return False
    if headline_negated:
        return negates(headline, claim.text, claim.stems)
    return negates(claim.text, headline, set(content_stems(headline)))


_FLOORS = frozenset({"more than", "over", "at least", "upwards of", "in excess of"})
# A length of time with a floor is a forecast ("out for at least six months"), and a headline
# that gives its minimum ("out for six months") says the same: only counts are compared. (The
# end-to-end corpus had one such headline.)
_DURATIONS = frozenset(
    {"second", "minut", "minute", "hour", "day", "week", "month", "year", "decad", "decade", "season"}
)
# How far after the body's figure the headline's counted word may stand ("more than 180 people on
# board" for "180 onboard"): a few words.
_COUNTED_WITHIN = 40


def _squeezed(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _dropped_floor(h: NumberMention, text: str, m: NumberMention) -> bool:
    """Whether the body's ``m`` is a floor ("more than 180") of the headline's exact ``h`` ("180")
    counting the same thing: the headline's word after its figure follows the body's figure."""
    if h.approx is not None or m.approx not in _FLOORS or h.value != m.value or h.unit != m.unit:
        return False
    if h.event and m.event and h.event != m.event:
        return False
    if h.noun in _DURATIONS or m.noun in _DURATIONS:
        return False
    counted = _squeezed(h.counted or "")
    return bool(counted) and counted in _squeezed(text[m.end : m.end + _COUNTED_WITHIN])


def _exact_in_body(numbers: list[NumberMention], h: NumberMention, title_end: int) -> bool:
    """Whether the body also gives the headline's figure exactly (then the headline has support)."""
    return any(n.start >= title_end and n.approx is None and n.value == h.value for n in numbers)


def headline_discrepancies(ev: StoryEvidence) -> list[Discrepancy]:
    """One discrepancy per article whose body contradicts its headline."""
    out = []
    for aid in ev.order:
        art = ev.articles[aid]
        found = headline_of(art)
        if found is None:
            continue
        title, title_cite = found
        stems = set(content_stems(title))
        if len(stems) < 2:
            continue
        head_numbers = find_numbers(Article(id=aid, source="headline", text=title))
        for claim in (c for c in ev.claims if c.article_id == aid):
            if title_cite is not None and claim.start < title_cite.end and title_cite.start < claim.end:
                continue
            overlap = len(stems & claim.stems) / len(stems)
            number_clash = [
                (h, m)
                for h in head_numbers
                for m in claim.numbers
                if h.comparable(m) and not h.agrees_with(m)
            ]
            same_time = time_signature(title) == time_signature(claim.sentence.text)
            floors = [
                (h, m)
                for h in head_numbers
                for m in claim.numbers
                if _dropped_floor(h, art.text, m)
                and not _exact_in_body(ev.numbers[aid], h, title_cite.end if title_cite else 0)
            ]
            if number_clash and overlap >= 0.3 and same_time:
                h, m = number_clash[0]
                what = (
                    f"'{title[h.start : h.end]}' in the headline, '{art.text[m.start : m.end]}' in the text"
                )
            elif floors and overlap >= 0.3 and same_time:
                h, m = floors[0]
                what = (
                    f"the headline gives '{title[h.start : h.end]}' as exact, the text "
                    f"'{art.text[m.start : m.end]}'"
                )
            elif overlap >= HEADLINE_OVERLAP and _flip(title, claim):
                what = "the text says the opposite"
            else:
                continue
            citations = [c for c in (title_cite,) if c is not None]
            citations.append(ev.cite(aid, claim.sentence.start, claim.sentence.end))
            out.append(
                Discrepancy(
                    kind="headline",
                    description=(
                        f"The headline of {ev.label(aid)}, '{title}', is contradicted by its own text "
                        f"('{claim.sentence.text}'): {what}."
                    ),
                    internal=True,
                    citations=citations,
                )
            )
            break
    return out
