"""Corpus mode: the local engine and the Spark engine (local[2]) side by side, and near-duplicate
detection on Spark against ``newsloom dedup`` on the same generated documents.

1. Engines. A corpus of the bench corpora's texts (realnews, the ECB+ dev articles, the
   boilerplate gold texts: about 1,500) plus generated events reported 1-8 times each (see
   :func:`build_corpus`), written as JSONL shards, goes through ``newsloom corpus --engine
   local`` and ``--engine spark`` (rule-based reader, lexical alignment: the neural models
   would dominate both), each in a child process. Printed per engine: wall time, articles/s, the CPU time of the engine's whole process tree
   (driver, JVM, Python workers; sampled) per article, which is the per-core figure that holds
   on a loaded machine, and the tree's peak memory; then whether the two outputs have the same
   tables, and every difference (table, rows only on one side, the first few of them; story
   reports by story id). 100,000 articles in the full run, 300 with --quick.
2. Near-duplicates. Short generated documents (bench/dedup.py's generator: every 20th an edited
   copy of a recent one) in JSONL shards: ``dedup_paths`` (what ``newsloom dedup`` runs) against
   the Spark plan (ingest per shard, MinHash LSH as joins). Printed: documents/s of both, their
   ratio, and whether the groups (survivor and members) are the same. 1,000,000 documents in the
   full run, 50,000 with --quick. The Spark time starts once the session is up (its start-up,
   printed apart, is paid once per application) and includes the first job's Python workers.

``NEWSLOOM_BENCH_CORPUS=N[,N...]`` runs only part 1, at those sizes: 5000 is the equivalence
sample (one block on Spark, so the engines must agree byte for byte), the largest size that fits
a run is the scale measurement. ``NEWSLOOM_BENCH_NEAR_DUP=N[,N...]`` runs only part 2.
``NEWSLOOM_BENCH_WORK=DIR`` keeps the corpora, outputs and each engine's stderr log
(``out-<engine>.stderr.log``, whose tail is printed when an engine fails) in DIR instead of a
temporary folder, and reuses a corpus already built there; ``NEWSLOOM_BENCH_ENGINES=spark`` runs
one engine; ``NEWSLOOM_BENCH_MAX_MB=8000`` kills an engine whose processes hold more memory.
"""

from __future__ import annotations

import functools
import itertools
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from bench.dedup import _short_docs

SHARDS = 8


def _edited(text: str, rng: np.random.Generator, donor: list[str]) -> str:
    ws = text.split()
    for i in range(len(ws)):
        if rng.random() < rng.uniform(0, 0.08):
            ws[i] = donor[int(rng.integers(0, len(donor)))]
    cut = int(len(ws) * rng.uniform(0, 0.15))
    return " ".join(ws[: len(ws) - cut] if cut else ws)


def base_texts(shared: Path) -> list[str]:
    """The bench corpora's article texts, in a fixed order: the realnews texts, the ECB+ dev
    articles (text only: no topic label enters the corpus) and the boilerplate gold texts."""
    texts = [
        p.read_text(encoding="utf-8", errors="replace")
        for p in sorted((shared / "bench/realnews/texts").glob("*"))
    ]
    with (shared / "bench/stories/articles.jsonl").open(encoding="utf-8") as fh:
        texts.extend(json.loads(line)["text"] for line in fh if line.strip())
    texts.extend(
        p.read_text(encoding="utf-8", errors="replace")
        for p in sorted((shared / "bench/boilerplate/gold").glob("*.txt"))
    )
    return [t for t in texts if t.strip()]


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")
_NAME = re.compile(r"(?<=[a-z,;:]\s)[A-Z][a-z]{2,}")
_NUMBER = re.compile(r"\b\d{1,6}\b")
_SYLLABLES = "ka lo ven mar tis dor ael brin cu fen gal hol ira jus kel lun mo nar ost pel quin rus sel tor"

# Generated events: this many sentences of the bench texts (at least, less than), and this many
# reports of each (the first as written, the others edited copies); reports published within a
# day of the event, events spread over a year.
EVENT_SENTENCES = (3, 9)
EVENT_REPORTS = (1, 9)
YEAR_START = date(2031, 1, 1)


def _fake_name(rng: np.random.Generator) -> str:
    parts = rng.choice(_SYLLABLES.split(), size=int(rng.integers(2, 4)))
    return "".join(parts).capitalize()


