"""Interim loader: plain text files only. (Replaced by the full ingest stage.)"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from newsloom.config import IngestConfig
from newsloom.model import Article, InputProblem


def load_inputs(
    paths: Iterable[str | Path], config: IngestConfig | None = None
) -> Iterator[Article | InputProblem]:
    """Yield one ``Article`` per readable document and one ``InputProblem`` per unreadable input."""
    for p in paths:
        path = Path(p)
        files = sorted(f for f in path.rglob("*") if f.is_file()) if path.is_dir() else [path]
        for f in files:
            if not f.exists():
                yield InputProblem(path=str(f), kind="not_found", message="no such file or directory")
                continue
            if f.suffix.lower() not in {".txt", ".md"}:
                continue
            text = f.read_text(encoding="utf-8")
            yield Article(id=f.stem, source=str(f), format="text", raw=text, raw_text=text)
