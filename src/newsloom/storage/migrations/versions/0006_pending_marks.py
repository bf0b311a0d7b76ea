"""Partial indexes over the stories waiting for analysis and the threads waiting to be built,
and the size of the store when each story was last clustered.

Every ``add`` ends by looking for them (``runners/incremental.finish``); without an index that
look-up read every story row, centroid included: 5 ms at 10,000 articles, growing with the store.
A partial index holds only the few marked rows, so the look-up costs the same at any size.
Both SQLite and PostgreSQL support partial indexes with the same predicate.

``stories.clustered_docs``: how many articles the index held when the story was last clustered;
a story clustered while the store was small is clustered again once the store has doubled
(``storage/index.py``, ``StoredStoryIndex.refresh``). Stories stored before this revision have
none and are left as they are.

Revision ID: 0006_pending_marks
Revises: 0005_jobs
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_pending_marks"
down_revision = "0005_jobs"

_STORIES = sa.text("analysed_at IS NULL AND size > 0")
_THREADS = sa.text("built_at IS NULL")


def upgrade() -> None:
    op.add_column("stories", sa.Column("clustered_docs", sa.Integer(), nullable=True))
    op.create_index("ix_stories_clustered_docs", "stories", ["clustered_docs"])
    op.create_index(
        "ix_stories_pending", "stories", ["story_id"], sqlite_where=_STORIES, postgresql_where=_STORIES
    )
    op.create_index(
        "ix_threads_unbuilt", "threads", ["thread_key"], sqlite_where=_THREADS, postgresql_where=_THREADS
    )


def downgrade() -> None:
    op.drop_index("ix_threads_unbuilt", "threads")
    op.drop_index("ix_stories_pending", "stories")
    op.drop_index("ix_stories_clustered_docs", "stories")
    with op.batch_alter_table("stories") as batch:
        batch.drop_column("clustered_docs")
