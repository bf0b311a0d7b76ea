"""The store's repository: model objects in, model objects out.

Front ends (the CLI, a later HTTP service) talk to :class:`Store` only; the tables are its
business. Everything it returns is a ``newsloom.model`` object, so the report writers work on
a store as on a batch run.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Literal

from pydantic import TypeAdapter
from sqlalchemy import (
    Connection,
    String,
    Text,
    bindparam,
    case,
    cast,
    delete,
    exists,
    func,
    insert,
    literal,
    select,
    text,
    tuple_,
    union_all,
    update,
)
from sqlalchemy.orm import Session, defer, load_only
from sqlalchemy.sql.elements import BindParameter

from newsloom._version import __version__
from newsloom.errors import StorageError
from newsloom.model import Article, Report, Story, Thread
from newsloom.pipeline.compare.cluster import lead_day
from newsloom.pipeline.ingest.exact import normalised_text, normalised_text_key
from newsloom.storage.database import database_url, make_engine, upgrade, write_transaction
from newsloom.storage.tables import (
    ArticleRow,
    BriefingRow,
    ClaimRow,
    DerivationRow,
    DiscrepancyRow,
    StoryRow,
    ThreadChangeRow,
    ThreadRow,
    TokenRow,
)

# Article fields kept in their own columns; the rest of the model goes to ``meta``.
_COLUMNS = {"raw", "raw_text", "text", "removed", "annotations"}
# Full-text search ranks the newest this many matches of a query (see ``Store.search``).
SEARCH_WINDOW = 1000
# The orders a list of stories comes in (see ``Store.story_page``).
StoryOrder = Literal["started", "updated"]
# Before any thread was built: the place in ``Store.thread_page``'s order of one being rebuilt.
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Story sections with their own tables (and the column holding each item's JSON); the rest go
# to ``stories.sections``.
_SECTION_COLUMNS: dict[str, tuple[Any, str]] = {
    "derivation": (DerivationRow, "link"),
    "claims": (ClaimRow, "claim"),
    "discrepancies": (DiscrepancyRow, "discrepancy"),
    "briefing": (BriefingRow, "sentence"),
}
_TABLED = set(_SECTION_COLUMNS)
# The story columns a list of stories reads (not its sections: tens of KB of JSON each).
_SUMMARY_COLUMNS = (
    StoryRow.story_id,
    StoryRow.size,
    StoryRow.created_at,
    StoryRow.updated_at,
    StoryRow.summary,
)


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
    site: str | None = None


@dataclass(frozen=True)
class StorySummary:
    """What a list of stories shows of one: its articles and the counts of what was found."""

    id: str
    article_ids: list[str]
    # Independent origin groups (None: not computed).
    origins: int | None
    # Claims by status (None: not computed).
    claims: dict[str, int] | None
    discrepancies: int
    # The briefing's first sentence (None: no briefing).
    lead: str | None
    updated_at: datetime


def story_summary(story: Story) -> dict[str, Any]:
    """What a list of stories shows of an analysed story, as ``stories.summary`` keeps it: its
    independent origins, claims by status (None: not computed), discrepancies and lead."""
    claims: dict[str, int] | None = None
    if story.claims is not None:
        claims = {}
        for claim in story.claims:
            claims[claim.status] = claims.get(claim.status, 0) + 1
    return {
        "origins": len(story.origin_groups) if story.origin_groups is not None else None,
        "claims": claims,
        "discrepancies": len(story.discrepancies or []),
        "lead": story.briefing[0].text if story.briefing else None,
    }


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


_ARTICLE_LIST = TypeAdapter(list[Article])


def _article_json(meta: str, annotations: str, removals: str, raw: str, raw_text: str, text: str) -> str:
    """An article's JSON document, put together from its stored JSON texts and text columns:
    what :func:`_article_from_row` builds, without decoding the stored JSON."""
    head = meta.rstrip()[:-1].rstrip()
    columns = (
        f'"raw":{json.dumps(raw)},"raw_text":{json.dumps(raw_text)},"text":{json.dumps(text)},'
        f'"removed":{removals},"annotations":{annotations}}}'
    )
    return head + ("," if head != "{" else "") + columns


# Prepared statements of the reads a story page makes (built once: building a statement and its
# cache key costs more than running it). ``ids`` is bound to a list.
_IDS: BindParameter[Any] = bindparam("ids", expanding=True)
_MEMBERS = (
    select(ArticleRow.story_id, ArticleRow.article_id)
    .where(ArticleRow.story_id.in_(_IDS))
    .order_by(ArticleRow.pk)
)
_SECTION_ITEMS = union_all(
    *(
        select(
            literal(name, String).label("section"),
            table.story_id,
            table.position,
            cast(getattr(table, column), Text).label("item"),
        ).where(table.story_id.in_(_IDS))
        for name, (table, column) in _SECTION_COLUMNS.items()
    )
)
_STORIES = (
    select(StoryRow.story_id, StoryRow.sections)
    .where(StoryRow.size > 0)
    .order_by(StoryRow.created_at, StoryRow.story_id)
)
# An article's columns, as analysed (True) or as read (False); labelled, as read the first two
# pairs are the same columns.
_ARTICLES = {
    analysed: select(
        cast(ArticleRow.analysed_meta if analysed else ArticleRow.meta, Text).label("meta"),
        cast(ArticleRow.meta, Text).label("meta_as_read"),
        cast(ArticleRow.analysed_annotations if analysed else ArticleRow.annotations, Text).label(
            "annotations"
        ),
        cast(ArticleRow.annotations, Text).label("annotations_as_read"),
        cast(ArticleRow.removals, Text).label("removals"),
        ArticleRow.raw,
        ArticleRow.raw_text,
        ArticleRow.text,
    ).order_by(ArticleRow.pk)
    for analysed in (True, False)
}
_ARTICLES_OF = {
    analysed: query.where(ArticleRow.article_id.in_(_IDS)) for analysed, query in _ARTICLES.items()
}
_STORY = _STORIES.where(StoryRow.story_id == bindparam("sid"))

# A story's row and the thread its key names (None when it names none).
_THREAD_OF = (
    select(
        StoryRow.size,
        StoryRow.updated_at,
        StoryRow.analysed_at,
        ThreadRow.story_ids,
        cast(ThreadRow.thread, Text).label("thread"),
    )
    .select_from(StoryRow)
    .outerjoin(ThreadRow, ThreadRow.thread_key == StoryRow.thread_key)
    .where(StoryRow.story_id == bindparam("sid"))
)


def _meta(article: Article) -> dict[str, Any]:
    return article.model_dump(mode="json", exclude=_COLUMNS)


def article_row(article: Article, features: dict[str, int], now: datetime) -> ArticleRow:
    """The row for a newly added article (as read; not yet in a story)."""
    lead = lead_day(article)
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
        lead_weekday=lead.weekday,
        lead_on=lead.on,
        lead_published=lead.published,
        added_at=now,
    )


def thread_members(conn: Connection | Session, sids: Sequence[str]) -> dict[str, list[Article]]:
    """What a thread reads of these stories' articles, in the order they were added: ids,
    sources, titles and publication dates, and the text of an untitled article only (a thread's
    title falls back on an article's text only when its articles have no title; the text is the
    largest column)."""
    members: dict[str, list[Article]] = {sid: [] for sid in sids}
    untitled = (ArticleRow.title.is_(None)) | (ArticleRow.title == "")
    cols = (
        ArticleRow.article_id,
        ArticleRow.source,
        ArticleRow.story_id,
        ArticleRow.title,
        case((untitled, ArticleRow.text), else_=""),
        ArticleRow.published,
    )
    for i in range(0, len(sids), 500):
        found = conn.execute(
            select(*cols).where(ArticleRow.story_id.in_(list(sids[i : i + 500]))).order_by(ArticleRow.pk)
        )
        for aid, source, sid, title, body, published in found:
            members[sid].append(Article(id=aid, source=source, title=title, text=body, published=published))
    return members


def thread_summary(
    story_id: str, reference_date: date | None, sections: dict[str, Any], articles: Sequence[Article]
) -> dict[str, Any]:
    """What a thread needs of one analysed story, as ``stories.thread_summary`` keeps it.

    ``sections``: the story's stored sections (its timeline); ``articles``: its articles as
    :func:`thread_members` reads them. The summary holds the story's date as batch's
    ``build_threads`` dates it (``story_date``), the title its thread gets when the story is
    the thread's first (the thread of this story alone has it: only the first story's articles
    make the title), its article ids (the thread's id hashes them all) and its timeline (the
    thread's is their union). So :func:`_thread_from_summaries` builds the thread a batch run
    builds from the stories and their articles, reading one small value per story.
    """
    from newsloom.pipeline.compare import build_threads
    from newsloom.pipeline.compare.threads import story_date

    story = Story.model_validate(
        {
            "id": story_id,
            "article_ids": [a.id for a in articles],
            "reference_date": reference_date,
            "timeline": sections.get("timeline"),
        }
    )
    (alone,) = build_threads([story], [[story_id]], articles)
    day = story_date(story, {a.id: a for a in articles})
    summary: dict[str, Any] = {
        "date": day.isoformat() if day else None,
        "title": alone.title,
        "article_ids": list(story.article_ids),
    }
    if "timeline" in sections:
        summary["timeline"] = sections["timeline"]
    return summary


def _thread_from_summaries(sids: Sequence[str], summaries: dict[str, dict[str, Any]]) -> Thread:
    """The thread of these stories (in the order they were started) built by batch's function
    from their thread summaries, as :func:`thread_summary` describes: each story dated by its
    summary's date, the title that of the story which comes first."""
    from newsloom.pipeline.compare import build_threads

    stories = [
        Story.model_validate(
            {
                "id": sid,
                "article_ids": summaries[sid]["article_ids"],
                # story_date takes a reference date first: the story's date as summarised
                "reference_date": summaries[sid]["date"],
                "timeline": summaries[sid].get("timeline"),
            }
        )
        for sid in sids
    ]
    (thread,) = build_threads(stories, [list(sids)], [])
    return thread.model_copy(update={"title": summaries[thread.story_ids[0]]["title"]})


def started(created: datetime) -> str:
    """A story's start (``stories.created_at``) as ``threads.members`` keeps it: in UTC to the
    microsecond, so the strings sort as the times do (a thread's stories are ordered by it)."""
    if created.tzinfo is not None:
        created = created.astimezone(UTC).replace(tzinfo=None)
    return created.isoformat(timespec="microseconds")


def note_thread_changes(s: Session, pairs: Iterable[tuple[str | None, str]]) -> None:
    """Name these (thread key, story id) pairs in ``thread_changes``: the story's part in that
    thread must be read again when the thread is next built (see ``Store.build_threads``)."""
    for key, sid in sorted({(k, sid) for k, sid in pairs if k}):
        if s.get(ThreadChangeRow, (key, sid)) is None:
            s.add(ThreadChangeRow(thread_key=key, story_id=sid))


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
        query = _ARTICLES[analysed] if ids is None else _ARTICLES_OF[analysed]
        with self._read() as s:
            return self._articles(s, query, {"ids": list(ids)} if ids is not None else {})

    @staticmethod
    def _articles(s: Session, query: Any, params: dict[str, Any]) -> list[Article]:
        documents = [
            _article_json(meta or as_read, notes or notes_as_read, removals, raw, raw_text, body)
            for meta, as_read, notes, notes_as_read, removals, raw, raw_text, body in s.execute(query, params)
        ]
        # One validation of them all, from JSON (the stored JSON texts put together), not one
        # per article from Python objects.
        return _ARTICLE_LIST.validate_json("[" + ",".join(documents) + "]")

    def stories(self, *, since: date | None = None, story_ids: Sequence[str] | None = None) -> list[Story]:
        """The stories (those updated on or after ``since``), in the order they were started."""
        with self._read() as s:
            query = _STORIES
            params: dict[str, Any] = {}
            if since is not None:
                query = query.where(StoryRow.updated_at >= datetime.combine(since, datetime.min.time(), UTC))
            if story_ids is not None:
                query = query.where(StoryRow.story_id.in_(_IDS))
                params["ids"] = list(story_ids)
            return self._stories(s, list(s.execute(query, params)))

    def story(self, story_id: str) -> Story:
        """One story (KeyError when the store has none with this id)."""
        found = self.stories(story_ids=[story_id])
        if not found:
            raise KeyError(story_id)
        return found[0]

    def _story(self, s: Session, row: StoryRow) -> Story:
        return self._stories(s, [row])[0]

    def _stories(self, s: Session, story_rows: Sequence[Any]) -> list[Story]:
        """The stories of these rows (StoryRow objects, or rows of ``story_id`` and
        ``sections``), their articles and tabled sections read in one query each.

        Each story is validated once, from one JSON document put together from the stored JSON
        texts of its sections (a story page's load was about 900 small validations before).
        """
        sids = [r.story_id for r in story_rows]
        members: dict[str, list[str]] = {sid: [] for sid in sids}
        for sid, aid in s.execute(_MEMBERS, {"ids": sids}):
            members[sid].append(aid)
        # Each tabled section of each story: the stored JSON texts of its items, in order.
        tabled: dict[str, dict[str, list[tuple[int, str]]]] = {
            name: {sid: [] for sid in sids} for name in _SECTION_COLUMNS
        }
        if any(r.sections.get("computed") for r in story_rows):
            for name, sid, position, item in s.execute(_SECTION_ITEMS, {"ids": sids}):
                tabled[name][sid].append((position, item))
        stories = []
        for row in story_rows:
            sections: dict[str, Any] = dict(row.sections)
            computed = set(sections.pop("computed", []))
            head = json.dumps({**sections, "id": row.story_id, "article_ids": members[row.story_id]})
            # Appended after the rest: a tabled section wins over a same-named key (none is kept).
            tail = "".join(
                f',"{name}":[{",".join(item for _, item in sorted(items[row.story_id]))}]'
                for name, items in tabled.items()
                if name in computed
            )
            stories.append(Story.model_validate_json(head[:-1] + tail + "}"))
        return stories

    def story_page(
        self,
        *,
        since: date | None = None,
        query: str | None = None,
        with_discrepancies: bool = False,
        min_origins: int = 0,
        after: str | None = None,
        limit: int = 20,
        order: StoryOrder = "started",
    ) -> tuple[list[Story], str | None]:
        """One page of stories, and the id to continue after. ``order``: "started" (oldest
        first, by when the story was started: a stable order to page through), or "updated"
        (newest first: the most recently updated story first, then the most recently started).

        ``query`` keeps stories with an article matching it (full-text index);
        ``with_discrepancies`` those with at least one discrepancy; ``min_origins`` those with at
        least that many independent origin groups. ``after`` is the last story id of the previous
        page (None for the first); the second value is None on the last page.
        """
        with self._read() as s:
            rows, more = self._page_rows(
                s, since, query, with_discrepancies, min_origins, after, limit, order
            )
            found = self._stories(s, rows)
            return found, (found[-1].id if more else None)

    def story_summary_page(
        self, *, after: str | None = None, limit: int = 20, order: StoryOrder = "started"
    ) -> tuple[list[StorySummary], str | None]:
        """Like :meth:`story_page`, but what a list of stories shows of each (counts, not the
        sections themselves): a page of 50 in milliseconds on a large store."""
        with self._read() as s:
            rows, more = self._page_rows(s, None, None, False, 0, after, limit, order, summaries=True)
            found = self._summaries(s, rows)
            return found, (found[-1].id if more else None)

    def story_summaries(self, story_ids: Sequence[str]) -> list[StorySummary]:
        """The summaries of these stories (those the store holds, in the order they were started)."""
        with self._read() as s:
            query = (
                select(StoryRow)
                .options(load_only(*_SUMMARY_COLUMNS))
                .where(StoryRow.size > 0, StoryRow.story_id.in_(list(story_ids)))
                .order_by(StoryRow.created_at, StoryRow.story_id)
            )
            return self._summaries(s, list(s.scalars(query)))

    def _page_rows(
        self,
        s: Session,
        since: date | None,
        query: str | None,
        with_discrepancies: bool,
        min_origins: int,
        after: str | None,
        limit: int,
        order: StoryOrder = "started",
        *,
        summaries: bool = False,
    ) -> tuple[list[StoryRow], bool]:
        # Walks the created_at (or updated_at) index and stops after ``limit`` rows kept.
        key = (
            (StoryRow.created_at, StoryRow.story_id)
            if order == "started"
            else (StoryRow.updated_at, StoryRow.created_at, StoryRow.story_id)
        )
        q = (
            select(StoryRow)
            .options(load_only(*_SUMMARY_COLUMNS) if summaries else defer(StoryRow.centroid))
            .where(StoryRow.size > 0)
            .order_by(*(key if order == "started" else [c.desc() for c in key]))
        )
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
            last_key = tuple(getattr(last, c.key) for c in key)
            q = q.where(tuple_(*key) > last_key if order == "started" else tuple_(*key) < last_key)
        if not min_origins:
            q = q.limit(limit + 1)
        kept: list[StoryRow] = []
        # Closed on leaving: PostgreSQL streams the rows through a server-side cursor.
        with s.execute(q.execution_options(yield_per=100)) as result:
            for row in result.scalars():
                if min_origins and len(row.sections.get("origin_groups") or []) < min_origins:
                    continue
                if len(kept) == limit:
                    return kept, True
                kept.append(row)
        return kept, False

    def _summaries(self, s: Session, story_rows: Sequence[StoryRow]) -> list[StorySummary]:
        # The counts come from each story's summary column, not from its sections and tables.
        sids = [r.story_id for r in story_rows]
        members: dict[str, list[str]] = {sid: [] for sid in sids}
        for sid, aid in s.execute(
            select(ArticleRow.story_id, ArticleRow.article_id)
            .where(ArticleRow.story_id.in_(sids))
            .order_by(ArticleRow.pk)
        ):
            members[sid].append(aid)
        out = []
        for row in story_rows:
            summary = row.summary or {}
            claims = summary.get("claims")
            out.append(
                StorySummary(
                    id=row.story_id,
                    article_ids=members[row.story_id],
                    origins=summary.get("origins"),
                    claims=dict(claims) if claims is not None else None,
                    discrepancies=int(summary.get("discrepancies") or 0),
                    lead=summary.get("lead"),
                    updated_at=row.updated_at,
                )
            )
        return out

    def story_updated(self, story_ids: Sequence[str]) -> dict[str, datetime]:
        """When each of these stories last changed."""
        with self._read() as s:
            rows = s.execute(
                select(StoryRow.story_id, StoryRow.updated_at).where(StoryRow.story_id.in_(list(story_ids)))
            )
            return {r[0]: r[1] for r in rows}

    def last_story_update(self) -> datetime | None:
        """When a story last changed (None: no story yet); an index lookup, cheap enough to
        check on every request before serving a cached list of stories."""
        with self._read() as s:
            return s.scalar(select(func.max(StoryRow.updated_at)))

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

    def thread_page(
        self,
        *,
        after: str | None = None,
        limit: int = 20,
        min_stories: int = 2,
        order: Literal["built", "id"] = "built",
    ) -> tuple[list[Thread], str | None]:
        """One page of the stored threads of at least ``min_stories`` stories and the cursor to
        continue after (None: the last page); KeyError for an unknown cursor. ``order``:
        "built", the most recently built first (those waiting to be built again, as last built,
        before them all); "id", by thread id (as :meth:`threads` lists them)."""
        key: tuple[Any, ...]
        if order == "built":
            waiting = case((ThreadRow.built_at.is_(None), 1), else_=0)
            built = func.coalesce(ThreadRow.built_at, literal(_EPOCH, ThreadRow.built_at.type))
            key = (waiting, built, ThreadRow.thread_key)
        else:
            key = (ThreadRow.thread_id, ThreadRow.thread_key)
        newest_first = order == "built"
        length = func.jsonb_array_length if self.dialect == "postgresql" else func.json_array_length
        with self._read() as s:
            q = (
                select(ThreadRow.thread_key, ThreadRow.thread)
                .where(ThreadRow.thread_id.is_not(None), length(ThreadRow.story_ids) >= min_stories)
                .order_by(*(c.desc() if newest_first else c for c in key))
            )
            if after is not None:
                last = s.execute(select(*key).where(ThreadRow.thread_key == after)).first()
                if last is None:
                    raise KeyError(after)
                q = q.where(tuple_(*key) < tuple(last) if newest_first else tuple_(*key) > tuple(last))
            rows = s.execute(q.limit(limit + 1)).all()
        found = [Thread.model_validate(thread) for _, thread in rows[:limit] if thread is not None]
        return found, (rows[limit - 1][0] if len(rows) > limit else None)

    def threads_of(self, story_id: str) -> list[Thread]:
        """The stored threads that hold this story (none, or one): the thread its key names,
        as last built, when that thread lists it (one lookup by primary keys)."""
        with self._read() as s:
            return self._threads_of(s, story_id)

    @staticmethod
    def _threads_of(s: Session, story_id: str) -> list[Thread]:
        row = s.execute(_THREAD_OF, {"sid": story_id}).first()
        if row is None or row.thread is None or story_id not in (row.story_ids or []):
            return []
        return [Thread.model_validate_json(row.thread)]

    def story_revision(self, story_id: str) -> str | None:
        """A value that changes whenever what a story's report shows changes (its articles,
        analysis or thread); None when the store has no such story. Rendered pages are cached
        under it. One read of the story's row and its thread's, by primary keys."""
        with self._read() as s:
            row = s.execute(_THREAD_OF, {"sid": story_id}).first()
        if row is None or not row.size:
            return None
        thread = row.thread if row.thread is not None and story_id in (row.story_ids or []) else None
        basis = json.dumps([row.size, str(row.updated_at), str(row.analysed_at), thread])
        return hashlib.blake2b(basis.encode("utf-8"), digest_size=12).hexdigest()

    def article_labels(self, ids: Iterable[str]) -> dict[str, tuple[str | None, str | None]]:
        """Each article's (title, site), without loading its text: what names it for people."""
        with self._read() as s:
            rows = s.execute(
                select(ArticleRow.article_id, ArticleRow.title, ArticleRow.site).where(
                    ArticleRow.article_id.in_(list(ids))
                )
            )
            return {r[0]: (r[1], r[2]) for r in rows}

    def report(self, story_id: str | None = None) -> Report:
        """The report contract for the whole store, or for one story and its articles.

        Threads come in the order of their first story, as in a batch report. One story's report
        holds its thread, which names the thread's other stories (not in the report).
        """
        if story_id is None:
            stories = self.stories()
            articles = self.articles()
            position = {st.id: k for k, st in enumerate(stories)}
            threads = [t for t in self.threads() if all(sid in position for sid in t.story_ids)]
            threads.sort(key=lambda t: min(position[sid] for sid in t.story_ids))
        else:
            # One read transaction: the story, its articles and its thread, which names its
            # other events (the web page links them).
            with self._read() as s:
                stories = self._stories(s, list(s.execute(_STORY, {"sid": story_id})))
                if not stories:
                    raise KeyError(story_id)
                ids = stories[0].article_ids
                articles = self._articles(s, _ARTICLES_OF[True], {"ids": ids})
                threads = self._threads_of(s, story_id)
        return Report(
            newsloom_version=__version__,
            articles=articles,
            stories=stories,
            threads=threads,
            stats={"articles_analyzed": len(articles), "stories": len(stories)},
        )

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Articles whose title or text hold every word of ``query`` (full-text index), best
        first among the most recent :data:`SEARCH_WINDOW` matches.

        Ranking every match of a word that most articles hold takes a third of a second over
        100,000 articles; ranking the newest matches only keeps a search in milliseconds and
        reads as a news search should (a rare word's matches are all ranked).
        """
        words = [w for w in "".join(c if c.isalnum() else " " for c in query).split() if w]
        if not words:
            return []
        window = max(SEARCH_WINDOW, limit)
        with self.engine.connect() as conn:
            if self.dialect == "sqlite":
                match = " ".join(f'"{w}"' for w in words)
                result = conn.execute(
                    text(
                        "SELECT a.article_id, a.title, a.story_id, a.site FROM "
                        "(SELECT rowid, rank FROM articles_fts WHERE articles_fts MATCH :q "
                        " ORDER BY rowid DESC LIMIT :window) f "
                        "JOIN articles a ON a.pk = f.rowid ORDER BY f.rank, a.pk DESC LIMIT :n"
                    ),
                    {"q": match, "n": limit, "window": window},
                )
            else:
                result = conn.execute(
                    text(
                        "SELECT article_id, title, story_id, site FROM "
                        "(SELECT pk, article_id, title, story_id, site, search FROM articles "
                        " WHERE search @@ plainto_tsquery('simple', :q) ORDER BY pk DESC LIMIT :window) a "
                        "ORDER BY ts_rank(search, plainto_tsquery('simple', :q)) DESC, pk DESC LIMIT :n"
                    ),
                    {"q": " ".join(words), "n": limit, "window": window},
                )
            return [SearchHit(article_id=r[0], title=r[1], story_id=r[2], site=r[3]) for r in result]

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
            row.summary = story_summary(story)
            row.reference_date = story.reference_date
            row.thread_summary = thread_summary(
                sid, story.reference_date, data, thread_members(s, [sid])[sid]
            )
            row.analysed_at = datetime.now(UTC)
            # its thread reads the new summary when next built
            note_thread_changes(s, [(row.thread_key, sid)])
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
            members = select(ArticleRow.pk, ArticleRow.article_id).where(
                ArticleRow.article_id.in_(list(by_id))
            )
            # One executemany by primary key, not an ORM object loaded and flushed per article.
            updates = [
                {
                    "pk": pk,
                    "analysed_meta": _meta(by_id[aid]),
                    "analysed_annotations": {
                        k: [sp.model_dump(mode="json") for sp in v] for k, v in by_id[aid].annotations.items()
                    },
                }
                for pk, aid in s.execute(members)
            ]
            s.flush()
            if updates:
                s.execute(update(ArticleRow), updates)

    @staticmethod
    def save_threads(conn: Connection, threads: Sequence[Thread]) -> None:
        """Replace the stored threads with ``threads`` (each keyed by its id)."""
        now = datetime.now(UTC)
        with Session(bind=conn) as s:
            s.execute(delete(ThreadRow))
            # threads given whole: their members are not known (built again from their stories)
            s.execute(delete(ThreadChangeRow))
            # Each story names its thread by key, as ``add`` keeps it (``threads_of`` reads it).
            s.execute(update(StoryRow).values(thread_key=None))
            for th in threads:
                s.execute(
                    update(StoryRow).where(StoryRow.story_id.in_(list(th.story_ids))).values(thread_key=th.id)
                )
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
        thread summaries (kept with each analysed story: see :func:`thread_summary`), so one
        whose stories still wait for analysis is left marked; a thread left with no story is
        removed. The thread row keeps the summaries it was built from (``threads.members``), so
        building it again reads that row and the rows of the stories ``thread_changes`` names
        (those that joined, left, were analysed again or are gone), not one row per story.
        """
        now = datetime.now(UTC)
        last = None
        with Session(bind=conn) as s:
            query = select(ThreadRow).where(ThreadRow.built_at.is_(None)).order_by(ThreadRow.thread_key)
            if after is not None:
                query = query.where(ThreadRow.thread_key > after)
            for trow in list(s.scalars(query.limit(limit) if limit else query)):
                last = trow.thread_key
                members = Store._members_now(s, trow)
                if members is None:
                    continue  # a story of it waits for analysis
                s.execute(delete(ThreadChangeRow).where(ThreadChangeRow.thread_key == trow.thread_key))
                if not members:
                    s.delete(trow)
                    continue
                # the stories in the order they were started, as the rows were read before 0009
                order = sorted(members, key=lambda sid: (members[sid][0], sid))
                thread = _thread_from_summaries(order, {sid: members[sid][1] for sid in order})
                trow.members = members
                trow.thread_id = thread.id
                trow.title = thread.title
                trow.story_ids = list(thread.story_ids)
                trow.thread = thread.model_dump(mode="json", exclude_none=True)
                trow.built_at = now
            s.flush()
        return last

    @staticmethod
    def _members_now(s: Session, trow: ThreadRow) -> dict[str, list[Any]] | None:
        """A thread's stories now, each as [its start, its thread summary], by story id; None
        while one of them waits for analysis. From the thread's kept members and the rows of
        its changed stories; from all of its stories' rows when it keeps none."""
        key = trow.thread_key
        cols = (StoryRow.story_id, StoryRow.created_at, StoryRow.analysed_at, StoryRow.thread_summary)
        mine = (StoryRow.thread_key == key) & (StoryRow.size > 0)
        if trow.members is None:
            members: dict[str, list[Any]] = {}
            rows = list(s.execute(select(*cols).where(mine)))
        else:
            changed = list(
                s.scalars(select(ThreadChangeRow.story_id).where(ThreadChangeRow.thread_key == key))
            )
            gone = set(changed)
            members = {sid: part for sid, part in trow.members.items() if sid not in gone}
            rows = []
            for i in range(0, len(changed), 500):
                rows.extend(s.execute(select(*cols).where(mine, StoryRow.story_id.in_(changed[i : i + 500]))))
        if any(analysed_at is None for _, _, analysed_at, _ in rows):
            return None
        missing = [sid for sid, _, _, summary in rows if summary is None]
        made = Store._summarise(s, missing) if missing else {}
        for sid, created, _, summary in rows:
            members[sid] = [started(created), summary if summary is not None else made[sid]]
        return members

    @staticmethod
    def _summarise(s: Session, sids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """The thread summaries of analysed stories that have none (analysed by a version from
        before them and not filled by the migration): made from their sections and articles,
        and kept."""
        members = thread_members(s, sids)
        made: dict[str, dict[str, Any]] = {}
        for row in s.scalars(
            select(StoryRow).options(defer(StoryRow.centroid)).where(StoryRow.story_id.in_(list(sids)))
        ):
            made[row.story_id] = row.thread_summary = thread_summary(
                row.story_id, row.reference_date, row.sections, members[row.story_id]
            )
        return made
