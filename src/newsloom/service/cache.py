"""Rendered pages kept in memory, keyed by what they were rendered from.

A story page renders the story's whole report (its graph layout included): tens of milliseconds
for a small story, far more for a large one. Each page is kept under a key that holds the
story's revision (see ``Store.story_revision``), so a story that changes gets a new key and its
old page is never served again; old pages simply age out. The cache is bounded in size
(characters of page) and forgets the least recently used page first. A page may also be asked
for no older than some seconds (the home page, whose key cannot hold everything it shows).

The same keys make entity tags (:func:`entity_tag`): a client that sends back the tag of the page
it holds (``If-None-Match``) is answered 304 Not Modified, with nothing read but the revision.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Hashable

from newsloom._version import __version__

# The most page characters kept (a story page is 50-500 KB: some hundreds to a thousand pages).
MAX_CHARS = 64 * 1024 * 1024


class PageCache:
    """A thread-safe least-recently-used map from keys to rendered pages, bounded in characters.

    >>> cache = PageCache(max_chars=10)
    >>> cache.put(("story-1", "rev-1"), "<html>")
    >>> cache.get(("story-1", "rev-1"))
    '<html>'
    >>> cache.get(("story-1", "rev-2")) is None
    True
    >>> cache.get(("story-1", "rev-1"), max_age=0) is None
    True
    """

    def __init__(self, max_chars: int = MAX_CHARS) -> None:
        self.max_chars = max_chars
        # key -> (page, when it was kept: time.monotonic())
        self._pages: OrderedDict[Hashable, tuple[str, float]] = OrderedDict()
        self._chars = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, max_age: float | None = None) -> str | None:
        """The page kept under ``key`` (and kept less than ``max_age`` seconds ago), or None."""
        with self._lock:
            found = self._pages.get(key)
            if found is None or (max_age is not None and time.monotonic() - found[1] >= max_age):
                self.misses += 1
                return None
            self._pages.move_to_end(key)
            self.hits += 1
            return found[0]

    def put(self, key: Hashable, page: str) -> None:
        """Keep ``page`` under ``key`` (a page larger than the whole cache is not kept)."""
        size = len(page)
        if size > self.max_chars:
            return
        with self._lock:
            old = self._pages.pop(key, None)
            if old is not None:
                self._chars -= len(old[0])
            self._pages[key] = (page, time.monotonic())
            self._chars += size
            while self._chars > self.max_chars:
                _, (dropped, _) = self._pages.popitem(last=False)
                self._chars -= len(dropped)

    def __len__(self) -> int:
        with self._lock:
            return len(self._pages)


def entity_tag(*key: object) -> str:
    """A strong HTTP entity tag for what was rendered from ``key`` (a page's kind, the story's
    id and revision, a variant) by this version of newsloom (whose templates may render the
    same story differently).

    >>> entity_tag("story", "story-1", "rev-1") == entity_tag("story", "story-1", "rev-1")
    True
    >>> entity_tag("story", "story-1", "rev-1") == entity_tag("story", "story-1", "rev-2")
    False
    """
    basis = "\x1f".join([__version__, *map(str, key)])
    return '"' + hashlib.blake2b(basis.encode("utf-8"), digest_size=12).hexdigest() + '"'


def not_modified(if_none_match: str | None, tag: str) -> bool:
    """Whether a request's ``If-None-Match`` header names ``tag`` (or is ``*``): compared weakly,
    as RFC 9110 asks for this header (``W/"x"`` matches ``"x"``).

    >>> not_modified('"a", W/"b"', '"b"'), not_modified("*", '"b"'), not_modified('"a"', '"b"')
    (True, True, False)
    >>> not_modified(None, '"b"')
    False
    """
    if not if_none_match:
        return False
    wanted = tag.removeprefix("W/")
    for candidate in if_none_match.split(","):
        candidate = candidate.strip()
        if candidate == "*" or candidate.removeprefix("W/") == wanted:
            return True
    return False
