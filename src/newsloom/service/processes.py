"""Running ``newsloom serve``: one server process, or several over one store.

A server process is bound by Python's interpreter lock: under load its requests mostly wait for
the CPU of one core. ``newsloom serve --workers N`` runs N server processes (uvicorn's
multi-process mode: they share the listening socket, and the kernel hands each connection to
one of them) over the same store (SQLite in WAL mode lets them read while one writes). Adding
still has one worker, run by the parent process: each server process records its jobs for the
parent (:class:`~newsloom.service.jobs.RecordedJobs`), which picks them up from the record and
runs them one at a time (:meth:`~newsloom.service.jobs.JobQueue.watch`). Every process answers
for every job, and checks API tokens (their hashes are in the store) and CSRF tokens (a cookie
and a form field that must match: no server secret) alike. Each process keeps its own cache of
rendered pages, keyed by what they were rendered from.

The server processes get their configuration from the parent in the environment variable
:data:`CONFIG_ENV` (uvicorn starts them by importing :func:`app_from_environment`).
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
from dataclasses import asdict, replace
from typing import Any

from newsloom.service.app import ServiceConfig, analyze_config, create_app
from newsloom.service.jobs import JobQueue, exit_with_parent
from newsloom.storage import Store

# The server process's thread switch interval (seconds; Python's default is 0.005).
SWITCH_INTERVAL = 0.001
# The environment variable that hands a server process its ServiceConfig (as JSON).
CONFIG_ENV = "NEWSLOOM_SERVE_PROCESS"
# The key of that JSON object that names the parent process (its pid) rather than a setting.
PARENT_KEY = "parent"
# How long a server process may take to answer uvicorn's parent before it is deemed hung and
# replaced (seconds; uvicorn's default is 5): on a loaded machine a busy process can take
# seconds to be scheduled, and replacing it would drop its requests.
HEALTHCHECK_SECONDS = 60


def tune_process() -> None:
    """How a server process switches threads.

    A request thread that comes back from SQLite (which releases the interpreter lock for every
    step) waits up to the switch interval for a thread busy rendering a page; under load a page
    makes dozens of such trips. Tuned on bench/serve.py's 100,000-article store, 8 readers and 8
    writers, in pairs of runs at machine load 23-34: p95 of a first story view 374/1434/1084 ms
    at 1 ms against 786 and 461/2085/2772 ms at Python's default 5 ms, search 353/1445/1272
    against 728/1714/1787 ms (no held-out split: one constant, paired runs).
    """
    sys.setswitchinterval(SWITCH_INTERVAL)


def app_from_environment() -> Any:
    """The app of one server process among several, configured by its parent through
    :data:`CONFIG_ENV`; the process ends when its parent is gone."""
    settings = json.loads(os.environ[CONFIG_ENV])
    parent = settings.pop(PARENT_KEY)
    config = ServiceConfig(**settings)
    if config.job_runner is None:
        raise RuntimeError(f"{CONFIG_ENV} names no process to run the add jobs")
    tune_process()
    # Killed with SIGKILL, uvicorn's parent cannot stop its server processes: they would go on
    # recording jobs that nothing runs. The parent is named by its pid, not found with
    # getppid(): a parent killed while this process was still starting is gone already.
    if os.getppid() != parent:
        os._exit(0)
    exit_with_parent(parent)
    return create_app(config)


def tcp_socket(sock: socket.socket) -> socket.socket:
    """``sock`` (a bound TCP socket) re-wrapped so that it says it is TCP (``proto`` 6).

    uvicorn binds the socket its server processes share with ``proto`` 0; the connections they
    accept inherit it, and asyncio turns Nagle's algorithm off (``TCP_NODELAY``) only on a
    socket whose ``proto`` is TCP. Left on, every answer after the first on a kept-alive
    connection waited for the client's delayed ACK: about 44 ms a request on Linux (measured
    on loopback: 2.0 ms with one process, 44 ms with two; uvicorn issue 3149).
    """
    if sock.family not in (socket.AF_INET, socket.AF_INET6) or sock.proto == socket.IPPROTO_TCP:
        return sock
    wrapped = socket.socket(sock.family, sock.type, socket.IPPROTO_TCP, fileno=sock.detach())
    wrapped.set_inheritable(True)
    return wrapped


def serve_processes(store: Store, config: ServiceConfig, *, host: str, port: int, processes: int) -> None:
    """Serve ``store`` from ``processes`` server processes on ``host:port`` until stopped; this
    process runs their add jobs, one at a time, in its worker. Returns once the servers have
    stopped and the jobs they recorded have run."""
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    queue = JobQueue(store, analyze_config(config), allow_private_urls=config.allow_private_urls)
    shared = replace(config, db=store.url, job_runner=queue.identity)
    os.environ[CONFIG_ENV] = json.dumps({**asdict(shared), PARENT_KEY: os.getpid()})
    queue.watch()
    if config.render_ahead:
        queue.render_missing_pages()
    try:
        # What uvicorn.run(..., workers=N) does, with a listening socket that says it is TCP.
        settings = uvicorn.Config(
            f"{__name__}:app_from_environment",
            factory=True,
            host=host,
            port=port,
            workers=processes,
            log_level="warning",
            timeout_worker_healthcheck=HEALTHCHECK_SECONDS,
        )
        with contextlib.suppress(KeyboardInterrupt):
            Multiprocess(settings, sockets=[tcp_socket(settings.bind_socket())]).run()
    finally:
        # The server processes have stopped: the jobs they recorded and nobody picked up yet
        # run now, as a single-process server finishes its queue when it stops.
        queue.stop_watching()
        queue.run_recorded()
        queue.close()
        os.environ.pop(CONFIG_ENV, None)
