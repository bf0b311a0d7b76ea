"""JSONL: one article per line; a bad line is one problem and the others still load."""

from __future__ import annotations

import gzip
import json
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsloom.config import IngestConfig
from newsloom.errors import EmptyInput, InputReadError, MalformedInput
from newsloom.model import Article, InputProblem
from newsloom.pipeline.ingest import load_inputs
from newsloom.pipeline.ingest.jsonl import parse_published, parse_record


def load(path: Path, config: IngestConfig | None = None) -> list[Article | InputProblem]:
    return list(load_inputs([path], config))


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_all_fields(tmp_path: Path) -> None:
    record = {
        "id": "wire-001",
        "url": "https://www.example.org/news/valley-floods",
        "title": "Floods close the valley road",
        "published": "2025-01-14",
        "source": "Example Wire",
        "authors": ["Ana Ruiz", " ", "Tom Berg"],
        "text": "The road was closed on Tuesday.\r\nOfficials said so.",
    }
    [art] = load(write_lines(tmp_path / "batch.jsonl", [json.dumps(record)]))
    assert isinstance(art, Article)
    assert art.id == "wire-001" and art.source == f"{tmp_path / 'batch.jsonl'}:1"
    assert (art.format, art.markup) == ("jsonl", "text")
    assert art.url == record["url"] and art.title == record["title"]
    assert art.published == date(2025, 1, 14) and art.published_source == "metadata"
    assert art.site == "Example Wire" and art.authors == ["Ana Ruiz", "Tom Berg"]
    assert art.raw == art.raw_text == "The road was closed on Tuesday.\nOfficials said so."


def test_minimal_record_gets_an_id_and_the_site_from_the_url(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": "One."}),
        json.dumps({"text": "Two.", "url": "https://www.news.example/a/b"}),
    ]
    first, second = load(write_lines(tmp_path / "feed.jsonl", lines))
    assert isinstance(first, Article) and isinstance(second, Article)
    assert (first.id, second.id) == ("feed-1", "feed-2")
    assert first.site is None and second.site == "news.example"
    assert first.published_source == "unknown"


def test_html_record(tmp_path: Path) -> None:
    page = "<html><body><p>Story</p></body></html>"
    [art] = load(write_lines(tmp_path / "p.jsonl", [json.dumps({"html": page, "text": "Story"})]))
    assert isinstance(art, Article) and art.markup == "html" and art.raw == page and art.raw_text == ""


def test_a_page_stored_under_text_is_read_as_html(tmp_path: Path) -> None:
    page = (
        "<!doctype html><html><head><title>Valley road closed</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        "<article><p>The valley road was closed on Tuesday after the river rose.</p></article>"
        "</body></html>"
    )
    plain = "Tags such as <b> appear in prose about HTML, and that is still text."
    path = write_lines(tmp_path / "a.jsonl", [json.dumps({"text": page}), json.dumps({"text": plain})])
    first, second = load(path)
    assert isinstance(first, Article) and first.markup == "html"
    assert isinstance(second, Article) and second.markup == "text" and second.raw_text == plain


def test_bad_line_is_one_problem_and_the_others_load(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "mixed.jsonl",
        [
            json.dumps({"id": "a", "text": "First article."}),
            '{"id": "b", "text": "missing comma" "x": 1}',
            "",
            json.dumps(["not", "an", "object"]),
            json.dumps({"id": "c", "title": "no body"}),
            json.dumps({"id": "d", "text": "   "}),
            json.dumps({"id": "e", "text": "Last article."}),
        ],
    )
    items = load(path)
    assert [i.id for i in items if isinstance(i, Article)] == ["a", "e"]
    found = [(p.path, p.kind) for p in items if isinstance(p, InputProblem)]
    assert found == [
        (f"{path}:2", "malformed"),
        (f"{path}:4", "malformed"),
        (f"{path}:5", "malformed"),
        (f"{path}:6", "empty"),
    ]
    bad_json = next(p for p in items if isinstance(p, InputProblem))
    assert "not valid JSON" in bad_json.message and "fix or remove the line" in bad_json.message


def test_colliding_ids_are_made_unique(tmp_path: Path) -> None:
    lines = [json.dumps({"id": "x", "text": f"Article {i}."}) for i in range(3)]
    ids = [i.id for i in load(write_lines(tmp_path / "dup.jsonl", lines)) if isinstance(i, Article)]
    assert ids == ["x", "x-2", "x-3"]