def _event_text(pool: list[str], rng: np.random.Generator) -> str:
    """A new event's text: sentences of the bench texts drawn at random, every name in them
    replaced by a made-up one (the same within the event) and every number by another, so that
    two events sharing a sentence do not share its names or figures."""
    picked = [
        pool[int(k)] for k in rng.choice(len(pool), size=int(rng.integers(*EVENT_SENTENCES)), replace=False)
    ]
    names: dict[str, str] = {}

    def rename(m: re.Match[str]) -> str:
        return names.setdefault(m.group(0), _fake_name(rng))

    def renumber(m: re.Match[str]) -> str:
        digits = len(m.group(0))
        return str(int(rng.integers(10 ** (digits - 1) if digits > 1 else 0, 10**digits)))

    return " ".join(_NUMBER.sub(renumber, _NAME.sub(rename, s)) for s in picked)


def build_corpus(shared: Path, n: int, folder: Path, seed: int = 3) -> int:
    """JSONL shards of ``n`` articles: the bench corpora's texts (:func:`base_texts`, about
    1,500, undated), then generated events, each reported 1-8 times (seeded): an event's text is
    3-8 sentences of the bench texts with new names and numbers (:func:`_event_text`), its first
    report that text, the others edited copies (0-8% of the words substituted by words of other
    texts, 0-15% trimmed at the end), published on the event's day or the next, the events
    spread over a year. So stories stay news-sized (1-8 reports) as ``n`` grows, and a copy of
    a bench text never joins its original."""
    texts = base_texts(shared)
    folder.mkdir(parents=True, exist_ok=True)
    shards = [(folder / f"part-{k:02d}.jsonl").open("w", encoding="utf-8") for k in range(SHARDS)]
    records = itertools.chain(
        ({"text": t} for t in texts), (r for e in generated_events(texts, n - len(texts), seed) for r in e)
    )
    try:
        for i, record in enumerate(itertools.islice(records, n)):
            shards[i % SHARDS].write(json.dumps({"id": f"a{i:07d}", **record}) + "\n")
    finally:
        for fh in shards:
            fh.close()
    return n


def generated_events(texts: list[str], n: int, seed: int = 3) -> Iterator[list[dict[str, str]]]:
    """Events of 1-8 reports (``text``, ``published``) made from ``texts`` until ``n`` reports
    (the last event may be cut short); see :func:`build_corpus`."""
    rng = np.random.default_rng(seed)
    donor = " ".join(texts[:200]).split()
    pool = [s for t in texts for s in _SENTENCE_END.split(" ".join(t.split())) if 60 <= len(s) <= 400]
    n_events = max(1, n * 2 // (EVENT_REPORTS[0] + EVENT_REPORTS[1] - 1))
    made = event = 0
    while made < n:
        text = _event_text(pool, rng)
        day = YEAR_START + timedelta(days=int(event * 365 // n_events))
        reports = []
        for k in range(min(int(rng.integers(*EVENT_REPORTS)), n - made)):
            published = day + timedelta(days=int(rng.integers(0, 2)))
            reports.append(
                {"text": text if k == 0 else _edited(text, rng, donor), "published": published.isoformat()}
            )
        made += len(reports)
        event += 1
        yield reports


def _child(engine: str, inputs: str, out: str) -> None:
    """Run one engine in this process and print its figures as JSON (the parent's child)."""
    from newsloom.config import AnalyzeConfig
    from newsloom.runners.corpus import CorpusConfig, run_corpus

    config = CorpusConfig(analyze=AnalyzeConfig(nlp="rules", embeddings="lexical"), engine=engine)  # type: ignore[arg-type]
    t0 = time.perf_counter()
    summary = run_corpus([inputs], out, config)
    seconds = time.perf_counter() - t0
    print(
        json.dumps(
            {
                "seconds": seconds,
                "articles": summary.stats.get("articles_read", 0),
                "self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "cpu_self_s": time.process_time(),
                "children_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
            }
        )
    )


def _tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants (Linux /proc), in MB."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/statm") as fh:
                total += int(fh.read().split()[1]) * resource.getpagesize()
            for task in Path(f"/proc/{p}/task").iterdir():
                stack.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, ValueError):
            continue
    return total / 1e6


def _tree_cpu_ticks(pid: int, seen: dict[int, int]) -> None:
    """Record in ``seen`` the CPU time (user + system, clock ticks) each process of the tree has
    used so far. Each process's own time only: a process that ends between two samples loses at
    most its last 0.2 s, and nothing is counted twice when a parent reaps it."""
    stack = [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            seen[p] = int(fields[11]) + int(fields[12])  # utime, stime
            for task in Path(f"/proc/{p}/task").iterdir():
                stack.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, ValueError, IndexError):
            continue


def _log_tail(log: Path, lines: int = 40) -> str:
    """The last ``lines`` lines of an engine's stderr log (empty when there is none)."""
    try:
        text = log.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


def _run_engine(
    engine: str, inputs: Path, out: Path, max_mb: float = 0.0, log: Path | None = None
) -> dict[str, Any]:
    """Run one engine in a child process; its figures, plus the peak memory and the CPU time of
    its whole process tree (driver, JVM and Python workers), sampled every 0.2 s. CPU seconds
    per article are the per-core figure: on a machine shared with other jobs wall time says more
    about the neighbours than about the engine.

    The child's stderr (Spark's and the JVM's logs, Python tracebacks) goes to ``log`` (default
    ``<out>.stderr.log``), which is kept; when the engine fails (an exit code, a signal, no
    figures on stdout, or no output folder) its tail is printed and the error names the log.
    ``max_mb`` > 0 kills the tree when its resident memory passes that many MB."""
    log = log or out.with_name(out.name + ".stderr.log")
    with log.open("w", encoding="utf-8") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "bench.corpus", "--child", engine, str(inputs), str(out)],
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
            start_new_session=True,  # its own process group: a kill reaches the JVM and workers
        )
        peak = 0.0
        ticks: dict[int, int] = {}
        over = ""
        while proc.poll() is None:
            rss = _tree_rss_mb(proc.pid)
            peak = max(peak, rss)
            _tree_cpu_ticks(proc.pid, ticks)
            if max_mb and rss > max_mb and not over:
                over = f"killed by the bench: its processes held {rss:,.0f} MB (limit {max_mb:,.0f} MB)"
                os.killpg(proc.pid, signal.SIGKILL)
            time.sleep(0.2)
        stdout, _ = proc.communicate()
    problem = over
    if not problem and proc.returncode < 0:
        problem = f"killed by signal {signal.Signals(-proc.returncode).name}"
    elif not problem and proc.returncode != 0:
        problem = f"exit {proc.returncode}"
    elif not problem and not stdout.strip():
        problem = "exit 0 without its figures on stdout"
    elif not problem and not out.is_dir():
        problem = f"exit 0 without its output folder {out}"
    if problem:
        print(f"  {engine} engine failed ({problem}); last lines of {log}:", flush=True)
        print(_log_tail(log) or "    (empty)", flush=True)
        raise RuntimeError(f"the {engine} engine failed ({problem}); its stderr is in {log}")
    figures: dict[str, Any] = json.loads(stdout.strip().splitlines()[-1])
    figures["tree_mb"] = peak
    figures["cpu_s"] = max(sum(ticks.values()) / os.sysconf("SC_CLK_TCK"), figures["cpu_self_s"])
    return figures


