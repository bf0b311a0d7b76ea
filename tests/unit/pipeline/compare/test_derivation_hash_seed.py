"""The sentence similarities behind derivation do not depend on the process's string hash seed.

A sentence's content words are a frozenset; the TF-IDF columns were numbered in its iteration
order, which changes with PYTHONHASHSEED. The cosines are float32 sums over the columns, so a
different column order changed their last bits, and a score rounded to three places at a
boundary (0.2605) came out 0.26 in one process and 0.261 in another: the local engine's
workers run with random seeds, Spark's Python workers with seed 0.
"""

from __future__ import annotations

import os
import subprocess
import sys

_SCRIPT = r"""
import hashlib
from newsloom.model import Article
from newsloom.pipeline.compare.derivation import _tfidf_rows, measure_story
from newsloom.pipeline.compare.sentences import article_sentences

texts = [
    "Harbour engineers in Lindqvist Bay reported on Tuesday that the eastern breakwater had "
    "cracked after weeks of winter storms, and the port authority closed two berths, diverted "
    "ferry traffic towards the northern quay, postponed the regatta and asked fishermen, "
    "divers, kayakers and tourists to keep away from the damaged granite blocks.",
    "The port authority of Lindqvist Bay closed two berths on Tuesday after engineers found "
    "that winter storms had cracked the eastern breakwater; ferries were diverted to the "
    "northern quay, the regatta was postponed, and fishermen and tourists were told to keep "
    "away from the granite blocks while divers inspect the damage.",
    "Inspectors said repairs to the breakwater would cost about four million crowns and take "
    "until late spring, while the harbour master warned that shipping schedules, fish auctions "
    "and the summer ferry timetable could all be disrupted for months.",
]
articles = [Article(id=f"x{i}", source=f"outlet{i}", text=t) for i, t in enumerate(texts)]
flat = [s for a in articles for s in article_sentences(a)]
lex = _tfidf_rows(flat)
print(hashlib.sha256((lex @ lex.T).tobytes()).hexdigest())
measures = measure_story(articles, None)
print([(i, j, [(m.kind, m.score) for m in pm.matches]) for i, j, pm in measures.pairs])
"""


def _run(seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def test_sentence_cosines_are_bit_identical_whatever_the_hash_seed() -> None:
    outputs = {_run(seed) for seed in ("0", "1", "2", "3", "4", "5")}
    assert len(outputs) == 1, outputs
