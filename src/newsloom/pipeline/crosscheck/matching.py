"""Evidence beyond shared words that two differently worded claims state one fact.

Independent reporters word the same fact differently ("about 300 soldiers have died" against
"around 300 have been killed"), so word overlap alone leaves such claims apart. Three kinds of
evidence join them here, each narrow enough that a contradiction cannot pass as agreement:

1. a shared quotation: the same words (fuzzily, so punctuation and a dropped word do not matter)
   quoted from the same speaker, with the same polarity in the words around the quotation;
2. a shared figure: a count of the same event ("died"/"killed"/"dead", "injured"/"wounded") whose
   ranges agree ("around 300" and "approximately 300"; "thousands" and "2,700"), of the same thing
   or of an unnamed thing in a claim that shares a named entity, with the same polarity;
3. the same actor doing the same thing to the same object: one canonical entity before an
   action verb of one synonym class (exchange/swap/hand over; question/interrogate; defect/seek
   asylum/resettle), at least one further shared content word, and the same polarity.

Similarity alone never decides: every rule also requires agreeing polarity, and the caller keeps
the figure, date and name guards. The callers pass only pairs found through the shared-stem index,
so nothing here compares all pairs of a large story.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from newsloom.pipeline.crosscheck.claims import AtomicClaim
from newsloom.pipeline.crosscheck.quotes import QuoteMention, name_key, same_person
from newsloom.pipeline.crosscheck.text import content_stems, fold, is_negated, stem, words
from newsloom.pipeline.memo import story_cache

# partial_ratio (0-100) of the shorter quotation inside the longer one above which two quotations
# are the same words. Measured on the seed articles (14 quotations of 5+ words, pairs across
# articles): the 7 pairs of one quotation all score 100, every other pair scores 60 or less.
SAME_QUOTE = 90
# Quotations shorter than this many words ("other options") are too common to identify a statement.
MIN_QUOTE_WORDS = 5

# Action verbs that report the same event, by class. Matched on word stems (text.stem), so
# inflections ("handing", "questioned") need no entries. General English, not tied to any story.
_ACTION_CLASSES: dict[str, str] = {
    "exchange": "exchange swap trade hand handover repatriate extradite",
    "question": "question questioning interrogate interrogation debrief",
    "defect": "defect defection asylum resettle resettlement",
    "arrest": "arrest detain",
    "resign": "resign resignation",
    "evacuate": "evacuate evacuation",
}
ACTION_CLASS: dict[str, str] = {
    stem(w): cls for cls, ws in _ACTION_CLASSES.items() for w in ws.split() if len(w) > 2
}
# Figures below this name a group ("the two captured soldiers") more often than they state a count:
# on the seeds every pair of claims sharing "two ... captured" stated different facts.
MIN_COUNT = 10
# Words too light to count as a shared object (they appear around any action).
_LIGHT = frozenset(["two", "one", "three", "said", "say", "stat", "told", "report", "confirm"])


@dataclass
class MatchContext:
    """What the rules need beyond the claims: quotations by article and the story's name aliases."""

    quotes: dict[str, list[QuoteMention]] = field(default_factory=dict)
    aliases: dict[str, int] = field(default_factory=dict)
    # per-claim readings, keyed by claim key: each claim meets many candidates in a large story
    claim_quotes: dict[int, list[QuoteMention]] = field(default_factory=dict)
    claim_actions: dict[int, list[tuple[int, str]]] = field(default_factory=dict)


_QUOTED_SPAN = re.compile(r"[\u201c\"][^\u201c\u201d\"]*[\u201d\"]")


def outside_quotes(text: str) -> str:
    """``text`` with every quoted passage removed (what the reporter says in their own words)."""
    return _QUOTED_SPAN.sub(" ", text)


def _claim_quotes(claim: AtomicClaim, ctx: MatchContext) -> list[QuoteMention]:
    if claim.key not in ctx.claim_quotes:
        ctx.claim_quotes[claim.key] = _quotes_in(claim, ctx)
    return ctx.claim_quotes[claim.key]


def _quotes_in(claim: AtomicClaim, ctx: MatchContext) -> list[QuoteMention]:
    return [
        q
        for q in ctx.quotes.get(claim.article_id, [])
        if claim.start <= q.start and q.end <= claim.end + 1 and len(words(q.text)) >= MIN_QUOTE_WORDS
    ]


