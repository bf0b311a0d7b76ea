"""Background jobs: adding articles runs in a worker process, and the client polls the job.

The worker is a separate process, so that cleaning, reading and cross-checking (CPU-bound
Python) never hold the server's interpreter lock while pages are being served. Writes to a
store are serialised anyway (one write lock), so one worker adds as fast as many would.

A server of several processes (``newsloom serve --workers N``) still has one add worker: each
server process only records its jobs (:class:`RecordedJobs`), naming the process that runs them;
that process (the parent of the server processes) picks them up from the record and runs them,
one at a time, in its worker (:meth:`JobQueue.watch`). Every process reads a job's state from the
same record, so a job posted to one server process is polled from any other.

Jobs are kept on disk (see :class:`JobBook`): a restarted server still answers for them, and
marks those the previous server process queued or ran but never finished as failed, with a
message saying it was interrupted (what they had stored before is kept). Recording a job never
waits for the store's write lock, which the worker holds while it places articles: an SQLite
store's jobs live in a small SQLite file beside it (``news.db-jobs``: SQLite has one writer
per file), a PostgreSQL store's in its ``jobs`` table, written without the store's lock (a row
insert does not contend with the worker's transactions).
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import socket
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Container, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.orm import Session

from newsloom.config import AnalyzeConfig
from newsloom.storage import Store
from newsloom.storage.database import file_beside, make_engine, write_transaction
from newsloom.storage.tables import JobRow

try:
    import fcntl
except ImportError:  # not on Windows: writers wait on SQLite's own lock there
    fcntl = None  # type: ignore[assignment]

JobStatus = Literal["queued", "running", "done", "failed"]
# This server process, as jobs record it: host, pid and a token told apart from an earlier
# process that had the same pid (containers restart with the same pids).
_PROCESS = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass
class Job:
    """One add request: its state, then what it did."""

    id: str
    status: JobStatus = "queued"
    added: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)
    changed_stories: list[str] = field(default_factory=list)
    message: str | None = None


def side_file(store_url: str) -> str | None:
    """The URL of the SQLite file that holds an SQLite store's jobs (None: the store keeps
    them itself, as PostgreSQL does).

    >>> side_file("sqlite:///data/news.db")
    'sqlite:///data/news.db-jobs'
    >>> side_file("postgresql+psycopg://me@127.0.0.1/news") is None
    True
    """
    path = file_beside(store_url, "-jobs")
    return None if path is None else f"sqlite:///{path}"


class JobBook:
    """The record of a store's add jobs, written without waiting for the store's write lock.

    An SQLite store's jobs go to a small file beside it (:func:`side_file`): the store's one
    write lock is held by the add worker for as long as it places a chunk of articles (seconds
    under load), and a POST that had to record its job in the store would wait that long.
    Opening the file the first time takes over the jobs an older version kept in the store.
    Elsewhere (PostgreSQL) the jobs stay in the store's ``jobs`` table, written in plain
    transactions that row locks keep apart from the worker's.
    """

    def __init__(self, store: Store) -> None:
        side = side_file(store.url)
        self._own = side is not None
        self.engine = make_engine(side) if side is not None else store.engine
        # Writers of the side file queue on a lock file beside it first (see write_lock).
        self._writers = threading.Lock()
        self._lock_file: int | None = None
        if side is not None and fcntl is not None:
            self._lock_file = os.open(
                f"{file_beside(store.url, '-jobs')}.lock", os.O_RDWR | os.O_CREAT, 0o644
            )
        if side is not None:
            # Under the lock file: server processes started at once on a fresh store each create
            # the table, and one found the new file locked ("database is locked") and failed.
            with self.write_lock():
                JobRow.__table__.create(self.engine, checkfirst=True)  # type: ignore[attr-defined]
            self._adopt(store)

    def close(self) -> None:
        """Release the side file's connections (a store's own engine is the store's to close)."""
        if self._own:
            self.engine.dispose()
        if self._lock_file is not None:
            os.close(self._lock_file)
            self._lock_file = None

    @contextmanager
    def write_lock(self) -> Iterator[None]:
        """Hold the record's write lock (every write holds it): a writer of another thread or
        process waits until it is released and is woken at once.

        SQLite's own lock is not waited for that way: a writer that finds it taken sleeps and
        tries again, ever longer (up to 100 ms a try), and under load a POST recording its job
        slept hundreds of milliseconds after the lock was free. Writers of the side file (the
        server processes, the add worker, the process that runs the jobs) first queue on an
        ``flock`` of a lock file beside it, which the kernel hands on when released, so SQLite's
        lock is free when they take it. A lock file, not the side file itself: closing any
        descriptor of a database file drops the locks SQLite holds on it.
        """
        with self._writers:
            if self._lock_file is None:
                yield
                return
            fcntl.flock(self._lock_file, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(self._lock_file, fcntl.LOCK_UN)

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        # The side file's own write lock (BEGIN IMMEDIATE: a job's read-then-update cannot meet
        # another writer half-way), taken once the lock file's is held; on PostgreSQL a plain
        # transaction, not the store's lock.
        if self.engine.dialect.name != "sqlite":
            with self.engine.begin() as conn:
                yield conn
            return
        with self.write_lock(), write_transaction(self.engine) as conn:
            yield conn

    def _adopt(self, store: Store) -> None:
        """Copy the jobs an earlier version recorded in the store, once, into an empty side file."""
        with Session(self.engine) as s:
            if s.scalar(select(JobRow.job_id).limit(1)) is not None:
                return
        with Session(store.engine) as s:
            rows = [
                {c.key: getattr(r, c.key) for c in JobRow.__table__.columns}
                for r in s.scalars(select(JobRow))
            ]
        if rows:
            with self._write() as conn:
                conn.execute(insert(JobRow), rows)

    def create(self, job_id: str, inputs: Sequence[str], worker: str, cleanup: str | None = None) -> None:
        """Record a queued job (``worker``: the "host:pid:token" of the server process that runs
        it; ``cleanup``: a temporary folder to remove once it has run, kept in the job's result
        until then)."""
        with self._write() as conn:
            conn.execute(
                insert(JobRow).values(
                    job_id=job_id,
                    status="queued",
                    inputs=list(inputs),
                    worker=worker,
                    result={"cleanup": cleanup} if cleanup is not None else None,
                    created_at=datetime.now(UTC),
                )
            )

    def queued(
        self, worker: str, known: Container[str] = frozenset()
    ) -> list[tuple[str, list[str], str | None]]:
        """The jobs still queued for ``worker`` to run, oldest first, but those in ``known``:
        (id, inputs, cleanup). Only the new jobs' inputs are read (a long queue is looked at
        many times a second while it waits)."""
        with Session(self.engine) as s:
            ids = s.scalars(
                select(JobRow.job_id)
                .where(JobRow.status == "queued", JobRow.worker == worker)
                .order_by(JobRow.created_at, JobRow.job_id)
            ).all()
            new = [job_id for job_id in ids if job_id not in known]
            if not new:
                return []
            rows = {
                r.job_id: r
                for r in s.execute(
                    select(JobRow.job_id, JobRow.inputs, JobRow.result).where(JobRow.job_id.in_(new))
                )
            }
        return [
            (job_id, list(rows[job_id].inputs), (rows[job_id].result or {}).get("cleanup"))
            for job_id in new
            if job_id in rows
        ]

    def update(
        self,
        job_id: str,
        status: JobStatus,
        *,
        result: dict[str, Any] | None = None,
        message: str | None = None,
    ) -> None:
        """Move a job to ``status``, with what it did or why it failed (KeyError: no such job)."""
        values: dict[str, Any] = {"status": status}
        if result is not None:
            values["result"] = result
        if message is not None:
            values["message"] = message
        if status in ("done", "failed"):
            values["finished_at"] = datetime.now(UTC)
        with self._write() as conn:
            if not conn.execute(update(JobRow).where(JobRow.job_id == job_id).values(**values)).rowcount:
                raise KeyError(job_id)

    def get(self, job_id: str) -> Job | None:
        """A job as recorded, or None."""
        with Session(self.engine) as s:
            row = s.get(JobRow, job_id)
            if row is None:
                return None
            result = row.result or {}
            return Job(
                id=row.job_id,
                status=row.status,  # type: ignore[arg-type]
                added=list(result.get("added", [])),
                duplicates=list(result.get("duplicates", [])),
                errors=list(result.get("errors", [])),
                changed_stories=list(result.get("changed_stories", [])),
                message=row.message,
            )

    def interrupt(self, gone: Callable[[str], bool]) -> list[str]:
        """Mark as failed the queued and running jobs whose server is ``gone(worker)``: a server
        stopped before finishing them. Returns their ids."""
        with self._write() as conn, Session(bind=conn) as s:
            rows = s.scalars(select(JobRow).where(JobRow.status.in_(["queued", "running"]))).all()
            stopped = [r for r in rows if gone(r.worker)]
            for row in stopped:
                row.message = (
                    f"interrupted: the server stopped while the job was {row.status}; "
                    "articles it had stored are kept; add the rest again"
                )
                row.status = "failed"
                row.finished_at = datetime.now(UTC)
            s.flush()
            return [r.job_id for r in stopped]


def process_gone(worker: str) -> bool:
    """Whether the server process that recorded ``worker`` ("host:pid:token") has stopped (known
    only for processes of this host; another host's jobs are left alone)."""
    host, pid = [*worker.split(":"), "", ""][:2]
    if host != socket.gethostname() or not pid.isdigit():
        return False
    if int(pid) == os.getpid():
        return worker != _PROCESS
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


# --- in the worker process ---------------------------------------------------------------------

_STORES: dict[str, tuple[Store, JobBook]] = {}
_SHELVES: dict[str, Any] = {}  # store URL -> its PageShelf (newsloom.service.pages)
# How often the worker checks that the server that started it is still there (seconds).
_PARENT_CHECK = 1.0
# How much lower the worker's CPU priority is than the server's (os.nice increment; 10 of 19).
WORKER_NICENESS = 10


def _start_worker(parent: int) -> None:
    """Set up the worker process: a lower CPU priority than the server, and a watch that ends
    it when the server is gone."""
    # Adding is background work and CPU-bound: on a busy machine it would take the CPU from
    # the server's page answers; at a lower priority it uses what the pages leave.
    os.nice(WORKER_NICENESS)
    exit_with_parent(parent)


def exit_with_parent(parent: int) -> None:
    """Start a watch that ends this process when its parent ``parent`` is gone (a server killed
    with SIGKILL cannot stop its children): an add job in flight is rolled back by the
    database, as a killed ``add`` is, and a later server marks it interrupted."""

    def watch() -> None:
        while True:
            time.sleep(_PARENT_CHECK)
            if os.getppid() != parent:
                os._exit(0)

    threading.Thread(target=watch, name="newsloom-parent-watch", daemon=True).start()


def run_add_job(
    db_url: str,
    job_id: str,
    inputs: list[str],
    config: AnalyzeConfig,
    cleanup: str | None,
    allow_private_urls: bool = False,
) -> None:
    """Run one add job in the worker process and record its outcome in the store.

    URLs are fetched by a client that checks every hop of every request (redirects and
    robots.txt too) against loopback and private addresses, unless ``allow_private_urls``.
    """
    from newsloom.pipeline.ingest.web import Fetcher
    from newsloom.runners.incremental import add_to_store
    from newsloom.service.security import guarded_client

    store, book = _worker_store(db_url)
    try:
        book.update(job_id, "running")
        try:
            with guarded_client(allow_private=allow_private_urls) as client:
                result = add_to_store(store, inputs, config, fetcher=Fetcher(client))
        except Exception as exc:  # a job reports its failure; the worker lives on
            book.update(job_id, "failed", message=f"{type(exc).__name__}: {exc}")
            return
        book.update(
            job_id,
            "done",
            result={
                "added": list(result.added),
                "duplicates": [d.id for d in result.duplicates],
                "errors": [{"input": p.path, "message": p.message} for p in result.errors],
                "changed_stories": list(result.changed_stories),
            },
        )
        # Only the stories the job changed: the other stories of their threads change revision
        # too (their pages list the thread's events), but re-rendering a whole thread after
        # every add made adding cost grow with the thread (65 pages a job in the serve bench's
        # load); their pages are rendered when next read.
        _render_ahead(store, db_url, list(result.changed_stories))
    finally:
        if cleanup is not None:
            shutil.rmtree(cleanup, ignore_errors=True)


def _worker_store(db_url: str) -> tuple[Store, JobBook]:
    """The worker's store and job record for ``db_url``, opened once per worker process."""
    if db_url not in _STORES:
        opened = Store(db_url)
        _STORES[db_url] = (opened, JobBook(opened))
    return _STORES[db_url]


def _render_ahead(store: Store, db_url: str, story_ids: list[str]) -> None:
    """Render the pages of ``story_ids`` ahead of reading, for every server process to serve
    (:mod:`newsloom.service.pages`)."""
    from newsloom.service.pages import MAX_PAGES_PER_JOB, PageShelf, render_ahead, shelf_path

    path = shelf_path(db_url)
    if path is None or not story_ids:
        return
    try:
        if db_url not in _SHELVES:
            _SHELVES[db_url] = PageShelf(path)
        render_ahead(store, _SHELVES[db_url], story_ids, MAX_PAGES_PER_JOB)
    except Exception:  # pages are a cache: without them a page is rendered when read
        return


def render_pages(db_url: str, story_ids: list[str]) -> None:
    """In the worker: render the pages of ``story_ids`` that are not kept yet (one share of a
    store's pages, rendered ahead between jobs: :meth:`JobQueue.render_missing_pages`)."""
    _render_ahead(_worker_store(db_url)[0], db_url, story_ids)


# --- in the server process ---------------------------------------------------------------------


# How many pages the worker renders ahead at a time between jobs (a job waits for at most one
# such share: about 50 x 10-30 ms). A bound on a job's wait, not tuned.
PAGES_PER_SHARE = 50
# How often the process that runs the jobs of several server processes looks for new ones
# (seconds): a job waits at most this long before it starts; a look is one indexed read of
# the small job record.
WATCH_INTERVAL = 0.1


class JobQueue:
    """Runs add jobs one at a time in a worker process; their state is kept in a :class:`JobBook`.

    Jobs come from :meth:`submit` (this process's own requests) or, with :meth:`watch`, from
    the record: jobs other server processes recorded for this one to run (:class:`RecordedJobs`
    naming :attr:`identity`). Either way they run in the one worker, in order, never twice.
    """

    def __init__(self, store: Store, config: AnalyzeConfig, *, allow_private_urls: bool = False) -> None:
        self.store = store
        self.config = config
        self.allow_private_urls = allow_private_urls
        # Who runs the jobs, as the record names it ("host:pid:token").
        self.identity = _PROCESS
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        self._pending: set[Future[Any]] = set()
        # The jobs handed to the worker and not finished yet (a recorded job is started once).
        self._started: set[str] = set()
        self._watching: threading.Event | None = None
        self._watcher: threading.Thread | None = None
        self.book = JobBook(store)
        self.book.interrupt(process_gone)

    def _executor(self) -> ProcessPoolExecutor:
        # Started on first use, and again after close(). "spawn": the server has threads, and a
        # forked copy of a threaded process can inherit a held lock.
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    max_workers=1,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_start_worker,
                    initargs=(os.getpid(),),
                )
            return self._pool

    def submit(self, inputs: list[str], cleanup: Path | None = None) -> Job:
        """Record and queue an add of ``inputs``; ``cleanup`` is a temporary folder removed after."""
        job_id = uuid.uuid4().hex
        with self._lock:
            self._started.add(job_id)
        self.book.create(job_id, inputs, self.identity)
        self._run(job_id, inputs, str(cleanup) if cleanup else None)
        return Job(id=job_id)

    def _run(self, job_id: str, inputs: list[str], cleanup: str | None) -> None:
        future = self._executor().submit(
            run_add_job,
            self.store.url,
            job_id,
            inputs,
            self.config,
            cleanup,
            self.allow_private_urls,
        )
        with self._lock:
            self._pending.add(future)
        future.add_done_callback(lambda done: self._finished(job_id, done))

    def render_missing_pages(self, share: int = PAGES_PER_SHARE) -> None:
        """Render ahead, in the worker, the pages of every story that has none kept (a store
        built by ``newsloom add`` or an older version), the most recently updated first, a
        share of ``share`` pages at a time: a job posted meanwhile waits for one share at most,
        never for the whole store."""
        from newsloom.service.pages import PageShelf, missing_pages, shelf_path

        path = shelf_path(self.store.url)
        if path is None:
            return
        shelf = PageShelf(path)
        try:
            missing = missing_pages(self.store, shelf)
        finally:
            shelf.close()
        shares = [missing[k : k + share] for k in range(0, len(missing), share)]

        def next_share(_done: Future[Any] | None = None) -> None:
            with self._lock:
                if self._pool is None and _done is not None:  # closed meanwhile
                    return
            if not shares:
                return
            try:
                future = self._executor().submit(render_pages, self.store.url, shares.pop(0))
            except RuntimeError:  # the pool is shutting down
                return
            future.add_done_callback(next_share)

        next_share()

    def run_recorded(self) -> list[str]:
        """Start the jobs recorded for this queue that it has not started (those server
        processes recorded: :class:`RecordedJobs`), oldest first. Returns their ids."""
        taken = []
        with self._lock:
            started = set(self._started)
        for job_id, inputs, cleanup in self.book.queued(self.identity, started):
            with self._lock:
                if job_id in self._started:
                    continue
                self._started.add(job_id)
            self._run(job_id, inputs, cleanup)
            taken.append(job_id)
        return taken

    def watch(self, interval: float = WATCH_INTERVAL) -> None:
        """Look for recorded jobs every ``interval`` seconds and run them, until :meth:`close`."""
        stop = threading.Event()

        def look() -> None:
            while not stop.wait(interval):
                try:
                    self.run_recorded()
                except Exception:  # the record is busy or the pool restarting: look again
                    continue

        with self._lock:
            if self._watching is not None:
                return
            self._watching = stop
            self._watcher = threading.Thread(target=look, name="newsloom-job-watch", daemon=True)
            self._watcher.start()

    def stop_watching(self) -> None:
        """Stop looking for recorded jobs (those already started still run)."""
        with self._lock:
            stop, watcher = self._watching, self._watcher
            self._watching = self._watcher = None
        if stop is not None and watcher is not None:
            stop.set()
            watcher.join()

    def _finished(self, job_id: str, future: Future[Any]) -> None:
        try:
            self._record_failure(job_id, future)
        finally:
            # Forgotten only once the record no longer says "queued": a recorded job is never
            # picked up again.
            with self._lock:
                self._pending.discard(future)
                self._started.discard(job_id)

    def _record_failure(self, job_id: str, future: Future[Any]) -> None:
        failure = future.exception() if not future.cancelled() else None
        if failure is None:
            return
        # The worker process died (killed, out of memory) or could not record the outcome: the
        # job cannot say so itself. The next job starts a new worker.
        with self._lock:
            if isinstance(failure, BrokenProcessPool):
                self._pool = None
        stored = self.book.get(job_id)
        if stored is not None and stored.status in ("queued", "running"):
            self.book.update(job_id, "failed", message=f"the add worker failed: {failure!r}")

    def get(self, job_id: str) -> Job | None:
        """A job's state, or None when no such job was recorded."""
        return self.book.get(job_id)

    def wait_idle(self, timeout: float = 120.0) -> None:
        """Block until every job queued so far has finished (tests, shutdown)."""
        with self._lock:
            pending = list(self._pending)
        wait(pending, timeout=timeout)

    def shutdown(self) -> None:
        """Finish the queued jobs (the worker process stays for later jobs: an app's lifespan may
        end and begin again in one process, as test clients run it per request)."""
        self.wait_idle()

    def close(self) -> None:
        """Stop watching, finish the queued jobs and stop the worker process (a later job starts
        a new one)."""
        self.stop_watching()
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=False)
        self.book.close()


