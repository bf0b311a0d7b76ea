"""A claim in one article and its negation in another: "the men asked for asylum" against "the
men did not ask for asylum".

A flip is claimed only for two claims worded alike (see ``groups.CONTRADICTION``), neither of
them a hypothesis or condition, whose names agree, and where the word the negation governs
("did not *ask*") also stands in the affirmative claim, said of the same subject ("the results
have not been released" does not deny "he was released on bail") and, where both give one, with
the same complement ("was not one person" does not deny "was one of many figures"). A statement
inside a rumour or its denial ("rumoured to be the source", "dismissed rumours that he was") is
not the claim's own polarity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsloom.model import Discrepancy
from newsloom.pipeline.crosscheck.claims import AtomicClaim
from newsloom.pipeline.crosscheck.dates import time_signature
from newsloom.pipeline.crosscheck.evidence import StoryEvidence
from newsloom.pipeline.crosscheck.text import (
    AUXILIARIES,
    NEGATORS,
    STOPWORDS,
    Token,
    clause_tokens,
    negation_site,
    stem,
    words,
)

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


# --- Who does what: subjects, objects and complements read from the words around the verb. ---
# No parser runs here (cross-checking works with the rule reader too), so a clause is cut at
# punctuation and at the words that open another clause, and a noun phrase is the run of words
# between such a cut and the verb group.


def _is_punct(word: str) -> bool:
    return not word[:1].isalnum()


def _site(toks: list[Token]) -> tuple[int, int] | None:
    """``text.negation_site`` in token positions (punctuation aside)."""
    at = [i for i, t in enumerate(toks) if not _is_punct(t.word)]
    site = negation_site([toks[i].word for i in at])
    return None if site is None else (at[site[0]], at[site[1]])


# Words that open a clause of their own: a subject is never read across them.
_CLAUSE_OPENERS = frozenset(
    (
        *("that", "which", "who", "whom", "whose", "because", "although", "though", "while", "whereas"),
        *("when", "after", "before", "if", "unless", "as", "since", "but", "saying", "said", "says"),
        *("told", "added", "reported", "announced", "confirmed", "according"),
    )
)
# Words of a verb group between a subject and its verb ("has been charged and later released").
_ADVERBS = frozenset(
    (
        "later",
        "also",
        "already",
        "still",
        "yet",
        "then",
        "now",
        "just",
        "again",
        "ever",
        "even",
        "soon",
        "since",
    )
)
_PREPOSITIONS = frozenset(
    (
        "of",
        "for",
        "from",
        "in",
        "at",
        "on",
        "with",
        "by",
        "near",
        "to",
        "after",
        "before",
        "over",
        "under",
        "about",
    )
)
# A personal pronoun stands for the nearest name before it in its own sentence; other pronouns
# ("it", "they") could stand for anything, so a subject they give is unknown.
_PERSONAL = frozenset(("he", "she", "him", "her"))
_PRONOUNS = _PERSONAL | frozenset(("it", "they", "them", "we", "i", "you", "this", "these", "those"))
# Frames that report a rumour or its denial: what they hold is not said to be so (or not so).
_FRAME = frozenset(
    (
        *("rumor", "rumors", "rumored", "rumour", "rumours", "rumoured", "speculation", "speculated"),
        *("gossip", "denied", "denies", "deny", "denying", "dismissed", "dismissing", "discounted"),
        *("discounting", "refuted", "refuting"),
    )
)
# How many words before a verb a frame word may stand ("rumoured over the years to be",
# "rumours that the Harlow fish plant had not"), within its clause: not set on any benchmark.
_FRAME_REACH = 8


def _in_verb_group(t: Token) -> bool:
    w = t.word
    return (
        w in AUXILIARIES
        or w in NEGATORS
        or w in _ADVERBS
        or w in {"and", "or", "to"}
        or (len(w) > 4 and w.endswith("ly"))
        or (len(w) > 4 and w.endswith("ed"))
    )


def _boundary(t: Token) -> bool:
    return _is_punct(t.word) or t.word in _CLAUSE_OPENERS


def _head(phrase: list[Token]) -> str | None:
    """The stem of a noun phrase's head: its last content word before a preposition ("results"
    of "results of the breath test"), or its last content word."""
    cut = next((k for k, t in enumerate(phrase) if t.word in _PREPOSITIONS), len(phrase))
    for part in (phrase[:cut], phrase):
        content = [t for t in part if t.word not in STOPWORDS]
        if content:
            return stem(content[-1].word)
    return None


def _subject(toks: list[Token], verb: int) -> str | None:
    """The head of the subject of the verb group that ends before ``verb`` (the negator or the
    verb), or None
    when the words do not say (a relative clause, an unresolved pronoun, no noun phrase)."""
    i = verb - 1
    while i >= 0 and _in_verb_group(toks[i]):
        i -= 1
    if i < 0 or _boundary(toks[i]):
        return None
    if toks[i].word in _PRONOUNS:
        if toks[i].word not in _PERSONAL:
            return None
        name = next((t for t in reversed(toks[1:i]) if t.capital and t.word not in STOPWORDS), None)
        return None if name is None else stem(name.word)
    start = i
    while start > 0 and not _boundary(toks[start - 1]) and i - start < 8:
        start -= 1
    return _head(toks[start : i + 1])


def _object(toks: list[Token], verb: int) -> str | None:
    """The head of the noun phrase right after the verb, up to a preposition or a clause's end."""
    end = verb + 1
    while end < len(toks) and not _boundary(toks[end]) and toks[end].word not in _PREPOSITIONS:
        end += 1
    return _head(toks[verb + 1 : end])


