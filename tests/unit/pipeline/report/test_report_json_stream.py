"""report.json is written one article, story and thread at a time; the file is byte for byte
the JSON of the whole report at once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pydantic_core import to_json
from tests.golden.sample_report import build_sample_report

from newsloom.model import Article, Report, Span, Story
from newsloom.model.report import ExactDuplicate, InputProblem
from newsloom.pipeline.report import write_report
from newsloom.pipeline.report.writers import item_json, report_json_chunks


def _whole(report: Report) -> str:
    return to_json(report.to_json_dict(), indent=2).decode("utf-8") + "\n"


def _written(report: Report, tmp_path: Path) -> str:
    write_report(report, tmp_path, ["json"])
    return (tmp_path / "report.json").read_text(encoding="utf-8")


def test_the_sample_report_is_written_as_the_whole_report_at_once(tmp_path: Path) -> None:
    report = build_sample_report()
    assert _written(report, tmp_path) == _whole(report)


def test_empty_sections_odd_text_and_nested_values_are_written_alike(tmp_path: Path) -> None:
    text = 'Line one\nline "two"\u2028\ttab \u202eRTL\x07 and \U0001f600.\n\n  indented'
    article = Article(
        id="a\nb",
        source="x.txt",
        raw="<p>raw is left out</p>",
        raw_text=text,
        text=text,
        published=date(2031, 3, 4),
        annotations={"sentences": [Span(start=0, end=8, label="sentence", attrs={"nested": {"k": [1, {}]}})]},
    )
    report = Report(
        newsloom_version="0",
        articles=[article, Article(id="empty", source="-")],
        stories=[
            Story(id="s", article_ids=["a\nb"], warnings=["one\nwarning"]),
            Story(id="t", article_ids=[]),
        ],
        errors=[InputProblem(path="bad.bin", kind="binary", message="not text")],
        exact_duplicates=[ExactDuplicate(id="c", source="c.txt", duplicate_of="a\nb")],
        stats={"nested": {"deep": [1, 2, {}], "empty": {}}, "none": None},
    )
    written = _written(report, tmp_path)
    assert written == _whole(report)
    assert "raw is left out" not in written


def test_a_report_with_nothing_in_it_is_written_alike(tmp_path: Path) -> None:
    report = Report(newsloom_version="0")
    assert _written(report, tmp_path) == _whole(report)


def _sections(report: Report, as_text: bool) -> dict[str, object]:
    """The report's sections with its lists as one-pass generators (of item text or models)."""

    def one_at_a_time(name: str, items: list[Any]) -> Iterator[object]:
        for item in items:
            yield item_json(name, item) if as_text else item

    out: dict[str, object] = {}
    for name in Report.model_fields:
        value = getattr(report, name)
        out[name] = one_at_a_time(name, value) if isinstance(value, list) else value
    return out


def test_sections_given_one_item_at_a_time_are_written_as_the_whole_report() -> None:
    for report in (build_sample_report(), Report(newsloom_version="0")):
        for as_text in (True, False):
            assert "".join(report_json_chunks(_sections(report, as_text))) == _whole(report)


def test_sections_out_of_order_are_refused() -> None:
    sections = _sections(Report(newsloom_version="0"), as_text=True)
    reordered = dict(reversed(list(sections.items())))
    with pytest.raises(ValueError, match="in this order"):
        list(report_json_chunks(reordered))
