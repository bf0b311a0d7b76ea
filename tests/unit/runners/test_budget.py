"""The time budget interrupts runaway work and leaves everything else alone."""

from __future__ import annotations

import signal
import threading
import time

import pytest

from newsloom.runners.budget import BudgetExceeded, enforceable, time_budget

pytestmark = pytest.mark.skipif(not enforceable(), reason="needs SIGPROF on the main thread")


def test_work_that_overruns_is_interrupted() -> None:
    started = time.monotonic()
    with pytest.raises(BudgetExceeded), time_budget(0.2):
        while True:
            pass
    assert time.monotonic() - started < 5


def test_a_broad_except_inside_the_work_does_not_swallow_it() -> None:
    with pytest.raises(BudgetExceeded), time_budget(0.2):
        while True:
            try:
                sum(range(10_000))
            except Exception:  # an extractor's own boundary
                continue


def test_time_spent_waiting_is_not_counted() -> None:
    # CPU time: a loaded machine (or a wait) does not use up an article's budget.
    with time_budget(0.2):
        time.sleep(0.5)


def test_work_within_budget_runs_and_the_timer_is_cleared() -> None:
    previous = signal.getsignal(signal.SIGPROF)
    with time_budget(5):
        total = sum(range(1000))
    assert total == 499500
    assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGPROF) is previous


def test_zero_means_no_limit() -> None:
    with time_budget(0):
        sum(range(100_000))
    assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)


def test_off_the_main_thread_the_work_runs_without_a_limit() -> None:
    seen: list[bool] = []

    def work() -> None:
        seen.append(enforceable())
        with time_budget(0.01):
            sum(range(3_000_000))
        seen.append(True)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert seen == [False, True]
