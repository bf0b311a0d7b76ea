""" "Add URL" never reaches loopback or private addresses, not even through a redirect.

A real HTTP server on 127.0.0.1 plays both the public site and the server's own network: the
client's transport sends requests for two public addresses to it, and sends any other request
(a loopback or private address the guard failed to stop) there too, where it is recorded.
"""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import httpx
import pytest

from newsloom.errors import InputReadError
from newsloom.model import Article, InputProblem
from newsloom.pipeline.ingest.web import FetchConfig, Fetcher
from newsloom.service.security import check_fetch_url, guarded_client

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


# DNS rebinding: a name that answers a public address when it is checked and a loopback
# address when it is connected to. The system resolver is replaced by a stub; "public"
# addresses are played by a local server, so nothing leaves the machine.

NAME = "news.lirrel.example"


class _Recorder(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.server.seen.append((self.headers.get("Host", ""), self.path))  # type: ignore[attr-defined]
        body = PAGE.encode() if self.path == "/article" else b"internal secret"
        self.send_response(200 if self.path in ("/article", "/secret") else 404)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def _serve(tls: ssl.SSLContext | None = None) -> tuple[ThreadingHTTPServer, list[tuple[str, str]]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    server.seen = []  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.seen  # type: ignore[attr-defined]


@pytest.fixture
def rebinding(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, object]]:
    """A public site, the server's own network, and a resolver in which NAME answers PUBLIC
    the first time it is asked and 127.0.0.1 (the internal server) every time after."""
    public, public_seen = _serve()
    internal, internal_seen = _serve()
    asked: list[str] = []
    real = socket.getaddrinfo

    def getaddrinfo(host: object, port: object, *args: object, **kwargs: object) -> list[object]:
        def answer(address: str, to_port: int) -> list[object]:
            return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, to_port))]

        if host == NAME:
            asked.append(NAME)
            if len(asked) == 1:
                return answer(PUBLIC, int(port))  # type: ignore[call-overload]
            return answer("127.0.0.1", internal.server_address[1])
        if host == PUBLIC:  # the public site is played by a local server
            return answer("127.0.0.1", public.server_address[1])
        return real(host, port, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield {"public_seen": public_seen, "internal_seen": internal_seen, "asked": asked}
    for server in (public, internal):
        server.shutdown()
        server.server_close()


def test_the_stub_resolver_models_a_rebinding_that_a_check_before_connecting_misses(
    rebinding: dict[str, object],
) -> None:
    # The old way: check the name, then let httpx connect by name. The check passes (public)
    # and the connection reaches the internal server: the hole the pinned transport closes.
    check_fetch_url(f"http://{NAME}/secret")
    with httpx.Client() as plain:
        assert plain.get(f"http://{NAME}/secret").text == "internal secret"
    assert rebinding["internal_seen"] == [(NAME, "/secret")]


def test_a_rebinding_name_is_connected_to_at_the_checked_address_only(
    rebinding: dict[str, object],
) -> None:
    with guarded_client() as client:
        response = client.get(f"http://{NAME}/article")
    assert response.status_code == 200 and "ferry sailed again" in response.text
    assert str(response.url) == f"http://{NAME}/article"  # the URL stays the name
    assert rebinding["asked"] == [NAME]  # resolved once, by the check
    assert rebinding["public_seen"] == [(NAME, "/article")]  # Host header: the name
    assert rebinding["internal_seen"] == []


def test_a_fetch_whose_name_turns_private_between_requests_is_refused(
    rebinding: dict[str, object],
) -> None:
    # robots.txt is asked first (public), then the page: the name now answers loopback.
    with guarded_client() as client:
        result = Fetcher(client, config=FetchConfig(host_delay=0, retries=0)).page(f"http://{NAME}/secret")
    assert isinstance(result, InputProblem), result
    assert "loopback or private" in result.message
    assert rebinding["public_seen"] == [(NAME, "/robots.txt")]
    assert rebinding["internal_seen"] == []


def test_a_name_with_one_private_address_among_public_ones_is_refused() -> None:
    def resolve(host: str, port: int) -> list[str]:
        return [PUBLIC, "10.0.0.7"]

    def never(request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"connected to {request.url}")

    with (
        guarded_client(transport=httpx.MockTransport(never), resolve=resolve) as client,
        pytest.raises(InputReadError, match="loopback or private"),
    ):
        client.get(f"http://{NAME}/article")


def test_a_refused_first_address_falls_back_to_the_next_checked_one() -> None:
    tried: list[str] = []

    def send(request: httpx.Request) -> httpx.Response:
        tried.append(request.url.host)
        if request.url.host == PUBLIC:
            raise httpx.ConnectError("connection refused", request=request)
        return httpx.Response(200, text="ok")

    resolve = lambda host, port: [PUBLIC, OTHER_PUBLIC]  # noqa: E731
    with guarded_client(transport=httpx.MockTransport(send), resolve=resolve) as client:
        assert client.get(f"http://{NAME}/article").text == "ok"
    assert tried == [PUBLIC, OTHER_PUBLIC]


def _certificate(tmp_path: Path, name: str) -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", f"/CN={name}",
         "-addext", f"subjectAltName=DNS:{name}", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


@pytest.mark.parametrize("asked_name", [NAME, "other.lirrel.example"])
def test_https_to_a_pinned_address_sends_and_verifies_the_name(
    rebinding: dict[str, object], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, asked_name: str
) -> None:
    cert, key = _certificate(tmp_path, NAME)
    server_side = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_side.load_cert_chain(cert, key)
    sni: list[str | None] = []
    server_side.sni_callback = lambda sock, name, ctx: sni.append(name)  # type: ignore[assignment,misc,func-returns-value]
    site, seen = _serve(server_side)
    stubbed = socket.getaddrinfo

    def getaddrinfo(host: object, port: object, *args: object, **kwargs: object) -> list[object]:
        if host in (NAME, "other.lirrel.example"):
            return stubbed(NAME, port, *args, **kwargs)  # type: ignore[arg-type]
        if host == PUBLIC:  # this time the public address is the TLS site
            return [
                (
                    socket.AF_INET,
                    socket.SOCK_STREAM,
                    socket.IPPROTO_TCP,
                    "",
                    ("127.0.0.1", site.server_address[1]),
                )
            ]
        return stubbed(host, port, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    trust = ssl.create_default_context(cafile=str(cert))
    try:
        with guarded_client(transport=httpx.HTTPTransport(verify=trust)) as client:
            if asked_name == NAME:
                response = client.get(f"https://{NAME}/article")
                assert response.status_code == 200 and "ferry sailed again" in response.text
                assert sni == [NAME] and seen == [(NAME, "/article")]
            else:  # the certificate is for NAME, not for the name asked: verification fails
                with pytest.raises(httpx.ConnectError, match=r"(?i)certificate"):
                    client.get(f"https://{asked_name}/article")
                assert sni == [asked_name] and seen == []
    finally:
        site.shutdown()
        site.server_close()
