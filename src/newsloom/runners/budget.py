"""A time budget for one article's cleaning and reading, so that one runaway page cannot stall a
batch: the work is interrupted when the budget runs out and the article becomes an error entry.

The watchdog is a CPU-time timer (``signal.setitimer(ITIMER_PROF)``, delivering ``SIGPROF``)
in the process doing the work: a worker process of the pool, or this process with
``workers=1``. CPU time, not wall time: on a machine busy with other jobs an article gets the
same budget, so whether it is left out, and with it the report, does not depend on the load. It was chosen over a watchdog
subprocess per article because it costs nothing when the budget is not reached (a subprocess
would copy every article across a process boundary once more) and it works the same with any
number of workers. Python runs the handler between bytecodes, and the regular-expression engine
checks for signals while it matches, so pure-Python loops and regex searches are both
interrupted; a single call into C that never checks (one huge lxml parse) finishes first.

Where ``SIGPROF`` cannot be used (Windows, or ``analyze()`` called from a thread other than the
main thread, as in a web server) the budget is not enforced; ``enforceable()`` says so.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class BudgetExceeded(BaseException):
    """Raised inside the work when its time budget runs out.

    A ``BaseException``, like ``KeyboardInterrupt``: an ``except Exception`` inside a stage
    (an extractor's own boundary) must not swallow it and carry on with the runaway work.
    """


def enforceable() -> bool:
    """Whether a time budget can be enforced here (``SIGPROF`` exists, on the main thread)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise ``BudgetExceeded`` in the ``with`` body once this process has spent ``seconds`` of
    CPU time in it.

    ``seconds <= 0``, or a place where the budget is not ``enforceable()``, runs the body
    without a limit. Budgets do not nest: an inner one replaces the outer one until it ends.

    >>> with time_budget(5):
    ...     total = sum(range(1000))
    """
    if seconds <= 0 or not enforceable():
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise BudgetExceeded(seconds)

    previous = signal.signal(signal.SIGPROF, expire)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
