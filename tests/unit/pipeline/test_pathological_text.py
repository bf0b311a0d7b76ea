"""Reading stays linear on text built to be slow: each shape below took minutes before (the
issue's 1 MB of one-word lines and 175 KB of quotation marks and digits), at a few percent of
their size here. Each is held to a CPU-time budget many times what the linear code needs, and
many times less than what the quadratic code took; the budget is CPU time, so a busy machine
does not make the test fail."""

from __future__ import annotations

import random

import pytest

from newsloom.config import AnalyzeConfig
from newsloom.model import Article
from newsloom.pipeline.clean import clean_article
from newsloom.pipeline.read import read_article
from newsloom.runners.budget import BudgetExceeded, enforceable, time_budget

pytestmark = pytest.mark.skipif(not enforceable(), reason="needs SIGPROF on the main thread")
RULES = AnalyzeConfig(nlp="rules")
rng = random.Random(3)
WORDS = ["harbour", "ferry", "storm", "council", "Lindqvist", "said", "1,200"]
MARKS = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb0123456789 "

SHAPES = {
    # 40,000 one-word lines: every paragraph looked at every sentence (quadratic).
    "one-word lines": "\n".join(rng.choice(WORDS) for _ in range(40_000)),
    # Quotation marks and digits with no full stop: one sentence of thousands of quotations and
    # figures, each of which re-read the whole sentence.
    "quotes and digits": "".join(rng.choice(MARKS) for _ in range(40_000)),
    # Thousands of quotations in one paragraph, each with a speaker cue.
    "quoted paragraph": " ".join(f"“Ferry {i} is back,” Lindqvist said, and" for i in range(2_000)),
    # Thousands of figures in one sentence.
    "figures": "The council counted " + ", ".join(f"{i} ferries" for i in range(5_000)) + ".",
}


@pytest.mark.parametrize("name", SHAPES)
def test_reading_is_linear_on_pathological_text(name: str) -> None:
    article = Article(id="x", source="x.txt", raw=SHAPES[name], raw_text=SHAPES[name])
    try:
        with time_budget(20):
            read_article(clean_article(article), RULES)
    except BudgetExceeded:
        pytest.fail(f"reading {name!r} took over 20 s of CPU time")
