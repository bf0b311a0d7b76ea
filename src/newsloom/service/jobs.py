"""Background jobs: adding articles runs on one worker thread, and the client polls the job.

Writes to a store are serialised anyway (one write lock), so one worker adds as fast as many
would and keeps requests from piling up threads. Jobs live in memory: a restarted server
forgets them, but what they added is in the store.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from newsloom.runners.incremental import AddResult

JobStatus = Literal["queued", "running", "done", "failed"]
# Finished jobs kept for polling; the oldest are forgotten first.
MAX_JOBS = 10_000


@dataclass
class Job:
    """One add request: its state, then what it did."""

    id: str
    status: JobStatus = "queued"
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    finished_at: datetime | None = None
    added: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)
    changed_stories: list[str] = field(default_factory=list)
    message: str | None = None


class JobQueue:
    """Runs add jobs one at a time on a worker thread."""

    def __init__(self) -> None:
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None

    def _executor(self) -> ThreadPoolExecutor:
        # Started on first use, and again after a shutdown: an app's lifespan may end and begin
        # again in one process (test clients run it per request).
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsloom-add")
            return self._pool

    def submit(self, work: Callable[[], AddResult], cleanup: Path | None = None) -> Job:
        """Queue ``work`` (an add); ``cleanup`` is a temporary folder removed after it."""
        job = Job(id=uuid.uuid4().hex)
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > MAX_JOBS:
                self._jobs.popitem(last=False)
        self._executor().submit(self._run, job, work, cleanup)
        return job

    def _run(self, job: Job, work: Callable[[], AddResult], cleanup: Path | None) -> None:
        job.status = "running"
        try:
            result = work()
        except Exception as exc:  # a job reports its failure; the worker lives on
            job.message = f"{type(exc).__name__}: {exc}"
            job.status = "failed"
        else:
            job.added = list(result.added)
            job.duplicates = [d.id for d in result.duplicates]
            job.errors = [{"input": p.path, "message": p.message} for p in result.errors]
            job.changed_stories = list(result.changed_stories)
            job.status = "done"
        finally:
            job.finished_at = datetime.now(UTC)
            if cleanup is not None:
                shutil.rmtree(cleanup, ignore_errors=True)

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def wait_idle(self, timeout: float = 60.0) -> None:
        """Block until every queued job has finished (tests, shutdown)."""
        done = threading.Event()
        self._executor().submit(done.set)
        done.wait(timeout)

    def shutdown(self) -> None:
        """Finish the queued jobs and stop the worker (a later job starts a new one)."""
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
