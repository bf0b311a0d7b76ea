"""newsloom serve under load on loopback, in two parts.

1. A large store (100,000 articles; 5,000 with --quick; NEWSLOOM_BENCH_SERVE_N sets it), built
   by copying analysed fictional stories (bench/serve_store.py): 8 readers open story pages (a
   recent set and any story), search (rare to common words) and the home page while 8 writers
   post articles. Printed: p50/p95 per kind of read, at the client and inside the app.
2. The load run: over a fresh store seeded with fictional articles, 8 clients add 1,000
   articles in all (160 with --quick) while 8 others read story pages (the web page and the
   API's JSON), bounded in count and in time. Afterwards every job is polled to its end and the
   store is counted: nothing lost (every accepted article is stored or reported a duplicate), no
   5xx. Printed: p50/p95 latency of reads and of adds (the POST, which answers with a job), and
   how long the queued jobs took to finish.

The server is ``newsloom serve`` in its own process on 127.0.0.1 (a free port);
``NEWSLOOM_BENCH_SERVE_WORKERS=N`` runs it as N server processes (``--workers N``). Nothing here
leaves 127.0.0.1. ``NEWSLOOM_BENCH_SERVE_PARTS`` picks the parts ("large", "load"; both by
default). Each part prints the machine's load average and the CPU time the server process(es)
and the add worker used, since the machine may be shared.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import text

from newsloom.service.pages import PageShelf, missing_pages, shelf_path
from newsloom.storage import Store

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "integration"))
from fictional_news import fictional_articles
from processes import child_pids

from bench.serve_store import TEMPLATE_ARTICLES, build_large_store

CLIENTS = 8
READERS = 8
# Bounds: the most a run may take (seconds; NEWSLOOM_BENCH_SERVE_SECONDS) and the reads each
# reader makes.
TIME_LIMIT = float(os.environ.get("NEWSLOOM_BENCH_SERVE_SECONDS", "900"))
# Server processes (newsloom serve --workers).
SERVER_PROCESSES = int(os.environ.get("NEWSLOOM_BENCH_SERVE_WORKERS", "1"))
# The shortest load of the large-store part (seconds): readers go on reading until then.
MIN_LOAD = float(os.environ.get("NEWSLOOM_BENCH_SERVE_MIN_LOAD", "30"))
# The longest the bench waits for the server to render every story's page ahead (seconds).
PAGES_LIMIT = float(os.environ.get("NEWSLOOM_BENCH_SERVE_PAGES_SECONDS", "1800"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000


def _server_time(answer: httpx.Response) -> float:
    """The app's own time for a request (seconds), from its Server-Timing header."""
    return _server_spans(answer).get("app", float("nan"))


def _server_spans(answer: httpx.Response) -> dict[str, float]:
    """Every metric of the answer's Server-Timing header (seconds): ``app``, and the spans the
    route recorded (``queue``, ``load``, ``load-cpu``, ...; see service/timing.py)."""
    spans: dict[str, float] = {}
    for metric in answer.headers.get("server-timing", "").split(","):
        name, _, dur = metric.strip().partition(";dur=")
        try:
            spans[name] = float(dur) / 1000
        except ValueError:
            continue
    return spans


def _wait_for_pages(db: str, server: subprocess.Popen[bytes]) -> None:
    """Wait until the server's add worker has rendered ahead the page of every story (what it
    does between jobs on a store it has no pages of; a store kept by NEWSLOOM_BENCH_SERVE_KEEP
    keeps them in ``large.db-pages``), so that the load meets a server as it runs day to day."""
    started = time.monotonic()
    with Store(db) as store:
        path = shelf_path(store.url)
        if path is None:
            return
        missing = len(missing_pages(store, PageShelf(path)))
        print(f"  pages to render ahead: {missing}", flush=True)
        while missing and time.monotonic() - started < PAGES_LIMIT and server.poll() is None:
            time.sleep(5)
            missing = len(missing_pages(store, PageShelf(path)))
    print(
        f"  pages rendered ahead by the add worker in {time.monotonic() - started:.0f} s; "
        f"{missing} missing; {_cpu_line(server)}",
        flush=True,
    )


