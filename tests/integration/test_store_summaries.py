"""A list of stories shows each story's counts (origins, claims by status, discrepancies, lead)
from its summary, kept when its analysis is stored; a store from before the summary column
gains it on upgrade, filled from the analyses it holds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fictional_news import fictional_articles

from newsloom.config import AnalyzeConfig
from newsloom.model import Story
from newsloom.runners.incremental import add_to_store
from newsloom.storage import Store, current_revision, database_url, head_revision
from newsloom.storage.database import make_engine


def _counts(story: Story) -> tuple[Any, ...]:
    """What a list should show of a story, counted from the story itself."""
    claims = None
    if story.claims is not None:
        claims = {}
        for claim in story.claims:
            claims[claim.status] = claims.get(claim.status, 0) + 1
    return (
        story.article_ids,
        len(story.origin_groups) if story.origin_groups is not None else None,
        claims,
        len(story.discrepancies or []),
        story.briefing[0].text if story.briefing else None,
    )


def _listed(store: Store) -> dict[str, tuple[Any, ...]]:
    page, _ = store.story_summary_page(limit=100)
    return {s.id: (s.article_ids, s.origins, s.claims, s.discrepancies, s.lead) for s in page}


def _downgrade(db_url: str, revision: str) -> None:
    from alembic import command

    from newsloom.storage.database import _alembic_config, write_transaction

    engine = make_engine(database_url(db_url))
    with write_transaction(engine) as conn:
        command.downgrade(_alembic_config(conn), revision)
    engine.dispose()


def test_story_summaries_count_what_the_stories_hold_before_and_after_an_upgrade(
    db_url: str, tmp_path: Path
) -> None:
    news = tmp_path / "news.jsonl"
    records = fictional_articles(12, per_event=4)
    news.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    with Store(db_url) as store:
        add_to_store(store, [str(news)], AnalyzeConfig(workers=1, nlp="rules", embeddings="lexical"))
        expected = {st.id: _counts(st) for st in store.stories()}
        assert len(expected) == 3
        # Not a vacuous comparison: the stories have origins, claims and a lead to count.
        assert all(c[1] and c[2] and c[4] for c in expected.values())
        assert _listed(store) == expected
        summaries = store.story_summaries(list(expected))
        assert {
            s.id: (s.article_ids, s.origins, s.claims, s.discrepancies, s.lead) for s in summaries
        } == expected
    # The same store as the revision before the summary column left it, then opened again.
    _downgrade(db_url, "0006_pending_marks")
    engine = make_engine(database_url(db_url))
    assert current_revision(engine) == "0006_pending_marks"
    engine.dispose()
    with Store(db_url) as store:
        assert current_revision(store.engine) == head_revision()
        assert _listed(store) == expected


def test_a_story_never_analysed_lists_no_counts(db_url: str) -> None:
    from datetime import UTC, datetime

    from sqlalchemy import insert

    from newsloom.storage.tables import ArticleRow, StoryRow

    now = datetime.now(UTC)
    with Store(db_url) as store:
        with store.write() as conn:
            conn.execute(
                insert(StoryRow.__table__),
                [
                    {
                        "story_id": "s-new",
                        "sections": {},
                        "centroid": {},
                        "size": 1,
                        "created_at": now,
                        "updated_at": now,
                    }
                ],
            )
            conn.execute(
                insert(ArticleRow.__table__),
                [
                    {
                        "article_id": "a-new",
                        "source": "a.txt",
                        "title": "Ferry timetable changes",
                        "raw": "",
                        "raw_text": "",
                        "text": "The ferry leaves at noon.",
                        "removals": [],
                        "annotations": {},
                        "meta": {"id": "a-new", "source": "a.txt"},
                        "features": {},
                        "story_id": "s-new",
                        "added_at": now,
                    }
                ],
            )
        assert _listed(store) == {"s-new": (["a-new"], None, None, 0, None)}
