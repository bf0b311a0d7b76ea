"""newsloom serve's jobs live in the store: a restarted server answers for them, says which ones
a stopped server left unfinished, and an old store gains the jobs table on upgrade."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from fictional_news import fictional_articles
from sqlalchemy import text
from test_service_api import Client, _auth, _finish
from tests.integration.processes import child_pids

from newsloom.service import ServiceConfig, create_app
from newsloom.service.jobs import JobBook
from newsloom.storage import (
    Store,
    current_revision,
    database_url,
    head_revision,
    upgrade,
)
from newsloom.storage.database import make_engine


def _serve(store: Store) -> Client:
    return Client(create_app(ServiceConfig(), store=store))


def _stop(client: Client) -> None:
    client.close()
    client.app.state.jobs.close()


def test_a_restarted_server_still_answers_for_its_jobs(db_url: str) -> None:
    with Store(db_url) as store:
        token = store.create_token()
        first = _serve(store)
        record = fictional_articles(1)[0]
        answer = first.post("/articles", headers=_auth(token), json=record)
        done = _finish(first, answer.json())
        _stop(first)
    with Store(db_url) as store:
        second = _serve(store)
        again = second.get(f"/jobs/{done['id']}")
        assert again.status_code == 200 and again.json() == done
        assert done["added"] == [record["id"]]
        page = second.get(f"/web/jobs/{done['id']}")
        assert page.status_code == 200 and 'data-status="done"' in page.text
        assert second.get("/jobs/0123456789abcdef").status_code == 404
        _stop(second)


def test_jobs_a_stopped_server_left_unfinished_show_as_interrupted(db_url: str) -> None:
    # A server process that is gone: a child that has exited (its pid is free).
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
    )
    dead = f"{socket.gethostname()}:{gone.stdout.strip()}:cafe0123"
    with Store(db_url) as store:
        book = JobBook(store)
        book.create("a" * 32, ["one.jsonl"], dead)
        book.create("b" * 32, ["two.jsonl"], dead)
        book.update("b" * 32, "running")
        # A job of another host's server is not this host's to judge.
        book.create("c" * 32, ["three.jsonl"], "elsewhere.example:1:beef")
        book.create("d" * 32, ["four.jsonl"], dead)
        book.update("d" * 32, "done", result={"added": ["x"]})
        book.close()
        client = _serve(store)
        for job_id, was in (("a" * 32, "queued"), ("b" * 32, "running")):
            job = client.get(f"/jobs/{job_id}").json()
            assert job["status"] == "failed", job
            assert job["message"].startswith(f"interrupted: the server stopped while the job was {was}")
        assert client.get(f"/jobs/{'c' * 32}").json()["status"] == "queued"
        assert client.get(f"/jobs/{'d' * 32}").json() == {
            "id": "d" * 32,
            "status": "done",
            "added": ["x"],
            "duplicates": [],
            "errors": [],
            "changed_stories": [],
            "message": None,
        }
        _stop(client)


def test_a_store_from_before_jobs_gains_them_on_upgrade(db_url: str) -> None:
    """Revision 0003 (API tokens, no jobs): opening it upgrades it; its token and articles stay."""
    engine = make_engine(database_url(db_url))
    assert upgrade(engine, "0003") == "0003"
    engine.dispose()
    with Store(db_url, upgrade_schema=False) as old:
        token = old.create_token("before")
        with old.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO stories (story_id, sections, centroid, size, created_at, updated_at) "
                    "VALUES ('story-old', '{}', '{}', 1, '2030-01-01', '2030-01-01')"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO articles (article_id, source, text_hash, title, site, raw, raw_text, text, "
                    "removals, annotations, meta, features, story_id, added_at) VALUES ('old-1', 'old.txt', "
                    "'h1', 'Lighthouse relit', 'Quenby Daily', '', '', "
                    "'The Quenby lighthouse was relit after forty years.', '[]', '{}', "
                    "'{\"id\": \"old-1\", \"source\": \"old.txt\"}', '{}', 'story-old', '2030-01-01')"
                )
            )
    with Store(db_url) as store:
        assert current_revision(store.engine) == head_revision()
        client = _serve(store)
        assert client.get("/stories/story-old").json()["article_ids"] == ["old-1"]
        assert "Lighthouse relit" in client.get("/").text
        record = fictional_articles(1)[0]
        answer = client.post("/articles", headers=_auth(token), json=record)
        assert answer.status_code == 202
        assert _finish(client, answer.json())["added"] == [record["id"]]
        _stop(client)


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds the worker process through /proc")
def test_a_killed_server_takes_its_worker_with_it_and_the_next_one_reports_the_job(
    tmp_path: Path,
) -> None:
    db = str(tmp_path / "killed.db")
    with Store(db) as store:
        token = store.create_token()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from newsloom.cli import main; main()",
            "serve",
            "--db",
            db,
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(base + "/stories", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.3)
        records = fictional_articles(12)
        body = "".join(json.dumps(r) + "\n" for r in records).encode()
        answer = httpx.post(
            base + "/articles",
            headers=_auth(token),
            files={"file": ("many.jsonl", body)},
            timeout=60,
        )
        job_id = answer.json()["id"]
        while not (workers := child_pids(server.pid)) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert workers, "no worker process started"
    finally:
        server.kill()
        server.wait(30)
    deadline = time.monotonic() + 30
    while any(Path(f"/proc/{w}").exists() for w in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(Path(f"/proc/{w}").exists() for w in workers), "the worker outlived its server"
    with Store(db) as store:
        book = JobBook(store)
        job = book.get(job_id)
        book.close()
        client = _serve(store)
        shown = client.get(f"/jobs/{job_id}").json()
        _stop(client)
    assert job is not None
    if shown["status"] == "failed":
        assert shown["message"].startswith("interrupted: the server stopped")
    else:  # the job finished before the kill
        assert shown["status"] == "done" and len(shown["added"]) == len(records)


def test_adding_runs_at_a_lower_cpu_priority_than_the_server(tmp_path: Path) -> None:
    import multiprocessing
    import os

    with Store(str(tmp_path / "store.db")) as store:
        token = store.create_token()
        client = _serve(store)
        before = {p.pid for p in multiprocessing.active_children()}
        answer = client.post("/articles", headers=_auth(token), json=fictional_articles(1)[0])
        _finish(client, answer.json())
        workers = [p for p in multiprocessing.active_children() if p.pid not in before]
        assert workers, "the add job ran in no worker process"
        server = os.getpriority(os.PRIO_PROCESS, 0)
        # A busy machine gives the CPU to page answers first; the add uses what is left.
        assert all(os.getpriority(os.PRIO_PROCESS, p.pid) >= min(server + 5, 19) for p in workers)
        _stop(client)


def test_a_post_is_answered_while_the_worker_holds_the_stores_write_lock(db_url: str) -> None:
    """Recording a job does not wait for the store's write lock, which the add worker holds for
    as long as it places a chunk of articles: the POST answers 202 and the job polls as queued
    (or running) while the lock is held, and finishes once it is released."""
    import threading

    with Store(db_url) as store:
        token = store.create_token()
        client = _serve(store)
        answers: list[httpx.Response] = []
        record = fictional_articles(1, seed=41)[0]
        post = threading.Thread(
            target=lambda: answers.append(client.post("/articles", headers=_auth(token), json=record))
        )
        with store.write():  # what a long add holds
            post.start()
            post.join(60)
            answered_under_the_lock = bool(answers)
            polled = client.get(f"/jobs/{answers[0].json()['id']}").json() if answers else None
        post.join()
        assert answered_under_the_lock, "the POST waited for the store's write lock"
        assert answers[0].status_code == 202
        assert polled is not None and polled["status"] in ("queued", "running")
        assert _finish(client, answers[0].json())["added"] == [record["id"]]
        _stop(client)


def test_jobs_an_earlier_version_kept_in_the_store_are_still_answered_for(db_url: str) -> None:
    with Store(db_url) as store:
        with store.write() as conn:
            conn.execute(
                text(
                    "INSERT INTO jobs (job_id, status, inputs, worker, result, created_at, finished_at) "
                    "VALUES (:id, 'done', '[\"old.jsonl\"]', 'old-host:1:aa', :result, "
                    "'2030-01-01', '2030-01-01')"
                ),
                {"id": "e" * 32, "result": json.dumps({"added": ["old-1"], "changed_stories": ["s-1"]})},
            )
        client = _serve(store)
        job = client.get(f"/jobs/{'e' * 32}").json()
        assert job["status"] == "done" and job["added"] == ["old-1"] and job["changed_stories"] == ["s-1"]
        _stop(client)


_HOLD_JOB_RECORD = """
import sys, time
from newsloom.service.jobs import JobBook
from newsloom.storage import Store
from newsloom.storage.database import write_transaction
store = Store(sys.argv[1])
book = JobBook(store)
# What a job write holds: the record's write lock, then SQLite's.
with book.write_lock(), write_transaction(book.engine):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
    released = time.time()