def _rows(out: Path, table: str) -> set[str]:
    from newsloom.runners.tables import PARTITIONED, read_table

    return {
        json.dumps({k: v for k, v in r.items() if k not in PARTITIONED.values()}, sort_keys=True)
        for r in read_table(out, table)
    }


def list_differences(first: Path, second: Path, shown: int = 5) -> list[str]:
    """Every table whose rows differ between two corpus outputs, with the counts of rows only in
    each and the first ``shown`` of them (story reports by story id: a report differs when any
    byte of it does)."""
    from newsloom.runners.tables import table_differences

    lines = []
    for table, (only_first, only_second) in table_differences(first, second).items():
        lines.append(f"    {table}: {only_first:,} rows only in local, {only_second:,} only in spark")
        a, b = _rows(first, table), _rows(second, table)
        for side, rows in (("local", sorted(a - b)), ("spark", sorted(b - a))):
            for row in rows[:shown]:
                if table == "story_reports":
                    row = "story " + json.loads(row)["story_id"]
                lines.append(f"      only in {side}: {row[:300]}")
    return lines


def engines(shared: Path, n: int, tmp: Path) -> None:
    """Both engines (or those in ``NEWSLOOM_BENCH_ENGINES``) on an ``n``-article corpus: times,
    CPU, peak memory, and every difference. A corpus already built in ``tmp`` with the same
    size is reused (``NEWSLOOM_BENCH_WORK`` keeps the folder between runs); each engine's
    output is rebuilt. ``NEWSLOOM_BENCH_MAX_MB`` kills an engine whose processes pass it."""
    corpus, marker = tmp / "corpus", tmp / "corpus.size"
    if not (marker.is_file() and marker.read_text() == str(n)):
        shutil.rmtree(corpus, ignore_errors=True)
        build_corpus(shared, n, corpus)
        marker.write_text(str(n))
    chosen = os.environ.get("NEWSLOOM_BENCH_ENGINES", "local,spark").split(",")
    max_mb = float(os.environ.get("NEWSLOOM_BENCH_MAX_MB", "0"))
    print(
        f"corpus of {n:,} articles (bench texts + generated events, 8 JSONL shards), rules reader, "
        "lexical alignment; local engine with its default workers, Spark local[2]",
        flush=True,
    )
    for engine in ("local", "spark"):
        if engine not in chosen:
            continue
        shutil.rmtree(tmp / f"out-{engine}", ignore_errors=True)
        r = _run_engine(engine, corpus, tmp / f"out-{engine}", max_mb)
        rate = r["articles"] / r["seconds"] if r["seconds"] else 0.0
        print(
            f"  {engine:5s}: {r['seconds']:7.1f} s  {rate:6.1f} articles/s  CPU {r['cpu_s']:7.1f} s "
            f"({1000 * r['cpu_s'] / max(r['articles'], 1):5.0f} ms/article, "
            f"{r['articles'] / max(r['cpu_s'], 1e-9):5.1f} articles per CPU-second)  peak RSS of all "
            f"its processes {r['tree_mb']:6.0f} MB (driver alone {r['self_mb']:5.0f} MB)",
            flush=True,
        )
    if (tmp / "out-local").is_dir() and (tmp / "out-spark").is_dir():
        lines = list_differences(tmp / "out-local", tmp / "out-spark")
        print(f"  same tables on both engines: {not lines}")
        for line in lines:
            print(line)


