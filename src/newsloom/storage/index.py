"""The story index kept in the store: :class:`~newsloom.pipeline.compare.cluster.StoryIndex`'s
state in tables, and batch clustering run again on each new article's neighbourhood.

The state is what ``StoryIndex`` holds in memory: document frequencies of features
(``index_features``), the stories each salient feature is posted to (``index_postings``) and
each story's centroid (``stories.centroid``). An added article's rarest features lead to the
stories worth looking at, so adding one costs the same with 100 or 100,000 articles stored.

Placing an article does not just pick the nearest story (the online rule gives B3-F1 0.85 on
ECB+ against batch clustering's 0.955): the articles of its neighbouring stories and the new
one are clustered again by batch clustering's two passes (average-link subjects, then the split
of each subject into events, then the cohesion check), with the store's document frequencies,
and the result replaces those stories. A story keeps its id while it keeps its oldest article.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from newsloom.pipeline.compare.cluster import (
    CENTROID_FEATURES,
    CLUSTER_DISTANCE,
    MIN_DF,
    MIN_DF_BATCH,
    ONLINE_MAX_POSTINGS,
    ONLINE_PROBE_FEATURES,
    ONLINE_SIMILARITY,
    _agglomerate,
    _cohesive,
    _weigh,
    split_events,
    story_id,
)
from newsloom.storage.tables import ArticleRow, FeatureRow, PostingRow, StoryRow

# The neighbourhood clustered again for each added article: at most this many of the stories
# its salient features lead to (best centroid similarity first) and about this many articles,
# so an addition costs the same however large the store is.
NEIGHBOUR_STORIES = 8
NEIGHBOURHOOD_ARTICLES = 400


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
        """Put the (already added, not yet placed) article ``row`` into a story.

        The stories the article's salient features are posted to, and that its vector touches,
        form its neighbourhood; their articles and the new one are clustered again exactly as
        a batch run clusters (both passes, with the store's document frequencies), and the
        neighbourhood's stories are replaced by the result. A story keeps its id while it keeps
        its oldest article.
        """
        rows, n = self._count_documents(features)
        vec = _weigh(features, {f: r.df for f, r in rows.items()}, n)
        probes = _probes(vec)
        salient = [f for f in probes if rows[f].n_stories <= ONLINE_MAX_POSTINGS]
        candidates = sorted(
            set(self.session.scalars(select(PostingRow.story_id).where(PostingRow.feature.in_(salient))))
        )
        scored: list[tuple[float, str, StoryRow]] = []
        if candidates:
            for story in self.session.scalars(select(StoryRow).where(StoryRow.story_id.in_(candidates))):
                sim = sum(x * float(story.centroid.get(f, 0.0)) for f, x in vec.items())
                if sim > 0 and story.size > 0:
                    scored.append((sim, story.story_id, story))
        scored.sort(key=lambda t: (-t[0], t[1]))
        neighbours: list[StoryRow] = []
        total = 0
        for _, _, story in scored[:NEIGHBOUR_STORIES]:
            if neighbours and total + story.size > NEIGHBOURHOOD_ARTICLES:
                break
            neighbours.append(story)
            total += story.size
        if not self.split or not neighbours:
            return self._join_or_start(
                row, vec, probes, scored[0][2] if scored and scored[0][0] >= self.similarity else None
            )
        return self._recluster(row, neighbours, n)

    def _join_or_start(
        self, row: ArticleRow, vec: dict[str, float], probes: list[str], best: StoryRow | None
    ) -> Placement:
        now = datetime.now(UTC)
        if best is None:
            best = StoryRow(
                story_id=self._new_id([row.article_id]),
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
        return Placement(story_id=best.story_id, changed={best.story_id})

    def _new_id(self, article_ids: list[str]) -> str:
        sid = story_id(article_ids[:1])
        k = 1
        while self.session.get(StoryRow, sid) is not None:
            k += 1
            sid = story_id([*article_ids[:1], str(k)])
        return sid

    def _recluster(self, row: ArticleRow, neighbours: list[StoryRow], n: int) -> Placement:
        ids = [s.story_id for s in neighbours]
        members = list(
            self.session.scalars(
                select(ArticleRow).where(ArticleRow.story_id.in_(ids)).order_by(ArticleRow.pk)
            )
        )
        members.append(row)
        feats = [Counter({str(k): int(v) for k, v in m.features.items()}) for m in members]
        df_rows = self._df(sorted({f for fs in feats for f in fs}))
        df = {f: r.df for f, r in df_rows.items()}
        min_df = MIN_DF if n >= MIN_DF_BATCH else 1
        vectors = [_weigh(fs, df, n, min_df) for fs in feats]
        events = _events(feats, vectors)
        by_id = {s.story_id: s for s in neighbours}
        now = datetime.now(UTC)
        claimed: set[str] = set()
        changed: set[str] = set()
        placement = Placement(story_id="")
        original = [m.story_id for m in members]
        for event in sorted(events, key=min):
            old = original[min(event)]
            before = {
                m.pk for m, sid in zip(members, original, strict=True) if old is not None and sid == old
            }
            if old is not None and old not in claimed:
                target = by_id[old]
            else:
                target = StoryRow(
                    story_id=self._new_id([members[min(event)].article_id, row.article_id]),
                    sections={},
                    centroid={},
                    size=0,
                    created_at=now,
                    updated_at=now,
                )
                self.session.add(target)
                self.session.flush()
            claimed.add(target.story_id)
            target.centroid = _centroid([_weigh(feats[i], df, n) for i in event])
            if {members[i].pk for i in event} != before or target.size != len(event):
                target.size = len(event)
                target.updated_at = now
                target.analysed_at = None
                changed.add(target.story_id)
            moved = [i for i in event if members[i].story_id != target.story_id]
            for i in moved:
                members[i].story_id = target.story_id
            if row.story_id == target.story_id:
                placement.story_id = target.story_id
            self.session.flush()
            if moved:
                self._post(
                    sorted({f for i in moved for f in _probes(vectors[i] or _weigh(feats[i], df, n))}),
                    target.story_id,
                )
        for story in neighbours:
            if story.story_id not in claimed:
                story.size = 0
                changed.add(story.story_id)
                self.session.delete(story)
        self.session.flush()
        placement.changed = changed
        return placement


def _events(feats: Sequence[Counter[str]], vectors: Sequence[Mapping[str, float]]) -> list[list[int]]:
    """Batch clustering's two passes over a neighbourhood: subjects by average link on the
    given vectors, each split into events, each event kept only if cohesive."""
    from scipy.sparse import csr_matrix

    vocab: dict[str, int] = {}
    rws, cols, vals = [], [], []
    for r, vec in enumerate(vectors):
        for f, x in vec.items():
            rws.append(r)
            cols.append(vocab.setdefault(f, len(vocab)))
            vals.append(x)
    mat = csr_matrix((vals, (rws, cols)), shape=(len(vectors), max(len(vocab), 1)), dtype=np.float64)
    sim: np.ndarray = (mat @ mat.T).toarray()
    subjects: dict[int, list[int]] = {}
    for i, lab in enumerate(_agglomerate(sim, CLUSTER_DISTANCE)):
        subjects.setdefault(lab, []).append(i)
    events: list[list[int]] = []
    for members in subjects.values():
        for event in split_events(feats, members):
            events.extend(_cohesive(event, sim))
    return events
