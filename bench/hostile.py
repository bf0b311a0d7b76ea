"""Hostile inputs and memory: the hostile corpus through the CLI, and peak memory against the
size of a JSONL input.

1. ``tests/hostile/generate.py`` writes the hostile corpus (binary, truncated gzip and WARC, a
   gzip bomb, UTF-16 without a BOM, 200,000 one-word lines, HTML nested 100,000 deep, 10,000
   tables, a 10 MB JSONL line, ...); ``newsloom analyze`` runs on all of it with the default
   settings. Printed: wall and CPU time of the whole run, its peak memory, the exit code, and
   how many inputs were analysed, reported as errors (by kind) or unaccounted for.
2. JSONL files of N/4, N/2 and N short fictional articles (N = 20,000, or
   ``NEWSLOOM_BENCH_MEMORY_N``, e.g. 200000; 2,000 with --quick), each analysed by the CLI
   (rule-based reader, lexical alignment, JSON only). The articles tell fictional events of 1-12
   articles each (a wire text, copies under other datelines, rewrites, an independent report),
   about 100 events a day in publication order, each with its own names: as in a real crawl,
   stories do not grow with N. Printed: peak memory of each run and its slope per article over
   the sizes above 5,000 (below, story clustering holds an n x n matrix). With JSON alone the CLI writes report.json as the analysis goes
   (``analyze_to_json``): read articles wait for their story, and analysed articles, stories
   and threads wait for the report, in temporary files; what grows in memory is what story
   clustering keeps (an id per article, the online index's centroids and postings).

Times are printed, never asserted; the machine's load shows in wall time, not in CPU time.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from tests.hostile.generate import generate

from newsloom.pipeline.compare.cluster import MAX_BATCH_MATRIX

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-c", "from newsloom.cli import main; main()", "analyze"]


def _run(args: list[str]) -> tuple[int, float, float, float]:
    """Exit code, wall seconds, CPU seconds and peak RSS (MB) of one CLI run in a child.

    ``os.wait4`` gives that child's own figures (its worker processes included), where
    ``RUSAGE_CHILDREN`` would give the largest of every child so far and hide a smaller run.
    """
    t0 = time.perf_counter()
    child = subprocess.Popen(CLI + args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t0
    # ru_maxrss is in KB on Linux: the largest of the child and the workers it waited for
    return child.returncode, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def _hostile(work: Path) -> None:
    corpus = work / "hostile"
    expected = generate(corpus)
    code, wall, cpu, rss = _run([str(corpus), "--out", str(work / "out"), "--format", "json,md,html"])
    report = json.loads((work / "out" / "report.json").read_text(encoding="utf-8"))
    prefix = str(corpus) + "/"
    analysed = {a["source"].removeprefix(prefix) for a in report["articles"]}
    # an exact copy of an analysed input is listed under exact_duplicates, not dropped
    duplicates = {d["source"].removeprefix(prefix) for d in report["exact_duplicates"]}
    errors = {e["path"].removeprefix(prefix) for e in report["errors"]}
    kinds = Counter(e["kind"] for e in report["errors"])
    missing = [n for n in expected if n not in analysed | duplicates and n not in errors]
    print(f"hostile corpus: {len(expected)} inputs, exit code {code}")
    print(
        f"  analysed {len(report['articles'])}, exact duplicates {len(duplicates)}, errors {len(report['errors'])} ({dict(sorted(kinds.items()))})"
    )
    print(f"  unaccounted for: {len(missing)} {missing if missing else ''}")
    print(
        f"  whole run: {wall:.1f} s wall, {cpu:.1f} s CPU, peak memory {rss:.0f} MB (target: under 2 minutes)"
    )


_SYLLABLES = [
    "ka", "lor", "ven", "mi", "tas", "bro", "del", "un", "sar", "pe", "quo", "rin", "ta", "gal", "os",
    "e", "dru", "fen", "hal", "ix", "jo", "mur", "ne", "pim", "ruk", "sel", "tov", "wy", "zan", "ber",
]  # fmt: skip
_THINGS = ["ferry", "bridge", "library", "school", "tram line", "harbour wall", "museum", "clinic", "dam"]
_SITES = ["Daily Lantern", "North Courier", "Valley Post", "Wire Service", "Evening Ledger", "Coast Herald"]
_SAID = ["said", "told reporters", "said on Wednesday", "confirmed"]


def _name(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(parts)).capitalize()


def _event_articles(rng: random.Random, event: int) -> list[dict[str, str]]:
    """The articles of one fictional event: a wire text, copies of it under other datelines (one
    in ten changes a figure), rewrites and an independent report. Every sentence carries the
    event's own names, so texts of different events share template words, not passages."""
    # four syllables of 30: names of two events rarely coincide (as in a real crawl)
    town, official, thing = _name(rng, 4), f"{_name(rng, 3)} {_name(rng, 4)}", rng.choice(_THINGS)
    firm, river, street = f"{_name(rng, 4)} Works", _name(rng, 4), f"{_name(rng, 4)} Street"
    # wide ranges: a figure shared by two events of one day is rare, as in a real crawl
    weeks, cost, people = rng.randint(2, 600), rng.randint(1, 9000), rng.randint(20, 40000)
    day = f"2025-{1 + event // 2800 % 12:02d}-{1 + event // 100 % 28:02d}"
    title = f"{town} {thing} reopens after {weeks} weeks"
    wire = (
        f"The {thing} on {street} in {town} reopened on Tuesday after {weeks} weeks of work by "
        f"{firm} costing {cost},000 euros. "
        f'"We kept our promise to the {people} people of {town} who use it every day," mayor '
        f"{official} {rng.choice(_SAID)}. {firm} began work after the {river} flooded {street} last "
        f"year."
    )
    rewrite = (
        f"Mayor {official} marked the reopening of {town}'s {thing} on Tuesday. {firm}'s repairs "
        f"on {street} took {weeks} weeks and cost {cost},000 euros, the council said. {official} "
        f'said {town} had "kept our promise to the {people} people of {town} who use it every day".'
    )
    own = (
        f"Residents of {town} crossed the {thing} on {street} again on Tuesday. Shopkeepers near "
        f"the {river} said trade had fallen while it was shut. The council put {firm}'s bill at "
        f"about {cost},000 euros; {official} thanked the crews."
    )
    texts = [(title, wire)]
    for _ in range(rng.randint(0, 11)):
        shape = rng.random()
        if shape < 0.5:
            body = wire if rng.random() < 0.9 else wire.replace(f"{weeks} weeks", f"{weeks + 1} weeks")
            texts.append((title, f"{town.upper()} ({rng.choice(_SITES)}) - {body}"))
        elif shape < 0.85:
            texts.append((f"{thing.capitalize()} back in use in {town}", rewrite))
        else:
            texts.append((f"Relief in {town} as {thing} reopens", own))
    return [{"title": t, "text": body, "site": rng.choice(_SITES), "published": day} for t, body in texts]


