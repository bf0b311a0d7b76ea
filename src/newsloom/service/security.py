"""What keeps the service safe: the URL guard (no server-side request forgery), CSRF tokens,
and the response headers (Content-Security-Policy and friends)."""

from __future__ import annotations

import hmac
import ipaddress
import secrets
import socket
from collections.abc import Callable
from urllib.parse import urlsplit

import httpx

from newsloom.errors import InputReadError
from newsloom.pipeline.ingest.web import FetchConfig

# Scripts, styles and images come from the service itself only; nothing inline may run, no
# plug-in loads, and no page of ours may be framed by another site.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
# The /docs and /redoc pages (Swagger UI and ReDoc, shipped by fastapi-offline, nothing from a
# CDN) start with an inline script of FastAPI's; they get their own policy and nothing else does.
DOCS_POLICY = (
    "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; frame-ancestors 'none'"
)


class UnsafeURL(ValueError):
    """A URL the service refuses to fetch."""


def _system_resolve(host: str, port: int) -> list[str]:
    """The addresses ``host`` resolves to, in the system resolver's order."""
    infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    return [str(info[4][0]).split("%")[0] for info in infos]


def _url_parts(url: str) -> tuple[str, str, int]:
    """``(scheme, host, port)`` of a URL the service may fetch, or :class:`UnsafeURL` saying why
    not: only http(s), with a host, and no user name or password."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise UnsafeURL(f"only http(s) URLs can be added, not {scheme or 'no scheme'!r}")
    host = parts.hostname
    if not host:
        raise UnsafeURL("the URL has no host")
    if parts.username or parts.password:
        raise UnsafeURL("URLs with a user name or password are not fetched")
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError as exc:
        raise UnsafeURL("the URL's port is not a number") from exc
    return scheme, host, port


def public_addresses(
    host: str, port: int, *, resolve: Callable[[str, int], list[str]] = _system_resolve
) -> list[str]:
    """The addresses of ``host``, resolved once, if every one of them is public; otherwise
    :class:`UnsafeURL`. A host that is an IP address is its own (only) address.

    >>> public_addresses("127.0.0.1", 80)
    Traceback (most recent call last):
    ...
    newsloom.service.security.UnsafeURL: the host '127.0.0.1' is a loopback or private address; it is not fetched
    """
    try:
        addresses = [str(ipaddress.ip_address(host))]
    except ValueError:
        try:
            addresses = resolve(host, port)
        except (OSError, UnicodeError) as exc:
            raise UnsafeURL(f"the host {host!r} cannot be resolved") from exc
    if not addresses:
        raise UnsafeURL(f"the host {host!r} cannot be resolved")
    for text in addresses:
        address = ipaddress.ip_address(text)
        if not address.is_global or address.is_multicast:
            raise UnsafeURL(f"the host {host!r} is a loopback or private address; it is not fetched")
    return list(dict.fromkeys(addresses))


def check_fetch_url(url: str, *, allow_private: bool = False) -> str:
    """``url`` if the service may fetch it: http(s), a host, and (unless ``allow_private``)
    every address the host resolves to is public: no loopback, private, link-local, reserved
    or multicast address, so that "add URL" cannot reach the server's own network.

    This is the early check that lets a form or the API refuse a bad URL at once; what keeps
    the fetch itself safe is :class:`PinnedTransport`, which checks again when it connects.

    >>> check_fetch_url("javascript:alert(1)")
    Traceback (most recent call last):
    ...
    newsloom.service.security.UnsafeURL: only http(s) URLs can be added, not 'javascript'
    """
    _, host, port = _url_parts(url)
    if not allow_private:
        public_addresses(host, port)
    return url.strip()


class PinnedTransport(httpx.BaseTransport):
    """An httpx transport that refuses loopback and private addresses at the moment it
    connects, with no gap for DNS rebinding: each request's host is resolved once, every
    address it gives must be public, and the connection goes to one of those checked
    addresses (the URL's host replaced by the address), while the ``Host`` header stays the
    name and, for https, TLS sends the name as SNI and verifies the certificate for the name
    (httpcore's ``sni_hostname`` request extension). A name that answers a public address to
    the check and a private one a moment later is never asked again, so it cannot redirect
    the connection.

    Every request the client sends goes through here, each redirect hop and robots.txt
    included. ``allow_private`` passes requests through unchecked (a newsroom intranet).
    ``inner`` sends the pinned request (default: :class:`httpx.HTTPTransport`); ``resolve``
    maps ``(host, port)`` to addresses (default: the system resolver).
    """

    def __init__(
        self,
        inner: httpx.BaseTransport | None = None,
        *,
        allow_private: bool = False,
        resolve: Callable[[str, int], list[str]] = _system_resolve,
    ) -> None:
        self.inner = inner if inner is not None else httpx.HTTPTransport()
        self.allow_private = allow_private
        self.resolve = resolve

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        try:
            scheme, host, port = _url_parts(url)
            if self.allow_private:
                return self.inner.handle_request(request)
            addresses = public_addresses(host, port, resolve=self.resolve)
        except UnsafeURL as exc:
            raise InputReadError(url, f"not fetched: {exc}") from None
        extensions = dict(request.extensions)
        if scheme == "https" and addresses != [host]:
            extensions["sni_hostname"] = host
        failure: httpx.ConnectError | None = None
        for address in addresses:
            # A new request, not the client's own: its URL stays the name, which redirects
            # and relative links are resolved against. The Host header is kept as it is.
            pinned = httpx.Request(
                request.method,
                request.url.copy_with(host=address),
                headers=request.headers,
                stream=request.stream,
                extensions=extensions,
            )
            try:
                return self.inner.handle_request(pinned)
            except httpx.ConnectError as exc:  # nothing was sent: try the next checked address
                failure = exc
        assert failure is not None
        raise failure

    def close(self) -> None:
        self.inner.close()


def guarded_client(
    *,
    allow_private: bool = False,
    config: FetchConfig | None = None,
    transport: httpx.BaseTransport | None = None,
    resolve: Callable[[str, int], list[str]] = _system_resolve,
) -> httpx.Client:
    """An httpx client for fetching pages whose every request (each redirect hop and
    robots.txt included) goes through a :class:`PinnedTransport`: a public page cannot send
    the service on to a loopback or private address, neither by a redirect nor by a name that
    changes its address between the check and the connection (DNS rebinding). A refused
    request ends that URL's fetch with a reason (an ``InputReadError``, reported per URL as
    ``add`` reports unreadable input). ``transport`` is the transport that sends the checked
    request (tests); ``resolve`` the resolver (tests).
    """
    config = config or FetchConfig()
    return httpx.Client(
        follow_redirects=True,
        max_redirects=config.max_redirects,
        timeout=config.timeout,
        transport=PinnedTransport(transport, allow_private=allow_private, resolve=resolve),
    )


def is_http_url(url: str | None) -> bool:
    """Whether ``url`` may be shown as a link (http or https only; never ``javascript:``)."""
    return bool(url) and urlsplit(str(url).strip()).scheme.lower() in ("http", "https")


def new_csrf_token() -> str:
    """A fresh CSRF token, set as a cookie and echoed by the form (double submit)."""
    return secrets.token_urlsafe(24)


def csrf_ok(cookie: str | None, field: str | None) -> bool:
    """Whether a form's CSRF field matches its cookie (compared in constant time)."""
    return bool(cookie) and bool(field) and hmac.compare_digest(str(cookie), str(field))
