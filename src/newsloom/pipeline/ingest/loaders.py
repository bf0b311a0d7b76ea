"""The ingest stage: paths in, one ``Article`` per readable document and one ``InputProblem``
per unreadable input out, in a fixed order. A bad input never stops the batch."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from newsloom.config import IngestConfig
from newsloom.errors import InputReadError
from newsloom.model import Article, InputProblem
from newsloom.model.report import ErrorKind
from newsloom.pipeline.ingest.documents import read_document, read_stdin, stdin_stream
from newsloom.pipeline.ingest.ids import IdRegistry
from newsloom.pipeline.ingest.jsonl import is_record_line, read_jsonl, read_records
from newsloom.pipeline.ingest.repair import repair_mojibake
from newsloom.pipeline.ingest.walk import IngestStats, InputFile, StdinInput, expand_paths, io_problem
from newsloom.pipeline.ingest.warc import read_warc


def _read(
    item: InputFile | StdinInput, config: IngestConfig, stats: IngestStats, stdin: BinaryIO | None
) -> Iterator[Article | InputReadError]:
    if isinstance(item, StdinInput):
        yield from _read_stdin(item, config, stdin)
    elif item.kind == "jsonl":
        yield from read_jsonl(item, config.max_bytes)
    elif item.kind == "warc":
        yield from read_warc(item, config.max_bytes, stats)
    else:
        yield read_document(item, config.max_bytes)


def _read_stdin(
    item: StdinInput, config: IngestConfig, stdin: BinaryIO | None
) -> Iterator[Article | InputReadError]:
    """Standard input is JSONL when its first line is an article record, else one article.

    So ``cat corpus.jsonl | newsloom analyze -`` reads every record, as the file would be read.
    """
    stream = stdin_stream(item, stdin)
    first = stream.readline(config.max_bytes + 1)
    if not is_record_line(first):
        yield read_stdin(item, config.max_bytes, stream, head=first)
        return
    yield from read_records(_Prepended(first, stream), item.name, "stdin", config.max_bytes)


class _Prepended:
    """A byte stream whose first line was already read: gives that line back, then the rest."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head: bytes | None = head
        self._rest = rest

    def read(self, size: int = -1, /) -> bytes:
        head, self._head = self._head or b"", None
        return head + self._rest.read(size if size < 0 else max(0, size - len(head)))

    def readline(self, size: int = -1, /) -> bytes:
        if self._head is not None:
            head, self._head = self._head, None
            return head
        return self._rest.readline(size)


def _problem(exc: InputReadError, stats: IngestStats) -> InputProblem:
    stats.problems += 1
    kind: ErrorKind = exc.kind  # type: ignore[assignment]  # each subclass sets one ErrorKind
    return InputProblem(path=exc.path, kind=kind, message=exc.message)


def load_inputs(
    paths: Iterable[str | os.PathLike[str]],
    config: IngestConfig | None = None,
    *,
    stats: IngestStats | None = None,
    stdin: BinaryIO | None = None,
) -> Iterator[Article | InputProblem]:
    """Yield one ``Article`` per readable document and one ``InputProblem`` per unreadable input.

    ``paths`` are files, directories (read recursively in sorted order) or ``-`` for standard
    input (``stdin`` replaces ``sys.stdin`` for it). Article ids are unique within the call:
    a repeated file stem becomes ``stem-2``, ``stem-3``... in reading order. ``stats``, when
    given, is filled with counts of what was read and skipped (and why).

    >>> for item in load_inputs(["examples/"]):  # doctest: +SKIP
    ...     print(item.id if isinstance(item, Article) else item.message)
    """
    config = config or IngestConfig()
    stats = stats if stats is not None else IngestStats()
    ids = IdRegistry()
    for item in expand_paths(paths, stats):
        if isinstance(item, InputReadError):
            yield _problem(item, stats)
            continue
        for produced in read_input(item, config, stats, stdin):
            if isinstance(produced, Article):
                produced = produced.model_copy(update={"id": ids.claim(produced.id)})
            yield produced


def read_input(
    item: InputFile | StdinInput,
    config: IngestConfig,
    stats: IngestStats,
    stdin: BinaryIO | None = None,
) -> Iterator[Article | InputProblem]:
    """The articles and problems of one input found by ``expand_paths``, ids not yet made unique.

    ``load_inputs`` makes the ids unique across the batch; a distributed runner reads each file
    in its own task with this and makes them unique afterwards.
    """
    try:
        for produced in _read(item, config, stats, stdin):
            if isinstance(produced, InputReadError):
                yield _problem(produced, stats)
                continue
            stats.articles += 1
            yield repair_mojibake(produced)
    except InputReadError as exc:
        yield _problem(exc, stats)
    except OSError as exc:
        yield _problem(io_problem(item.name, exc), stats)
