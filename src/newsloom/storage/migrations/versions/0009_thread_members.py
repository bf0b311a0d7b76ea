"""A thread row keeps what it was built from, and the stories that changed since are named.

Since 0008 a changed thread was built again from one small summary per story, but still from
every one of its stories' rows: a thread of 20,000 stories read 20,000 rows for one new
article. ``threads.members`` keeps each story's start and thread summary as the thread was
last built; ``thread_changes`` names the stories that joined, left, were analysed again or are
gone since (written where the story index marks the thread and where a story's analysis is
stored). Building the thread again reads its row and those stories' rows only, and calls
batch's ``build_threads`` on the same summaries as before, so the thread is the same.

This revision fills ``members`` for the stored threads whose stories are all analysed and
summarised, from their stories' rows; any other thread keeps none and is built from all of its
stories' rows the next time (as before), which fills it.

Revision ID: 0009_thread_members
Revises: 0008_thread_summaries
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0009_thread_members"
down_revision = "0008_thread_summaries"

# Threads filled per statement round (their keys go into IN lists).
_CHUNK = 500
Json = sa.JSON().with_variant(JSONB(), "postgresql")

_stories = sa.table(
    "stories",
    sa.column("story_id", sa.String),
    sa.column("thread_key", sa.String),
    sa.column("size", sa.Integer),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("analysed_at", sa.DateTime(timezone=True)),
    sa.column("thread_summary", Json),
)
_threads = sa.table("threads", sa.column("thread_key", sa.String), sa.column("members", Json))


def _fill(conn: sa.Connection, keys: list[str]) -> None:
    from newsloom.storage.repository import started

    members: dict[str, dict[str, list[Any]] | None] = {key: {} for key in keys}
    for sid, key, created, analysed_at, summary in conn.execute(
        sa.select(
            _stories.c.story_id,
            _stories.c.thread_key,
            _stories.c.created_at,
            _stories.c.analysed_at,
            _stories.c.thread_summary,
        ).where(_stories.c.thread_key.in_(keys), _stories.c.size > 0)
    ):
        parts = members[key]
        if parts is None:
            continue
        if analysed_at is None or summary is None:
            members[key] = None  # built from its stories' rows once they are analysed
        else:
            parts[sid] = [started(created), summary]
    for key, parts in members.items():
        if parts:
            conn.execute(sa.update(_threads).where(_threads.c.thread_key == key).values(members=parts))


def upgrade() -> None:
    op.add_column("threads", sa.Column("members", Json, nullable=True))
    op.create_table(
        "thread_changes",
        sa.Column("thread_key", sa.String(64), primary_key=True),
        sa.Column("story_id", sa.String(64), primary_key=True),
    )
    conn = op.get_bind()
    last = ""
    while True:
        keys = list(
            conn.scalars(
                sa.select(_threads.c.thread_key)
                .where(_threads.c.thread_key > last)
                .order_by(_threads.c.thread_key)
                .limit(_CHUNK)
            )
        )
        if not keys:
            break
        _fill(conn, keys)
        last = keys[-1]


def downgrade() -> None:
    op.drop_table("thread_changes")
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35+), as 0007 and 0008.
    op.execute("ALTER TABLE threads DROP COLUMN members")
