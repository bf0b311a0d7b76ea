"""Story pages rendered ahead of reading, kept beside an SQLite store.

Rendering a story page costs 8-30 ms of CPU, and under load a server process's requests take
turns on the interpreter lock, so a first view waited 40-160 ms. The add worker (a separate
process at a lower CPU priority) already knows which stories a job changed: once a job is done
it renders the pages of those stories and keeps them here, each under the story's revision
(``Store.story_revision``). A server process that has not rendered a page itself reads it from
here when its revision is the story's current one, so a first view costs what a cached one
does. A page kept under an older revision is never served: the story is rendered as before.

The pages live in a small SQLite file beside the store (``news.db-pages``, compressed: a 60 KB
page keeps in about 7 KB), written only by the add worker and read by every server process.
A PostgreSQL store has no such file (``shelf_path`` is None): its pages are rendered on demand.
"""

from __future__ import annotations

import sqlite3
import threading
import zlib
from collections.abc import Iterable

from newsloom.storage import Store
from newsloom.storage.database import file_beside

# The most pages rendered after one job (a job that changed many stories leaves the rest to be
# rendered when read): a bound on the worker's time between jobs, not tuned.
MAX_PAGES_PER_JOB = 200


def shelf_path(store_url: str) -> str | None:
    """The file that keeps an SQLite store's rendered pages (None for other databases).

    >>> shelf_path("sqlite:///data/news.db")
    'data/news.db-pages'
    >>> shelf_path("postgresql+psycopg://me@127.0.0.1/news") is None
    True
    """
    return file_beside(store_url, "-pages")


class PageShelf:
    """Rendered story pages by story id, each with the revision it was rendered from."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._local = threading.local()
        with self._connection() as conn:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS pages "
                "(story_id TEXT PRIMARY KEY, revision TEXT NOT NULL, html BLOB NOT NULL)"
            )

    def _connection(self) -> sqlite3.Connection:
        # One connection per thread (sqlite3 connections are not shared across threads). WAL:
        # readers never wait for the worker writing pages; a page is a cache, so a write need
        # not reach the disk before the worker goes on (synchronous=NORMAL).
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=10)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            self._local.conn = conn
        return conn

    def get(self, story_id: str, revision: str) -> str | None:
        """The page of ``story_id`` if it was rendered from ``revision``, else None."""
        row = (
            self._connection()
            .execute("SELECT revision, html FROM pages WHERE story_id = ?", (story_id,))
            .fetchone()
        )
        if row is None or row[0] != revision:
            return None
        return zlib.decompress(row[1]).decode("utf-8")

    def revisions(self, story_ids: Iterable[str]) -> dict[str, str]:
        """The revision each of ``story_ids`` has a page of (stories without one are left out)."""
        ids = list(story_ids)
        found: dict[str, str] = {}
        conn = self._connection()
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            marks = ",".join("?" * len(part))
            found.update(
                conn.execute(f"SELECT story_id, revision FROM pages WHERE story_id IN ({marks})", part)
            )
        return found

    def put(self, pages: Iterable[tuple[str, str, str]]) -> None:
        """Keep ``(story id, revision, page)`` for each page (replacing a story's older page)."""
        rows = [(sid, rev, zlib.compress(html.encode("utf-8"), 1)) for sid, rev, html in pages]
        with self._connection() as conn:
            conn.executemany("INSERT OR REPLACE INTO pages (story_id, revision, html) VALUES (?, ?, ?)", rows)

    def story_ids(self) -> set[str]:
        """Every story that has a kept page (of any revision)."""
        return {r[0] for r in self._connection().execute("SELECT story_id FROM pages")}

    def close(self) -> None:
        """Close this thread's connection (others close with their threads)."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None


def missing_pages(store: Store, shelf: PageShelf) -> list[str]:
    """The stories that have no kept page at all, the most recently updated first (what a
    server started on a store built without it renders ahead, a few at a time)."""
    from sqlalchemy import select

    from newsloom.storage.tables import StoryRow

    with store.engine.connect() as conn:
        ids = [
            r[0]
            for r in conn.execute(
                select(StoryRow.story_id).where(StoryRow.size > 0).order_by(StoryRow.updated_at.desc())
            )
        ]
    kept = shelf.story_ids()
    return [sid for sid in ids if sid not in kept]


def render_ahead(store: Store, shelf: PageShelf, story_ids: Iterable[str], limit: int | None = None) -> int:
    """Render and keep the pages of ``story_ids`` whose kept page is missing or of an older
    revision; at most ``limit`` pages. Returns how many were rendered."""
    from newsloom.service.web import render_story_page

    wanted = list(dict.fromkeys(story_ids))
    kept = shelf.revisions(wanted)
    rendered = 0
    batch: list[tuple[str, str, str]] = []
    for sid in wanted:
        if limit is not None and rendered >= limit:
            break
        revision = store.story_revision(sid)
        if revision is None or kept.get(sid) == revision:
            continue
        try:
            html = render_story_page(store, sid)
        except KeyError:  # removed meanwhile
            continue
        batch.append((sid, revision, html))
        rendered += 1
        if len(batch) >= 50:
            shelf.put(batch)
            batch = []
    if batch:
        shelf.put(batch)
    return rendered