print(released, flush=True)
"""


def test_recording_a_job_goes_on_as_soon_as_another_process_releases_the_record(tmp_path: Path) -> None:
    # SQLite's own lock is waited for by sleeping ever longer between tries (up to 100 ms): a
    # POST that met another process's job write slept long after it was free. Each time here,
    # another process holds the record's write lock for a while; the job is recorded right
    # after it lets go.
    db = str(tmp_path / "news.db")
    with Store(db) as store:
        book = JobBook(store)
        lags = []
        for k in range(5):
            with subprocess.Popen(
                [sys.executable, "-c", _HOLD_JOB_RECORD, db, "0.6"], stdout=subprocess.PIPE, text=True
            ) as holder:
                assert holder.stdout is not None
                assert holder.stdout.readline().strip() == "held"
                book.create(f"{k:032d}", ["one.jsonl"], "here:1:cafe0123")
                recorded = time.time()
                released = float(holder.stdout.readline())
            lags.append(recorded - released)
        book.close()
    assert all(lag >= 0 for lag in lags), lags  # it did wait for the other process
    assert sorted(lags)[2] < 0.02, lags  # and went on at once (the median of 5)


def test_a_job_record_written_by_two_processes_at_once_loses_nothing(tmp_path: Path) -> None:
    # The look-alike: writers that do not meet still record every job, in every process.
    db = str(tmp_path / "news.db")
    script = (
        "import sys\n"
        "from newsloom.service.jobs import JobBook\n"
        "from newsloom.storage import Store\n"
        "book = JobBook(Store(sys.argv[1]))\n"
        "for k in range(40):\n"
        "    book.create(f'{sys.argv[2]}{k:031d}', ['x.jsonl'], 'here:1:cafe0123')\n"
        "    book.update(f'{sys.argv[2]}{k:031d}', 'running')\n"
    )
    Store(db).close()
    writers = [subprocess.Popen([sys.executable, "-c", script, db, name]) for name in "ab"]
    assert [w.wait(120) for w in writers] == [0, 0]
    with Store(db) as store:
        book = JobBook(store)
        for name in "ab":
            for k in range(40):
                job = book.get(f"{name}{k:031d}")
                assert job is not None and job.status == "running"
        book.close()
