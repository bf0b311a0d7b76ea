"""The store's repository: model objects in, model objects out.

Front ends (the CLI, a later HTTP service) talk to :class:`Store` only; the tables are its
business. Everything it returns is a ``newsloom.model`` object, so the report writers work on
a store as on a batch run.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, delete, exists, func, insert, select, text, tuple_
from sqlalchemy.orm import Session, defer, load_only

from newsloom._version import __version__
from newsloom.errors import StorageError
from newsloom.model import Article, Report, Story, Thread
from newsloom.model.story import BriefingSentence, Claim, DerivationLink, Discrepancy
from newsloom.pipeline.compare.cluster import lead_weekday
from newsloom.pipeline.ingest.exact import normalised_text, normalised_text_key
from newsloom.storage.database import database_url, make_engine, upgrade, write_transaction
from newsloom.storage.tables import (
    ArticleRow,
    BriefingRow,
    ClaimRow,
    DerivationRow,
    DiscrepancyRow,
    StoryRow,
    ThreadRow,
    TokenRow,
)

# Article fields kept in their own columns; the rest of the model goes to ``meta``.
_COLUMNS = {"raw", "raw_text", "text", "removed", "annotations"}
# Story sections with their own tables; the rest go to ``stories.sections``.
_TABLED = {"derivation", "claims", "discrepancies", "briefing"}


def url_key(url: str) -> str:
    """The hash the store recognises a URL by (scheme and host case and a trailing slash folded)."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url.strip())
    path = parts.path.rstrip("/") or "/"
    folded = urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))
    return hashlib.blake2b(folded.encode("utf-8"), digest_size=16).hexdigest()


def text_key(article: Article) -> str | None:
    """The hash the store recognises a text by: the exact-duplicate key of analyze.

    None for an article with no text: as in analyze, an empty cleaning result says nothing
    about being a copy.
    """
    body = article.text or article.raw_text
    return normalised_text_key(body) if normalised_text(body) else None


@dataclass(frozen=True)
class SearchHit:
    """An article matching a full-text query."""

    article_id: str
    title: str | None
    story_id: str | None


def _article_from_row(row: ArticleRow, *, analysed: bool) -> Article:
    meta = dict(row.analysed_meta if analysed and row.analysed_meta is not None else row.meta)
    annotations = (
        row.analysed_annotations if analysed and row.analysed_annotations is not None else row.annotations
    )
    return Article.model_validate(
        {
            **meta,
            "raw": row.raw,
            "raw_text": row.raw_text,
            "text": row.text,
            "removed": row.removals,
            "annotations": annotations,
        }
    )


def _meta(article: Article) -> dict[str, Any]:
    return article.model_dump(mode="json", exclude=_COLUMNS)


def article_row(article: Article, features: dict[str, int], now: datetime) -> ArticleRow:
    """The row for a newly added article (as read; not yet in a story)."""
    return ArticleRow(
        article_id=article.id,
        source=article.source,
        url=article.url,
        url_hash=url_key(article.url) if article.url else None,
        text_hash=text_key(article),
        title=article.title,
        site=article.site,
        published=article.published,
        language=article.language,
        raw=article.raw,
        raw_text=article.raw_text,
        text=article.text,
        removals=[r.model_dump(mode="json") for r in article.removed],
        annotations={k: [s.model_dump(mode="json") for s in v] for k, v in article.annotations.items()},
        meta=_meta(article),
        features=dict(features),
        lead_weekday=lead_weekday(article),
        added_at=now,
    )


def _story_from_row(s: Session, row: StoryRow) -> Story:
    """A stored story as the report contract has it."""
    sid = row.story_id
    ids = list(
        s.scalars(select(ArticleRow.article_id).where(ArticleRow.story_id == sid).order_by(ArticleRow.pk))
    )
    sections: dict[str, Any] = dict(row.sections)
    computed = set(sections.pop("computed", []))

    def rows(table: Any, column: str) -> list[Any]:
        found = s.scalars(select(table).where(table.story_id == sid).order_by(table.position))
        return [getattr(r, column) for r in found]

    if "derivation" in computed:
        sections["derivation"] = [DerivationLink.model_validate(x) for x in rows(DerivationRow, "link")]
    if "claims" in computed:
        sections["claims"] = [Claim.model_validate(x) for x in rows(ClaimRow, "claim")]
    if "discrepancies" in computed:
        sections["discrepancies"] = [
            Discrepancy.model_validate(x) for x in rows(DiscrepancyRow, "discrepancy")
        ]
    if "briefing" in computed:
        sections["briefing"] = [BriefingSentence.model_validate(x) for x in rows(BriefingRow, "sentence")]
    return Story.model_validate({**sections, "id": sid, "article_ids": ids})