def _write_short_docs(n: int, folder: Path) -> None:
    folder.mkdir()
    shards = [(folder / f"part-{k:02d}.jsonl").open("w") for k in range(SHARDS)]
    for i, (doc_id, text) in enumerate(_short_docs(n)):
        shards[i * SHARDS // n].write(json.dumps({"id": doc_id, "text": text}) + "\n")
    for fh in shards:
        fh.close()


def near_duplicates(sizes: list[int], tmp: Path) -> None:
    from newsloom.config import IngestConfig
    from newsloom.pipeline.compare.dedup import DedupConfig, dedup_paths
    from newsloom.pipeline.ingest.walk import IngestStats, expand_paths
    from newsloom.runners.spark import ingest_documents, near_duplicate_groups, spark_session

    config = DedupConfig()
    t0 = time.perf_counter()
    spark, owned = spark_session("local[2]", "newsloom bench")
    started = time.perf_counter() - t0
    print(f"near-duplicates: Spark local[2] session started in {started:.1f} s (not counted below)")
    try:
        for n in sizes:
            folder = tmp / f"dedup-{n}"
            _write_short_docs(n, folder)
            t0 = time.perf_counter()
            local = dedup_paths([str(folder)], config)
            local_s = time.perf_counter() - t0
            print(f"near-duplicates on {n:,} generated documents ({len(local.groups):,} groups)")
            print(f"  newsloom dedup : {local_s:7.1f} s  {n / local_s:9.0f} docs/s", flush=True)
            t0 = time.perf_counter()
            files = list(enumerate(f for f in expand_paths([str(folder)], IngestStats())))
            docs = spark.sparkContext.parallelize(files, len(files)).mapPartitions(
                functools.partial(ingest_documents, ingest=IngestConfig())
            )
            # One partition per core: the band shuffle's reducers, each sorting its keys.
            groups, _ = near_duplicate_groups(docs, config, partitions=2)
            found = sorted((g[0], g[1], tuple(g[2])) for g in groups.collect())
            spark_s = time.perf_counter() - t0
            same = [(s, m) for _, s, m in found] == [(g.survivor, tuple(g.members)) for g in local.groups]
            print(
                f"  Spark local[2] : {spark_s:7.1f} s  {n / spark_s:9.0f} docs/s  "
                f"({spark_s / local_s:.2f}x the time; target <= 2x)"
            )
            print(f"  same groups (survivor and members): {same}", flush=True)
            for f in folder.iterdir():
                f.unlink()
            folder.rmdir()
    finally:
        if owned:
            spark.stop()


def run(shared: Path, quick: bool) -> None:
    keep = os.environ.get("NEWSLOOM_BENCH_WORK")
    with tempfile.TemporaryDirectory(prefix="newsloom-corpus-bench-") as scratch:
        tmp = Path(keep) if keep else Path(scratch)
        tmp.mkdir(parents=True, exist_ok=True)
        only = os.environ.get("NEWSLOOM_BENCH_NEAR_DUP")
        if only:
            near_duplicates([int(x) for x in only.split(",")], tmp)
            return
        sizes = os.environ.get("NEWSLOOM_BENCH_CORPUS")
        if sizes:
            for n in (int(x) for x in sizes.split(",")):
                engines(shared, n, tmp / str(n))
            return
        engines(shared, 300 if quick else 100_000, tmp)
        near_duplicates([50_000 if quick else 1_000_000], tmp)


if __name__ == "__main__" and len(sys.argv) == 5 and sys.argv[1] == "--child":
    _child(sys.argv[2], sys.argv[3], sys.argv[4])
