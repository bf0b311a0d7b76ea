"""newsloom serve under load on loopback: 8 clients add articles while 8 others read story pages.

The server is ``newsloom serve`` in its own process on 127.0.0.1 (a free port), over a fresh
SQLite store seeded with fictional articles. Writers POST one fictional article each request
(1,000 in all; 160 with --quick); readers GET story pages (the web page and the API's JSON),
bounded in count and in time. Afterwards every job is polled to its end and the store is
counted: nothing lost (every accepted article is stored or reported a duplicate), no 5xx.
Printed: p50/p95 latency of reads and of adds (the POST, which answers with a job), and how
long the queued jobs took to finish. Nothing here leaves 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

from newsloom.storage import Store

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "integration"))
from fictional_news import fictional_articles

CLIENTS = 8
READERS = 8
# Bounds: the most a run may take (seconds) and the reads each reader makes.
TIME_LIMIT = 900.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000


def run(shared: Path, quick: bool) -> None:
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
        ],
        stdout=subprocess.DEVNULL,
        env={**os.environ},
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(base + "/stories?limit=1", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
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
    finally:
        server.terminate()
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
