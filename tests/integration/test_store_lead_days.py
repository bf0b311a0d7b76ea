"""The store's day peel reads whole lead days, as batch's does (revision 0010): a write-up whose
only date is its publication date, the morning after the main day, stays with its event; one
published days later is still a development of its own (our own fictional texts, those of
tests/unit/pipeline/compare/test_event_days.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select
from tests.unit.pipeline.compare.test_event_days import WRITE_UP, _main

from newsloom.config import AnalyzeConfig
from newsloom.runners import analyze
from newsloom.runners.incremental import add_to_store
from newsloom.storage import Store, database_url
from newsloom.storage.database import _alembic_config, make_engine, write_transaction
from newsloom.storage.tables import ArticleRow

CONFIG = AnalyzeConfig(workers=1, nlp="rules", embeddings="lexical")


def _files(tmp_path: Path, write_up_published: str) -> list[Path]:
    """The strike vote's eight reports (Sunday, March 10, 2030) and a write-up with no day in
    its lead, published on ``write_up_published``: one JSONL file each, added in this order."""
    records = [{"id": a.id, "text": a.text, "published": "2030-03-10"} for a in _main()]
    records.append({"id": "write-up", "text": WRITE_UP, "published": write_up_published})
    files = []
    for k, record in enumerate(records):
        path = tmp_path / f"{k}.jsonl"
        path.write_text(json.dumps(record) + "\n", "utf-8")
        files.append(path)
    return files


def _events(ids: list[list[str]]) -> list[list[str]]:
    return sorted(sorted(members) for members in ids)


@pytest.mark.parametrize(("published", "alone"), [("2030-03-11", False), ("2030-03-13", True)])
def test_a_write_up_published_the_morning_after_stays_with_its_event_as_in_batch(
    db_url: str, tmp_path: Path, published: str, alone: bool
) -> None:
    files = _files(tmp_path, published)
    batch = _events([s.article_ids for s in analyze(files, CONFIG).stories])
    with Store(db_url) as store:
        for path in files:  # one at a time: the neighbourhood is clustered again at each
            add_to_store(store, [str(path)], CONFIG)
        stored = _events([s.article_ids for s in store.stories()])
    # the morning after: kept in its event; three days on: a development of its own
    assert (["write-up"] in batch) is alone
    assert stored == batch


def test_an_upgraded_store_gets_the_lead_days_its_articles_would_get_when_added(
    db_url: str, tmp_path: Path
) -> None:
    def lead_days(store: Store) -> dict[str, tuple[object, ...]]:
        with store.engine.connect() as conn:
            rows = conn.execute(
                select(
                    ArticleRow.article_id,
                    ArticleRow.lead_weekday,
                    ArticleRow.lead_on,
                    ArticleRow.lead_published,
                )
            ).all()
        return {aid: tuple(rest) for aid, *rest in rows}

    with Store(db_url) as store:
        add_to_store(store, [str(p) for p in _files(tmp_path, "2030-03-11")], CONFIG)
        added = lead_days(store)
    # not vacuous: dates resolved in leads, and a publication date standing for one
    assert any(on is not None and not published for _, on, published in added.values())
    assert added["write-up"][2] is True
    from alembic import command

    engine = make_engine(database_url(db_url))
    with write_transaction(engine) as conn:
        command.downgrade(_alembic_config(conn), "0009_thread_members")
    engine.dispose()
    with Store(db_url) as store:
        assert lead_days(store) == added