def _start_server(db: str) -> tuple[subprocess.Popen[bytes], str]:
    """``newsloom serve`` on ``db`` in its own process on a free loopback port, once it answers."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from newsloom.cli import main; main()",
            "serve",
            "--db",
            db,
            "--port",
            str(port),
            "--workers",
            str(SERVER_PROCESSES),
        ],
        stdout=subprocess.DEVNULL,
        env={**os.environ},
    )
    print(f"  newsloom serve --workers {SERVER_PROCESSES}")
    started = time.monotonic()
    while True:
        try:
            if httpx.get(base + "/stories?limit=1", timeout=5).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.3)
        if server.poll() is not None or time.monotonic() > started + 300:
            server.kill()
            raise RuntimeError(f"newsloom serve did not answer (exit code {server.poll()})")
    print(f"  answering {time.monotonic() - started:.0f} s after its start")
    return server, base


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time a process has used (Linux /proc; NaN elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[tuple[int, int]]:
    """The child processes of ``pid``: (pid, niceness); those gone meanwhile are left out."""
    found = []
    for child in child_pids(pid):
        try:
            found.append((child, os.getpriority(os.PRIO_PROCESS, child)))
        except OSError:
            continue
    return found


def _cpu_line(server: subprocess.Popen[bytes]) -> str:
    """What the server process(es) and the add worker used, and the machine's load now. The add
    worker is the child that runs at a lower priority; with several server processes, the rest
    of the children serve requests (each one's share in brackets)."""
    children = _children(server.pid)
    workers = sum(_cpu_seconds(c) for c, nice in children if nice > 0)
    serving = [_cpu_seconds(server.pid)] + [_cpu_seconds(c) for c, nice in children if nice <= 0]
    shares = f" ({' + '.join(f'{x:.1f}' for x in serving)})" if len(serving) > 1 else ""
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"server CPU {sum(serving):.1f} s{shares}, add worker CPU {workers:.1f} s; load average {load}"


def run(shared: Path, quick: bool) -> None:
    parts = os.environ.get("NEWSLOOM_BENCH_SERVE_PARTS", "large,load").split(",")
    if "large" in parts:
        large_store(quick)
    if "load" in parts:
        load_run(quick)


def large_store(quick: bool) -> None:
    """Story pages and search on a large store (100,000 articles; 5,000 with --quick) while
    8 readers and 8 writers work at once."""
    n = int(os.environ.get("NEWSLOOM_BENCH_SERVE_N", "5000" if quick else "100000"))
    reads_each = 25 if quick else 120
    # NEWSLOOM_BENCH_SERVE_KEEP=DIR keeps the built store in DIR and uses it again on the next
    # run (which then reads a store that earlier runs' writers added to).
    keep = os.environ.get("NEWSLOOM_BENCH_SERVE_KEEP")
    folder = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="newsloom-serve-large-"))
    folder.mkdir(parents=True, exist_ok=True)
    db = str(folder / "large.db")
    if keep and (folder / "info.json").exists():
        built = json.loads((folder / "info.json").read_text(encoding="utf-8"))
        print("large store: kept from an earlier run (NEWSLOOM_BENCH_SERVE_KEEP)")
    else:
        built = build_large_store(db, n)
        (folder / "info.json").write_text(json.dumps(built), encoding="utf-8")
    print(
        f"large store: {built['articles']} articles in {built['template_stories'] * (built['copies'] + 1)} "
        f"stories, built in {built['seconds']:.0f} s (copies of {TEMPLATE_ARTICLES} analysed fictional "
        "articles; see bench/serve_store.py)"
    )
    with Store(db) as store:
        token = store.create_token("bench")
        with store.engine.connect() as conn:
            story_ids = [r[0] for r in conn.execute(text("SELECT story_id FROM stories WHERE size > 0"))]
    rng = random.Random(5)
    rare = built["rare_words"]
    # Queries from rare to common: a made-up word of one copy (a few articles), a town (about a
    # tenth of the store), two words every article holds.
    queries = [rng.choice(rare) for _ in range(40)] + ["Vellmar", "Ostrick grain", "local council"]
    adds = fictional_articles(2000, seed=23)
    server, base = _start_server(db)
    _wait_for_pages(db, server)
    times: dict[str, list[float]] = {
        "story page (first view)": [],
        "story page (seen before)": [],
        "story page (revalidated)": [],
        "search": [],
        "web search": [],
        "home": [],
        "add (POST)": [],
    }
    server_times: dict[str, list[float]] = {}
    # Each kind's Server-Timing spans (queue, load, render, their CPU time...), to tell where
    # the wall time went.
    spans: dict[str, dict[str, list[float]]] = {}
    errors: list[str] = []
    posted = 0
    lock = threading.Lock()
    done = threading.Event()
    seen: set[str] = set()
    try:
        seen.update(one_at_a_time(base, story_ids, queries))
        print(f"  before the load: {_cpu_line(server)}")
        load_start = time.monotonic()
        stop_at = load_start + TIME_LIMIT

        def record(kind: str, wall: float, r: httpx.Response) -> None:
            with lock:
                times[kind].append(wall)
                server_times.setdefault(kind, []).append(_server_time(r))
                for name, value in _server_spans(r).items():
                    spans.setdefault(kind, {}).setdefault(name, []).append(value)

        def timed(c: httpx.Client, kind: str, path: str, **kw: Any) -> httpx.Response:
            t0 = time.perf_counter()
            r = c.get(path, **kw)
            record(kind, time.perf_counter() - t0, r)
            if r.status_code not in (200, 304):
                with lock:
                    errors.append(f"GET {path} {r.status_code}")
            return r

        def reader(k: int) -> None:
            mine = random.Random(100 + k)
            # Readers share a set of recent stories (half their story reads) and open any story
            # of the store for the rest. Each reader is a browser: it keeps the ETag of every
            # story page it has loaded and sends it back (If-None-Match); an unchanged page is
            # answered 304 and timed as "revalidated", apart from the pages the server sends.
            recent = story_ids[-200:]
            tags: dict[str, str] = {}
            with httpx.Client(base_url=base, timeout=60) as c:
                # At least ``reads_each`` reads, and reading goes on for at least MIN_LOAD
                # seconds, so that the writers' adds run (and change stories) while pages are
                # read, however fast the reads are.
                for i in itertools.count():
                    now = time.monotonic()
                    if now > stop_at or (i >= reads_each and now - load_start >= MIN_LOAD):
                        return
                    if i % 4 in (0, 1):
                        sid = mine.choice(recent if i % 4 == 0 else story_ids)
                        with lock:
                            kind = "story page (seen before)" if sid in seen else "story page (first view)"
                            seen.add(sid)
                        path = f"/web/stories/{sid}"
                        if sid in tags:
                            t0 = time.perf_counter()
                            r = c.get(path, headers={"If-None-Match": tags[sid]})
                            wall = time.perf_counter() - t0
                            record("story page (revalidated)" if r.status_code == 304 else kind, wall, r)
                            if r.status_code not in (200, 304):
                                with lock:
                                    errors.append(f"GET {path} {r.status_code}")
                        else:
                            r = timed(c, kind, path)
                        if "etag" in r.headers:
                            tags[sid] = r.headers["etag"]
                    elif i % 4 == 2:
                        timed(c, "search", "/search", params={"q": mine.choice(queries)})
                    elif i % 8 == 3:
                        timed(c, "web search", "/web/search", params={"q": mine.choice(queries)})
                    else:
                        timed(c, "home", "/")

        def writer(k: int) -> None:
            nonlocal posted
            with httpx.Client(base_url=base, timeout=60, headers={"Authorization": f"Bearer {token}"}) as c:
                for item in adds[k::CLIENTS]:
                    if done.is_set() or time.monotonic() > stop_at:
                        return
                    t0 = time.perf_counter()
                    r = c.post("/articles", json=item)
                    record("add (POST)", time.perf_counter() - t0, r)
                    with lock:
                        posted += 1
                        if r.status_code != 202:
                            errors.append(f"POST {r.status_code}")
                    time.sleep(0.2)

        readers = [threading.Thread(target=reader, args=(k,)) for k in range(READERS)]
        writers = [threading.Thread(target=writer, args=(k,)) for k in range(CLIENTS)]
        load_started = time.monotonic()
        for t in readers + writers:
            t.start()
        for t in readers:
            t.join()
        done.set()
        for t in writers:
            t.join()
        print(f"  after the load ({time.monotonic() - load_started:.0f} s): {_cpu_line(server)}")
    finally:
        # The jobs still queued are not waited for here (the load run below counts jobs).
        server.kill()
        server.wait(30)
    print(
        f"  {READERS} readers, {CLIENTS} writers posting {posted} articles meanwhile (each waits 0.2 s between posts)"
    )
    print("  wall time at the client, and (in brackets) the app's own time from its Server-Timing header:")
    for kind, values in times.items():
        inside = server_times.get(kind, [])
        print(
            f"  {kind:26s} n={len(values):4d}  p50 {_pct(values, 0.5):5.0f} ms  p95 {_pct(values, 0.95):5.0f} ms"
            f"  (app p50 {_pct(inside, 0.5):4.0f} ms, p95 {_pct(inside, 0.95):4.0f} ms)"
        )
    print("  inside the app, p50 / p95 ms of each span (wall; -cpu: the CPU its thread used meanwhile):")
    for kind in times:
        found = spans.get(kind, {})
        named = [
            f"{name} {_pct(values, 0.5):.0f}/{_pct(values, 0.95):.0f}"
            for name, values in found.items()
            if name != "app"
        ]
        if named:
            print(f"  {kind:26s} " + ", ".join(named))
    print(f"  errors (non-200 reads, refused posts): {len(errors)} {errors[:3]}")
    if not keep:
        shutil.rmtree(folder, ignore_errors=True)


