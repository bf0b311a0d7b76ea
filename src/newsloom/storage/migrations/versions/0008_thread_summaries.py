"""Each analysed story's thread summary (what its thread is built from) in a column of its own.

A thread whose stories changed was built again from every one of its stories' sections (tens of
KB of JSON each) and every one of their articles: the larger the thread, the more an ``add``
read (a thread of 42 stories in a store of 27,000 generated articles). ``stories.thread_summary``
holds what batch's ``build_threads`` takes of a story (its date, the title its thread gets when
it comes first, its article ids, its timeline), written when the story's analysis is stored
(``Store.save_story``), so a thread is built again from one small value per story. This
revision fills it for the analysed stories already stored, from their sections and articles
(``repository.thread_summary``, the function ``save_story`` uses). A story waiting for analysis
gets one when it is analysed; until then its thread waits too, as before.

Revision ID: 0008_thread_summaries
Revises: 0007_story_summaries
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0008_thread_summaries"
down_revision = "0007_story_summaries"

# Stories filled per statement round (their ids go into IN lists).
_CHUNK = 500
Json = sa.JSON().with_variant(JSONB(), "postgresql")

_stories = sa.table(
    "stories",
    sa.column("story_id", sa.String),
    sa.column("sections", Json),
    sa.column("reference_date", sa.Date),
    sa.column("size", sa.Integer),
    sa.column("analysed_at", sa.DateTime(timezone=True)),
    sa.column("thread_summary", Json),
)


def _fill(conn: sa.Connection, rows: list[tuple[str, Any, dict[str, Any]]]) -> None:
    from newsloom.storage.repository import thread_members, thread_summary

    members = thread_members(conn, [sid for sid, _, _ in rows])
    for sid, reference_date, sections in rows:
        summary = thread_summary(sid, reference_date, sections, members[sid])
        conn.execute(sa.update(_stories).where(_stories.c.story_id == sid).values(thread_summary=summary))


def upgrade() -> None:
    op.add_column("stories", sa.Column("thread_summary", Json, nullable=True))
    conn = op.get_bind()
    last = ""
    while True:
        # The analysed stories (a story waiting for analysis is summarised when analysed).
        rows = [
            (sid, reference_date, sections or {})
            for sid, reference_date, sections in conn.execute(
                sa.select(_stories.c.story_id, _stories.c.reference_date, _stories.c.sections)
                .where(
                    _stories.c.story_id > last,
                    _stories.c.size > 0,
                    _stories.c.analysed_at.is_not(None),
                )
                .order_by(_stories.c.story_id)
                .limit(_CHUNK)
            )
        ]
        if not rows:
            break
        _fill(conn, rows)
        last = rows[-1][0]


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35+), as 0007: a batch copy of the table would trip
    # the foreign keys that point at stories.
    op.execute("ALTER TABLE stories DROP COLUMN thread_summary")
