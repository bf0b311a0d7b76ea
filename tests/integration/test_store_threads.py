"""A thread is built again from its stories' thread summaries (revision 0008): the same thread as
one built from the stories' sections and articles, for a store that had the summaries from the
start, one upgraded from the revision before them, and a story analysed without one. Since
revision 0009 the thread row keeps the summaries it was built from and only the changed
stories' rows are read: the same threads as those built from every story's row."""

from __future__ import annotations

from pathlib import Path

from fictional_news import fictional_articles, write_jsonl
from sqlalchemy import select, text, update

from newsloom.config import AnalyzeConfig
from newsloom.model import Story, Thread
from newsloom.runners import analyze
from newsloom.runners.incremental import add_to_store
from newsloom.storage import Store, current_revision, database_url, head_revision
from newsloom.storage.database import make_engine
from newsloom.storage.tables import StoryRow, ThreadRow

CONFIG = AnalyzeConfig(workers=1, nlp="rules", embeddings="lexical")


def _records() -> list[dict[str, str]]:
    """Made-up events in ten towns (events of one town make a thread), the reports of every other
    event without a headline."""
    records = fictional_articles(32, seed=5)
    for k, r in enumerate(records):
        if (k // 4) % 2:
            del r["title"]
    return records


def _threads(store: Store) -> dict[str, Thread]:
    return {t.id: t for t in store.threads()}


def _as_articles(threads: list[Thread], stories: list[Story]) -> dict[str, Thread]:
    """The threads, each story named by its articles (a store's story keeps the id of its first
    article's story; batch's hashes all of its articles)."""
    members = {s.id: ",".join(sorted(s.article_ids)) for s in stories}
    return {t.id: t.model_copy(update={"story_ids": [members[sid] for sid in t.story_ids]}) for t in threads}


def _rebuild_all(store: Store) -> None:
    with store.write() as conn:
        conn.execute(update(ThreadRow).values(built_at=None))
    add_to_store(store, [], CONFIG)


def _downgrade(db_url: str, revision: str) -> None:
    from alembic import command

    from newsloom.storage.database import _alembic_config, write_transaction

    engine = make_engine(database_url(db_url))
    with write_transaction(engine) as conn:
        command.downgrade(_alembic_config(conn), revision)
    engine.dispose()


def test_threads_built_from_summaries_are_the_batch_threads(db_url: str, tmp_path: Path) -> None:
    records = _records()
    files = [write_jsonl(tmp_path / f"{k:02d}.jsonl", [r]) for k, r in enumerate(records)]
    report = analyze(files, CONFIG)
    batch = _as_articles(report.threads, report.stories)
    with Store(db_url) as store:
        for path in files:
            add_to_store(store, [str(path)], CONFIG)
        stored = _as_articles(store.threads(), store.stories())
    # Not vacuous: a thread of several stories (tests/integration/test_store.py builds threads
    # of untitled reports, titled from a text, against batch's too).
    assert max(len(t.story_ids) for t in stored.values()) >= 2
    # the same threads as batch's: members, order, title and timeline
    assert stored == {k: batch[k] for k in stored}
    assert set(stored) == set(batch)


def test_an_upgraded_store_gets_thread_summaries_that_build_the_same_threads(
    db_url: str, tmp_path: Path
) -> None:
    with Store(db_url) as store:
        add_to_store(store, [str(write_jsonl(tmp_path / "news.jsonl", _records()))], CONFIG)
        before = _threads(store)
    assert max(len(t.story_ids) for t in before.values()) >= 2
    # The same store as the revision before the thread summaries left it, then opened again.
    _downgrade(db_url, "0007_story_summaries")
    engine = make_engine(database_url(db_url))
    assert current_revision(engine) == "0007_story_summaries"
    engine.dispose()
    with Store(db_url) as store:
        assert current_revision(store.engine) == head_revision()
        with store.engine.connect() as conn:
            missing = conn.execute(
                text("SELECT count(*) FROM stories WHERE size > 0 AND thread_summary IS NULL")
            ).scalar()
        assert missing == 0
        _rebuild_all(store)
        assert _threads(store) == before


def test_a_story_analysed_without_a_thread_summary_still_threads_as_before(
    db_url: str, tmp_path: Path
) -> None:
    """A story analysed by a version from before the summaries (and after the migration) has
    none: its thread is built from its sections and articles, and its summary kept."""
    with Store(db_url) as store:
        add_to_store(store, [str(write_jsonl(tmp_path / "news.jsonl", _records()))], CONFIG)
        before = _threads(store)
        with store.write() as conn:
            conn.execute(update(StoryRow).values(thread_summary=None))
            # as before revision 0009: the threads keep no members either
            conn.execute(update(ThreadRow).values(members=None))
        _rebuild_all(store)
        assert _threads(store) == before
        with store.engine.connect() as conn:
            missing = conn.execute(
                text("SELECT count(*) FROM stories WHERE size > 0 AND thread_summary IS NULL")
            ).scalar()
        assert missing == 0


def _built(store: Store) -> dict[str, tuple[object, object]]:
    """Each stored thread (by key): when it was last built, and the thread as built."""
    with store.engine.connect() as conn:
        rows = conn.execute(select(ThreadRow.thread_key, ThreadRow.built_at, ThreadRow.thread)).all()
    return {key: (built, thread) for key, built, thread in rows}


def test_an_add_builds_again_only_the_threads_it_changed(db_url: str, tmp_path: Path) -> None:
    """The article's neighbourhood (stories of other threads too) is clustered again, but a
    thread none of whose stories changed is not built again: it would come out the same."""
    records = fictional_articles(4 * 62, seed=5)[4 * 50 :]  # twelve events, towns of their own
    late = records.pop(1)  # a second report of the first event, added last
    with Store(db_url) as store:
        add_to_store(store, [str(write_jsonl(tmp_path / "news.jsonl", records))], CONFIG)
        before = _built(store)
        added = add_to_store(store, [str(write_jsonl(tmp_path / "late.jsonl", [late]))], CONFIG)
        after = _built(store)
        (own,) = store.threads_of(store.story_of(late["id"]) or "")
    assert added.added == [late["id"]]
    assert len(before) > 2  # not vacuous: threads the add could have built again
    rebuilt = {key for key, (built, _) in after.items() if before.get(key, (None, None))[0] != built}
    # the new report's thread, built again; every other thread built again changed
    assert own.id in {thread["id"] for _, thread in (after[k] for k in rebuilt) if thread}
    assert all(key not in before or before[key][1] != after[key][1] for key in rebuilt)


def _from_every_story(store: Store) -> dict[str, Thread]:
    """The threads built again from every one of their stories' rows (as before 0009)."""
    with store.write() as conn:
        conn.execute(update(ThreadRow).values(members=None, built_at=None))
    add_to_store(store, [], CONFIG)
    return _threads(store)


def test_threads_built_from_kept_members_equal_threads_built_from_every_story(
    db_url: str, tmp_path: Path
) -> None:
    # Twelve made-up events in the towns events 0-49 share (events of one town make a thread),
    # first one report of each, then the second: added one at a time, stories join, split and
    # move from one thread to another as the reports arrive.
    records = fictional_articles(24, seed=1, per_event=2)
    with Store(db_url) as store:
        for k, record in enumerate(records[::2] + records[1::2]):
            add_to_store(store, [str(write_jsonl(tmp_path / f"{k:02d}.jsonl", [record]))], CONFIG)
        kept = _threads(store)
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM threads WHERE members IS NULL")).scalar() == 0
            assert conn.execute(text("SELECT count(*) FROM thread_changes")).scalar() == 0
        assert max(len(t.story_ids) for t in kept.values()) >= 2  # not vacuous
        assert _from_every_story(store) == kept


def test_a_store_upgraded_to_kept_members_builds_the_same_threads(db_url: str, tmp_path: Path) -> None:
    records = _records()
    late, records = records[-6:], records[:-6]
    with Store(db_url) as store:
        add_to_store(store, [str(write_jsonl(tmp_path / "news.jsonl", records))], CONFIG)
        before = _threads(store)
    assert max(len(t.story_ids) for t in before.values()) >= 2
    _downgrade(db_url, "0008_thread_summaries")
    with Store(db_url) as store:
        assert current_revision(store.engine) == head_revision()
        with store.engine.connect() as conn:
            # every thread of the upgraded store keeps its members, and nothing is waiting
            assert conn.execute(text("SELECT count(*) FROM threads WHERE members IS NULL")).scalar() == 0
            assert conn.execute(text("SELECT count(*) FROM thread_changes")).scalar() == 0
        _rebuild_all(store)
        assert _threads(store) == before
        # then grown, one article at a time: the same threads as built from every story
        for k, record in enumerate(late):
            add_to_store(store, [str(write_jsonl(tmp_path / f"late{k}.jsonl", [record]))], CONFIG)
        grown = _threads(store)
        assert grown != before
        assert _from_every_story(store) == grown
