"""Hostile inputs and memory: the hostile corpus through the CLI, and peak memory against the
size of a JSONL input.

1. ``tests/hostile/generate.py`` writes the hostile corpus (binary, truncated gzip and WARC, a
   gzip bomb, UTF-16 without a BOM, 200,000 one-word lines, HTML nested 100,000 deep, 10,000
   tables, a 10 MB JSONL line, ...); ``newsloom analyze`` runs on all of it with the default
   settings. Printed: wall and CPU time of the whole run, its peak memory, the exit code, and
   how many inputs were analysed, reported as errors (by kind) or unaccounted for.
2. JSONL files of N/4, N/2 and N short fictional articles (N = 20,000, or
   ``NEWSLOOM_BENCH_MEMORY_N``, e.g. 200000; 2,000 with --quick), each analysed by the CLI
   (rule-based reader, lexical alignment, JSON only). Printed: peak memory of each run and its
   slope per article over the sizes above 5,000 (below, story clustering holds an n x n
   matrix). With JSON alone the CLI writes report.json as the analysis goes
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


def _jsonl(path: Path, n: int) -> None:
    rng = random.Random(n)
    towns = ["Harwick", "Brenn", "Tessa", "Oldport", "Marrow", "Keel", "Ashby", "Lune"]
    things = ["ferry", "bridge", "library", "school", "tram line", "harbour wall", "museum"]
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            town, thing = rng.choice(towns), rng.choice(things)
            text = (
                f"{town} {thing} {i} reopens\n\n"
                f"The {thing} in {town} reopened on Tuesday after {rng.randint(2, 30)} weeks of work "
                f"costing {rng.randint(1, 900)},000 euros, council official number {i} said.\n"
            )
            fh.write(json.dumps({"id": f"a{i}", "text": text}) + "\n")


def _memory(work: Path, quick: bool) -> None:
    largest = 2_000 if quick else int(os.environ.get("NEWSLOOM_BENCH_MEMORY_N", "20000"))
    sizes = [largest // 4, largest // 2, largest]
    print("peak memory against input size (JSONL, rule-based reader, lexical alignment, JSON only):")
    rows = []
    for size in sizes:
        path = work / f"corpus-{size}.jsonl"
        _jsonl(path, size)
        args = [str(path), "--out", str(work / f"m{size}"), "--format", "json", "--nlp", "rules"]
        code, wall, cpu, rss = _run([*args, "--embeddings", "lexical"])
        mb = path.stat().st_size / 1e6
        rows.append((size, rss))
        print(
            f"  {size:>7} articles ({mb:.1f} MB): peak {rss:.0f} MB, {cpu:.0f} s CPU, {wall:.0f} s wall, "
            f"exit {code}",
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
