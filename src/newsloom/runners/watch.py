"""Watching feeds: poll RSS/Atom feeds, fetch the pages of new entries, add them to the store.

Each feed is fetched with a conditional GET (the ETag and Last-Modified it last answered are
kept in the store), so an unchanged feed costs one short request. Entry pages already stored
are not fetched again. Every failure (a feed or page that is slow, failing, forbidden by
robots.txt or malformed) becomes an ``InputProblem`` naming the URL; the other URLs go on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from newsloom.config import AnalyzeConfig
from newsloom.errors import InputReadError
from newsloom.model import InputProblem
from newsloom.pipeline.ingest.web import Fetched, Fetcher, is_url
from newsloom.runners.incremental import AddResult, add_to_store
from newsloom.storage.repository import Store
from newsloom.storage.tables import FeedRow


@dataclass
class WatchResult:
    """One round over the feeds: entries seen, feeds unchanged, what adding them did."""

    entries: int = 0
    unchanged_feeds: list[str] = field(default_factory=list)
    feed_errors: list[InputProblem] = field(default_factory=list)
    added: AddResult = field(default_factory=AddResult)


def feed_links(feed_url: str, body: bytes) -> list[str]:
    """The entry links of an RSS/Atom document, in feed order (raise on a malformed feed)."""
    import feedparser

    parsed = feedparser.parse(body)
    links = [str(e.get("link")) for e in parsed.entries if e.get("link") and is_url(str(e.get("link")))]
    if parsed.get("bozo") and not links:
        reason = parsed.get("bozo_exception")
        raise InputReadError(feed_url, f"not a readable RSS/Atom feed ({reason}); check the URL")
    return links


def watch_once(
    store: Store, feeds: list[str], fetcher: Fetcher, config: AnalyzeConfig | None = None
) -> WatchResult:
    """Poll each feed once and add the pages of its new entries to the store."""
    result = WatchResult()
    links: list[str] = []
    for url in feeds:
        with Session(store.engine) as s:
            state = s.get(FeedRow, url)
            etag, modified = (state.etag, state.last_modified) if state else (None, None)
        try:
            got = fetcher.get(url, etag, modified)
            if not isinstance(got, Fetched):
                result.unchanged_feeds.append(url)
                continue
            found = feed_links(url, got.body)
        except InputReadError as exc:
            result.feed_errors.append(InputProblem(path=url, kind=exc.kind, message=exc.message))
            continue
        links.extend(found)
        result.entries += len(found)
        with store.write() as conn, Session(bind=conn) as s:
            row = s.get(FeedRow, url) or FeedRow(url=url)
            row.etag, row.last_modified, row.checked_at = got.etag, got.last_modified, datetime.now(UTC)
            s.add(row)
            s.flush()
    result.added = add_to_store(store, list(dict.fromkeys(links)), config, fetcher=fetcher)
    return result
