"""No regular expression of newsloom backtracks catastrophically on text built to make it.

Every pattern compiled at module level in ``newsloom`` (the ones that run on article text) is
searched, matched and iterated over adversarial strings: long runs of the characters that
patterns repeat (capitalised words, spaces, quotation marks, digits and separators, dots,
hyphens, tags) with a tail that makes the match fail, the classic shape of exponential
backtracking. A catastrophic pattern takes hours on 2,000 characters; a linear one takes
microseconds; a CPU-time budget of several seconds per pattern tells them apart on any machine.
The per-article stages, with their inline patterns, get the same strings in
``test_pathological_text.py``.
"""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest

import newsloom
from newsloom.runners.budget import BudgetExceeded, enforceable, time_budget

pytestmark = pytest.mark.skipif(not enforceable(), reason="needs SIGPROF on the main thread")

N = 2_000
UNITS = [
    "A",
    "a",
    " ",
    "Aa ",
    "Aa-",
    "A. ",
    "Mr. ",
    "a.",
    "1,",
    "1.",
    "12 ",
    "'",
    '"',
    "“",
    "”",
    "’",
    "\n",
    "\n\n",
    "- ",
    "<a>",
    "<!--",
    "a, ",
    "The ",
    "Aa of ",
    "x|",
    "_",
    "é",
]
TAILS = ["", "!", "\x00", "a", "1", " ", "\n"]
ADVERSARIAL = [(unit * (N // len(unit)))[:N] + tail for unit in UNITS for tail in TAILS]


def _module_patterns() -> list[tuple[str, re.Pattern[str]]]:
    found: dict[int, tuple[str, re.Pattern[str]]] = {}
    for info in pkgutil.walk_packages(newsloom.__path__, "newsloom."):
        # Alembic's migration scripts run only inside a migration (they read alembic's context),
        # and hold no pattern that sees article text.
        if ".service" in info.name or ".migrations" in info.name or info.name.endswith("__main__"):
            continue
        try:
            module = importlib.import_module(info.name)
        except ImportError:  # an optional extra that is not installed
            continue
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                found.setdefault(id(value), (f"{info.name}.{name}", value))
    return sorted(found.values(), key=lambda x: x[0])


PATTERNS = _module_patterns()


def test_the_audit_sees_the_patterns() -> None:
    assert len(PATTERNS) > 100


@pytest.mark.parametrize(("name", "pattern"), PATTERNS, ids=[n for n, _ in PATTERNS])
def test_pattern_is_linear_enough_on_adversarial_text(name: str, pattern: re.Pattern[str]) -> None:
    try:
        with time_budget(5):
            for text in ADVERSARIAL:
                pattern.search(text)
                pattern.match(text)
                for _ in pattern.finditer(text):
                    pass
    except BudgetExceeded:
        pytest.fail(f"{name} ({pattern.pattern[:80]!r}) backtracks on adversarial text")
