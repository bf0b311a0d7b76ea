"""The cross-checking stage: claims with independent corroboration, discrepancies, and the briefing.

Needs: the story's articles with clean ``text`` (reading's annotations and comparing's origin
groups are used when present; without them, sentences, figures, dates and quotations are read
here by rule, and every article counts as its own origin). Adds: ``story.claims``,
``story.discrepancies`` and ``story.briefing``, and merges ``story.timeline`` entries that state
one fact.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsloom.config import AnalyzeConfig
from newsloom.model import Article, Citation, Claim, Story, TimelineEntry
from newsloom.pipeline.crosscheck.briefing import build_briefing, claim_id
from newsloom.pipeline.crosscheck.corroboration import claim_support
from newsloom.pipeline.crosscheck.discrepancies import find_discrepancies
from newsloom.pipeline.crosscheck.discrepancies.polarity import is_flip
from newsloom.pipeline.crosscheck.evidence import StoryEvidence, gather
from newsloom.pipeline.crosscheck.groups import Conflict
from newsloom.pipeline.crosscheck.text import form_score
from newsloom.unionfind import UnionFind


def _claims(ev: StoryEvidence) -> list[Claim]:
    supports = claim_support(ev)
    support = [s.count for s in supports]
    conflicting: set[int] = set()
    for conflict in ev.graph.conflicts:
        if _explained(ev, conflict):
            conflicting |= {ev.claims[conflict.a].group, ev.claims[conflict.b].group}
    n_groups = len(ev.story.origin_groups or [])
    position = {aid: i for i, aid in enumerate(ev.order)}
    out = []
    for g, members in enumerate(ev.graph.groups):
        claims = [ev.claims[m] for m in members]
        best = max(claims, key=lambda c: (form_score(c.text), -position[c.article_id], -c.start))
        citations: list[Citation] = []
        cited: set[tuple[str, int]] = set()
        for c in claims:
            if (c.article_id, c.sentence.start) not in cited:
                cited.add((c.article_id, c.sentence.start))
                citations.append(ev.cite(c.article_id, c.sentence.start, c.sentence.end))
        article_ids = list(dict.fromkeys(c.article_id for c in claims))
        origins = sorted({ev.origin_of[a] for a in article_ids})
        status = (
            "conflicting" if g in conflicting else ("corroborated" if support[g] >= 2 else "single_source")
        )
        out.append(
            Claim(
                id=claim_id(ev, g),
                text=best.text,
                slots=best.slots,
                status=status,
                independent_sources=support[g],
                upstream=supports[g].upstream,
                origin_groups=[o for o in origins if o < n_groups],
                article_ids=article_ids,
                citations=citations,
            )
        )
    return out


def _explained(ev: StoryEvidence, conflict: Conflict) -> bool:
    """Whether a conflict between two claims is one a detector would report (polarity needs the
    negated word on both sides; figures and dates are reported as they stand)."""
    if conflict.kind != "polarity":
        return True
    return is_flip(ev.claims[conflict.a], ev.claims[conflict.b])


def merge_timeline(ev: StoryEvidence, timeline: list[TimelineEntry]) -> list[TimelineEntry]:
    """Timeline entries merged per event: two entries of one date whose sentences state the same
    fact (one claim group: the same figure for one event, a shared quotation, the same actor and
    action) are one entry with the citations of both, worded by the best-formed sentence.

    Reading merges entries whose sentences are worded alike; this joins the ones worded
    differently ("12 people were injured in Friday's riots" / "Twelve were hurt as the riots
    raged on Friday"), which only the claim graph can tell apart from two events of one day.
    """
    groups_of: dict[tuple[str, int], set[int]] = {}
    for c in ev.claims:
        groups_of.setdefault((c.article_id, c.sentence.start), set()).add(c.group)
    uf = UnionFind(len(timeline))
    owner: dict[tuple[object, str, int], int] = {}
    for i, entry in enumerate(timeline):
        for cite in entry.citations:
            for g in groups_of.get((cite.article_id, cite.start), ()):
                key = (entry.date, entry.precision, g)
                if key in owner:
                    uf.union(i, owner[key])
                else:
                    owner[key] = i
    out = []
    for indices in uf.groups():
        members = [timeline[i] for i in indices]
        # the best-formed wording ("Thousands marched through Harlow on Friday." rather than
        # "He tweeted Friday."), the more widely cited one on ties
        lead = max(members, key=lambda t: (round(form_score(t.text), 2), len(t.citations)))
        citations = list({(c.article_id, c.start, c.end): c for t in members for c in t.citations}.values())
        out.append(lead.model_copy(update={"citations": citations}))
    return out


def crosscheck_story(story: Story, articles: Sequence[Article], config: AnalyzeConfig) -> Story:
    """Fill the story's claims, discrepancies and briefing.

    >>> from newsloom.model import Article, Story
    >>> from newsloom.config import AnalyzeConfig
    >>> arts = [Article(id="a", source="-", text="The mayor said the bridge will reopen in May."),
    ...         Article(id="b", source="-", text="The bridge will reopen in May, the mayor said.")]
    >>> out = crosscheck_story(Story(id="s", article_ids=["a", "b"]), arts, AnalyzeConfig())
    >>> [(c.status, c.independent_sources) for c in out.claims]  # one wording: one upstream text
    [('single_source', 1)]
    """
    members = [a for a in articles if a.id in set(story.article_ids)] or list(articles)
    ev = gather(story, members)
    update: dict[str, object] = {
        "claims": _claims(ev),
        "claims_left_out": dict(sorted(ev.left_out.items())),
        "discrepancies": find_discrepancies(ev),
        "briefing": build_briefing(ev, config.briefing_sentences),
    }
    if story.timeline is not None:
        update["timeline"] = merge_timeline(ev, story.timeline)
    return story.model_copy(update=update)