@story_cache(maxsize=65536)
def _folded_quote(text: str) -> str:
    return " ".join(words(text))


def same_quotation(x: str, y: str) -> bool:
    """Whether two quotations are the same words, one possibly a part of the other.

    >>> same_quotation("we will rebuild the bridge by spring", "We will rebuild the bridge by spring.")
    True
    >>> same_quotation("we will rebuild the bridge by spring", "we will never rebuild that bridge")
    False
    """
    fx, fy = _folded_quote(x), _folded_quote(y)
    if not fx or not fy:
        return False
    return fuzz.partial_ratio(fx, fy) >= SAME_QUOTE


def shared_quotation(a: AtomicClaim, b: AtomicClaim, ctx: MatchContext) -> bool:
    """Rule 1: both claims quote the same words from the same speaker, framed with the same polarity.

    When either speaker is unknown the quotation alone identifies the statement; two known
    speakers must be one person (or one entity of the story), else it is an attribution conflict.
    """
    qa, qb = _claim_quotes(a, ctx), _claim_quotes(b, ctx)
    if not qa or not qb:
        return False
    if is_negated(outside_quotes(a.text)) != is_negated(outside_quotes(b.text)):
        return False
    for x in qa:
        for y in qb:
            if x.speaker and y.speaker and not same_person(x.speaker, y.speaker, ctx.aliases):
                continue
            if is_negated(x.text) == is_negated(y.text) and same_quotation(x.text, y.text):
                return True
    return False


def shared_quantity(a: AtomicClaim, b: AtomicClaim, aliases: dict[str, int] | None = None) -> bool:
    """Rule 2: both claims count the same event with agreeing ranges, with the same polarity.

    The counted thing must be the same, or unnamed on one side ("around 300 have been killed")
    when the claims share a named entity, so an unnamed count of one group is not taken for a
    count of another. Small figures (below ``MIN_COUNT``) are not used. Generic verb events ("verb:...") are not events enough to identify a fact.
    """
    if a.negated != b.negated:
        return False
    for x in a.numbers:
        if x.event is None or x.event.startswith("verb:") or x.high < MIN_COUNT:
            continue
        for y in b.numbers:
            if x.event != y.event or x.unit != y.unit or not x.agrees_with(y):
                continue
            if x.noun is not None and y.noun is not None:
                if x.comparable(y):
                    return True
                continue
            if x.noun is None and y.noun is None:
                continue
            if _shared_names(a, b, aliases or {}):
                return True
    return False


def _shared_names(a: AtomicClaim, b: AtomicClaim, aliases: dict[str, int]) -> bool:
    """Whether the claims, or their sentences (a cut-off clause keeps its sentence's subject), share
    a named entity."""
    if a.names & b.names:
        return True
    ka = {k for _, k, _ in _entities(a, aliases, False)} | {_key_of(n, aliases) for n in a.names}
    kb = {k for _, k, _ in _entities(b, aliases, False)} | {_key_of(n, aliases) for n in b.names}
    return bool(ka & kb)


_ACTOR_LABELS = frozenset(["PERSON", "ORG"])
_TOKEN = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")
_NAME_CHUNK = re.compile(r"\b[A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+)*")
_NOT_NAMES = frozenset(["the", "a", "an", "in", "on", "at", "it", "he", "she", "they", "this", "that", "but"])


# Verbs that are actions only with their particle ("hand over", not "hand grenade").
_PARTICLES = {stem("hand"): frozenset(["over", "back"])}


@story_cache(maxsize=65536)
def action_offsets(text: str) -> tuple[tuple[int, str], ...]:
    """(offset, action class) of every action verb in ``text``.

    >>> action_offsets("They will hand over the keys, not a hand grenade, and swap prisoners.")
    ((10, 'exchange'), (54, 'exchange'))
    """
    out = []
    toks = list(_TOKEN.finditer(text))
    for i, m in enumerate(toks):
        st = stem(fold(m.group(0)))
        cls = ACTION_CLASS.get(st)
        if cls is None:
            continue
        particles = _PARTICLES.get(st)
        if particles and not any(fold(t.group(0)) in particles for t in toks[i + 1 : i + 5]):
            continue
        out.append((m.start(), cls))
    return tuple(out)


