"""The first store: articles, stories and their sections, threads, the story index.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001"
down_revision = None

Json = sa.JSON().with_variant(JSONB(), "postgresql")
Stamp = sa.DateTime(timezone=True)


def _section(name: str, *columns: sa.Column) -> None:
    op.create_table(
        name,
        sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "story_id", sa.String(64), sa.ForeignKey("stories.story_id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("position", sa.Integer, nullable=False),
        *columns,
    )
    op.create_index(f"ix_{name}_story_id", name, ["story_id"])


def upgrade() -> None:
    op.create_table(
        "stories",
        sa.Column("story_id", sa.String(64), primary_key=True),
        sa.Column("sections", Json, nullable=False),
        sa.Column("centroid", Json, nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("reference_date", sa.Date),
        sa.Column("created_at", Stamp, nullable=False),
        sa.Column("updated_at", Stamp, nullable=False),
        sa.Column("analysed_at", Stamp),
    )
    op.create_index("ix_stories_updated_at", "stories", ["updated_at"])
    op.create_table(
        "articles",
        sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("article_id", sa.String(300), nullable=False, unique=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("url_hash", sa.String(32), unique=True),
        sa.Column("text_hash", sa.String(32), unique=True),
        sa.Column("title", sa.Text),
        sa.Column("site", sa.String(300)),
        sa.Column("published", sa.Date),
        sa.Column("language", sa.String(8)),
        sa.Column("raw", sa.Text, nullable=False),
        sa.Column("raw_text", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("removals", Json, nullable=False),
        sa.Column("annotations", Json, nullable=False),
        sa.Column("meta", Json, nullable=False),
        sa.Column("analysed_annotations", Json),
        sa.Column("analysed_meta", Json),
        sa.Column("features", Json, nullable=False),
        sa.Column("story_id", sa.String(64), sa.ForeignKey("stories.story_id")),
        sa.Column("added_at", Stamp, nullable=False),
    )
    op.create_index("ix_articles_published", "articles", ["published"])
    op.create_index("ix_articles_story_id", "articles", ["story_id"])
    op.create_index("ix_articles_added_at", "articles", ["added_at"])
    _section(
        "derivation_links",
        sa.Column("source", sa.String(300), nullable=False),
        sa.Column("target", sa.String(300), nullable=False),
        sa.Column("relation", sa.String(32), nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("link", Json, nullable=False),
    )
    _section(
        "claims",
        sa.Column("claim_id", sa.String(64), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("independent_sources", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("claim", Json, nullable=False),
    )
    op.create_index("ix_claims_status", "claims", ["status"])
    _section(
        "discrepancies",
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("severity", sa.String(32)),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("discrepancy", Json, nullable=False),
    )
    op.create_index("ix_discrepancies_kind", "discrepancies", ["kind"])
    _section(
        "briefing_sentences",
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("sentence", Json, nullable=False),
    )
    op.create_table(
        "threads",
        sa.Column("thread_id", sa.String(64), primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("story_ids", Json, nullable=False),
        sa.Column("thread", Json, nullable=False),
    )
    op.create_table(
        "index_features",
        sa.Column("feature", sa.String(200), primary_key=True),
        sa.Column("df", sa.Integer, nullable=False),
        sa.Column("n_stories", sa.Integer, nullable=False),
    )
    op.create_table(
        "index_postings",
        sa.Column("feature", sa.String(200), primary_key=True),
        sa.Column(
            "story_id",
            sa.String(64),
            sa.ForeignKey("stories.story_id", ondelete="CASCADE"),
            primary_key=True,
        ),
    )
    op.create_index("ix_index_postings_story_id", "index_postings", ["story_id"])


def downgrade() -> None:
    for name in (
        "index_postings",
        "index_features",
        "threads",
        "briefing_sentences",
        "discrepancies",
        "claims",
        "derivation_links",
        "articles",
        "stories",
    ):
        op.drop_table(name)
