"""WARC: successful HTML responses become articles; truncation is reported after what was read."""

from __future__ import annotations

import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsloom.config import IngestConfig
from newsloom.model import Article, InputProblem
from newsloom.pipeline.ingest import IngestStats, load_inputs
from newsloom.pipeline.ingest.ids import IdRegistry, site_of, slugify, url_id

Record = tuple[str, str, bytes, str, str]  # (url, status, body, content type, record type)


def page(n: int, words: str = "word ") -> bytes:
    return f"<html><head><title>Story {n}</title></head><body><p>{words * 80}</p></body></html>".encode()


def write_warc(path: Path, records: list[Record], *, gz: bool) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for url, status, body, content_type, rec_type in records:
        http = StatusAndHeaders(
            status,
            [("Content-Type", content_type), ("Last-Modified", "Tue, 14 Jan 2025 08:00:00 GMT")],
            protocol="HTTP/1.1",
        )
        record = writer.create_warc_record(
            url,
            rec_type,
            payload=io.BytesIO(body),
            length=len(body),  # a known length keeps warcio from spooling to an unclosed temp file
            http_headers=http if rec_type == "response" else None,
        )
        writer.write_record(record)
    data = buf.getvalue()
    path.write_bytes(data)
    return data


def load(path: Path, stats: IngestStats | None = None) -> list[Article | InputProblem]:
    return list(load_inputs([path], IngestConfig(), stats=stats))


def html(url: str, body: bytes, content_type: str = "text/html; charset=utf-8") -> Record:
    return (url, "200 OK", body, content_type, "response")


def test_response_records_become_articles(tmp_path: Path) -> None:
    records = [
        html("https://www.example.com/world/2025/01/valley-floods.html", page(1)),
        html("https://news.example.org/politics/council-vote/", page(2)),
    ]
    write_warc(tmp_path / "crawl.warc.gz", records, gz=True)
    first, second = load(tmp_path / "crawl.warc.gz")
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.url == first.source == records[0][0]
    assert (first.format, first.markup, first.site) == ("warc", "html", "example.com")
    assert first.id == url_id(records[0][0]) and first.id.startswith("valley-floods-")
    assert second.id.startswith("council-vote-")
    assert first.raw == page(1).decode() and first.raw_text == ""
    # The fetch date and Last-Modified are not publication dates.
    assert first.published is None and first.published_source == "unknown"


def test_uncompressed_warc(tmp_path: Path) -> None:
    write_warc(tmp_path / "crawl.warc", [html("https://example.com/a", page(1))], gz=False)
    [art] = load(tmp_path / "crawl.warc")
    assert isinstance(art, Article) and art.url == "https://example.com/a"


def test_http_charset_decodes_the_page(tmp_path: Path) -> None:
    body = "<html><body><p>Президент заявил во вторник</p></body></html>".encode("cp1251")
    write_warc(
        tmp_path / "c.warc.gz",
        [html("https://example.ru/a", body, "text/html; charset=windows-1251")],
        gz=True,
    )
    [art] = load(tmp_path / "c.warc.gz")
    assert isinstance(art, Article) and "Президент заявил во вторник" in art.raw


def test_records_that_are_not_article_pages_are_counted(tmp_path: Path) -> None:
    records = [
        html("https://example.com/story", page(1)),
        ("https://example.com/logo.png", "200 OK", b"\x89PNG\r\n\x1a\n", "image/png", "response"),
        ("https://example.com/missing", "404 Not Found", page(2), "text/html", "response"),
        ("https://example.com/old", "301 Moved Permanently", b"", "text/html", "response"),
    ]
    write_warc(tmp_path / "mixed.warc.gz", records, gz=True)
    stats = IngestStats()
    items = load(tmp_path / "mixed.warc.gz", stats)
    assert [i.url for i in items if isinstance(i, Article)] == ["https://example.com/story"]
    assert not [i for i in items if isinstance(i, InputProblem)]
    assert stats.skipped == {"warc_not_html": 1, "warc_http_not_ok": 2}


def test_warc_without_pages_is_reported(tmp_path: Path) -> None:
    records = [("https://example.com/logo.png", "200 OK", b"\x89PNG", "image/png", "response")]
    write_warc(tmp_path / "images.warc.gz", records, gz=True)
    [problem] = load(tmp_path / "images.warc.gz")
    assert isinstance(problem, InputProblem) and problem.kind == "empty" and "1 not_html" in problem.message