def _actions(claim: AtomicClaim) -> list[tuple[int, str]]:
    return [(claim.start + at, cls) for at, cls in action_offsets(claim.text)]


def _entities(claim: AtomicClaim, aliases: dict[str, int], actors: bool) -> list[tuple[int, str, str]]:
    """(absolute offset, canonical key) of the named entities of the claim's sentence (only persons
    and organisations when ``actors``): the reading stage's when it ran, else capitalised word runs."""
    if claim.entities:
        # nationalities and places ("North Korean", "Ukraine") describe, they do not act
        spans = [(s, n) for s, _, n, label in claim.entities if not actors or label in _ACTOR_LABELS]
    else:
        spans = []
        for m in _NAME_CHUNK.finditer(claim.sentence.text):
            toks = m.group(0).split()
            if toks[0].casefold() in _NOT_NAMES:
                toks = toks[1:]
            # a lone capitalised first word is usually just the start of the sentence
            if toks and (m.start() > 0 or len(toks) > 1):
                spans.append((claim.sentence.start + m.start(), " ".join(toks)))
    return [(at, _key_of(n, aliases), n) for at, n in sorted(spans)]


def _key_of(name: str, aliases: dict[str, int]) -> str:
    e = aliases.get(name_key(name))
    return f"#{e}" if e is not None else name_key(name)


def same_actor_action(a: AtomicClaim, b: AtomicClaim, ctx: MatchContext) -> bool:
    """Rule 3: one canonical actor, one class of action, one more shared content word, same polarity.

    The actor is the first person or organisation of the sentence, before the action verb (the
    subject of the clause, or the reporting subject: "Lee said the army will hand over ..."), so
    the same words said of a different actor do not match. The object is a named entity after the action in
    both claims, or a shared content word that is neither an actor's name nor the action.
    """
    if a.negated != b.negated:
        return False
    for c in (a, b):
        if c.key not in ctx.claim_actions:
            ctx.claim_actions[c.key] = _actions(c)
    acts_a, acts_b = ctx.claim_actions[a.key], ctx.claim_actions[b.key]
    classes = {c for _, c in acts_a} & {c for _, c in acts_b}
    if not classes:
        return False
    ents_a, ents_b = _entities(a, ctx.aliases, True), _entities(b, ctx.aliases, True)
    all_a, all_b = _entities(a, ctx.aliases, False), _entities(b, ctx.aliases, False)
    for cls in sorted(classes):
        pa = min(at for at, c in acts_a if c == cls)
        pb = min(at for at, c in acts_b if c == cls)
        # the first person or organisation before the action: its subject or the reporting source
        # (a name further along is usually the action's object or a bystander)
        first_a = [(k, n) for at, k, n in ents_a[:1] if at < pa]
        first_b = [(k, n) for at, k, n in ents_b[:1] if at < pb]
        if not (first_a and first_b and _same_actor(first_a[0], first_b[0], ctx.aliases)):
            continue
        actors = {first_a[0][0], first_b[0][0]}
        if {k for at, k, _ in all_a if pa < at < a.end} & {
            k for at, k, _ in all_b if pb < at < b.end
        } - actors:
            return True
        verbs = {s for s, c in ACTION_CLASS.items() if c == cls}
        actor_stems = {stem(w) for n in (first_a[0][1], first_b[0][1]) for w in words(n)}
        rest_a = set(content_stems(a.text)) - verbs - actor_stems - _LIGHT
        rest_b = set(content_stems(b.text)) - verbs - actor_stems - _LIGHT
        if rest_a & rest_b:
            return True
    return False


def _same_actor(x: tuple[str, str], y: tuple[str, str], aliases: dict[str, int]) -> bool:
    """One entity: the same canonical key, or names one of which is a part of the other."""
    return x[0] == y[0] or same_person(x[1], y[1], aliases)


def same_fact_beyond_words(a: AtomicClaim, b: AtomicClaim, ctx: MatchContext) -> bool:
    """Whether quotation, figure or actor-and-action evidence says the claims state one fact."""
    return shared_quotation(a, b, ctx) or shared_quantity(a, b, ctx.aliases) or same_actor_action(a, b, ctx)
