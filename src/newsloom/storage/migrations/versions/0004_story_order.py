"""An index for listing stories in the order they were started (home page, ``GET /stories``).

Revision ID: 0004_story_order
Revises: 0003
"""

from __future__ import annotations

from alembic import op

revision = "0004_story_order"
down_revision = "0004t"


def upgrade() -> None:
    op.create_index("ix_stories_created_at_story_id", "stories", ["created_at", "story_id"])


def downgrade() -> None:
    op.drop_index("ix_stories_created_at_story_id", "stories")
