"""Nothing lost: a killed add leaves the store consistent and a re-run finishes the job; four
processes adding at once lose nothing and store nothing twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fictional_news import fictional_articles, write_jsonl
from sqlalchemy import func, select

from newsloom.storage import Store
from newsloom.storage.tables import ArticleRow, StoryRow, ThreadRow

ADD = [
    sys.executable,
    "-c",
    "from newsloom.cli import main; main()",
    "add",
    "--nlp",
    "rules",
    "--embeddings",
    "lexical",
]


def _add(path: Path, db: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([*ADD, str(path), "--db", db], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _assert_consistent(store: Store, *, finished: bool = True) -> None:
    """Every article is in a story, story sizes add up, every story is in a thread; when
    ``finished``, every story was analysed and every thread built. (A killed add may leave
    stories and threads marked as waiting, which is what the next add finishes.)"""
    with store.engine.connect() as conn:
        unplaced = conn.scalar(
            select(func.count()).select_from(ArticleRow).where(ArticleRow.story_id.is_(None))
        )
        sizes = conn.execute(
            select(StoryRow.story_id, StoryRow.size, StoryRow.analysed_at, StoryRow.thread_key)
        ).all()
        members = dict(
            conn.execute(select(ArticleRow.story_id, func.count()).group_by(ArticleRow.story_id))
            .tuples()
            .all()
        )
        threads = dict(conn.execute(select(ThreadRow.thread_key, ThreadRow.built_at)).tuples().all())
    assert unplaced == 0
    for sid, size, analysed_at, key in sizes:
        assert members.get(sid, 0) == size
        assert size == 0 or key in threads
        if finished:
            assert size == 0 or analysed_at is not None
    if finished:
        assert all(built is not None for built in threads.values())
        assert set(threads) == {key for _, size, _, key in sizes if size > 0}


@pytest.mark.slow
def test_kill_9_in_the_middle_of_adding_1000_then_rerun(db_url: str, tmp_path: Path) -> None:
    records = fictional_articles(1000, seed=11)
    feed = write_jsonl(tmp_path / "thousand.jsonl", records)
    proc = _add(feed, db_url)
    with Store(db_url) as store:
        deadline = time.monotonic() + 300
        while store.count_articles() < 130 and time.monotonic() < deadline:
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            time.sleep(0.2)
        os.kill(proc.pid, signal.SIGKILL)
        proc.communicate()
        stored = store.count_articles()
        assert 0 < stored < 1000  # killed mid-way
        _assert_consistent(store, finished=False)
    rerun = _add(feed, db_url)
    _, err = rerun.communicate(timeout=900)
    assert rerun.returncode == 0, err.decode()
    with Store(db_url) as store:
        ids = store.article_ids()
        assert len(ids) == len(set(ids)) == 1000
        assert set(ids) == {r["id"] for r in records}
        _assert_consistent(store)


@pytest.mark.slow
def test_four_processes_adding_at_once_lose_nothing(db_url: str, tmp_path: Path) -> None:
    records = fictional_articles(120, seed=5)
    shared = records[:20]  # every process also adds these: each must be stored once
    files = [
        write_jsonl(tmp_path / f"part{k}.jsonl", records[20 + 25 * k : 20 + 25 * (k + 1)] + shared)
        for k in range(4)
    ]
    with Store(db_url):
        pass  # the schema exists before the race (each process would also create it safely)
    procs = [_add(f, db_url) for f in files]
    for proc in procs:
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err.decode()
    with Store(db_url) as store:
        ids = store.article_ids()
        assert len(ids) == len(set(ids)) == 120
        assert set(ids) == {r["id"] for r in records}
        _assert_consistent(store)