def one_at_a_time(base: str, story_ids: list[str], queries: list[str], n: int = 15) -> list[str]:
    """Each kind of read alone, one request at a time, before the load starts: what a request
    costs when it does not queue behind others. Returns the stories whose pages it opened."""
    rng = random.Random(7)
    fresh = rng.sample(story_ids, n)
    kinds: list[tuple[str, list[tuple[str, dict[str, str]]]]] = [
        ("story page (first view)", [(f"/web/stories/{sid}", {}) for sid in fresh]),
        ("story page (seen before)", [(f"/web/stories/{sid}", {}) for sid in fresh]),
        ("search", [("/search", {"q": rng.choice(queries)}) for _ in range(n)]),
        ("web search", [("/web/search", {"q": rng.choice(queries)}) for _ in range(n)]),
        ("home", [("/", {}) for _ in range(n)]),
    ]
    print("  one request at a time (no load; p50 / max at the client, app p50 in brackets):")
    with httpx.Client(base_url=base, timeout=60) as c:
        for kind, requests in kinds:
            wall, app = [], []
            for path, params in requests:
                t0 = time.perf_counter()
                r = c.get(path, params=params)
                wall.append(time.perf_counter() - t0)
                app.append(_server_time(r))
            print(
                f"  {kind:26s} n={len(wall):4d}  p50 {_pct(wall, 0.5):5.1f} ms  max {_pct(wall, 1.0):5.1f} ms"
                f"  (app p50 {_pct(app, 0.5):5.1f} ms)"
            )
    return fresh


