"""newsloom serve over several server processes: one store, one add worker, and every process
answers for every job and accepts every token (real uvicorn processes on 127.0.0.1)."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

import httpx
import pytest
from fictional_news import fictional_articles
from tests.integration.processes import child_pids

from newsloom.service import ServiceConfig
from newsloom.service.app import analyze_config
from newsloom.service.jobs import JobQueue, RecordedJobs
from newsloom.service.processes import CONFIG_ENV, PARENT_KEY
from newsloom.storage import Store

# The longest a test waits for a server to start or a job to finish (seconds).
DEADLINE = 120


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_until_up(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + DEADLINE
    while True:
        assert process.poll() is None, "the server process ended"
        try:
            if httpx.get(base + "/stories?limit=1", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.3)


def _poll_done(base: str, job_id: str) -> dict[str, object]:
    deadline = time.monotonic() + DEADLINE
    while True:
        job: dict[str, object] = httpx.get(f"{base}/jobs/{job_id}", timeout=30).json()
        if job["status"] in ("done", "failed") or time.monotonic() > deadline:
            return job
        time.sleep(0.2)


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(30)


@pytest.fixture
def two_servers(tmp_path: Path) -> Iterator[tuple[str, str, str, JobQueue]]:
    """Two server processes of one store, each on its own port, that record their jobs for this
    process to run (as ``newsloom serve --workers 2`` has its parent run them): their two base
    URLs, a write token, and the queue running the jobs."""
    db = str(tmp_path / "shared.db")
    store = Store(db)
    token = store.create_token("tests")
    queue = JobQueue(store, analyze_config(ServiceConfig()))
    queue.watch()
    env = {
        **os.environ,
        CONFIG_ENV: json.dumps(
            {**asdict(ServiceConfig(db=store.url, job_runner=queue.identity)), PARENT_KEY: os.getpid()}
        ),
    }
    servers, bases = [], []
    try:
        for _ in range(2):
            port = _free_port()
            servers.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "uvicorn",
                        "--factory",
                        "newsloom.service.processes:app_from_environment",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        str(port),
                        "--log-level",
                        "warning",
                    ],
                    env=env,
                    stdout=subprocess.DEVNULL,
                )
            )
            bases.append(f"http://127.0.0.1:{port}")
        for base, server in zip(bases, servers, strict=True):
            _wait_until_up(base, server)
        yield bases[0], bases[1], token, queue
    finally:
        for server in servers:
            _stop(server)
        queue.close()
        store.close()


@pytest.mark.slow
def test_a_job_posted_to_one_server_process_is_seen_done_from_another(
    two_servers: tuple[str, str, str, JobQueue],
) -> None:
    first, second, token, _ = two_servers
    record = {**fictional_articles(1, seed=61)[0], "site": "Vellmar Courier"}
    answer = httpx.post(
        first + "/articles", headers={"Authorization": f"Bearer {token}"}, json=record, timeout=30
    )
    assert answer.status_code == 202, answer.text
    job = answer.json()
    # Polled on the other process, which never saw the POST.
    done = _poll_done(second, job["id"])
    assert done["status"] == "done", done
    assert done["added"] == [record["id"]] and done["duplicates"] == []
    story = done["changed_stories"][0]  # type: ignore[index]
    # Both processes read the new story from the shared store.
    for base in (first, second):
        page = httpx.get(f"{base}/web/stories/{story}", timeout=30)
        assert page.status_code == 200 and "Vellmar Courier: " in page.text
    assert httpx.get(f"{first}/jobs/{job['id']}", timeout=30).json() == done


@pytest.mark.slow
def test_a_form_from_one_server_process_is_accepted_by_another(
    two_servers: tuple[str, str, str, JobQueue],
) -> None:
    """No per-process secret: the CSRF token one process put in the form and its cookie, and
    the API token, are good on another process."""
    first, second, token, _ = two_servers
    form = httpx.get(first + "/web/add", timeout=30)
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert csrf is not None
    cookies = {"newsloom_csrf": form.cookies["newsloom_csrf"]}
    text = fictional_articles(1, seed=62)[0]["text"]
    with httpx.Client(base_url=second, cookies=cookies, timeout=30) as client:
        sent = client.post("/web/add", data={"csrf": csrf.group(1), "token": token, "text": text})
        assert sent.status_code == 303, sent.text
        job_id = sent.headers["location"].rsplit("/", 1)[1]
        # The same form with a wrong CSRF field is refused there all the same.
        forged = client.post("/web/add", data={"csrf": "not-the-token", "token": token, "text": text})
        assert forged.status_code == 403
    assert _poll_done(first, job_id)["status"] == "done"


def test_a_recorded_job_is_run_once_however_often_the_record_is_read(db_url: str, tmp_path: Path) -> None:
    with Store(db_url) as store:
        queue = JobQueue(store, analyze_config(ServiceConfig()))
        server = RecordedJobs(store, queue.identity)
        folder = tmp_path / "upload"
        folder.mkdir()
        path = folder / "one.jsonl"
        record = fictional_articles(1, seed=63)[0]
        path.write_text(json.dumps(record) + "\n", encoding="utf-8")
        job = server.submit([str(path)], cleanup=folder)
        assert server.get(job.id).status == "queued"  # type: ignore[union-attr]
        # Read the record twice before the job can have finished: started once.
        assert queue.run_recorded() == [job.id]
        assert queue.run_recorded() == []
        queue.wait_idle()
        server.wait_idle()
        done = server.get(job.id)
        assert done is not None and done.status == "done" and done.added == [record["id"]]
        assert queue.run_recorded() == []
        assert not folder.exists(), "the upload's temporary folder was left behind"
        # A job recorded for some other runner is not this queue's to run.
        other = RecordedJobs(store, "elsewhere.example:1:beef").submit(["two.jsonl"])
        assert queue.run_recorded() == []
        assert server.get(other.id).status == "queued"  # type: ignore[union-attr]
        server.close()
        queue.close()


def _server_processes(parent: int) -> list[int]:
    """The children of ``parent`` that serve requests: uvicorn's spawned server processes (the
    add worker runs at a lower priority; the resource tracker is not spawned by spawn_main)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[1]) == parent and b"spawn_main" in cmdline and int(fields[16]) == 0:
            found.append(int(stat.parent.name))
    return found


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="counts the server processes through /proc")
def test_serve_with_workers_runs_that_many_server_processes_and_one_add_worker(tmp_path: Path) -> None:
    db = str(tmp_path / "served.db")
    with Store(db) as store:
        token = store.create_token()
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    command = ["serve", "--db", db, "--port", str(port), "--workers", "2"]
    server = subprocess.Popen(
        [sys.executable, "-c", "from newsloom.cli import main; main()", *command], stdout=subprocess.DEVNULL
    )
    try:
        _wait_until_up(base, server)
        assert len(_server_processes(server.pid)) == 2
        records = fictional_articles(6, seed=64)
        jobs = []
        # Posted over fresh connections, which the two processes share between them.
        for record in records:
            answer = httpx.post(
                base + "/articles", headers={"Authorization": f"Bearer {token}"}, json=record, timeout=30
            )
            assert answer.status_code == 202, answer.text
            jobs.append(answer.json()["id"])
        finished = [_poll_done(base, job) for job in jobs]
        assert [job["status"] for job in finished] == ["done"] * len(records)
        assert sorted(a for job in finished for a in job["added"]) == sorted(r["id"] for r in records)  # type: ignore[attr-defined]
        workers = [p for p in child_pids(server.pid) if _nice(p) > 0]
        assert len(workers) == 1, "adding ran in more than one worker process"
    finally:
        children = child_pids(server.pid)
        server.send_signal(signal.SIGTERM)
        server.wait(60)
    deadline = time.monotonic() + 30
    while any(Path(f"/proc/{c}").exists() for c in children) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(Path(f"/proc/{c}").exists() for c in children), "a process outlived the server"
    with Store(db) as store:
        assert store.count_articles() == len(records)