class RecordedJobs:
    """The jobs of one server process among several: each is recorded for ``runner`` (the
    :attr:`JobQueue.identity` of the process that runs every server process's jobs, in its one
    worker) and read back from the record, wherever it was posted. The same face as
    :class:`JobQueue` for the routes."""

    def __init__(self, store: Store, runner: str) -> None:
        self.store = store
        self.runner = runner
        self.book = JobBook(store)
        self._lock = threading.Lock()
        self._mine: set[str] = set()

    def submit(self, inputs: list[str], cleanup: Path | None = None) -> Job:
        """Record an add of ``inputs`` for the runner; ``cleanup`` is removed once it has run."""
        job_id = uuid.uuid4().hex
        self.book.create(job_id, inputs, self.runner, cleanup=str(cleanup) if cleanup else None)
        with self._lock:
            self._mine.add(job_id)
        return Job(id=job_id)

    def get(self, job_id: str) -> Job | None:
        """A job's state as recorded (posted to this process or another), or None."""
        return self.book.get(job_id)

    def wait_idle(self, timeout: float = 120.0) -> None:
        """Block until every job this process recorded has finished, or ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                mine = list(self._mine)
            unfinished = [
                j
                for j in mine
                if (job := self.book.get(j)) is not None and job.status in ("queued", "running")
            ]
            with self._lock:
                self._mine.intersection_update(unfinished)
            if not unfinished:
                return
            time.sleep(0.05)

    def shutdown(self) -> None:
        """Nothing to finish here: the runner runs the jobs (and finishes them when it stops)."""

    def close(self) -> None:
        """Release the record's connections."""
        self.book.close()


def spool(name: str, data: bytes) -> tuple[Path, Path]:
    """Write an upload to a fresh temporary folder: (the file, the folder to remove after)."""
    folder = Path(tempfile.mkdtemp(prefix="newsloom-upload-"))
    path = folder / name
    path.write_bytes(data)
    return path, folder