def test_same_url_twice_gets_unique_ids(tmp_path: Path) -> None:
    records = [
        html("https://example.com/news/a.html", page(1)),
        html("https://example.com/news/a.html", page(2)),
    ]
    write_warc(tmp_path / "twice.warc.gz", records, gz=True)
    ids = [i.id for i in load(tmp_path / "twice.warc.gz") if isinstance(i, Article)]
    assert ids[1] == f"{ids[0]}-2"


def test_truncated_warc_gz_yields_the_records_before_the_cut(tmp_path: Path) -> None:
    records = [html(f"https://example.com/story-{n}", page(n, f"w{n} ")) for n in range(4)]
    data = write_warc(tmp_path / "full.warc.gz", records, gz=True)
    (tmp_path / "cut.warc.gz").write_bytes(data[: int(len(data) * 0.7)])
    items = load(tmp_path / "cut.warc.gz")
    read = [i for i in items if isinstance(i, Article)]
    assert 0 < len(read) < 4
    assert [a.url for a in read] == [f"https://example.com/story-{n}" for n in range(len(read))]
    assert isinstance(items[-1], InputProblem) and items[-1].kind == "truncated"
    assert f"the {len(read)} page(s) before the cut were read" in items[-1].message


def test_truncated_uncompressed_warc_does_not_yield_a_half_page(tmp_path: Path) -> None:
    records = [html(f"https://example.com/story-{n}", page(n)) for n in range(3)]
    data = write_warc(tmp_path / "full.warc", records, gz=False)
    (tmp_path / "cut.warc").write_bytes(data[: len(data) - 200])
    items = load(tmp_path / "cut.warc")
    assert [i.url for i in items if isinstance(i, Article)] == [
        f"https://example.com/story-{n}" for n in range(2)
    ]
    assert isinstance(items[-1], InputProblem) and items[-1].kind == "truncated"


def test_not_a_warc_file(tmp_path: Path) -> None:
    (tmp_path / "fake.warc").write_text("this is not a WARC file at all\n")
    [problem] = load(tmp_path / "fake.warc")
    assert (
        isinstance(problem, InputProblem)
        and problem.kind == "malformed"
        and "not a WARC file" in problem.message
    )


def test_url_ids_are_stable_and_readable() -> None:
    assert url_id("https://e.com/a/b/Émeutes-à-Paris.html") == url_id(
        "https://e.com/a/b/Émeutes-à-Paris.html"
    )
    assert url_id("https://e.com/a/b/Émeutes-à-Paris.html").startswith("emeutes-a-paris-")
    assert url_id("https://e.com/news/floods/index.html").startswith("floods-")
    assert url_id("https://e.com/").startswith("e-com-")
    assert url_id("https://e.com/x/index.html") != url_id("https://e.com/y/index.html")


def test_slugs_sites_and_registry() -> None:
    assert slugify("  Hello, World!  ") == "hello-world"
    assert site_of("https://www.example.co.uk/path") == "example.co.uk"
    assert site_of("not a url") is None
    ids = IdRegistry()
    assert [ids.claim(x) for x in ["a", "a", "a-2", "", ""]] == ["a", "a-2", "a-2-2", "article", "article-2"]


def test_a_warc_cut_anywhere_never_crashes_or_yields_half_a_page(tmp_path: Path) -> None:
    records = [html(f"https://example.com/story-{n}", page(n, f"w{n} ")) for n in range(3)]
    bodies = {f"https://example.com/story-{n}": page(n, f"w{n} ").decode() for n in range(3)}
    for gz in (True, False):
        data = write_warc(tmp_path / "full.warc", records, gz=gz)
        for cut in range(0, len(data), max(1, len(data) // 60)):
            path = tmp_path / f"cut-{cut}.warc{'.gz' if gz else ''}"
            path.write_bytes(data[:cut])
            items = load(path)
            for item in items:
                if isinstance(item, Article):
                    assert item.url is not None and item.raw == bodies[item.url]
            assert any(isinstance(i, InputProblem) for i in items), (gz, cut)
