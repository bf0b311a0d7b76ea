"""What keeps the service safe: the URL guard (no server-side request forgery), CSRF tokens,
and the response headers (Content-Security-Policy and friends)."""

from __future__ import annotations

import hmac
import ipaddress
import secrets
import socket
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


def check_fetch_url(url: str, *, allow_private: bool = False) -> str:
    """``url`` if the service may fetch it: http(s), a host, and (unless ``allow_private``)
    every address the host resolves to is public: no loopback, private, link-local, reserved
    or multicast address, so that "add URL" cannot reach the server's own network.

    >>> check_fetch_url("javascript:alert(1)")
    Traceback (most recent call last):
    ...
    newsloom.service.security.UnsafeURL: only http(s) URLs can be added, not 'javascript'
    """
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https"):
        raise UnsafeURL(f"only http(s) URLs can be added, not {parts.scheme.lower() or 'no scheme'!r}")
    host = parts.hostname
    if not host:
        raise UnsafeURL("the URL has no host")
    if parts.username or parts.password:
        raise UnsafeURL("URLs with a user name or password are not fetched")
    if allow_private:
        return url.strip()
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError as exc:
        raise UnsafeURL("the URL's port is not a number") from exc
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError) as exc:
        raise UnsafeURL(f"the host {host!r} cannot be resolved") from exc
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not address.is_global or address.is_multicast:
            raise UnsafeURL(f"the host {host!r} is a loopback or private address; it is not fetched")
    return url.strip()


def guarded_client(
    *,
    allow_private: bool = False,
    config: FetchConfig | None = None,
    transport: httpx.BaseTransport | None = None,
) -> httpx.Client:
    """An httpx client for fetching pages that checks every request it sends, each redirect hop
    and robots.txt included, with :func:`check_fetch_url`: a public page cannot send the service
    on to a loopback or private address. A refused hop ends that URL's fetch with a reason (an
    ``InputReadError``, reported per URL as ``add`` reports unreadable input).

    The check resolves the host before the request connects; a name that resolves to another
    address a moment later (DNS rebinding) is not caught here.
    """

    def check(request: httpx.Request) -> None:
        try:
            check_fetch_url(str(request.url), allow_private=allow_private)
        except UnsafeURL as exc:
            raise InputReadError(str(request.url), f"not fetched: {exc}") from None

    config = config or FetchConfig()
    return httpx.Client(
        follow_redirects=True,
        max_redirects=config.max_redirects,
        timeout=config.timeout,
        transport=transport,
        event_hooks={"request": [check]},
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
