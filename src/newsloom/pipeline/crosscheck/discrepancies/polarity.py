"""A claim in one article and its negation in another: "the men asked for asylum" against "the
men did not ask for asylum".

A flip is claimed only for two claims worded alike (see ``groups.CONTRADICTION``), neither of
them a hypothesis or condition, whose names agree, and where the word the negation governs
("did not *ask*") also stands in the affirmative claim.
"""

from __future__ import annotations

from newsloom.model import Discrepancy
from newsloom.pipeline.crosscheck.claims import AtomicClaim
from newsloom.pipeline.crosscheck.evidence import StoryEvidence
from newsloom.pipeline.crosscheck.text import negation_head


def is_flip(a: AtomicClaim, b: AtomicClaim) -> bool:
    """Whether one claim negates the other's predicate (not merely a negated sentence on the topic)."""
    if a.negated == b.negated or a.hypothetical or b.hypothetical:
        return False
    neg, pos = (a, b) if a.negated else (b, a)
    head = negation_head(neg.text)
    return head is not None and head in pos.stems


def polarity_discrepancies(ev: StoryEvidence) -> list[Discrepancy]:
    """One discrepancy per pair of claims where one article says what another denies."""
    out = []
    seen: set[tuple[int, int]] = set()
    for c in ev.graph.conflicts:
        if c.kind != "polarity":
            continue
        a, b = ev.claims[c.a], ev.claims[c.b]
        if not is_flip(a, b):
            continue
        groups = (min(a.group, b.group), max(a.group, b.group))
        if groups in seen:
            continue
        seen.add(groups)
        neg, pos = (a, b) if a.negated else (b, a)
        out.append(
            Discrepancy(
                kind="polarity",
                description=(
                    f"{ev.label(pos.article_id)} says '{pos.text}', but {ev.label(neg.article_id)} "
                    f"says the opposite: '{neg.text}'."
                ),
                citations=[
                    ev.cite(pos.article_id, pos.sentence.start, pos.sentence.end),
                    ev.cite(neg.article_id, neg.sentence.start, neg.sentence.end),
                ],
            )
        )
    return out
