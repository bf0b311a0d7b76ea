"""Threads kept by the store: each story's thread, a thread row per running story (rebuilt when
its stories change), and each article's lead weekday (batch clustering's day peel needs it).

The threads table of revision 0001 was never written to, so it is replaced by one keyed by a
stable thread key (a thread's report id changes as its stories grow). Stories already stored
become threads of one, marked for rebuilding (the next ``add`` builds them).

Revision ID: 0004t
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0004t"
down_revision = "0003"

Json = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("lead_weekday", sa.Integer, nullable=True))
    with op.batch_alter_table("stories") as batch:
        batch.add_column(sa.Column("thread_key", sa.String(64), nullable=True))
        batch.create_index("ix_stories_thread_key", ["thread_key"])
    op.drop_table("threads")
    op.create_table(
        "threads",
        sa.Column("thread_key", sa.String(64), primary_key=True),
        sa.Column("thread_id", sa.String(64), nullable=True),
        sa.Column("title", sa.Text, nullable=True),
        sa.Column("story_ids", Json, nullable=True),
        sa.Column("thread", Json, nullable=True),
        # None while the thread waits to be rebuilt from its stories.
        sa.Column("built_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.execute("UPDATE stories SET thread_key = story_id")
    op.execute("INSERT INTO threads (thread_key) SELECT story_id FROM stories WHERE size > 0")


def downgrade() -> None:
    op.drop_table("threads")
    op.create_table(
        "threads",
        sa.Column("thread_id", sa.String(64), primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("story_ids", Json, nullable=False),
        sa.Column("thread", Json, nullable=False),
    )
    with op.batch_alter_table("stories") as batch:
        batch.drop_index("ix_stories_thread_key")
        batch.drop_column("thread_key")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("lead_weekday")
