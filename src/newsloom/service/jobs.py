"""Background jobs: adding articles runs in a worker process, and the client polls the job.

The worker is a separate process, so that cleaning, reading and cross-checking (CPU-bound
Python) never hold the server's interpreter lock while pages are being served. Writes to a
store are serialised anyway (one write lock), so one worker adds as fast as many would.

Jobs are kept in the store (the ``jobs`` table): a restarted server still answers for them,
and marks those the previous server process queued or ran but never finished as failed, with a
message saying it was interrupted (what they had stored before is kept).
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
from concurrent.futures import Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from newsloom.config import AnalyzeConfig
from newsloom.storage import Store
from newsloom.storage.repository import StoredJob

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


def _job(stored: StoredJob) -> Job:
    result = stored.result or {}
    return Job(
        id=stored.id,
        status=stored.status,  # type: ignore[arg-type]
        added=list(result.get("added", [])),
        duplicates=list(result.get("duplicates", [])),
        errors=list(result.get("errors", [])),
        changed_stories=list(result.get("changed_stories", [])),
        message=stored.message,
    )


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

_STORES: dict[str, Store] = {}
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
    _exit_with_parent(parent)


def _exit_with_parent(parent: int) -> None:
    """Start a watch that ends the worker when the server process is gone (killed with
    SIGKILL, it cannot stop its worker): a job in flight is rolled back by the database, as a
    killed ``add`` is, and a later server marks it interrupted."""

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

    store = _STORES.get(db_url)
    if store is None:
        store = _STORES[db_url] = Store(db_url)
    try:
        store.update_job(job_id, "running")
        try:
            with guarded_client(allow_private=allow_private_urls) as client:
                result = add_to_store(store, inputs, config, fetcher=Fetcher(client))
        except Exception as exc:  # a job reports its failure; the worker lives on
            store.update_job(job_id, "failed", message=f"{type(exc).__name__}: {exc}")
            return
        store.update_job(
            job_id,
            "done",
            result={
                "added": list(result.added),
                "duplicates": [d.id for d in result.duplicates],
                "errors": [{"input": p.path, "message": p.message} for p in result.errors],
                "changed_stories": list(result.changed_stories),
            },
        )
    finally:
        if cleanup is not None:
            shutil.rmtree(cleanup, ignore_errors=True)


# --- in the server process ---------------------------------------------------------------------


class JobQueue:
    """Runs add jobs one at a time in a worker process; their state lives in the store."""

    def __init__(self, store: Store, config: AnalyzeConfig, *, allow_private_urls: bool = False) -> None:
        self.store = store
        self.config = config
        self.allow_private_urls = allow_private_urls
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        self._pending: set[Future[Any]] = set()
        store.interrupt_jobs(process_gone)

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
        self.store.create_job(job_id, inputs, _PROCESS)
        future = self._executor().submit(
            run_add_job,
            self.store.url,
            job_id,
            inputs,
            self.config,
            str(cleanup) if cleanup else None,
            self.allow_private_urls,
        )
        with self._lock:
            self._pending.add(future)
        future.add_done_callback(lambda done: self._finished(job_id, done))
        return Job(id=job_id)

    def _finished(self, job_id: str, future: Future[Any]) -> None:
        with self._lock:
            self._pending.discard(future)
        failure = future.exception() if not future.cancelled() else None
        if failure is None:
            return
        # The worker process died (killed, out of memory) or could not record the outcome: the
        # job cannot say so itself. The next job starts a new worker.
        with self._lock:
            if isinstance(failure, BrokenProcessPool):
                self._pool = None
        stored = self.store.job(job_id)
        if stored is not None and stored.status in ("queued", "running"):
            self.store.update_job(job_id, "failed", message=f"the add worker failed: {failure!r}")

    def get(self, job_id: str) -> Job | None:
        """A job's state, or None when the store has no such job."""
        stored = self.store.job(job_id)
        return _job(stored) if stored is not None else None

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
        """Finish the queued jobs and stop the worker process (a later job starts a new one)."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=False)


def spool(name: str, data: bytes) -> tuple[Path, Path]:
    """Write an upload to a fresh temporary folder: (the file, the folder to remove after)."""
    folder = Path(tempfile.mkdtemp(prefix="newsloom-upload-"))
    path = folder / name
    path.write_bytes(data)
    return path, folder
