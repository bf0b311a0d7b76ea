"""The database tables: a projection of the model (``newsloom.model``), never the reverse.

Articles keep their text in columns (raw, the text the cleaner worked on, the clean body) and
the rest of the model as JSON. Two states of an article are kept apart: as read (the per-article
stages ran; this is what story-level stages take as input, so re-analysing a story starts from
the same data as a batch run) and as analysed (after its story's stages resolved dates and
canonical names; what reports show). Story sections live in their own tables so that a later
service can query claims, discrepancies and briefings without loading whole stories.

The schema itself is created only by the Alembic migrations under ``migrations/``; these
classes describe the newest revision for queries.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# JSONB on PostgreSQL (indexable, compact), JSON text elsewhere.
Json = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: Json, list[Any]: Json}


class ArticleRow(Base):
    __tablename__ = "articles"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(String(300), unique=True)
    source: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    # blake2b of the URL and of the normalised clean text: adding either again changes nothing.
    url_hash: Mapped[str | None] = mapped_column(String(32), unique=True)
    text_hash: Mapped[str | None] = mapped_column(String(32), unique=True)
    title: Mapped[str | None] = mapped_column(Text)
    site: Mapped[str | None] = mapped_column(String(300))
    published: Mapped[date | None] = mapped_column(Date, index=True)
    language: Mapped[str | None] = mapped_column(String(8))
    raw: Mapped[str] = mapped_column(Text, default="")
    raw_text: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")
    removals: Mapped[list[Any]] = mapped_column(default=list)
    annotations: Mapped[dict[str, Any]] = mapped_column(default=dict)
    meta: Mapped[dict[str, Any]] = mapped_column(default=dict)
    analysed_annotations: Mapped[dict[str, Any] | None] = mapped_column(Json)
    analysed_meta: Mapped[dict[str, Any] | None] = mapped_column(Json)
    # The story index's raw feature counts of this article (see compare/cluster.py).
    features: Mapped[dict[str, Any]] = mapped_column(default=dict)
    story_id: Mapped[str | None] = mapped_column(ForeignKey("stories.story_id"), index=True)
    # The weekday its lead reports (compare/cluster.py lead_weekday), for batch clustering's day peel.
    lead_weekday: Mapped[int | None] = mapped_column(Integer)
    # The rest of its lead's day (compare/cluster.py lead_day, revision 0010): the calendar date
    # when the text resolves one, and whether it is the publication date (no day in the lead),
    # which the day peel's next-morning guard (PEEL_NEXT_MORNING) reads. None: not known.
    lead_on: Mapped[date | None] = mapped_column(Date)
    lead_published: Mapped[bool | None] = mapped_column(Boolean)
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class StoryRow(Base):
    __tablename__ = "stories"

    story_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    # The other sections of the Story (entities, quantities, quotes, timeline, origin groups).
    sections: Mapped[dict[str, Any]] = mapped_column(default=dict)
    centroid: Mapped[dict[str, Any]] = mapped_column(default=dict)
    size: Mapped[int] = mapped_column(Integer, default=0)
    reference_date: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    # None until the story-level stages ran on its current members.
    analysed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The running story (thread) it belongs to: a ThreadRow's key, stable while the thread grows.
    thread_key: Mapped[str | None] = mapped_column(String(64), index=True)
    # How many articles the store's index held when the story was last clustered (None: before
    # revision 0006); stories clustered while the store was small are clustered again later.
    clustered_docs: Mapped[int | None] = mapped_column(Integer, index=True)
    # What a list of stories shows of it, counted when its analysis was stored (revision 0007;
    # see ``repository.story_summary``): None for a story never analysed.
    summary: Mapped[dict[str, Any] | None] = mapped_column(Json)
    # What its thread is built from, kept when its analysis is stored (revision 0008; see
    # ``repository.thread_summary``): its date, title, article ids and timeline, so that a
    # thread is built again from one small value per story, not from its stories' sections and
    # articles. None for a story never analysed.
    thread_summary: Mapped[dict[str, Any] | None] = mapped_column(Json)


class DerivationRow(Base):
    __tablename__ = "derivation_links"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    story_id: Mapped[str] = mapped_column(ForeignKey("stories.story_id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(300))
    target: Mapped[str] = mapped_column(String(300))
    relation: Mapped[str] = mapped_column(String(32))
    score: Mapped[float] = mapped_column(Float)
    link: Mapped[dict[str, Any]] = mapped_column()


class ClaimRow(Base):
    __tablename__ = "claims"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    story_id: Mapped[str] = mapped_column(ForeignKey("stories.story_id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    claim_id: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(32), index=True)
    independent_sources: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    claim: Mapped[dict[str, Any]] = mapped_column()


class DiscrepancyRow(Base):
    __tablename__ = "discrepancies"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    story_id: Mapped[str] = mapped_column(ForeignKey("stories.story_id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    severity: Mapped[str | None] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(Text)
    discrepancy: Mapped[dict[str, Any]] = mapped_column()


class BriefingRow(Base):
    __tablename__ = "briefing_sentences"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    story_id: Mapped[str] = mapped_column(ForeignKey("stories.story_id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    sentence: Mapped[dict[str, Any]] = mapped_column()


class ThreadRow(Base):
    """A running story: its stories share its key (``stories.thread_key``); ``thread`` is the
    report's Thread as last built, ``built_at`` None while it waits to be built again."""

    __tablename__ = "threads"

    thread_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    thread_id: Mapped[str | None] = mapped_column(String(64))
    title: Mapped[str | None] = mapped_column(Text)
    story_ids: Mapped[list[Any] | None] = mapped_column(Json)
    thread: Mapped[dict[str, Any] | None] = mapped_column(Json)
    built_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # What the thread is built from (revision 0009): each story's start (``stories.created_at``,
    # which orders them) and thread summary, keyed by story id, as they were when it was last
    # built, minus the stories ``thread_changes`` names since. None: not known (a thread made
    # before 0009 or by ``save_threads``); it is then built from all of its stories' rows.
    members: Mapped[dict[str, Any] | None] = mapped_column(Json)


