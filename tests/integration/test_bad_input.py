"""Bad input gets a clear error and loses nothing: each bad input becomes one entry in
``report.errors`` with its path and a plain message, and the rest of the batch still runs."""

from __future__ import annotations

import gzip
import io
import json
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import newsloom
from newsloom.cli import app
from newsloom.config import AnalyzeConfig
from newsloom.model import Report

# The rule-based reader keeps these runs fast; the ingest behaviour does not depend on it.
CONFIG = AnalyzeConfig(formats=("json",), nlp="rules", embeddings="lexical")

GOOD = (
    "Council approves new bridge over the river\n\n"
    "The town council voted on Monday to build a footbridge over the river, the mayor said.\n\n"
    "Work is due to start in the spring and will cost about 2 million euros, officials added.\n"
)
OTHER = (
    "Library reopens after repairs\n\n"
    "The central library reopened on Friday after six months of repairs to its roof, staff said.\n"
)


def good_file(tmp_path: Path) -> Path:
    path = tmp_path / "good-bridge.txt"
    path.write_text(GOOD, encoding="utf-8")
    return path


def run(tmp_path: Path, bad: Path) -> Report:
    return newsloom.analyze([good_file(tmp_path), bad], CONFIG)


def assert_batch_survived(report: Report, bad: Path | str, kind: str) -> str:
    """The good article is in the report and the bad input is one error; returns its message."""
    assert "good-bridge" in [a.id for a in report.articles]
    errors = [e for e in report.errors if e.path.startswith(str(bad))]
    assert len(errors) == 1, report.errors
    error = errors[0]
    assert error.kind == kind
    assert error.message and "Traceback" not in error.message and "\n" not in error.message
    return error.message


def test_empty_file(tmp_path: Path) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b" \n\n\t ")
    assert "empty" in assert_batch_survived(run(tmp_path, bad), bad, "empty")


def test_binary_file(tmp_path: Path) -> None:
    bad = tmp_path / "photo.html"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert "PNG image" in assert_batch_survived(run(tmp_path, bad), bad, "binary")


def test_windows_1252_file_decodes_correctly(tmp_path: Path) -> None:
    text = (
        "Caf\u00e9 owners in the old town said on Tuesday that the r\u00e9sum\u00e9 \u201cwas fine\u201d.\n"
    )
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes(text.encode("cp1252"))
    report = newsloom.analyze([good_file(tmp_path), legacy], CONFIG)
    assert report.errors == []
    assert "Caf\u00e9 owners" in report.article("legacy").text
    assert "\u201cwas fine\u201d" in report.article("legacy").raw_text


def test_undecodable_file(tmp_path: Path) -> None:
    bad = tmp_path / "garbage.txt"
    rng = random.Random(5)
    bad.write_bytes(bytes(rng.randrange(0x80, 0x100) for _ in range(3000)))
    message = assert_batch_survived(run(tmp_path, bad), bad, "decode")
    assert "UTF-8" in message


def test_truncated_gzip(tmp_path: Path) -> None:
    data = gzip.compress((OTHER * 100).encode())
    bad = tmp_path / "cut.txt.gz"
    bad.write_bytes(data[: len(data) // 2])
    assert "truncated" in assert_batch_survived(run(tmp_path, bad), bad, "truncated")


def _warc(pages: list[tuple[str, str]]) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for url, body in pages:
        payload = f"<html><head><title>{body[:30]}</title></head><body><article><p>{body}</p></article></body></html>"
        data = payload.encode()
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                url, "response", payload=io.BytesIO(data), length=len(data), http_headers=http
            )
        )
    return buf.getvalue()


def test_truncated_warc(tmp_path: Path) -> None:
    first = "The ferry service resumed on Thursday after the storm, the operator said. " * 5
    second = "Farmers reported that the harvest was the largest in ten years, the ministry said. " * 5
    data = _warc(
        [("https://ferry.example/news/ferry-resumes", first), ("https://farm.example/harvest", second * 20)]
    )
    bad = tmp_path / "crawl.warc.gz"
    bad.write_bytes(data[: len(data) - 100])
    report = run(tmp_path, bad)
    message = assert_batch_survived(report, bad, "truncated")
    assert "1 page(s) before the cut were read" in message
    # The page before the cut is still read.
    assert "https://ferry.example/news/ferry-resumes" in [a.url for a in report.articles]


def test_malformed_html_still_loads(tmp_path: Path) -> None:
    page = tmp_path / "broken.html"
    page.write_text(
        "<html><head><title>Harbour works</title><body><div><p>The harbour works began on Tuesday, "
        "the port authority said, and will last <b>two years<p>Ships will use the north quay meanwhile."
        "<table><tr><td>unclosed",
        encoding="utf-8",
    )
    report = newsloom.analyze([good_file(tmp_path), page], CONFIG)
    assert report.errors == []
    assert {"good-bridge", "broken"} <= {a.id for a in report.articles}


def test_fifty_megabyte_file_is_too_large(tmp_path: Path) -> None:
    bad = tmp_path / "dump.txt"
    with bad.open("wb") as fh:
        fh.write(OTHER.encode())
        fh.truncate(50_000_000)  # sparse: instant to create, and never read
    message = assert_batch_survived(run(tmp_path, bad), bad, "too_large")
    assert "50.0 MB" in message and "20.0 MB" in message


def test_jsonl_line_that_is_not_json(tmp_path: Path) -> None:
    bad = tmp_path / "feed.jsonl"
    bad.write_text(
        "\n".join(
            [
                json.dumps({"id": "library", "text": OTHER}),
                '{"id": "broken", "text": "no closing brace"',
                json.dumps(
                    {"id": "ferry", "text": "The ferry service resumed on Thursday, the operator said."}
                ),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    report = run(tmp_path, bad)
    message = assert_batch_survived(report, f"{bad}:2", "malformed")
    assert "not valid JSON" in message and "fix or remove the line" in message
    assert {"library", "ferry"} <= {a.id for a in report.articles}


def test_path_that_does_not_exist(tmp_path: Path) -> None:
    bad = tmp_path / "no-such-article.txt"
    assert "no such file" in assert_batch_survived(run(tmp_path, bad), bad, "not_found")


@pytest.fixture(scope="module")
def cli() -> CliRunner:
    return CliRunner()


def test_cli_exit_codes(tmp_path: Path, cli: CliRunner) -> None:
    good = str(good_file(tmp_path))
    common = ["analyze", "--out", str(tmp_path / "out"), "--format", "json"]
    ok = cli.invoke(app, [*common, good])
    assert ok.exit_code == 0, ok.output
    some_failed = cli.invoke(app, [*common, good, str(tmp_path / "missing.txt")])
    assert some_failed.exit_code == 1, some_failed.output
    written = json.loads((tmp_path / "out" / "report.json").read_text())
    assert [e["kind"] for e in written["errors"]] == ["not_found"]
    usage = cli.invoke(app, ["analyze", "--format", "pdf", good])
    assert usage.exit_code == 2