def _nice(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[16])
    except OSError:
        return 0


def test_connections_accepted_on_the_shared_socket_send_at_once() -> None:
    """The socket the server processes share is bound as uvicorn binds it; the connections a
    process accepts on it must have Nagle's algorithm off (TCP_NODELAY), as a one-process
    server's have, or each answer on a kept-alive connection waits for a delayed ACK."""
    import asyncio

    import uvicorn

    from newsloom.service.processes import tcp_socket

    def accepted_nodelay(sock: socket.socket) -> int:
        async def run() -> int:
            seen: asyncio.Future[int] = asyncio.get_running_loop().create_future()

            class Probe(asyncio.Protocol):
                def connection_made(self, transport: asyncio.BaseTransport) -> None:
                    accepted = transport.get_extra_info("socket")
                    seen.set_result(accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
                    transport.close()

            server = await asyncio.get_running_loop().create_server(Probe, sock=sock)
            port = sock.getsockname()[1]
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            try:
                return await asyncio.wait_for(seen, 10)
            finally:
                writer.close()
                server.close()

        return asyncio.run(run())

    config = uvicorn.Config("unused:app", host="127.0.0.1", port=0)
    # (uvicorn 0.54 binds it with proto 0, and asyncio leaves such connections with Nagle on.)
    assert accepted_nodelay(tcp_socket(config.bind_socket())) != 0


def test_a_server_process_whose_parent_is_gone_before_it_started_ends(tmp_path: Path) -> None:
    """uvicorn's parent killed while a server process was still starting: the process must end
    rather than serve on, orphaned, recording jobs nothing runs."""
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    settings = asdict(ServiceConfig(db=str(tmp_path / "orphan.db"), job_runner="host:1:cafe"))
    env = {**os.environ, CONFIG_ENV: json.dumps({**settings, PARENT_KEY: int(gone.stdout)})}
    started = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from newsloom.service.processes import app_from_environment; import time; "
            "app_from_environment(); time.sleep(60); print('served on')",
        ],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    out, _ = started.communicate(timeout=DEADLINE)
    assert started.returncode == 0 and "served on" not in out