class ThreadChangeRow(Base):
    """A story whose place in a thread changed since the thread was last built (it joined, left,
    was analysed again or is gone): building the thread again reads these stories' rows only,
    the others' parts are in ``threads.members``. No foreign keys: a story that is gone is
    named here until its old thread forgets it."""

    __tablename__ = "thread_changes"

    thread_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    story_id: Mapped[str] = mapped_column(String(64), primary_key=True)


class FeatureRow(Base):
    """The online story index: a feature's document frequency and the stories it is posted to."""

    __tablename__ = "index_features"

    feature: Mapped[str] = mapped_column(String(200), primary_key=True)
    df: Mapped[int] = mapped_column(Integer, default=0)
    n_stories: Mapped[int] = mapped_column(Integer, default=0)


class PostingRow(Base):
    __tablename__ = "index_postings"

    feature: Mapped[str] = mapped_column(String(200), primary_key=True)
    story_id: Mapped[str] = mapped_column(
        ForeignKey("stories.story_id", ondelete="CASCADE"), primary_key=True, index=True
    )


class FeedRow(Base):
    """A watched URL's conditional-GET validators (feeds and pages)."""

    __tablename__ = "fetch_state"

    url: Mapped[str] = mapped_column(Text, primary_key=True)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    checked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


Index("ix_articles_added_at", ArticleRow.added_at)
Index("ix_stories_created_at_story_id", StoryRow.created_at, StoryRow.story_id)
# Only the marked rows (see migration 0006): what ``add`` looks for at its end.
_PENDING = StoryRow.analysed_at.is_(None) & (StoryRow.size > 0)
Index("ix_stories_pending", StoryRow.story_id, sqlite_where=_PENDING, postgresql_where=_PENDING)
_UNBUILT = ThreadRow.built_at.is_(None)
Index("ix_threads_unbuilt", ThreadRow.thread_key, sqlite_where=_UNBUILT, postgresql_where=_UNBUILT)


class TokenRow(Base):
    """An API token of ``newsloom serve``, kept as the SHA-256 of the token only."""

    __tablename__ = "api_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class JobRow(Base):
    """An add job of ``newsloom serve``: its inputs, state and, once finished, what it did."""

    __tablename__ = "jobs"

    job_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    inputs: Mapped[list[Any]] = mapped_column(JSON)
    worker: Mapped[str] = mapped_column(String(300), default="")
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    message: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
