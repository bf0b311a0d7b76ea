""" "Add URL" never reaches loopback or private addresses, not even through a redirect.

A real HTTP server on 127.0.0.1 plays both the public site and the server's own network: the
client's transport sends requests for two public addresses to it, and sends any other request
(a loopback or private address the guard failed to stop) there too, where it is recorded.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import httpx
import pytest

from newsloom.model import Article, InputProblem
from newsloom.pipeline.ingest.web import FetchConfig, Fetcher
from newsloom.service.security import guarded_client

PUBLIC = "93.184.216.34"
OTHER_PUBLIC = "93.184.216.35"
PAGE = (
    "<html><head><title>Ferry returns to Lirrel</title></head><body><article><h1>Ferry returns to "
    "Lirrel</h1><p>The Lirrel ferry sailed again on Monday after repairs, the harbour office said. "
    "About 300 passengers crossed on the first day.</p></article></body></html>"
)


class _Site(BaseHTTPRequestHandler):
    seen: ClassVar[list[str]] = []
    port: ClassVar[int] = 0

    def do_GET(self) -> None:
        host = self.headers.get("X-Asked-Host", "")
        _Site.seen.append(f"{host}{self.path}")
        here = f"http://127.0.0.1:{_Site.port}"
        targets = {
            "/to-loopback": f"{here}/secret",
            "/to-localhost": f"http://localhost:{_Site.port}/secret",
            "/to-private": "http://10.20.30.40/secret",
            "/to-link-local": "http://169.254.169.254/latest/meta-data/",
            "/to-ipv6-loopback": f"http://[::1]:{_Site.port}/secret",
            "/twice": f"http://{OTHER_PUBLIC}/to-loopback",
            "/to-public": f"http://{OTHER_PUBLIC}/article",
        }
        if self.path in targets:
            self.send_response(302)
            self.send_header("Location", targets[self.path])
            self.end_headers()
            return
        if self.path in ("/article", "/secret", "/latest/meta-data/"):
            body = PAGE.encode() if self.path == "/article" else b"internal secret"
            self.send_response(200)
            self.send_header("Content-Type", "text/html" if self.path == "/article" else "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def site() -> Iterator[tuple[int, list[str]]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    _Site.port = server.server_address[1]
    _Site.seen = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield _Site.port, _Site.seen
    server.shutdown()
    server.server_close()


def _fetcher(port: int, *, allow_private: bool = False) -> Fetcher:
    plain = httpx.Client()

    def forward(request: httpx.Request) -> httpx.Response:
        # Every request the guard lets through reaches the local server, whatever its host.
        url = request.url.copy_with(scheme="http", host="127.0.0.1", port=port)
        answer = plain.get(url, headers={"X-Asked-Host": request.url.host}, follow_redirects=False)
        return httpx.Response(answer.status_code, headers=answer.headers, content=answer.content)

    client = guarded_client(allow_private=allow_private, transport=httpx.MockTransport(forward))
    return Fetcher(client, config=FetchConfig(host_delay=0, retries=0))


@pytest.mark.parametrize(
    ("path", "host"),
    [
        ("/to-loopback", "127.0.0.1"),
        ("/to-localhost", "localhost"),
        ("/to-private", "10.20.30.40"),
        ("/to-link-local", "169.254.169.254"),
        ("/to-ipv6-loopback", "::1"),
        ("/twice", "127.0.0.1"),
    ],
)
def test_a_redirect_to_a_loopback_or_private_address_is_refused(
    site: tuple[int, list[str]], path: str, host: str
) -> None:
    port, seen = site
    result = _fetcher(port).page(f"http://{PUBLIC}{path}")
    assert isinstance(result, InputProblem), result
    assert result.path.startswith(f"http://{PUBLIC}")
    assert "not fetched" in result.message and "loopback or private" in result.message
    assert host.strip("[]") in result.message
    # The address the redirect pointed to was never asked.
    assert not [s for s in seen if s.endswith(("/secret", "/meta-data/"))], seen


def test_a_redirect_to_another_public_address_is_followed(site: tuple[int, list[str]]) -> None:
    port, seen = site
    result = _fetcher(port).page(f"http://{PUBLIC}/to-public")
    assert isinstance(result, Article), result
    assert "ferry sailed again" in result.raw
    assert f"{OTHER_PUBLIC}/article" in seen


def test_private_addresses_are_fetched_when_configured(site: tuple[int, list[str]]) -> None:
    port, seen = site
    result = _fetcher(port, allow_private=True).page(f"http://{PUBLIC}/to-loopback")
    assert isinstance(result, Article), result
    assert "127.0.0.1/secret" in seen
