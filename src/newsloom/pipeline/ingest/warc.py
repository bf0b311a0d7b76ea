"""WARC inputs: the HTML pages a crawler stored, one article per successful HTML response.

``WARC-Target-URI`` is the article's URL. ``WARC-Date`` (when the page was fetched) and the
HTTP ``Last-Modified`` header are NOT publication dates and are not used as such: the cleaner
reads the date from the page. The HTTP ``Content-Type`` charset is used to decode the page.

warcio stops silently at a truncated ``.warc.gz`` and returns short content for a record cut
off in an uncompressed WARC, so both are checked here and reported as ``TruncatedInput`` after
the pages read before the cut.
"""

from __future__ import annotations

import gzip
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any, BinaryIO

from newsloom.errors import EmptyInput, InputReadError, InputTooLarge, MalformedInput, TruncatedInput
from newsloom.model import Article
from newsloom.pipeline.ingest.decode import declared_html_charset, decode_bytes, looks_like_html
from newsloom.pipeline.ingest.documents import GZIP_ERRORS, megabytes
from newsloom.pipeline.ingest.ids import site_of, url_id
from newsloom.pipeline.ingest.walk import IngestStats, InputFile

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_CHUNK = 1 << 20


def _gzip_is_truncated(file: InputFile) -> bool:
    """Whether a ``.warc.gz`` ends inside a gzip member (warcio would stop there silently)."""
    try:
        with gzip.open(file.path, "rb") as stream:
            while stream.read(_CHUNK):
                pass
    except gzip.BadGzipFile:
        return False  # not gzip after all: warcio reads uncompressed WARC under any name
    except (EOFError, OSError, ValueError):
        return True
    return False


def http_charset(content_type: str | None) -> str | None:
    """The ``charset`` parameter of a ``Content-Type`` header value."""
    match = _CHARSET.search(content_type or "")
    return match.group(1) if match else None


def _skip_reason(record: Any) -> str | None:
    """Why a record is not an article page, or ``None`` when it is one."""
    if record.rec_type == "response":
        if record.http_headers is None:
            return "warc_response_without_http"
        status = record.http_headers.get_statuscode() or ""
        if not status.startswith("2"):
            return "warc_http_not_ok"
        content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    elif record.rec_type == "resource":
        content_type = (record.rec_headers.get_header("Content-Type") or "").lower()
    else:
        return f"warc_{record.rec_type}_record"
    if content_type and not content_type.startswith(_HTML_TYPES):
        return "warc_not_html"
    return None


def _page(record: Any, file: InputFile, number: int, max_bytes: int) -> Article | InputReadError:
    uri = record.rec_headers.get_header("WARC-Target-URI") or None
    label = f"record {number}" + (f" ({uri})" if uri else "")
    stream = record.content_stream()
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        return InputTooLarge(
            file.name,
            f"{label} holds more than {megabytes(max_bytes)}, over the limit for one article; "
            "raise IngestConfig.max_bytes if it really is one page",
        )
    # What is left of the record's declared length after reading it all: a record cut short.
    if getattr(record.raw_stream, "limit", 0) > 0:
        return TruncatedInput(file.name, f"{label} is cut short")
    content_type = record.http_headers.get_header("Content-Type") if record.http_headers else None
    content_type = content_type or record.rec_headers.get_header("Content-Type")
    try:
        html = decode_bytes(data, file.name, (http_charset(content_type), declared_html_charset(data)))
    except InputReadError as exc:
        return type(exc)(file.name, f"{label} {exc.message}")
    if not content_type and not looks_like_html(html):
        return MalformedInput(file.name, f"{label} has no Content-Type and does not look like HTML; skipped")
    return Article(
        id=url_id(uri) if uri else f"{file.stem}-record-{number}",
        source=uri or f"{file.name}#record-{number}",
        format="warc",
        markup="html",
        url=uri,
        site=site_of(uri),
        raw=html,
    )


def _ends_cleanly(stream: BinaryIO, end: int) -> bool:
    """Whether an uncompressed WARC holds nothing after its last whole record but the
    record's closing blank lines (warcio ignores a half-written record header there)."""
    stream.seek(end)
    tail = stream.read(_CHUNK)
    return tail.startswith(b"\r\n\r\n") and not tail.strip()


def read_warc(file: InputFile, max_bytes: int, stats: IngestStats) -> Iterator[Article | InputReadError]:
    """The HTML pages of a ``.warc`` or ``.warc.gz`` file, one problem per unreadable record.

    ``max_bytes`` limits each record's page, not the file: a WARC file is a collection.
    """
    from warcio.archiveiterator import ArchiveIterator

    truncated_gzip = file.gzipped and _gzip_is_truncated(file)
    pages = number = end = 0
    skipped: Counter[str] = Counter()
    cut_short = False
    with file.path.open("rb") as stream:
        compressed = stream.read(2) == b"\x1f\x8b"
        stream.seek(0)
        archive = ArchiveIterator(stream)
        while True:
            try:
                record = next(archive)
            except StopIteration:
                break
            # warcio fails in several ways on a file that stops being WARC (ArchiveLoadFailed,
            # AttributeError on a half-read header, zlib errors): this is its boundary.
            except Exception as exc:
                if number == 0:
                    raise MalformedInput(
                        file.name, f"is not a readable WARC file ({exc}); check that it is one"
                    ) from exc
                cut_short = True
                break
            if not str(getattr(record, "format", "")).startswith("warc"):
                # warcio also reads the older ARC format and, leniently, any text as an ARC
                # header line; newsloom reads WARC only.
                if number == 0:
                    raise MalformedInput(
                        file.name, "is not a WARC file (no WARC/1.x header); check that it is one"
                    )
                cut_short = True
                break
            number += 1
            reason = _skip_reason(record)
            if reason is not None:
                skipped[reason] += 1
                item: Article | InputReadError | None = None
            else:
                try:
                    item = _page(record, file, number, max_bytes)
                except GZIP_ERRORS as exc:
                    # A page whose HTTP Content-Encoding does not decompress; if the file itself
                    # is cut, the next record says so.
                    item = MalformedInput(
                        file.name, f"record {number}: its compressed body is corrupt ({exc}); skipped"
                    )
            if isinstance(item, TruncatedInput):
                cut_short = True
                break
            if isinstance(item, Article):
                pages += 1
            if item is not None:
                yield item
            archive.read_to_end()
            end = archive.get_record_offset() + archive.get_record_length()
        if not compressed and number and not cut_short and not _ends_cleanly(stream, end):
            cut_short = True
    for reason, n in skipped.items():
        stats.skip(reason, n)
    if cut_short or truncated_gzip:
        yield TruncatedInput(
            file.name,
            f"is a truncated WARC file (it ends in the middle of a record); the {pages} page(s) "
            "before the cut were read; copy the file again to read the rest",
        )
    elif number == 0:
        yield EmptyInput(file.name, "holds no WARC records; check that it is a WARC file")
    elif pages == 0 and skipped.total() == number:
        kinds = ", ".join(f"{n} {reason.removeprefix('warc_')}" for reason, n in sorted(skipped.items()))
        yield EmptyInput(file.name, f"holds no successful HTML responses ({kinds}); nothing to read in it")
