"""Fetching articles and feeds over HTTP, politely: robots.txt, a per-host delay, conditional
GET, timeouts, retries with backoff and a size limit. A URL that cannot be fetched becomes an
``InputProblem`` with a plain message, like any unreadable input; the others go on.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from newsloom._version import __version__
from newsloom.errors import InputReadError
from newsloom.model import Article, InputProblem
from newsloom.pipeline.ingest.decode import declared_html_charset, decode_bytes, looks_like_html
from newsloom.pipeline.ingest.documents import megabytes
from newsloom.pipeline.ingest.ids import site_of, url_id
from newsloom.pipeline.ingest.warc import http_charset

USER_AGENT = f"newsloom/{__version__} (+https://github.com/newsloom)"
# HTTP statuses worth trying again: the server is busy or briefly down.
_RETRY_STATUSES = {429, 500, 502, 503, 504}


def is_url(value: str) -> bool:
    """Whether an input names an http(s) URL rather than a path."""
    return value.startswith(("http://", "https://"))


@dataclass(frozen=True)
class FetchConfig:
    """How politely and how patiently pages are fetched."""

    timeout: float = 20.0  # seconds, for connecting and for each read
    retries: int = 2  # further attempts after a timeout, a dropped connection or a 5xx/429
    backoff: float = 1.0  # seconds before the first retry; doubled for each further one
    host_delay: float = 1.0  # seconds between two requests to one host
    max_bytes: int = 5_000_000  # a larger response is refused, not read into memory
    max_redirects: int = 5
    obey_robots: bool = True


@dataclass(frozen=True)
class Fetched:
    """A response body with its validators for the next conditional GET."""

    url: str  # after redirects
    body: bytes
    content_type: str | None
    etag: str | None
    last_modified: str | None


@dataclass(frozen=True)
class NotModified:
    """The server said the resource has not changed since the validators given."""

    url: str


@dataclass
class Fetcher:
    """Fetches URLs with one client, remembering robots.txt rules and when each host was last asked.

    >>> with httpx.Client() as client:  # doctest: +SKIP
    ...     Fetcher(client).page("https://example.org/news/1")
    """

    client: httpx.Client
    config: FetchConfig = field(default_factory=FetchConfig)
    sleep: Callable[[float], None] = time.sleep
    _robots: dict[str, RobotFileParser | None] = field(default_factory=dict)
    _last: dict[str, float] = field(default_factory=dict)

    def _wait_for(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            gap = self.config.host_delay - (time.monotonic() - last)
            if gap > 0:
                self.sleep(gap)
        self._last[host] = time.monotonic()

    def allowed(self, url: str) -> bool:
        """Whether the site's robots.txt lets newsloom fetch ``url`` (no robots.txt: yes)."""
        if not self.config.obey_robots:
            return True
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            rules: RobotFileParser | None = None
            try:
                self._wait_for(parts.netloc)
                resp = self.client.get(origin + "/robots.txt", timeout=self.config.timeout)
                if resp.status_code == 200:
                    rules = RobotFileParser()
                    rules.parse(resp.text[:500_000].splitlines())
            except httpx.HTTPError:
                rules = None  # an unreachable robots.txt does not forbid anything
            self._robots[origin] = rules
        rules = self._robots[origin]
        return rules is None or rules.can_fetch(USER_AGENT, url)

    def get(
        self, url: str, etag: str | None = None, last_modified: str | None = None
    ) -> Fetched | NotModified:
        """GET ``url`` (conditionally when validators are given); raise ``InputReadError`` on failure."""
        if not is_url(url):
            raise InputReadError(url, "only http and https URLs can be fetched")
        if not self.allowed(url):
            raise InputReadError(url, "the site's robots.txt does not allow fetching this page; skipped")
        headers = {"User-Agent": USER_AGENT}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        delay = self.config.backoff
        for attempt in range(self.config.retries + 1):
            last_try = attempt == self.config.retries
            self._wait_for(urlsplit(url).netloc)
            try:
                return self._get_once(url, headers)
            except _Retry as exc:
                if last_try:
                    raise InputReadError(
                        url, f"{exc.reason} (tried {attempt + 1} times); try again later"
                    ) from None
            self.sleep(delay)
            delay *= 2
        raise AssertionError("unreachable")  # pragma: no cover

    def _get_once(self, url: str, headers: dict[str, str]) -> Fetched | NotModified:
        limit = self.config.max_bytes
        try:
            with self.client.stream("GET", url, headers=headers, timeout=self.config.timeout) as resp:
                if resp.status_code == 304:
                    return NotModified(url=str(resp.url))
                if resp.status_code in _RETRY_STATUSES:
                    raise _Retry(f"the server answered {resp.status_code}")
                if resp.status_code >= 400:
                    raise InputReadError(url, f"the server answered {resp.status_code} {resp.reason_phrase}")
                declared = resp.headers.get("Content-Length")
                if declared and declared.isdigit() and int(declared) > limit:
                    raise InputReadError(
                        url, f"the page is {megabytes(int(declared))}, over the {megabytes(limit)} limit"
                    )
                body = bytearray()
                for chunk in resp.iter_bytes():
                    body.extend(chunk)
                    if len(body) > limit:
                        raise InputReadError(
                            url, f"the page is over the {megabytes(limit)} limit; not read further"
                        )
                return Fetched(
                    url=str(resp.url),
                    body=bytes(body),
                    content_type=resp.headers.get("Content-Type"),
                    etag=resp.headers.get("ETag"),
                    last_modified=resp.headers.get("Last-Modified"),
                )
        except httpx.TooManyRedirects as exc:
            raise InputReadError(url, f"more than {self.config.max_redirects} redirects") from exc
        except httpx.TimeoutException:
            raise _Retry(f"no answer within {self.config.timeout:g} s") from None
        except httpx.TransportError as exc:
            raise _Retry(f"could not connect ({type(exc).__name__})") from None

    def page(self, url: str) -> Article | InputProblem:
        """The article at ``url``, or the problem that kept it from being read."""
        try:
            fetched = self.get(url)
            assert isinstance(fetched, Fetched)  # no validators were sent
            return page_article(url, fetched)
        except InputReadError as exc:
            return InputProblem(path=url, kind=exc.kind, message=exc.message)


class _Retry(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def page_article(requested: str, fetched: Fetched) -> Article:
    """An ``Article`` from a fetched page (HTML, or plain text when served as such)."""
    ctype = (fetched.content_type or "").lower()
    if ctype and not ctype.startswith(("text/html", "application/xhtml", "text/plain")):
        raise InputReadError(requested, f"the URL serves {ctype.split(';')[0]}, not a web page or text")
    text = decode_bytes(
        fetched.body, requested, (http_charset(fetched.content_type), declared_html_charset(fetched.body))
    )
    if not text.strip():
        raise InputReadError(requested, "the page is empty")
    url = fetched.url
    common = {"id": url_id(url), "source": url, "url": url, "site": site_of(url), "raw": text}
    if ctype.startswith("text/plain") or (not ctype and not looks_like_html(text)):
        return Article(format="text", markup="text", raw_text=text, **common)
    return Article(format="html", markup="html", **common)


def make_client(config: FetchConfig | None = None) -> httpx.Client:
    """An httpx client following redirects up to ``config.max_redirects``."""
    config = config or FetchConfig()
    return httpx.Client(follow_redirects=True, max_redirects=config.max_redirects, timeout=config.timeout)
