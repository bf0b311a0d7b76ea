"""JSONL inputs: one article per line, each line read and judged on its own.

A line is a JSON object with ``text`` (plain text) or ``html`` (a page; preferred when both are
given, since the cleaner gets more from the page than from someone else's extraction; a ``text``
that is itself an HTML page is read as one), and
optionally ``id``, ``url``, ``title``, ``published``, ``source`` or ``site``, ``authors``.
A bad line is one ``MalformedInput`` naming ``path:line``; the other lines still load.
"""

from __future__ import annotations

import gzip
import json
import logging
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from newsloom.errors import EmptyInput, InputReadError, MalformedInput, UndecodableInput
from newsloom.model import Article
from newsloom.pipeline.ingest.decode import decode_bytes, looks_like_html, sniff_binary
from newsloom.pipeline.ingest.documents import GZIP_ERRORS, ByteReader, gzip_problem, too_large
from newsloom.pipeline.ingest.ids import site_of
from newsloom.pipeline.ingest.walk import InputFile

log = logging.getLogger(__name__)

# How much of a JSONL file is checked for binary content before its lines are read.
_SNIFF_BYTES = 8192
# Bytes read at a time while skipping the rest of an over-long line.
_DRAIN_CHUNK = 1 << 20


def parse_published(value: object) -> date | None:
    """A publication date from a JSONL ``published`` value, or ``None`` when it is not a date.

    ISO dates and date-times are read as written (the date in the writer's own time zone);
    other wordings go through dateutil, which never guesses a missing year or day here.

    >>> parse_published("2025-01-13T09:30:00+09:00")
    datetime.date(2025, 1, 13)
    """
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        pass
    from dateutil import parser as date_parser

    # Two different defaults: a part missing from the text shows up as a difference between the
    # two readings, and such an incomplete date is not a publication date.
    try:
        first = date_parser.parse(text, default=datetime(2000, 1, 1))
        second = date_parser.parse(text, default=datetime(2001, 2, 2))
    except (ValueError, OverflowError):
        return None
    return first.date() if first.date() == second.date() else None


def _string(record: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _authors(record: dict[str, Any]) -> list[str]:
    value = record.get("authors", record.get("author"))
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return []
    return [a.strip() for a in value if isinstance(a, str) and a.strip()]


def _record_id(record: dict[str, Any]) -> str | None:
    value = record.get("id")
    if isinstance(value, bool):  # a JSON true/false is not an id
        return None
    if isinstance(value, int | str) and str(value).strip():
        return str(value).strip()
    return None


def parse_record(line: str, where: str, default_id: str) -> Article:
    """One JSONL line as an article; ``where`` is ``path:line``. Raises ``InputReadError``."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise MalformedInput(
            where, f"is not valid JSON: {exc.msg} (column {exc.colno}); fix or remove the line"
        ) from exc
    except (ValueError, RecursionError) as exc:  # over-long integers, absurd nesting
        raise MalformedInput(where, f"is not JSON newsloom can read ({exc}); fix or remove the line") from exc
    if not isinstance(record, dict):
        raise MalformedInput(
            where,
            f'is a JSON {type(record).__name__}, not an object with a "text" or "html" field; fix the line',
        )
    html = record.get("html")
    text = record.get("text")
    body, markup = (html, "html") if isinstance(html, str) and html.strip() else (text, "text")
    if not isinstance(body, str):
        raise MalformedInput(where, 'has no "text" or "html" string field; add one or remove the line')
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    if markup == "text" and looks_like_html(body):
        # Crawlers often store the fetched page under "text"; read as text, its tags and menus
        # would reach every later stage as article words.
        markup = "html"
    if not body.strip():
        raise EmptyInput(where, f'has an empty "{markup}" field; fill it or remove the line')
    url = _string(record, "url")
    published = parse_published(record.get("published"))
    if published is None and record.get("published") not in (None, ""):
        log.warning(
            "%s: published value %r is not a date; the date will be read from the text",
            where,
            record["published"],
        )
    return Article(
        id=_record_id(record) or default_id,
        source=where,
        format="jsonl",
        markup=markup,
        url=url,
        title=_string(record, "title"),
        published=published,
        published_source="metadata" if published else "unknown",
        site=_string(record, "site", "source") or site_of(url),
        authors=_authors(record),
        raw=body,
        raw_text=body if markup == "text" else "",
    )


def _lines(stream: ByteReader, path: str, limit: int) -> Iterator[tuple[int, bytes | InputReadError]]:
    """``(line number, bytes)`` for each line, or a problem for a line over ``limit`` bytes."""
    number = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := stream.readline(_DRAIN_CHUNK)) and not rest.endswith(b"\n"):
                pass
            yield number, too_large(f"{path}:{number}", limit)
            continue
        yield number, line


class _Counts:
    read = 0
    has_content = False


def read_records(
    stream: ByteReader, name: str, stem: str, max_bytes: int, counts: _Counts | None = None
) -> Iterator[Article | InputReadError]:
    """The articles of a JSONL stream, one problem per bad line; ``stem`` names unnamed records."""
    counts = counts if counts is not None else _Counts()
    for number, line in _lines(stream, name, max_bytes):
        where = f"{name}:{number}"
        if isinstance(line, InputReadError):
            counts.has_content = True
            yield line
            continue
        if not line.strip():
            continue
        counts.has_content = True
        try:
            text = decode_bytes(line.removeprefix(b"\xef\xbb\xbf"), where)
            yield parse_record(text, where, f"{stem}-{number}")
            counts.read += 1
        except UndecodableInput as exc:
            yield MalformedInput(where, f"is not UTF-8 text: {exc.message}")
        except InputReadError as exc:
            yield exc


def is_record_line(line: bytes) -> bool:
    """Whether one line is a JSONL article record: a JSON object with a "text" or "html" string.

    Used to tell JSONL on standard input from an article that happens to start with "{".
    """
    stripped = line.removeprefix(b"\xef\xbb\xbf").strip()
    if not stripped.startswith(b"{"):
        return False
    try:
        record = json.loads(stripped)
    except (ValueError, RecursionError):
        return False
    return isinstance(record, dict) and any(isinstance(record.get(k), str) for k in ("text", "html"))


def read_jsonl(file: InputFile, max_bytes: int) -> Iterator[Article | InputReadError]:
    """The articles of a JSONL file (or ``.jsonl.gz``), and one problem per bad line.

    A truncated ``.jsonl.gz`` yields the lines before the cut and then a ``TruncatedInput``.
    ``max_bytes`` limits each line, not the file: a JSONL file is a collection.
    """
    counts = _Counts()
    opener = gzip.open if file.gzipped else open
    with opener(file.path, "rb") as stream:
        try:
            # A binary file named .jsonl is one problem, not one per "line" of it.
            sniff_binary(stream.read(_SNIFF_BYTES).removeprefix(b"\xef\xbb\xbf"), file.name)
            stream.seek(0)
            yield from read_records(stream, file.name, file.stem, max_bytes, counts)
        except GZIP_ERRORS as exc:
            yield gzip_problem(file.name, exc, f"; the {counts.read} article(s) before the cut were read")
            return
    if not counts.has_content:
        yield EmptyInput(file.name, "is empty (no JSONL lines); remove it or fill it")
