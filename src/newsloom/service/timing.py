"""Where a request's time goes, told in its ``Server-Timing`` header.

Every answer carries ``app;dur=...`` (the app's time until the answer started). A route may add
spans of its own (:func:`span`): each is reported with its wall time and, as ``<name>-cpu``, the
CPU time its thread used meanwhile, so a reader of the header (a browser's developer tools, the
load bench) sees whether a slow part computed or waited (for the CPU, the interpreter lock, a
database lock, the disk). ``queue`` is how long a route run on a worker thread waited to start
after the request reached the app.

The spans of a request live in a context variable set for it by the app's middleware: a route
run on a worker thread sees it too (the thread runs in a copy of the request's context).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass
class RequestTimings:
    """The spans of one request: (name, wall ms, CPU ms or None), in the order they ended."""

    started: float = field(default_factory=time.perf_counter)
    spans: list[tuple[str, float, float | None]] = field(default_factory=list)

    def header(self, app_ms: float) -> str:
        """The ``Server-Timing`` value: ``app`` first, then each span and its CPU time.

        >>> RequestTimings(spans=[("load", 3.25, 1.0)]).header(5.0)
        'app;dur=5.0, load;dur=3.2, load-cpu;dur=1.0'
        """
        parts = [f"app;dur={app_ms:.1f}"]
        for name, wall, cpu in self.spans:
            parts.append(f"{name};dur={wall:.1f}")
            if cpu is not None:
                parts.append(f"{name}-cpu;dur={cpu:.1f}")
        return ", ".join(parts)


_CURRENT: ContextVar[RequestTimings | None] = ContextVar("newsloom_request_timings", default=None)


def begin_request() -> RequestTimings:
    """Start recording the spans of the request being handled (the middleware calls this)."""
    timings = RequestTimings()
    _CURRENT.set(timings)
    return timings


def mark_queue() -> None:
    """Record how long the request waited between reaching the app and this call (a route on a
    worker thread calls it first: the wait for a thread and for the interpreter lock)."""
    timings = _CURRENT.get()
    if timings is not None:
        timings.spans.append(("queue", (time.perf_counter() - timings.started) * 1000, None))


@contextmanager
def span(name: str) -> Iterator[None]:
    """Time the block as span ``name`` of the current request: its wall time and the CPU time
    of this thread meanwhile (nothing is recorded outside a request)."""
    timings = _CURRENT.get()
    if timings is None:
        yield
        return
    wall, cpu = time.perf_counter(), time.thread_time()
    try:
        yield
    finally:
        timings.spans.append((name, (time.perf_counter() - wall) * 1000, (time.thread_time() - cpu) * 1000))
