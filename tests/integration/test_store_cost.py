"""What one ``add`` costs the database does not grow with the store, nor with its story's thread.

The cost is counted, not timed: SQLite's progress handler is called every 100 virtual-machine
instructions, whatever the queries are (look-ups of neighbours, counting the placed articles,
saving the story, rebuilding its thread), so the count measures how many rows the add reads
and writes, the same on any machine and under any load.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pytest
from fictional_news import fictional_articles, write_jsonl
from sqlalchemy import Connection, delete, event, insert, select, update

import newsloom.storage.index as story_index
from newsloom.config import AnalyzeConfig
from newsloom.runners.incremental import add_to_store
from newsloom.storage import Store
from newsloom.storage.tables import StoryRow, ThreadRow

CONFIG = AnalyzeConfig(workers=1, nlp="rules", embeddings="lexical")


def _sql_steps_per_add(tmp_path: Path, sizes: list[int], per_size: int = 4) -> list[float]:
    """The mean SQLite instructions (in hundreds) of adding one article, at each store size."""
    records = fictional_articles(sizes[-1] + per_size * len(sizes), seed=5)
    steps = [0]

    def tick() -> int:
        steps[0] += 1
        return 0  # go on

    means, position = [], 0
    with Store(str(tmp_path / "cost.db")) as store:
        event.listen(
            store.engine, "checkout", lambda dbapi, _rec, _proxy: dbapi.set_progress_handler(tick, 100)
        )
        for size in sizes:
            add_to_store(
                store, [str(write_jsonl(tmp_path / f"to{size}.jsonl", records[position:size]))], CONFIG
            )
            counted = []
            for k in range(per_size):
                one = write_jsonl(tmp_path / f"one{size}-{k}.jsonl", [records[size + k]])
                steps[0] = 0
                add_to_store(store, [str(one)], CONFIG)
                counted.append(steps[0])
            means.append(statistics.fmean(counted))
            position = size + per_size
    return means


def test_adding_one_article_costs_no_more_sql_work_in_a_store_four_times_larger(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The bounds scaled down so a store of a few hundred articles reaches them: a feature in more
    # than 4 stories leads to no neighbours (256 in a real store), and the refreshes of stories
    # clustered while the store was small, which end once it passes 2,000 articles, are off.
    monkeypatch.setattr(story_index, "NEIGHBOUR_POSTINGS", 4)
    monkeypatch.setattr(story_index, "REFRESH_BELOW", 0)
    small, large = _sql_steps_per_add(tmp_path, [80, 320])
    # Measured when written: 13,250 at 80 articles, 10,075 at 320. With the postings bound
    # lifted the same adds cost 12,800 and 26,025: every story posted under the article's
    # features was read, and the cost doubled with the store.
    assert large <= 1.2 * small, (small, large)


def _sql_steps_of_thread_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sizes: Sequence[int]
) -> list[int]:
    """The SQLite instructions (in tens) spent building threads again when one more report is
    added of an event whose story is the first of a thread of ``stories`` stories, for each of
    ``sizes``, in one store of 210 made-up events (a few of which share a story).

    Each made-up event (with a town of its own) is a story and a thread of its own; a running
    story that grew over weeks is one thread of many such stories. Growing one naturally takes
    a large store, so here the stories of an event and of the next ``stories - 1`` events are
    given one thread (their thread key, as an add that found them one running story would) and
    the thread is built; then the event's held-back fourth report is added, and the SQL work of
    building the threads it changed is counted.
    """
    records = fictional_articles(4 * 260, seed=5)[4 * 50 :]  # events 50-259: towns of their own
    # the fourth reports of the first five events held back: they are the counted adds
    held = {r["id"]: r for r in records if r["id"] in {f"ev{e}-3" for e in range(50, 55)}}
    records = [r for r in records if r["id"] not in held]
    counted: list[int] = []
    steps = [0]
    build = Store.build_threads

    def counting(conn: Connection, after: str | None = None, limit: int | None = None) -> str | None:
        """Store.build_threads, its SQLite instructions counted (in tens)."""

        def tick() -> int:
            steps[0] += 1
            return 0  # go on

        dbapi = conn.connection.dbapi_connection
        assert dbapi is not None
        dbapi.set_progress_handler(tick, 10)
        try:
            return build(conn, after, limit)
        finally:
            dbapi.set_progress_handler(None, 10)

    monkeypatch.setattr(Store, "build_threads", staticmethod(counting))
    with Store(str(tmp_path / "threads.db")) as store:
        add_to_store(store, [str(write_jsonl(tmp_path / "base.jsonl", records))], CONFIG)
        story_of = {f"ev{e}-0": store.story_of(f"ev{e}-0") for e in range(50, 260)}
        # the events whose story is theirs alone (a few look alike enough to share one)
        counts = Counter(story_of.values())
        events = [aid for aid, sid in story_of.items() if counts[sid] == 1]
        firsts = [aid for aid in events if aid.replace("-0", "-3") in held]
        assert len(firsts) >= len(sizes) and len(events) >= max(sizes) + len(sizes)
        for first, stories in zip(firsts, sizes, strict=False):
            others = [aid for aid in events if aid not in firsts][: stories - 1]
            with store.write() as conn:
                # every story a thread of its own, then the event's and the others' one thread
                conn.execute(delete(ThreadRow))
                keys = {sid: f"tk-{sid}" for sid in conn.scalars(select(StoryRow.story_id))}
                for sid, key in keys.items():
                    conn.execute(update(StoryRow).where(StoryRow.story_id == sid).values(thread_key=key))
                conn.execute(insert(ThreadRow), [{"thread_key": key} for key in keys.values()])
                sids = [story_of[aid] for aid in [first, *others]]
                conn.execute(
                    update(StoryRow).where(StoryRow.story_id.in_(sids)).values(thread_key=keys[sids[0]])
                )
            add_to_store(store, [], CONFIG)  # the threads built again (those left empty removed)
            (thread,) = store.threads_of(story_of[first])
            assert len(thread.story_ids) == stories
            late = held[first.replace("-0", "-3")]
            steps[0] = 0
            add_to_store(store, [str(write_jsonl(tmp_path / f"late{stories}.jsonl", [late]))], CONFIG)
            counted.append(steps[0])
            assert store.story_of(late["id"]) == story_of[first]
            # built again with the new report (its neighbourhood's other stories may leave it)
            (grown,) = store.threads_of(story_of[first])
            assert grown.id != thread.id and len(grown.story_ids) > stories // 2
    return counted


def test_adding_to_a_story_of_a_long_thread_builds_it_with_no_more_sql_work_than_a_short_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As above: the neighbourhood bounds scaled down to a store of a few hundred articles.
    monkeypatch.setattr(story_index, "NEIGHBOUR_POSTINGS", 4)
    monkeypatch.setattr(story_index, "REFRESH_BELOW", 0)
    short, long = _sql_steps_of_thread_builds(tmp_path, monkeypatch, [5, 200])
    # Measured when written, in tens of instructions: 12 at 5 stories, 22 at 200 (the thread row
    # keeps its stories' summaries and only the changed stories' rows are read; at 200 one of
    # the neighbourhood's stories also leaves the thread, and its own new thread is built too).
    # Built from one summary row per story, as from revision 0008 to 0009: 17 and 354.
    assert long <= 2 * short, (short, long)