def load_run(quick: bool) -> None:
    total = 160 if quick else 1000
    reads_each = 20 if quick else 100
    folder = Path(tempfile.mkdtemp(prefix="newsloom-serve-bench-"))
    db = str(folder / "serve.db")
    records = fictional_articles(total + 40, seed=11)
    seed, adds = records[:40], records[40:]
    seed_file = folder / "seed.jsonl"
    seed_file.write_text("".join(json.dumps(r) + "\n" for r in seed), encoding="utf-8")
    from newsloom.config import AnalyzeConfig
    from newsloom.runners.incremental import add_to_store

    with Store(db) as store:
        token = store.create_token("bench")
        add_to_store(store, [str(seed_file)], AnalyzeConfig(workers=1, nlp="rules", embeddings="lexical"))
        story_ids = [s.id for s in store.stories()]
    server, base = _start_server(db)
    try:
        stop_at = time.monotonic() + TIME_LIMIT
        add_times: list[float] = []
        read_times: list[float] = []
        jobs: list[str] = []
        server_errors: list[str] = []
        lock = threading.Lock()

        def writer(k: int) -> None:
            with httpx.Client(base_url=base, timeout=60, headers={"Authorization": f"Bearer {token}"}) as c:
                for record in adds[k::CLIENTS]:
                    if time.monotonic() > stop_at:
                        return
                    t0 = time.perf_counter()
                    r = c.post("/articles", json=record)
                    with lock:
                        add_times.append(time.perf_counter() - t0)
                        if r.status_code >= 500 or r.status_code != 202:
                            server_errors.append(f"POST {r.status_code}")
                        else:
                            jobs.append(r.json()["id"])

        def reader(k: int) -> None:
            with httpx.Client(base_url=base, timeout=60) as c:
                for i in range(reads_each):
                    if time.monotonic() > stop_at:
                        return
                    sid = story_ids[(k * reads_each + i) % len(story_ids)]
                    path = f"/web/stories/{sid}" if i % 2 == 0 else f"/stories/{sid}"
                    t0 = time.perf_counter()
                    r = c.get(path)
                    with lock:
                        read_times.append(time.perf_counter() - t0)
                        if r.status_code >= 500:
                            server_errors.append(f"GET {path} {r.status_code}")

        t_start = time.perf_counter()
        threads = [threading.Thread(target=writer, args=(k,)) for k in range(CLIENTS)]
        threads += [threading.Thread(target=reader, args=(k,)) for k in range(READERS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        t_posted = time.perf_counter()
        added = duplicates = failed = unfinished = 0
        with httpx.Client(base_url=base, timeout=60) as c:
            for job in jobs:
                while True:
                    r = c.get(f"/jobs/{job}")
                    state = r.json()
                    if state["status"] in ("done", "failed") or time.monotonic() > stop_at:
                        break
                    time.sleep(0.2)
                unfinished += state["status"] in ("queued", "running")
                failed += state["status"] == "failed"
                added += len(state.get("added", []))
                duplicates += len(state.get("duplicates", []))
        t_done = time.perf_counter()
        print(f"  {_cpu_line(server)}")
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            # Still finishing queued jobs past the time limit: they are counted as unfinished.
            server.kill()
            server.wait(30)
    with Store(db) as store:
        stored = store.count_articles()
    # An article is lost when its job finished without storing it or naming it a duplicate
    # (each job posts one article); the store must hold the seed and every article added.
    lost = len(jobs) - unfinished - added - duplicates
    print(
        f"{CLIENTS} writers posted {len(jobs)}/{len(adds)} articles; {READERS} readers made {len(read_times)} reads"
    )
    print(
        f"  adds  (POST, answered with a job): p50 {_pct(add_times, 0.5):.0f} ms, p95 {_pct(add_times, 0.95):.0f} ms"
    )
    print(
        f"  reads (story page / story JSON):   p50 {_pct(read_times, 0.5):.0f} ms, p95 {_pct(read_times, 0.95):.0f} ms"
    )
    print(
        f"  jobs finished {t_done - t_start:.1f} s after the start (posting took {t_posted - t_start:.1f} s): "
        f"{len(jobs) / max(t_done - t_start, 1e-9):.1f} articles/s"
    )
    print(
        f"  stored {stored} (seed {len(seed)} + added {added}); {duplicates} duplicates; "
        f"{failed} failed jobs; {unfinished} unfinished at the time limit; lost {lost}; "
        f"5xx or refused: {len(server_errors)}"
    )
    if read_times:
        print(f"  mean read {statistics.mean(read_times) * 1000:.0f} ms")
