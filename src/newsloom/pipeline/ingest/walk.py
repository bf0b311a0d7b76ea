"""From the paths a user gives to the input files to read, in a fixed order.

A path is a file, a directory (walked recursively, entries sorted by name) or ``-`` for stdin.
In a directory walk, hidden entries, documentation files (README, LICENSE, ...) and files of
types newsloom does not read are skipped and counted; a file named explicitly is always
read, and one of an unknown type is an ``UnsupportedInput`` problem.
"""

from __future__ import annotations

import difflib
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from newsloom.errors import InputNotFound, InputReadError, UnsupportedInput

InputKind = Literal["text", "html", "jsonl", "warc"]

STDIN = "-"

# Suffix (lower-cased) -> kind. ``.gz`` of the document kinds is decompressed by the reader;
# warcio reads ``.warc.gz`` itself.
_SUFFIXES: dict[str, InputKind] = {
    ".txt": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".warc": "warc",
}
SUPPORTED = ".txt, .md, .html, .htm, .jsonl, .warc, .warc.gz (and .gz of .txt, .md, .html, .htm, .jsonl)"

# Files that describe a collection rather than belong to it. Matched on the name before the
# first dot in any case ("readme.md", "LICENSE", "Notice.txt"), or in capitals followed by a
# separator ("LICENSE-MIT", "README_fr.md"): lower-case "notice-of-appeal.txt" is an article.
_DOC_STEMS = frozenset({"readme", "license", "licence", "notice", "changelog", "copying", "contributing"})
_DOC_CAPS = re.compile(r"^([A-Z]+)[-_]")


@dataclass
class IngestStats:
    """What the ingest stage read and skipped, by reason (datatrove-style drop counters)."""

    articles: int = 0
    problems: int = 0
    skipped: Counter[str] = field(default_factory=Counter)

    def skip(self, reason: str, n: int = 1) -> None:
        """Count ``n`` inputs skipped for ``reason``."""
        self.skipped[reason] += n


@dataclass(frozen=True)
class InputFile:
    """One file to read: where it is, what kind of document it holds, and whether it is gzipped."""

    path: Path
    kind: InputKind
    gzipped: bool = False

    @property
    def name(self) -> str:
        """The path as the user will recognise it in messages and in ``Article.source``."""
        return str(self.path)

    @property
    def stem(self) -> str:
        """The file name without its document and compression suffixes."""
        name = self.path.name
        lower = name.lower()
        for suffix in (".gz", *_SUFFIXES):
            if lower.endswith(suffix):
                name, lower = name[: -len(suffix)], lower[: -len(suffix)]
        return name or self.path.name


@dataclass(frozen=True)
class StdinInput:
    """Standard input, given as ``-``."""

    name: str = "<stdin>"


def classify(path: Path) -> tuple[InputKind, bool] | None:
    """The kind of document a file name says it holds and whether it is gzipped, or ``None``."""
    lower = path.name.lower()
    gzipped = lower.endswith(".gz")
    inner = lower[:-3] if gzipped else lower
    kind = _SUFFIXES.get(os.path.splitext(inner)[1])
    if kind is None:
        return None
    return kind, gzipped


def is_documentation(name: str) -> bool:
    """Whether a file name is one of a collection's own documents (README, LICENSE, NOTICE, ...)."""
    if name.split(".", 1)[0].lower() in _DOC_STEMS:
        return True
    caps = _DOC_CAPS.match(name)
    return bool(caps and caps.group(1).lower() in _DOC_STEMS)


def _not_found(path: Path) -> InputNotFound:
    hint = ""
    parent = path.parent
    try:
        if parent.is_dir():
            close = difflib.get_close_matches(path.name, sorted(os.listdir(parent)), n=1, cutoff=0.75)
            if close:
                hint = f" (did you mean {str(parent / close[0])!r}?)"
    except OSError:
        pass
    return InputNotFound(str(path), f"no such file or directory{hint}; check the path")


def io_problem(path: str, exc: OSError) -> InputReadError:
    """An ``OSError`` as an input problem that says what to do."""
    if isinstance(exc, FileNotFoundError):
        return InputNotFound(path, "disappeared while newsloom was reading it; check the path")
    if isinstance(exc, PermissionError):
        return InputReadError(
            path, "permission denied; make it readable (chmod) or run as a user who can read it"
        )
    reason = exc.strerror or str(exc) or type(exc).__name__
    return InputReadError(path, f"could not be read ({reason}); check the file and the disk")


def _walk(directory: Path, stats: IngestStats) -> Iterator[InputFile | InputReadError]:
    try:
        with os.scandir(directory) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        yield io_problem(str(directory), exc)
        return
    for entry in entries:
        path = directory / entry.name
        if entry.name.startswith("."):
            stats.skip("hidden")
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(path, stats)
                continue
            if entry.is_symlink() and entry.is_dir():
                # Not followed: a link back up the tree would loop forever.
                stats.skip("linked_directory")
                continue
            kind = classify(path)
            if is_documentation(entry.name):
                stats.skip("documentation")
            elif kind is None:
                stats.skip("not_an_article")
            elif entry.is_symlink() and not entry.is_file():
                yield InputNotFound(str(path), "is a broken symbolic link; fix or remove the link")
            elif not entry.is_file():
                stats.skip("not_a_regular_file")
            else:
                yield InputFile(path, *kind)
        except OSError as exc:
            yield io_problem(str(path), exc)


def expand_paths(
    paths: Iterable[str | os.PathLike[str]], stats: IngestStats
) -> Iterator[InputFile | StdinInput | InputReadError]:
    """The inputs under ``paths``, in the order given, each directory walked in sorted order.

    A file reached twice (named and inside a named directory) is read once.
    """
    seen: set[Path] = set()
    for given in paths:
        if str(given) == STDIN:
            yield StdinInput()
            continue
        path = Path(given)
        if not os.path.lexists(path):
            yield _not_found(path)
            continue
        if path.is_dir():
            found: Iterable[InputFile | InputReadError] = _walk(path, stats)
        elif path.is_file():
            kind = classify(path)
            if kind is None:
                yield UnsupportedInput(
                    str(path), f"is not a type newsloom reads; it reads {SUPPORTED}. Convert or rename it"
                )
                continue
            found = [InputFile(path, *kind)]
        elif path.is_symlink():
            yield InputNotFound(str(path), "is a broken symbolic link; fix the link or give the file itself")
            continue
        else:
            yield UnsupportedInput(str(path), "is not a regular file or a directory; give a file or a folder")
            continue
        for item in found:
            if isinstance(item, InputFile):
                real = item.path.resolve()
                if real in seen:
                    stats.skip("repeated_path")
                    continue
                seen.add(real)
            yield item
