"""Write ``report.json``, ``report.md`` and ``report.html`` from one ``Report``."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, get_origin

from pydantic import BaseModel
from pydantic_core import to_json

from newsloom.config import ReportFormat
from newsloom.model import Report
from newsloom.pipeline.report.html import render_html
from newsloom.pipeline.report.markdown import render_markdown

_FILE_NAMES: dict[ReportFormat, str] = {"json": "report.json", "md": "report.md", "html": "report.html"}


def _dumped(value: object, depth: int) -> str:
    # pydantic-core's serialiser (Rust) writes the same indented UTF-8 JSON as
    # json.dumps(ensure_ascii=False, indent=2), whose indenting encoder is pure Python and
    # took ~10 s of a 1,400-article run. JSON strings hold no raw line breaks, so every line
    # break is the indenter's own.
    return to_json(value, indent=2).decode("utf-8").replace("\n", "\n" + "  " * depth)


_ITEM_DUMPS: dict[str, Callable[[Any], dict[str, Any]]] = {
    "articles": lambda a: a.model_dump(mode="json", exclude={"raw"}),
    "stories": lambda s: s.model_dump(mode="json", exclude_none=True),
    "threads": lambda t: t.model_dump(mode="json", exclude_none=True),
}


# The report's fields that are lists, written one item at a time
_LIST_SECTIONS = frozenset(
    name for name, f in Report.model_fields.items() if get_origin(f.annotation) is list
)


def item_json(section: str, item: BaseModel) -> str:
    """One item of a list section of ``report.json`` (``"articles"``, ``"stories"``,
    ``"errors"``, ...) as it is written there: indented for its place in the file, without the
    comma. A runner that cannot hold the whole report writes its items with this as they are
    done and hands them back to :func:`report_json_chunks` as text."""
    dump = _ITEM_DUMPS.get(section, lambda v: v.model_dump(mode="json"))
    return _dumped(dump(item), 2)


def report_json_chunks(sections: Mapping[str, Any]) -> Iterator[str]:
    """``report.json`` in pieces from its sections, given for every field of ``Report`` in
    order: a list section as any iterable of items (models, or their :func:`item_json` text),
    read once, one item at a time; any other field as its value.

    The pieces joined are ``to_json(report.to_json_dict(), indent=2)`` and a final newline,
    byte for byte.
    """
    fields = list(Report.model_fields)
    if list(sections) != fields:
        raise ValueError(f"report sections must be {fields}, in this order; got {list(sections)}")
    yield "{\n"
    for i, name in enumerate(fields):
        yield f'  "{name}": '
        value = sections[name]
        if name in _LIST_SECTIONS:
            first = True
            for item in value:
                text = item if isinstance(item, str) else item_json(name, item)
                yield ("[\n    " if first else ",\n    ") + text
                first = False
            yield "[]" if first else "\n  ]"
        else:
            yield _dumped(value, 1)
        yield ",\n" if i < len(fields) - 1 else "\n"
    yield "}\n"


def json_chunks(report: Report) -> Iterator[str]:
    """``report.json`` in pieces, one article, story or thread at a time; joined, they are
    ``to_json(report.to_json_dict(), indent=2)`` and a final newline, byte for byte.

    Writing the pieces as they come keeps one item's dictionary in memory at a time, not the
    whole report's twice over (as dictionaries, then as JSON): on 8,000 short articles the
    whole-report form took the run's peak memory from 364 MB to 569 MB.
    """
    return report_json_chunks({name: getattr(report, name) for name in Report.model_fields})


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
