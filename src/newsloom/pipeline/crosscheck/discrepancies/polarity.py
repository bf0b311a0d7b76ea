"""A claim in one article and its negation in another: "the men asked for asylum" against "the
men did not ask for asylum".

A flip is claimed only for two claims worded alike (see ``groups.CONTRADICTION``), neither of
them a hypothesis or condition, whose names agree, and where the word the negation governs
("did not *ask*") also stands in the affirmative claim.
"""

from __future__ import annotations

import re

from newsloom.model import Discrepancy
from newsloom.pipeline.crosscheck.claims import AtomicClaim
from newsloom.pipeline.crosscheck.dates import time_signature
from newsloom.pipeline.crosscheck.evidence import StoryEvidence
from newsloom.pipeline.crosscheck.text import STOPWORDS, negation_head, stem, words

# Negative meaning without a syntactic negator: "had yet to regain" says what "had not regained" says.
_NEGATIVE_WITHOUT_NOT = re.compile(
    r"\b(?:yet to|failed to|fails to|unable to|refused to|refuses to|no longer|has yet|have yet)\b", re.I
)
# Words before a verb that make it an aim, a plan or a possibility, not a statement of fact:
# "trying to determine the cause" does not affirm that the cause was determined.
_NOT_ASSERTED_BEFORE = frozenset(
    (
        *("to", "will", "would", "could", "might", "may", "can", "should", "must", "shall", "cannot"),
        *("trying", "try", "tries", "tried", "seeking", "seek", "seeks", "hope", "hopes", "hoped"),
        *("want", "wants", "wanted", "expected", "expect", "expects", "plan", "plans", "planned"),
    )
)
# A noun made from the verb ("determination") names the act; it does not affirm it happened.
_NOMINAL_SUFFIXES = ("tion", "tions", "ment", "ments", "ance", "ence")


def _affirms(pos_text: str, head: str) -> bool:
    """Whether the affirmative text states the negated predicate as a fact."""
    ws = words(pos_text)
    for i, w in enumerate(ws):
        if stem(w) != head or w.endswith(_NOMINAL_SUFFIXES):
            continue
        before = [x for x in ws[max(0, i - 3) : i] if x not in {"be", "been", "have", "has", "had"}]
        if not (before and before[-1] in _NOT_ASSERTED_BEFORE) and not (
            len(before) >= 2 and before[-2] in _NOT_ASSERTED_BEFORE
        ):
            return True
    return False


def is_flip(a: AtomicClaim, b: AtomicClaim) -> bool:
    """Whether one claim negates the other's predicate (not merely a negated sentence on the topic).

    Not a flip: a claim negative in meaning without "not" ("had yet to regain consciousness"
    against "had not regained consciousness"); an affirmative side that only aims at or expects
    the predicate ("trying to determine the cause" against "the cause has not been determined");
    two claims placed at different times ("previously ... were required" against "the new rules
    do not require"), which is a change, not a contradiction; a negation about a named subject
    the affirmative side does not name ("Unlike the stars, director Vander is not signed").
    """
    if a.negated == b.negated or a.hypothetical or b.hypothetical:
        return False
    neg, pos = (a, b) if a.negated else (b, a)
    return negates(neg.text, pos.text, pos.stems)


# The name a negation is about: the last capitalised name before the negator in its clause
# ("..., director Piet Vander is not signed"). Name words are taken whole and kept (possessive),
# and a name starts at a word's start: giving a word back never lets the rest match, and
# retrying inside a run of capitals made the search cubic on adversarial text.
_NAME_BEFORE_NEGATOR = re.compile(
    r"(?<![\w'’-])([A-Z][\w'’-]++(?:\s+[A-Z][\w'’-]++)*+)[^,;A-Z]*?\b(?:not|never|no|cannot|\w+n[’']t)\b"
)


def _about_someone_else(neg_text: str, pos_text: str) -> bool:
    """Whether the negated clause is about a named subject the affirmative text does not name."""
    m = _NAME_BEFORE_NEGATOR.search(neg_text)
    if m is None:
        return False
    named = [w for w in words(m.group(1)) if w not in STOPWORDS]
    pos_words = set(words(pos_text))
    return bool(named) and not any(w in pos_words for w in named)


def negates(neg_text: str, pos_text: str, pos_stems: frozenset[str] | set[str]) -> bool:
    """Whether ``neg_text`` denies what ``pos_text`` states (see ``is_flip`` for what is not)."""
    head = negation_head(neg_text)
    if head is None or head not in pos_stems:
        return False
    if _NEGATIVE_WITHOUT_NOT.search(pos_text) or not _affirms(pos_text, head):
        return False
    if _about_someone_else(neg_text, pos_text):
        return False
    when_pos, when_neg = time_signature(pos_text), time_signature(neg_text)
    return not ((when_pos or when_neg) and when_pos != when_neg)


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
