"""Each story's summary (what a list of stories shows of it) in a small column of its own.

The home page, a job's page and a story page's "other events" show each story's independent
origins, claims by status, discrepancies and its briefing's lead. They were counted from the
story's ``sections`` JSON (entities, quantities, quotes, timeline, origin groups: tens of KB
each) and three section tables: about 60 ms of JSON decoding per page of 50 stories on a large
store. ``stories.summary`` holds the counts, written when a story's analysis is stored
(``Store.save_story``); this revision fills it for the stories already stored, from the same
sources the counts were read from before. A story never analysed has no counts (its summary
says so: no origins, claims not computed, no discrepancy, no lead).

Revision ID: 0007_story_summaries
Revises: 0006_pending_marks
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0007_story_summaries"
down_revision = "0006_pending_marks"

# Stories filled per statement round (their ids go into IN lists).
_CHUNK = 500
Json = sa.JSON().with_variant(JSONB(), "postgresql")

_stories = sa.table(
    "stories",
    sa.column("story_id", sa.String),
    sa.column("sections", Json),
    sa.column("summary", Json),
)
_claims = sa.table("claims", sa.column("story_id", sa.String), sa.column("status", sa.String))
_discrepancies = sa.table("discrepancies", sa.column("story_id", sa.String))
_briefing = sa.table(
    "briefing_sentences",
    sa.column("story_id", sa.String),
    sa.column("position", sa.Integer),
    sa.column("text", sa.Text),
)


def _fill(conn: sa.Connection, rows: list[tuple[str, dict[str, Any]]]) -> None:
    sids = [sid for sid, _ in rows]
    statuses: dict[str, dict[str, int]] = {sid: {} for sid in sids}
    for sid, status, n in conn.execute(
        sa.select(_claims.c.story_id, _claims.c.status, sa.func.count())
        .where(_claims.c.story_id.in_(sids))
        .group_by(_claims.c.story_id, _claims.c.status)
    ):
        statuses[sid][status] = int(n)
    discrepancies: dict[str, int] = {
        sid: int(n)
        for sid, n in conn.execute(
            sa.select(_discrepancies.c.story_id, sa.func.count())
            .where(_discrepancies.c.story_id.in_(sids))
            .group_by(_discrepancies.c.story_id)
        )
    }
    leads: dict[str, str] = {
        sid: lead
        for sid, lead in conn.execute(
            sa.select(_briefing.c.story_id, _briefing.c.text).where(
                _briefing.c.story_id.in_(sids), _briefing.c.position == 0
            )
        )
    }
    for sid, sections in rows:
        computed = set(sections.get("computed", []))
        origins = sections.get("origin_groups")
        summary = {
            "origins": len(origins) if origins is not None else None,
            "claims": statuses[sid] if "claims" in computed else None,
            "discrepancies": int(discrepancies.get(sid, 0)),
            "lead": leads.get(sid),
        }
        conn.execute(sa.update(_stories).where(_stories.c.story_id == sid).values(summary=summary))


def upgrade() -> None:
    op.add_column("stories", sa.Column("summary", Json, nullable=True))
    conn = op.get_bind()
    last = ""
    while True:
        # Every story, analysed or waiting for its next analysis (it shows the last one's counts).
        rows = [
            (sid, sections or {})
            for sid, sections in conn.execute(
                sa.select(_stories.c.story_id, _stories.c.sections)
                .where(_stories.c.story_id > last)
                .order_by(_stories.c.story_id)
                .limit(_CHUNK)
            )
        ]
        if not rows:
            break
        _fill(conn, rows)
        last = rows[-1][0]


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35+): a batch copy of the table would trip the
    # foreign keys that point at stories.
    op.execute("ALTER TABLE stories DROP COLUMN summary")