def test_over_long_line_is_skipped_alone(tmp_path: Path) -> None:
    lines = [json.dumps({"text": "short"}), json.dumps({"text": "long " * 500}), json.dumps({"text": "ok"})]
    items = load(write_lines(tmp_path / "big.jsonl", lines), IngestConfig(max_bytes=1000))
    assert [i.raw for i in items if isinstance(i, Article)] == ["short", "ok"]
    [problem] = [i for i in items if isinstance(i, InputProblem)]
    assert problem.kind == "too_large" and problem.path.endswith(":2")


def test_gzipped_jsonl_and_its_truncation(tmp_path: Path) -> None:
    lines = [json.dumps({"id": f"n{i}", "text": f"Article number {i}. " * 40}) for i in range(50)]
    data = gzip.compress(("\n".join(lines) + "\n").encode())
    (tmp_path / "all.jsonl.gz").write_bytes(data)
    assert len([i for i in load(tmp_path / "all.jsonl.gz") if isinstance(i, Article)]) == 50
    (tmp_path / "cut.jsonl.gz").write_bytes(data[: len(data) // 2])
    items = load(tmp_path / "cut.jsonl.gz")
    read = [i for i in items if isinstance(i, Article)]
    assert 0 < len(read) < 50 and [a.id for a in read] == [f"n{i}" for i in range(len(read))]
    assert isinstance(items[-1], InputProblem) and items[-1].kind == "truncated"
    assert f"{len(read)} article(s)" in items[-1].message


def test_empty_and_binary_jsonl_files(tmp_path: Path) -> None:
    (tmp_path / "empty.jsonl").write_text("\n\n")
    (tmp_path / "image.jsonl").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    [empty] = load(tmp_path / "empty.jsonl")
    [binary] = load(tmp_path / "image.jsonl")
    assert isinstance(empty, InputProblem) and empty.kind == "empty"
    assert isinstance(binary, InputProblem) and binary.kind == "binary"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-01-14", date(2025, 1, 14)),
        ("2025-01-14T23:30:00-05:00", date(2025, 1, 14)),
        ("2025-01-14T10:00:00Z", date(2025, 1, 14)),
        ("14 January 2025", date(2025, 1, 14)),
        ("Jan. 14, 2025", date(2025, 1, 14)),
        ("January 2025", None),  # no day: not a publication date
        ("Tuesday", None),
        ("soon", None),
        (20250114, None),
        (None, None),
    ],
)
def test_published_values(value: object, expected: date | None) -> None:
    assert parse_published(value) == expected


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200) | json_values.map(json.dumps))
def test_arbitrary_lines_never_crash(line: str) -> None:
    try:
        art = parse_record(line, "f.jsonl:1", "f-1")
    except (MalformedInput, EmptyInput) as exc:
        assert isinstance(exc, InputReadError) and exc.path == "f.jsonl:1" and exc.message
    else:
        assert art.raw.strip() and art.source == "f.jsonl:1"


records = st.fixed_dictionaries(
    {"text": st.text(min_size=1, max_size=200).filter(lambda t: t.strip() and "\r" not in t)},
    optional={
        "id": st.text(alphabet="abcdefghij0123456789-_", min_size=1, max_size=12),
        "url": st.sampled_from(["https://example.com/a", "http://www.site.example/x/y?z=1"]),
        "title": st.text(min_size=1, max_size=40).filter(lambda t: t.strip() == t and t),
        "published": st.dates(min_value=date(1900, 1, 1)).map(date.isoformat),
        "authors": st.lists(
            st.text(min_size=1, max_size=20).filter(lambda t: t.strip() == t and t), max_size=3
        ),
    },
)


@settings(max_examples=200, deadline=None)
@given(records)
def test_valid_records_round_trip(record: dict[str, object]) -> None:
    art = parse_record(json.dumps(record), "f.jsonl:7", "f-7")
    assert art.raw == art.raw_text == record["text"]
    assert art.id == record.get("id", "f-7")
    assert art.url == record.get("url") and art.title == record.get("title")
    assert art.authors == record.get("authors", [])
    if "published" in record:
        assert art.published is not None and art.published.isoformat() == record["published"]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.binary(max_size=80).map(lambda b: b.replace(b"\n", b"")), max_size=8))
def test_arbitrary_bytes_files_never_crash(lines: list[bytes]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "any.jsonl"
        path.write_bytes(b"\n".join(lines))
        items = load(path)
    assert all(isinstance(i, Article | InputProblem) for i in items)
    assert len([i for i in items if isinstance(i, Article)]) <= len(lines)
    assert items, "every file yields an article or says why it did not"
