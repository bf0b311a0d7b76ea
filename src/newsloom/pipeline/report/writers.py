"""Write ``report.json``, ``report.md`` and ``report.html`` from one ``Report``."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic_core import to_json

from newsloom.config import ReportFormat
from newsloom.model import Report
from newsloom.pipeline.report.html import render_html
from newsloom.pipeline.report.markdown import render_markdown

_FILE_NAMES: dict[ReportFormat, str] = {"json": "report.json", "md": "report.md", "html": "report.html"}


def json_chunks(report: Report) -> Iterator[str]:
    """``report.json`` in pieces, one article, story or thread at a time; joined, they are
    ``to_json(report.to_json_dict(), indent=2)`` and a final newline, byte for byte.

    Writing the pieces as they come keeps one item's dictionary in memory at a time, not the
    whole report's twice over (as dictionaries, then as JSON): on 8,000 short articles the
    whole-report form took the run's peak memory from 364 MB to 569 MB.
    """

    # pydantic-core's serialiser (Rust) writes the same indented UTF-8 JSON as
    # json.dumps(ensure_ascii=False, indent=2), whose indenting encoder is pure Python and
    # took ~10 s of a 1,400-article run.
    def dumped(value: object, depth: int) -> str:
        # JSON strings hold no raw line breaks, so every line break is the indenter's own
        return to_json(value, indent=2).decode("utf-8").replace("\n", "\n" + "  " * depth)

    items: dict[str, Callable[[Any], dict[str, Any]]] = {
        "articles": lambda a: a.model_dump(mode="json", exclude={"raw"}),
        "stories": lambda s: s.model_dump(mode="json", exclude_none=True),
        "threads": lambda t: t.model_dump(mode="json", exclude_none=True),
    }
    fields = list(Report.model_fields)
    yield "{\n"
    for i, name in enumerate(fields):
        yield f'  "{name}": '
        value = getattr(report, name)
        if name in items or isinstance(value, list):
            dump = items.get(name, lambda v: v.model_dump(mode="json"))
            if not value:
                yield "[]"
            else:
                yield "[\n"
                for j, item in enumerate(value):
                    yield "    " + dumped(dump(item), 2) + (",\n" if j < len(value) - 1 else "\n")
                yield "  ]"
        else:
            yield dumped(value, 1)
        yield ",\n" if i < len(fields) - 1 else "\n"
    yield "}\n"


def render(report: Report, fmt: ReportFormat) -> str:
    """The report rendered in one format, as text."""
    if fmt == "json":
        return "".join(json_chunks(report))
    if fmt == "md":
        return render_markdown(report)
    if fmt == "html":
        return render_html(report)
    raise ValueError(f"unknown report format {fmt!r}; choose from {', '.join(_FILE_NAMES)}")


def write_report(
    report: Report, out_dir: str | Path, formats: Iterable[ReportFormat] = ("json",)
) -> list[Path]:
    """Write the report in each format to ``out_dir`` and return the files written.

    >>> write_report(report, "out", ["json", "html"])  # doctest: +SKIP
    [PosixPath('out/report.json'), PosixPath('out/report.html')]
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for fmt in dict.fromkeys(formats):
        path = out / _FILE_NAMES[fmt]
        if fmt == "json":
            with path.open("w", encoding="utf-8") as fh:
                fh.writelines(json_chunks(report))
        else:
            path.write_text(render(report, fmt), encoding="utf-8")
        written.append(path)
    return written
