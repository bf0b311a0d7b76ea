"""Independent support per claim: how many upstream texts stand behind one fact.

Article-level origin groups (copies and rewrites of one text, from the comparing stage) are the
first answer, but a claim can rest on one upstream text even when its articles are otherwise
independent: two reports that run the same agency paragraph, or that both credit the same agency
or press release for it, confirm nothing for each other. So, per claim, two articles count once
when their claim sentences

- share their own wording (outside quotation marks: a quotation shared by two reports of one
  press conference is not copying), or
- come from two articles that the comparing stage linked as a copy or rewrite of each other (a
  link too weak to join their whole origin groups still says where this sentence came from), or
- credit the same upstream text: the same news agency ("..., Reuters reported", a wire dateline
  "(AP) —" over the whole article) or a press release, or
- one article is an agency's own text (its wire dateline or byline names the agency: "By ...,
  AFP") and the other credits that agency anywhere in its text ("AFP reported, citing sources,
  ..." a sentence away from the claim): what the report shares with the agency's text came from it.

The claim names that upstream text when all its articles rest on one and it is known: the
agency or "press release" they credit, or the in-input article their origin group derives from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsloom.pipeline.compare.attribution import attribution_phrases, own_outlets, wire_dateline
from newsloom.pipeline.compare.derivation import DERIVED, same_outlet
from newsloom.pipeline.compare.sentences import fold_quotes, words
from newsloom.pipeline.crosscheck.evidence import StoryEvidence
from newsloom.pipeline.memo import story_cache
from newsloom.unionfind import UnionFind

# Two claim sentences share their own wording when this share of the shorter one's unquoted word
# 3-grams is in the other (and it has at least SAME_WORDING_MIN of them). A copied sentence keeps
# ~0.7-1.0 after light edits; the same fact reported in other words shares under ~0.3. Set on
# the unit tests' sentences (one changed word in ten keeps ~0.7), checked on realnews's
# corroboration figure (README).
SAME_WORDING = 0.5
SAME_WORDING_MIN = 3
PRESS_RELEASE = "press release"
_RELEASE = re.compile(r"\b(?:press|news|media)\s+release\b", re.IGNORECASE)


@dataclass(frozen=True)
class Support:
    """A claim's independent upstream texts: how many, and which one when it rests on one."""

    count: int
    upstream: str | None


_QUOTED = re.compile(r'"[^"\n]{2,800}?"')


@story_cache(maxsize=65536)
def _grams(text: str) -> frozenset[tuple[str, ...]]:
    """Word 3-grams of a sentence outside its quotation marks."""
    runs = [words(piece) for piece in _QUOTED.split(fold_quotes(text))]
    return frozenset(tuple(ws[i : i + 3]) for ws in runs for i in range(len(ws) - 2))


@story_cache(maxsize=65536)
def _sentence_credits(text: str) -> tuple[str, ...]:
    """The agencies a sentence credits, and "press release" when it names one."""
    names = attribution_phrases(text)
    if _RELEASE.search(text):
        names.append(PRESS_RELEASE)
    return tuple(names)


def _same_wording(a: frozenset[tuple[str, ...]], b: frozenset[tuple[str, ...]]) -> bool:
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return len(small) >= SAME_WORDING_MIN and len(small & large) >= SAME_WORDING * len(small)


def _credited(ev: StoryEvidence, article_id: str, sentence_texts: list[str]) -> list[str]:
    """The upstream texts an article credits for a claim: an agency named in the claim's sentence
    or over the whole article (its wire dateline), or a press release."""
    names: list[str] = []
    for text in sentence_texts:
        names.extend(_sentence_credits(text))
    if not names:
        dateline = wire_dateline(ev.articles[article_id].text)
        if dateline:
            names.append(dateline)
    return names


def _agency_source(own: list[str], credits_anywhere: list[str]) -> str | None:
    """The agency one article's text is (``own``) that another credits anywhere in its text."""
    for p in own:
        for q in credits_anywhere:
            if same_outlet(p, q):
                return p
    return None


def _origin_source(ev: StoryEvidence, members: set[str]) -> str | None:
    """The article of an origin group the others derive from, when the links say so."""
    sources, targets = set(), set()
    for link in ev.story.derivation or []:
        if link.directed and link.relation in DERIVED and {link.source, link.target} <= members:
            sources.add(link.source)
            targets.add(link.target)
    roots = sources - targets
    return next(iter(roots)) if len(roots) == 1 else None


def claim_support(ev: StoryEvidence) -> list[Support]:
    """For each claim group of the story, its independent upstream texts."""
    derived = {
        frozenset((link.source, link.target))
        for link in ev.story.derivation or []
        if link.relation in DERIVED
    }
    # per article: the outlets whose text it is, and the outlets it credits anywhere in its text
    outlets = {
        aid: (own_outlets(art), list(dict.fromkeys([*art.attributions, *attribution_phrases(art.text)])))
        for aid, art in ev.articles.items()
    }
    out = []
    for members in ev.graph.groups:
        claims = [ev.claims[m] for m in members]
        article_ids = list(dict.fromkeys(c.article_id for c in claims))
        texts: dict[str, list[str]] = {}
        for c in claims:
            texts.setdefault(c.article_id, []).append(c.sentence.text)
        grams = {aid: frozenset().union(*(_grams(t) for t in texts[aid])) for aid in article_ids}
        credits = {aid: _credited(ev, aid, texts[aid]) for aid in article_ids}
        own = {aid: outlets[aid][0] for aid in article_ids}
        anywhere = {aid: outlets[aid][0] + outlets[aid][1] for aid in article_ids}
        uf = UnionFind(len(article_ids))
        for x, ax in enumerate(article_ids):
            for y in range(x + 1, len(article_ids)):
                ay = article_ids[y]
                if uf.find(x) == uf.find(y):
                    continue
                same_credit = any(
                    (p == q == PRESS_RELEASE) or (PRESS_RELEASE not in (p, q) and same_outlet(p, q))
                    for p in credits[ax]
                    for q in credits[ay]
                )
                if (
                    ev.origin_of[ax] == ev.origin_of[ay]
                    or frozenset((ax, ay)) in derived
                    or same_credit
                    or _agency_source(own[ax], anywhere[ay])
                    or _agency_source(own[ay], anywhere[ax])
                    or _same_wording(grams[ax], grams[ay])
                ):
                    uf.union(x, y)
        count = len(uf.groups())
        upstream = None
        if count == 1:
            shared = [
                n
                for n in credits[article_ids[0]]
                if all(
                    any(n == q or (PRESS_RELEASE not in (n, q) and same_outlet(n, q)) for q in credits[a])
                    for a in article_ids
                )
            ]
            agencies = [
                n
                for a in article_ids
                for n in own[a]
                if all(b == a or _agency_source([n], anywhere[b]) for b in article_ids)
            ]
            if shared:
                upstream = shared[0]
            elif agencies:
                upstream = agencies[0]
            elif len({ev.origin_of[a] for a in article_ids}) == 1:
                group = {a for a, o in ev.origin_of.items() if o == ev.origin_of[article_ids[0]]}
                upstream = _origin_source(ev, group) if len(group) > 1 else None
        out.append(Support(count, upstream))
    return out
