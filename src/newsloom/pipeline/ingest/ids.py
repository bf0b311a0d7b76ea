"""Article ids: readable, stable, and unique within one batch."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import unquote, urlsplit

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
# Long enough to tell the pages of one site apart, short enough to read in a report.
_SLUG_MAX = 60
_PAGE_SUFFIX = re.compile(r"\.(?:s?html?|php\d?|aspx?|jsp|cgi)$", re.IGNORECASE)


def slugify(text: str, max_length: int = _SLUG_MAX) -> str:
    """Lower-case ASCII words joined by hyphens: ``"Émeutes à Paris"`` -> ``"emeutes-a-paris"``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-")


def site_of(url: str | None) -> str | None:
    """The host of a URL without a leading ``www.``, or ``None``."""
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host.removeprefix("www.")


def url_id(url: str) -> str:
    """A stable id for a page: a slug of the last part of its path and a short hash of the URL.

    The hash keeps pages with the same last segment (``.../index.html``) apart, and the id does
    not change between runs or crawls of the same URL.

    >>> url_id("https://www.example.com/world/2025/01/floods-hit-valley.html")
    'floods-hit-valley-15188196'
    """
    digest = hashlib.blake2b(url.encode("utf-8"), digest_size=4).hexdigest()
    try:
        parts = urlsplit(url)
    except ValueError:
        return f"page-{digest}"
    segments = [unquote(s) for s in parts.path.split("/") if s]
    last = _PAGE_SUFFIX.sub("", segments[-1]) if segments else ""
    if last.lower() in {"", "index", "default", "article", "story"} and len(segments) > 1:
        last = _PAGE_SUFFIX.sub("", segments[-2])
    slug = slugify(last) or slugify(parts.hostname or "") or "page"
    return f"{slug}-{digest}"


class IdRegistry:
    """Hands out ids unique within a batch: the first ``name`` keeps it, later ones get ``name-2``...

    Deterministic because inputs are read in a fixed order.

    >>> ids = IdRegistry()
    >>> ids.claim("story"), ids.claim("story"), ids.claim("story-2")
    ('story', 'story-2', 'story-2-2')
    """

    def __init__(self) -> None:
        self._used: set[str] = set()

    def claim(self, wanted: str) -> str:
        """``wanted`` if it is free, else the first free ``wanted-N`` (N >= 2)."""
        base = wanted.strip() or "article"
        candidate, n = base, 1
        while candidate in self._used:
            n += 1
            candidate = f"{base}-{n}"
        self._used.add(candidate)
        return candidate
