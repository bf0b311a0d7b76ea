"""The online story index kept in the store: :class:`~newsloom.pipeline.compare.cluster.StoryIndex`
with its state in tables, plus the split pass batch clustering has.

The state is what ``StoryIndex`` holds in memory: document frequencies of features
(``index_features``), the stories each salient feature is posted to (``index_postings``) and
each story's centroid (``stories.centroid``). An added article is scored only against the
stories its rarest features are posted to, exactly as in memory, so adding one costs the same
with 100 or 100,000 articles stored.

The split pass: when a story grows to hold two events (the second event's articles were close
enough to the first story's centroid to join it), :func:`~newsloom.pipeline.compare.cluster.split_events`
cuts it as the batch clustering's second pass does; the part holding the story's first
article keeps the story's id, each other part becomes a new story.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from newsloom.pipeline.compare.cluster import (
    CENTROID_FEATURES,
    MIN_EVENT_ARTICLES,
    ONLINE_MAX_POSTINGS,
    ONLINE_PROBE_FEATURES,
    ONLINE_SIMILARITY,
    _weigh,
    split_events,
    story_id,
)
from newsloom.storage.tables import ArticleRow, FeatureRow, PostingRow, StoryRow


@dataclass
class Placement:
    """Where an article went and which stories changed because of it."""

    story_id: str
    changed: set[str] = field(default_factory=set)


def _centroid(vectors: Sequence[Mapping[str, float]]) -> dict[str, float]:
    merged: dict[str, float] = {}
    for vec in vectors:
        for f, x in vec.items():
            merged[f] = merged.get(f, 0.0) + x
    kept = sorted(merged.items(), key=lambda kv: (-kv[1], kv[0]))[:CENTROID_FEATURES]
    norm = math.sqrt(sum(x * x for _, x in kept)) or 1.0
    return {f: x / norm for f, x in kept}


def _probes(vec: Mapping[str, float]) -> list[str]:
    return sorted(vec, key=lambda f: (-vec[f], f))[:ONLINE_PROBE_FEATURES]


class StoredStoryIndex:
    """Places articles into stories, reading and writing the index tables through ``session``.

    The caller holds the store's write lock (see ``database.write_transaction``).
    """

    def __init__(self, session: Session, similarity: float = ONLINE_SIMILARITY, split: bool = True) -> None:
        self.session = session
        self.similarity = similarity
        self.split = split

    def _df(self, features: Sequence[str]) -> dict[str, FeatureRow]:
        rows: dict[str, FeatureRow] = {}
        for i in range(0, len(features), 500):
            chunk = features[i : i + 500]
            rows.update(
                {
                    r.feature: r
                    for r in self.session.scalars(select(FeatureRow).where(FeatureRow.feature.in_(chunk)))
                }
            )
        return rows

    def _count_documents(self, features: Counter[str]) -> tuple[dict[str, FeatureRow], int]:
        """Add one document holding ``features`` to the document frequencies; return them and N."""
        rows = self._df(list(features))
        for f in features:
            row = rows.get(f)
            if row is None:
                row = rows[f] = FeatureRow(feature=f, df=0, n_stories=0)
                self.session.add(row)
            row.df += 1
        self.session.flush()
        n = self.session.scalar(
            select(func.count()).select_from(ArticleRow).where(ArticleRow.story_id.is_not(None))
        )
        return rows, int(n or 0) + 1

    def _post(self, features: Sequence[str], sid: str) -> None:
        have = set(
            self.session.scalars(
                select(PostingRow.feature).where(PostingRow.story_id == sid, PostingRow.feature.in_(features))
            )
        )
        new = [f for f in dict.fromkeys(features) if f not in have]
        if not new:
            return
        rows = self._df(new)
        for f in new:
            self.session.add(PostingRow(feature=f, story_id=sid))
            if f in rows:
                rows[f].n_stories += 1

    def place(self, row: ArticleRow, features: Counter[str]) -> Placement:
        """Put the (already added, not yet placed) article ``row`` into a story."""
        rows, n = self._count_documents(features)
        vec = _weigh(features, {f: r.df for f, r in rows.items()}, n)
        probes = _probes(vec)
        salient = [f for f in probes if rows[f].n_stories <= ONLINE_MAX_POSTINGS]
        candidates = sorted(
            set(self.session.scalars(select(PostingRow.story_id).where(PostingRow.feature.in_(salient))))
        )
        best: StoryRow | None = None
        best_sim = 0.0
        if candidates:
            for story in self.session.scalars(select(StoryRow).where(StoryRow.story_id.in_(candidates))):
                sim = sum(x * float(story.centroid.get(f, 0.0)) for f, x in vec.items())
                if sim > best_sim or (
                    sim == best_sim and best is not None and story.story_id < best.story_id
                ):
                    best, best_sim = story, sim
        now = datetime.now(UTC)
        if best is None or best_sim < self.similarity:
            best = StoryRow(
                story_id=story_id([row.article_id]),
                sections={},
                centroid={},
                size=0,
                created_at=now,
                updated_at=now,
            )
            self.session.add(best)
            self.session.flush()  # the story row before any article points at it
        k = best.size
        merged = {f: float(x) * k for f, x in best.centroid.items()}
        for f, x in vec.items():
            merged[f] = merged.get(f, 0.0) + x
        best.centroid = _centroid([merged])
        best.size = k + 1
        best.updated_at = now
        best.analysed_at = None
        row.story_id = best.story_id
        self.session.flush()
        self._post(probes, best.story_id)
        placement = Placement(story_id=best.story_id, changed={best.story_id})
        if self.split and best.size >= 2 * MIN_EVENT_ARTICLES:
            placement.changed |= self._split(best)
            placement.story_id = row.story_id or best.story_id
        return placement

    def _split(self, story: StoryRow) -> set[str]:
        """Cut ``story`` into its events (batch clustering's second pass); the ids of new parts."""
        members = list(
            self.session.scalars(
                select(ArticleRow).where(ArticleRow.story_id == story.story_id).order_by(ArticleRow.pk)
            )
        )
        feats = [Counter({str(k): int(v) for k, v in m.features.items()}) for m in members]
        parts = split_events(feats, list(range(len(members))))
        if len(parts) < 2:
            return set()
        df_rows = self._df(sorted({f for fs in feats for f in fs}))
        df = {f: r.df for f, r in df_rows.items()}
        n = int(self.session.scalar(select(func.count()).select_from(ArticleRow)) or 0)
        vectors = [_weigh(fs, df, n) for fs in feats]
        now = datetime.now(UTC)
        created: set[str] = set()
        for part in parts:
            first = members[min(part)]
            target = story
            if 0 not in part:  # the part holding the story's first article keeps its id
                target = StoryRow(
                    story_id=story_id([first.article_id]),
                    sections={},
                    size=0,
                    created_at=now,
                    updated_at=now,
                )
                self.session.add(target)
                created.add(target.story_id)
            target.centroid = _centroid([vectors[i] for i in part])
            target.size = len(part)
            target.updated_at = now
            target.analysed_at = None
            self.session.flush()
            for i in part:
                members[i].story_id = target.story_id
            if target is not story:
                self._post(sorted({f for i in part for f in _probes(vectors[i])}), target.story_id)
        self.session.flush()
        return created
