"""Single-document inputs: a text or HTML file (optionally gzipped), or standard input."""

from __future__ import annotations

import gzip
import sys
import zlib
from typing import BinaryIO, Protocol

from newsloom.errors import InputNotFound, InputTooLarge, MalformedInput, TruncatedInput
from newsloom.model import Article
from newsloom.pipeline.ingest.decode import declared_html_charset, decode_bytes, looks_like_html
from newsloom.pipeline.ingest.walk import InputFile, StdinInput


def megabytes(n: int) -> str:
    """A byte count as a person reads it: ``"52.4 MB"``."""
    return f"{n / 1_000_000:.1f} MB"


def too_large(path: str, limit: int, size: int | None = None) -> InputTooLarge:
    """The problem for an input over ``IngestConfig.max_bytes``."""
    what = f"is {megabytes(size)}" if size is not None else f"holds more than {megabytes(limit)}"
    return InputTooLarge(
        path,
        f"{what}, over the {megabytes(limit)} limit for one article; split it into articles "
        "or raise the limit (--max-mb; IngestConfig.max_bytes from Python) if it really is one document",
    )


def gzip_problem(path: str, exc: Exception, done: str = "") -> TruncatedInput | MalformedInput:
    """A gzip failure as a truncated or malformed input, saying what was still read (``done``)."""
    if isinstance(exc, EOFError):
        return TruncatedInput(
            path, f"is a truncated gzip file (it ends before the end-of-stream marker){done}; copy it again"
        )
    if isinstance(exc, gzip.BadGzipFile):
        return MalformedInput(path, f"is named .gz but is not gzip data ({exc}); decompress or rename it")
    return TruncatedInput(path, f"is a corrupt gzip file ({exc}){done}; copy it again")


GZIP_ERRORS = (EOFError, gzip.BadGzipFile, zlib.error)


class ByteReader(Protocol):
    """A binary stream as the readers use it: a file, a gzip file or ``sys.stdin.buffer``."""

    def read(self, size: int = -1, /) -> bytes: ...

    def readline(self, size: int = -1, /) -> bytes: ...


def read_limited(stream: ByteReader, path: str, limit: int) -> bytes:
    """Read at most ``limit`` bytes, raising ``InputTooLarge`` rather than reading more."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise too_large(path, limit)
    return data


def _read_file_bytes(file: InputFile, limit: int) -> bytes:
    size = file.path.stat().st_size
    if not file.gzipped:
        if size > limit:
            raise too_large(file.name, limit, size)
        with file.path.open("rb") as fh:
            return read_limited(fh, file.name, limit)
    try:
        with gzip.open(file.path, "rb") as fh:
            return read_limited(fh, file.name, limit)
    except GZIP_ERRORS as exc:
        raise gzip_problem(file.name, exc) from exc


def read_document(file: InputFile, max_bytes: int) -> Article:
    """One ``.txt``/``.md``/``.html``/``.htm`` file (or its ``.gz``) as an article."""
    data = _read_file_bytes(file, max_bytes)
    if file.kind == "html":
        raw = decode_bytes(data, file.name, (declared_html_charset(data),))
        return Article(id=file.stem, source=file.name, format="html", markup="html", raw=raw)
    text = decode_bytes(data, file.name)
    return Article(id=file.stem, source=file.name, format="text", markup="text", raw=text, raw_text=text)


def stdin_stream(source: StdinInput, stream: BinaryIO | None = None) -> BinaryIO:
    """The binary stream behind ``-``: ``stream`` when given, else ``sys.stdin.buffer``."""
    if stream is not None:
        return stream
    if sys.stdin is None or not hasattr(sys.stdin, "buffer"):
        raise InputNotFound(
            source.name, "there is no standard input to read; pipe an article in or give a path"
        )
    return sys.stdin.buffer


def read_stdin(
    source: StdinInput, max_bytes: int, stream: BinaryIO | None = None, head: bytes = b""
) -> Article:
    """Standard input as one article; HTML when it looks like a page, else plain text.

    ``head`` is what a caller already read from the stream to sniff it; it counts towards
    ``max_bytes``.
    """
    stream = stdin_stream(source, stream)
    data = head + read_limited(stream, source.name, max_bytes - len(head))
    if len(data) > max_bytes:
        raise too_large(source.name, max_bytes)
    text = decode_bytes(data, source.name, (declared_html_charset(data),))
    if looks_like_html(text):
        return Article(id="stdin", source=source.name, format="html", markup="html", raw=text)
    return Article(id="stdin", source=source.name, format="text", markup="text", raw=text, raw_text=text)
