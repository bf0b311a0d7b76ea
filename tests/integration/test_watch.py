"""Watching feeds against a local HTTP server on 127.0.0.1: good, slow, failing, redirecting,
forbidden and malformed URLs; conditional GET on the second round."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from newsloom.config import AnalyzeConfig
from newsloom.pipeline.ingest.web import FetchConfig, Fetcher, make_client
from newsloom.runners.watch import watch_once
from newsloom.storage import Store

CONFIG = AnalyzeConfig(workers=1, nlp="rules", embeddings="lexical")
PAGE = (
    "<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
    "<p>{body}</p><p>Officials in Ambergate said repairs would take until the end of the month.</p>"
    "</article></body></html>"
)


def _rss(base: str, paths: list[str]) -> str:
    items = "".join(f"<item><title>{p}</title><link>{base}{p}</link></item>" for p in paths)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Fictional</title>{items}</channel></rss>'


class _Handler(BaseHTTPRequestHandler):
    hits: ClassVar[list[tuple[str, str | None]]] = []

    def log_message(self, *args: object) -> None:
        return None

    def _send(self, code: int, body: str, ctype: str = "text/html; charset=utf-8", **headers: str) -> None:
        data = body.encode("utf-8")
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in headers.items():
            self.send_header(k.replace("_", "-"), v)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.hits.append((self.path, self.headers.get("If-None-Match")))
        if self.path == "/robots.txt":
            self._send(200, "User-agent: *\nDisallow: /private/\n", "text/plain")
        elif self.path == "/feed.xml":
            if self.headers.get("If-None-Match") == '"v1"':
                self.send_response(304)
                self.end_headers()
                return
            paths = [
                "/news/dam.html",
                "/news/moved.html",
                "/news/slow.html",
                "/news/broken.html",
                "/private/memo.html",
            ]
            self._send(200, _rss(base, paths), "application/rss+xml", ETag='"v1"')
        elif self.path == "/bad-feed.xml":
            self._send(200, "<rss><channel><item><title>unclosed", "application/rss+xml")
        elif self.path == "/news/dam.html":
            body = (
                "The Tolloway reservoir dam was inspected on Monday after a crack was found in its spillway."
            )
            self._send(200, PAGE.format(title="Tolloway dam inspected", body=body))
        elif self.path == "/news/moved.html":
            self.send_response(301)
            self.send_header("Location", "/news/new-home.html")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/news/new-home.html":
            body = "A new ferry line between Fenwick and Savrin opened on Friday with two boats a day."
            self._send(200, PAGE.format(title="Fenwick ferry opens", body=body))
        elif self.path == "/news/slow.html":
            time.sleep(1.5)
            self._send(200, PAGE.format(title="Slow", body="Too late."))
        elif self.path == "/news/broken.html":
            self._send(500, "oops")
        else:
            self._send(404, "not here")


@pytest.fixture
def server() -> Iterator[str]:
    _Handler.hits = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_watch_adds_good_pages_reports_each_failure_and_uses_conditional_get(
    server: str, tmp_path: Path
) -> None:
    fetch = FetchConfig(timeout=0.5, retries=1, backoff=0.01, host_delay=0.0)
    with Store(str(tmp_path / "w.db")) as store, make_client(fetch) as client:
        fetcher = Fetcher(client, fetch)
        first = watch_once(store, [f"{server}/feed.xml", f"{server}/bad-feed.xml"], fetcher, CONFIG)
        assert first.entries == 5
        stored = {a.url for a in store.articles()}
        assert stored == {f"{server}/news/dam.html", f"{server}/news/new-home.html"}
        problems = {p.path.removeprefix(server): p.message for p in [*first.feed_errors, *first.added.errors]}
        assert set(problems) == {
            "/bad-feed.xml",
            "/news/slow.html",
            "/news/broken.html",
            "/private/memo.html",
        }
        assert "RSS/Atom" in problems["/bad-feed.xml"]
        assert (
            "no answer within" in problems["/news/slow.html"]
            and "tried 2 times" in problems["/news/slow.html"]
        )
        assert "500" in problems["/news/broken.html"]
        assert "robots.txt" in problems["/private/memo.html"]
        assert ("/private/memo.html", None) not in _Handler.hits  # never asked for
        second = watch_once(store, [f"{server}/feed.xml"], fetcher, CONFIG)
        assert second.unchanged_feeds == [f"{server}/feed.xml"] and second.added.added == []
        assert ("/feed.xml", '"v1"') in _Handler.hits
        assert store.count_articles() == 2


def test_size_limit_and_host_delay(server: str) -> None:
    slept: list[float] = []
    fetch = FetchConfig(timeout=2.0, retries=0, host_delay=5.0, max_bytes=100)
    with make_client(fetch) as client:
        fetcher = Fetcher(client, fetch, sleep=slept.append)
        problem = fetcher.page(f"{server}/news/dam.html")
    assert not hasattr(problem, "text") and "limit" in problem.message  # type: ignore[union-attr]
    assert slept and all(0 < s <= 5.0 for s in slept)  # robots.txt, then the page: waited between