def _thread_of(s: Session, story_rows: Sequence[StoryRow]) -> Thread:
    """The report's Thread of these stored (analysed) stories, built by batch's function."""
    from newsloom.pipeline.compare import build_threads

    sids = [r.story_id for r in story_rows]
    members: dict[str, list[str]] = {sid: [] for sid in sids}
    articles: list[Article] = []
    cols = (
        ArticleRow.article_id,
        ArticleRow.source,
        ArticleRow.story_id,
        ArticleRow.title,
        ArticleRow.text,
        ArticleRow.published,
    )
    for i in range(0, len(sids), 500):
        found = s.execute(
            select(*cols).where(ArticleRow.story_id.in_(sids[i : i + 500])).order_by(ArticleRow.pk)
        )
        for aid, source, sid, title, body, published in found:
            members[sid].append(aid)
            articles.append(Article(id=aid, source=source, title=title, text=body, published=published))
    stories = [
        Story.model_validate(
            {
                "id": r.story_id,
                "article_ids": members[r.story_id],
                "reference_date": r.reference_date,
                "timeline": r.sections.get("timeline"),
            }
        )
        for r in story_rows
    ]
    (thread,) = build_threads(stories, [sids], articles)
    return thread


class Store:
    """A newsloom store: articles, stories and what was found in them, in SQLite or PostgreSQL.

    Opening a store migrates it to the newest schema (``upgrade=False`` leaves it alone).

    >>> store = Store("news.db")  # doctest: +SKIP
    >>> [s.id for s in store.stories()]  # doctest: +SKIP
    """

    def __init__(self, db: str | None = None, *, upgrade_schema: bool = True) -> None:
        self.url = database_url(db)
        self.engine = make_engine(self.url)
        if upgrade_schema:
            upgrade(self.engine)

    def close(self) -> None:
        """Release the store's connections."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def dialect(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return self.engine.dialect.name

    def write(self) -> Any:
        """A write transaction (context manager yielding a ``Connection``) under the write lock."""
        return write_transaction(self.engine)

    def _read(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    # --- reading -----------------------------------------------------------------------------

    def count_articles(self) -> int:
        """How many articles the store holds."""
        with self._read() as s:
            return int(s.scalar(select(func.count()).select_from(ArticleRow)) or 0)

    def article_ids(self) -> list[str]:
        """Every article id, in the order they were added."""
        with self._read() as s:
            return list(s.scalars(select(ArticleRow.article_id).order_by(ArticleRow.pk)))

    def articles(self, ids: Iterable[str] | None = None, *, analysed: bool = True) -> list[Article]:
        """The articles (all, or those with these ids) in the order they were added.

        ``analysed`` gives them as their story's stages left them (canonical names, inferred
        dates), as a batch report shows them; ``False`` gives them as read.
        """
        with self._read() as s:
            query = select(ArticleRow).order_by(ArticleRow.pk)
            if ids is not None:
                query = query.where(ArticleRow.article_id.in_(list(ids)))
            return [_article_from_row(r, analysed=analysed) for r in s.scalars(query)]

    def stories(self, *, since: date | None = None, story_ids: Sequence[str] | None = None) -> list[Story]:
        """The stories (those updated on or after ``since``), in the order they were started."""
        with self._read() as s:
            query = select(StoryRow).where(StoryRow.size > 0).order_by(StoryRow.created_at, StoryRow.story_id)
            if since is not None:
                query = query.where(StoryRow.updated_at >= datetime.combine(since, datetime.min.time(), UTC))
            if story_ids is not None:
                query = query.where(StoryRow.story_id.in_(list(story_ids)))
            rows = list(s.scalars(query))
            return [self._story(s, row) for row in rows]

    def story(self, story_id: str) -> Story:
        """One story (KeyError when the store has none with this id)."""
        found = self.stories(story_ids=[story_id])
        if not found:
            raise KeyError(story_id)
        return found[0]

    def _story(self, s: Session, row: StoryRow) -> Story:
        return _story_from_row(s, row)

    def story_page(
        self,
        *,
        since: date | None = None,
        query: str | None = None,
        with_discrepancies: bool = False,
        min_origins: int = 0,
        after: str | None = None,
        limit: int = 20,
    ) -> tuple[list[Story], str | None]:
        """One page of stories in the order they were started, and the id to continue after.

        ``query`` keeps stories with an article matching it (full-text index);
        ``with_discrepancies`` those with at least one discrepancy; ``min_origins`` those with at
        least that many independent origin groups. ``after`` is the last story id of the previous
        page (None for the first); the second value is None on the last page.
        """
        with self._read() as s:
            q = select(StoryRow).where(StoryRow.size > 0).order_by(StoryRow.created_at, StoryRow.story_id)
            if since is not None:
                q = q.where(StoryRow.updated_at >= datetime.combine(since, datetime.min.time(), UTC))
            if with_discrepancies:
                q = q.where(exists().where(DiscrepancyRow.story_id == StoryRow.story_id))
            if query is not None:
                hits = {h.story_id for h in self.search(query, limit=1000) if h.story_id}
                q = q.where(StoryRow.story_id.in_(sorted(hits)))
            if after is not None:
                last = s.get(StoryRow, after)
                if last is None:
                    raise KeyError(after)
                q = q.where(tuple_(StoryRow.created_at, StoryRow.story_id) > (last.created_at, last.story_id))
            found: list[Story] = []
            for row in s.scalars(q.execution_options(yield_per=100)):
                if min_origins and len(row.sections.get("origin_groups") or []) < min_origins:
                    continue
                if len(found) == limit:
                    return found, found[-1].id
                found.append(self._story(s, row))
            return found, None

    def story_updated(self, story_ids: Sequence[str]) -> dict[str, datetime]:
        """When each of these stories last changed."""
        with self._read() as s:
            rows = s.execute(
                select(StoryRow.story_id, StoryRow.updated_at).where(StoryRow.story_id.in_(list(story_ids)))
            )
            return {r[0]: r[1] for r in rows}

    def story_of(self, article_id: str) -> str | None:
        """The id of the story an article is in (KeyError when the store has no such article)."""
        with self._read() as s:
            row = s.scalar(select(ArticleRow).where(ArticleRow.article_id == article_id))
            if row is None:
                raise KeyError(article_id)
            return row.story_id

    def create_token(self, name: str = "") -> str:
        """A new API token; the store keeps only its SHA-256, so print it now or lose it."""
        import secrets

        token = secrets.token_urlsafe(32)
        digest = hashlib.sha256(token.encode("ascii")).hexdigest()
        with self.write() as conn, Session(bind=conn) as s:
            s.add(TokenRow(token_hash=digest, name=name, created_at=datetime.now(UTC)))
            s.flush()
        return token

    def check_token(self, token: str) -> bool:
        """Whether ``token`` is one that :meth:`create_token` gave out."""
        digest = hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()
        with self._read() as s:
            return s.get(TokenRow, digest) is not None

    def threads(self) -> list[Thread]:
        """The running stories stored, each grouping event stories (as last built)."""
        with self._read() as s:
            return [
                Thread.model_validate(r.thread)
                for r in s.scalars(
                    select(ThreadRow).where(ThreadRow.thread_id.is_not(None)).order_by(ThreadRow.thread_id)
                )
                if r.thread is not None
            ]

    def report(self, story_id: str | None = None) -> Report:
        """The report contract for the whole store, or for one story and its articles.

        Threads come in the order of their first story, as in a batch report; a report holds a
        thread only with all its stories (one story's report: its thread when it has no other).
        """
        stories = [self.story(story_id)] if story_id is not None else self.stories()
        ids = [a for st in stories for a in st.article_ids]
        articles = self.articles(ids if story_id is not None else None)
        position = {st.id: k for k, st in enumerate(stories)}
        threads = [t for t in self.threads() if all(sid in position for sid in t.story_ids)]
        threads.sort(key=lambda t: min(position[sid] for sid in t.story_ids))
        return Report(
            newsloom_version=__version__,
            articles=articles,
            stories=stories,
            threads=threads,
            stats={"articles_analyzed": len(articles), "stories": len(stories)},
        )

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Articles whose title or text hold every word of ``query`` (full-text index), best first."""
        words = [w for w in "".join(c if c.isalnum() else " " for c in query).split() if w]
        if not words:
            return []
        with self.engine.connect() as conn:
            if self.dialect == "sqlite":
                match = " ".join(f'"{w}"' for w in words)
                result = conn.execute(
                    text(
                        "SELECT a.article_id, a.title, a.story_id FROM articles_fts f "
                        "JOIN articles a ON a.pk = f.rowid WHERE articles_fts MATCH :q "
                        "ORDER BY f.rank LIMIT :n"
                    ),
                    {"q": match, "n": limit},
                )
            else:
                result = conn.execute(
                    text(
                        "SELECT article_id, title, story_id FROM articles "
                        "WHERE search @@ plainto_tsquery('simple', :q) "
                        "ORDER BY ts_rank(search, plainto_tsquery('simple', :q)) DESC, pk LIMIT :n"
                    ),
                    {"q": " ".join(words), "n": limit},
                )
            return [SearchHit(article_id=r[0], title=r[1], story_id=r[2]) for r in result]

    # --- writing (inside ``write()``) ----------------------------------------------------------

    @staticmethod
    def save_story(conn: Connection, story: Story, analysed: Sequence[Article]) -> None:
        """Store a story's analysis and its articles as its stages left them."""
        sid = story.id
        with Session(bind=conn) as s:
            row = s.get(StoryRow, sid, options=[defer(StoryRow.centroid)])
            if row is None:
                raise StorageError(f"story {sid} is not in the store")
            data = story.model_dump(mode="json", exclude={"id", "article_ids", *_TABLED}, exclude_none=True)
            data["computed"] = sorted(k for k in _TABLED if getattr(story, k) is not None)
            row.sections = data
            row.reference_date = story.reference_date
            row.analysed_at = datetime.now(UTC)
            for table in (DerivationRow, ClaimRow, DiscrepancyRow, BriefingRow):
                s.execute(delete(table).where(table.story_id == sid))
            # Bulk inserts (one statement per table), not one ORM object per row.
            sections: list[tuple[Any, list[dict[str, Any]]]] = [
                (
                    DerivationRow,
                    [
                        {
                            "source": link.source,
                            "target": link.target,
                            "relation": link.relation,
                            "score": link.score,
                            "link": link.model_dump(mode="json"),
                        }
                        for link in story.derivation or []
                    ],
                ),
                (
                    ClaimRow,
                    [
                        {
                            "claim_id": claim.id,
                            "status": claim.status,
                            "independent_sources": claim.independent_sources,
                            "text": claim.text,
                            "claim": claim.model_dump(mode="json"),
                        }
                        for claim in story.claims or []
                    ],
                ),
                (
                    DiscrepancyRow,
                    [
                        {
                            "kind": found.kind,
                            "severity": found.severity,
                            "description": found.description,
                            "discrepancy": found.model_dump(mode="json"),
                        }
                        for found in story.discrepancies or []
                    ],
                ),
                (
                    BriefingRow,
                    [
                        {"text": sentence.text, "sentence": sentence.model_dump(mode="json")}
                        for sentence in story.briefing or []
                    ],
                ),
            ]
            for table, rows in sections:
                if rows:
                    s.execute(
                        insert(table), [{"story_id": sid, "position": i, **r} for i, r in enumerate(rows)]
                    )
            by_id = {a.id: a for a in analysed}
            members = (
                select(ArticleRow)
                .options(load_only(ArticleRow.pk, ArticleRow.article_id))
                .where(ArticleRow.article_id.in_(list(by_id)))
            )
            for art in s.scalars(members):
                updated = by_id[art.article_id]
                art.analysed_meta = _meta(updated)
                art.analysed_annotations = {
                    k: [sp.model_dump(mode="json") for sp in v] for k, v in updated.annotations.items()
                }
            s.flush()

    @staticmethod
    def save_threads(conn: Connection, threads: Sequence[Thread]) -> None:
        """Replace the stored threads with ``threads`` (each keyed by its id)."""
        now = datetime.now(UTC)
        with Session(bind=conn) as s:
            s.execute(delete(ThreadRow))
            for th in threads:
                s.add(
                    ThreadRow(
                        thread_key=th.id,
                        thread_id=th.id,
                        title=th.title,
                        story_ids=list(th.story_ids),
                        thread=th.model_dump(mode="json", exclude_none=True),
                        built_at=now,
                    )
                )
            s.flush()

    @staticmethod
    def build_threads(conn: Connection, after: str | None = None, limit: int | None = None) -> str | None:
        """Build again the threads marked for rebuilding (their stories changed), in key order
        from after ``after``, at most ``limit``; return the last key looked at (None: no more).

        A thread is built as a batch run builds it (``compare.build_threads``) from its stories'
        analyses, so one whose stories still wait for analysis is left marked; a thread left
        with no story is removed.
        """
        now = datetime.now(UTC)
        last = None
        with Session(bind=conn) as s:
            query = select(ThreadRow).where(ThreadRow.built_at.is_(None)).order_by(ThreadRow.thread_key)
            if after is not None:
                query = query.where(ThreadRow.thread_key > after)
            for trow in list(s.scalars(query.limit(limit) if limit else query)):
                last = trow.thread_key
                story_rows = list(
                    s.scalars(
                        select(StoryRow)
                        .where(StoryRow.thread_key == trow.thread_key, StoryRow.size > 0)
                        .order_by(StoryRow.created_at, StoryRow.story_id)
                    )
                )
                if not story_rows:
                    s.delete(trow)
                    continue
                if any(r.analysed_at is None for r in story_rows):
                    continue
                thread = _thread_of(s, story_rows)
                trow.thread_id = thread.id
                trow.title = thread.title
                trow.story_ids = list(thread.story_ids)
                trow.thread = thread.model_dump(mode="json", exclude_none=True)
                trow.built_at = now
            s.flush()
        return last
