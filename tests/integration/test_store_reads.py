"""What a story page reads from the store: the same story, articles and thread as the whole
store's report, and a read whose cost does not grow with the number of stored threads.

Costs are counted, not timed (SQLite's progress handler, every 100 virtual-machine
instructions), as in test_store_cost.py: the same on any machine and under any load.
"""

from __future__ import annotations

from pathlib import Path

from fictional_news import write_jsonl
from sqlalchemy import event, insert
from test_store import CONFIG, _closure_and_reopening, _ferry_strike

from newsloom.runners.incremental import add_to_store
from newsloom.storage import Store
from newsloom.storage.tables import ThreadRow


def _threaded_store(db: str, tmp_path: Path) -> Store:
    """A store of two running stories (a bridge closed then reopened; a ferry strike), added
    one article at a time so that their threads are built as ``add`` builds them."""
    records = _closure_and_reopening()
    records[6:6] = _ferry_strike()
    store = Store(db)
    for k, record in enumerate(records):
        add_to_store(store, [str(write_jsonl(tmp_path / f"{k:02d}.jsonl", [record]))], CONFIG)
    return store


def test_one_story_reads_back_as_the_whole_store_report_holds_it(db_url: str, tmp_path: Path) -> None:
    with _threaded_store(db_url, tmp_path) as store:
        whole = store.report()
        assert any(len(t.story_ids) == 2 for t in whole.threads)
        by_id = {a.id: a for a in whole.articles}
        for story in whole.stories:
            one = store.report(story.id)
            assert one.stories == [story]
            assert one.articles == [by_id[a] for a in story.article_ids]
            assert one.threads == [t for t in whole.threads if story.id in t.story_ids]
            assert store.threads_of(story.id) == one.threads
            assert store.story(story.id) == story
        assert store.articles([a.id for a in whole.articles[:3]]) == whole.articles[:3]
        as_read = store.articles([whole.articles[0].id], analysed=False)
        assert [a.id for a in as_read] == [whole.articles[0].id]
        assert as_read[0].text == whole.articles[0].text


def _steps(store: Store) -> list[int]:
    counter = [0]

    def tick() -> int:
        counter[0] += 1
        return 0  # go on

    event.listen(store.engine, "checkout", lambda dbapi, _rec, _proxy: dbapi.set_progress_handler(tick, 100))
    return counter


def test_a_story_page_read_costs_the_same_whatever_the_number_of_threads_stored(tmp_path: Path) -> None:
    with _threaded_store(str(tmp_path / "s.db"), tmp_path) as store:
        story_ids = [s.id for s in store.stories()]
        steps = _steps(store)

        def cost() -> int:
            steps[0] = 0
            for sid in story_ids:
                store.story_revision(sid)
                store.report(sid)
            return steps[0]

        few = cost()
        # Many more running stories elsewhere in the store (their stories are not needed here).
        with store.write() as conn:
            conn.execute(
                insert(ThreadRow),
                [
                    {
                        "thread_key": f"tk-other-{k}",
                        "thread_id": f"thread-other-{k}",
                        "title": f"Another week {k}",
                        "story_ids": [f"story-other-{k}-a", f"story-other-{k}-b"],
                        "thread": {
                            "id": f"thread-other-{k}",
                            "story_ids": [f"story-other-{k}-a", f"story-other-{k}-b"],
                            "title": f"Another week {k} " + "of quay works " * 40,
                        },
                    }
                    for k in range(2000)
                ],
            )
        many = cost()
    assert many <= few * 1.1 + 20, (few, many)


def test_a_story_revision_changes_with_its_thread_and_not_with_another(tmp_path: Path) -> None:
    with _threaded_store(str(tmp_path / "s.db"), tmp_path) as store:
        threads = store.threads()
        bridge = next(t for t in threads if len(t.story_ids) == 2)
        others = [t for t in threads if t.id != bridge.id]
        first, second = bridge.story_ids
        lone = next(s.id for s in store.stories() if s.id not in bridge.story_ids)
        before = {sid: store.story_revision(sid) for sid in (first, second, lone)}
        assert len(set(before.values())) == 3
        with store.write() as conn:
            store.save_threads(conn, [bridge.model_copy(update={"title": "Bridge months"}), *others])
        assert store.threads_of(first)[0].title == "Bridge months"
        assert store.story_revision(first) != before[first]
        assert store.story_revision(second) != before[second]
        assert store.story_revision(lone) == before[lone]
        # The same thread stored again shows the same: the pages kept for it stay good.
        again = {sid: store.story_revision(sid) for sid in (first, second)}
        with store.write() as conn:
            store.save_threads(conn, [bridge.model_copy(update={"title": "Bridge months"}), *others])
        assert {sid: store.story_revision(sid) for sid in (first, second)} == again
        assert store.story_revision("no-such-story") is None