@dataclass(frozen=True)
class _Clause:
    """A verb in its clause: the heads of its subject and object, and its complement (the first
    content word after it), each None when the words do not say."""

    subject: str | None
    object: str | None
    complement: str | None
    stems: frozenset[str]


def _clause(toks: list[Token], before: int, verb: int) -> _Clause:
    """The clause of the verb at ``verb`` whose verb group ends before ``before`` (the negator,
    or the verb itself)."""
    return _Clause(
        _subject(toks, before),
        _object(toks, verb),
        _complement(toks, verb),
        frozenset(stem(t.word) for t in toks),
    )


def _same_subject(a: _Clause, b: _Clause) -> bool:
    """Whether both verbs are said of one subject: the same head, or one's subject is the
    other's object (an active sentence against a passive one: "police arrested Vander" /
    "Vander was not arrested"). A subject the words do not give agrees with any."""
    if a.subject is None or b.subject is None:
        return True
    return a.subject in {b.subject, b.object} or b.subject == a.object


def _same_complement(a: _Clause, b: _Clause) -> bool:
    """Whether two complements are one, or one side's also stands in the other's sentence
    ("arrested in Harlow on Monday" / "arrested on Monday in Harlow"); a missing one agrees."""
    if a.complement is None or b.complement is None or a.complement == b.complement:
        return True
    return a.complement in b.stems or b.complement in a.stems


def _complement(toks: list[Token], verb: int) -> str | None:
    """The first content word after the verb in its clause (its object or complement)."""
    for t in toks[verb + 1 :]:
        if _boundary(t):
            return None
        if t.word not in STOPWORDS and t.word not in NEGATORS:
            return stem(t.word)
    return None


def _in_frame(ws: list[str], at: int) -> bool:
    """Whether a rumour or denial frame word stands shortly before position ``at`` (not across a
    semicolon or a "but")."""
    for w in reversed(ws[max(0, at - _FRAME_REACH) : at]):
        if w in {";", "but"}:
            return False
        if w in _FRAME:
            return True
    return False


def _modal(toks: list[Token], negator: int) -> str | None:
    """The modal a negation carries ("will not close", "won't close", "cannot"), if any."""
    word = toks[negator].word
    if word in {"cannot", "cant"}:
        return "can"
    if word == "wont":
        return "will"
    before = toks[negator - 1].word if negator > 0 else ""
    return (
        {"wo": "will", "ca": "can", "sha": "shall"}.get(before, before)
        if before in AUXILIARIES | {"wo", "ca", "sha"}
        else None
    )


def _affirms(pos: list[Token], head: str, modal: str | None) -> list[int]:
    """Where the affirmative tokens state the negated predicate as a fact: the positions of
    ``head``'s word that no aim, plan or possibility word governs (the negated side's own
    modal excepted: "will close" against "will not close"), and that no rumour frames."""
    at = [i for i, t in enumerate(pos) if not _is_punct(t.word)]
    ws = [pos[i].word for i in at]
    out = []
    for k, w in enumerate(ws):
        if stem(w) != head or w.endswith(_NOMINAL_SUFFIXES):
            continue
        before = [x for x in ws[max(0, k - 3) : k] if x not in {"be", "been", "have", "has", "had"}]
        governed = [x for x in before[-2:] if x in _NOT_ASSERTED_BEFORE and x != modal]
        if not governed and not _in_frame([t.word for t in pos], at[k]):
            out.append(at[k])
    return out


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
    neg = clause_tokens(neg_text)
    site = _site(neg)
    if site is None:
        return False
    negator, governed = site
    head = stem(neg[governed].word)
    if head not in pos_stems or _NEGATIVE_WITHOUT_NOT.search(pos_text):
        return False
    if _in_frame([t.word for t in neg], negator):
        return False
    denied = _clause(neg, negator, governed)
    pos = clause_tokens(pos_text)
    stated = [_clause(pos, i, i) for i in _affirms(pos, head, _modal(neg, negator))]
    if not any(_same_subject(denied, c) and _same_complement(denied, c) for c in stated):
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
