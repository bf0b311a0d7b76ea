"""Each article's whole lead day, not only its weekday: batch's next-morning guard reads it.

Batch clustering's day peel takes out of an event a development its leads report on another
day, but keeps a report whose only date is its publication date when that is the morning after
the main day (or a year or more away): the next morning's write-up of the event
(``compare/cluster.py`` PEEL_NEXT_MORNING, ``lead_day``). The store kept the lead's weekday
only (revision 0004), so a neighbourhood clustered again peeled such a write-up off. Articles
now keep the lead's calendar date when the text resolves one (``articles.lead_on``) and whether
it is the publication date (``articles.lead_published``), written when they are added.

This revision fills both, and the weekday of articles stored before 0004, from each article's
stored text, sentences, dates and publication date (``lead_day`` itself, on the article as read).

Revision ID: 0010_lead_days
Revises: 0009_thread_members
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0010_lead_days"
down_revision = "0009_thread_members"

# Articles filled per statement round.
_CHUNK = 500
Json = sa.JSON().with_variant(JSONB(), "postgresql")

_articles = sa.table(
    "articles",
    sa.column("pk", sa.Integer),
    sa.column("article_id", sa.String),
    sa.column("source", sa.Text),
    sa.column("text", sa.Text),
    sa.column("annotations", Json),
    sa.column("meta", Json),
    sa.column("lead_weekday", sa.Integer),
    sa.column("lead_on", sa.Date),
    sa.column("lead_published", sa.Boolean),
)


def upgrade() -> None:
    from newsloom.model import Article
    from newsloom.pipeline.compare.cluster import lead_day

    op.add_column("articles", sa.Column("lead_on", sa.Date, nullable=True))
    op.add_column("articles", sa.Column("lead_published", sa.Boolean, nullable=True))
    conn = op.get_bind()
    last = 0
    while True:
        rows = conn.execute(
            sa.select(
                _articles.c.pk,
                _articles.c.article_id,
                _articles.c.source,
                _articles.c.text,
                _articles.c.annotations,
                _articles.c.meta,
            )
            .where(_articles.c.pk > last)
            .order_by(_articles.c.pk)
            .limit(_CHUNK)
        ).all()
        if not rows:
            break
        for pk, aid, source, body, read, meta in rows:
            # only what lead_day reads: the lead's sentences and dates, the publication date
            article = Article.model_validate(
                {
                    "id": aid,
                    "source": source,
                    "text": body,
                    "annotations": {k: (read or {}).get(k) or [] for k in ("sentences", "dates")},
                    "published": (meta or {}).get("published"),
                    "published_source": (meta or {}).get("published_source") or "unknown",
                }
            )
            lead = lead_day(article)
            conn.execute(
                sa.update(_articles)
                .where(_articles.c.pk == pk)
                .values(lead_weekday=lead.weekday, lead_on=lead.on, lead_published=lead.published)
            )
        last = rows[-1][0]


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35+), as 0007-0009.
    op.execute("ALTER TABLE articles DROP COLUMN lead_published")
    op.execute("ALTER TABLE articles DROP COLUMN lead_on")