def _jsonl(path: Path, n: int) -> tuple[int, int]:
    """``n`` articles of fictional events of 1-12 articles each (so stories do not grow with
    ``n``, as in a real crawl), in publication order; returns (events, largest event)."""
    rng = random.Random(n)
    written = events = largest = 0
    with path.open("w", encoding="utf-8") as fh:
        while written < n:
            articles = _event_articles(rng, events)[: n - written]
            events, largest = events + 1, max(largest, len(articles))
            for article in articles:
                article["id"] = f"a{written}"
                fh.write(json.dumps(article) + "\n")
                written += 1
    return events, largest


def _memory(work: Path, quick: bool) -> None:
    largest = 2_000 if quick else int(os.environ.get("NEWSLOOM_BENCH_MEMORY_N", "20000"))
    sizes = [largest // 4, largest // 2, largest]
    print("peak memory against input size (JSONL, rule-based reader, lexical alignment, JSON only):")
    rows = []
    for size in sizes:
        path = work / f"corpus-{size}.jsonl"
        events, largest = _jsonl(path, size)
        args = [str(path), "--out", str(work / f"m{size}"), "--format", "json", "--nlp", "rules"]
        code, wall, cpu, rss = _run([*args, "--embeddings", "lexical"])
        mb = path.stat().st_size / 1e6
        rows.append((size, rss))
        print(
            f"  {size:>7} articles ({mb:.1f} MB, {events:,} events of 1-{largest} articles): peak "
            f"{rss:.0f} MB, {cpu:.0f} s CPU, {wall:.0f} s wall, exit {code}",
            flush=True,
        )
        path.unlink()
        shutil.rmtree(work / f"m{size}", ignore_errors=True)
    # Up to MAX_BATCH_MATRIX articles, story clustering holds an n x n similarity matrix (128 MB
    # at 4,000 articles); beyond it, an index. The slope is taken where it applies to growth.
    online = [(n, r) for n, r in rows if n > MAX_BATCH_MATRIX]
    if len(online) >= 2:
        rows = online
        print(f"  (slope over the sizes above {MAX_BATCH_MATRIX:,} articles, clustered by the index)")
    # least-squares slope of peak memory over the sizes
    mean_n = sum(n for n, _ in rows) / len(rows)
    mean_r = sum(r for _, r in rows) / len(rows)
    slope = sum((n - mean_n) * (r - mean_r) for n, r in rows) / sum((n - mean_n) ** 2 for n, _ in rows)
    print(f"  slope: {slope * 1024:.1f} KB of peak memory per added article")


def run(shared: Path, quick: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        _hostile(work)
        _memory(work, quick)
