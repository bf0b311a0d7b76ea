"""Text and HTML files, gzip, stdin, directory walks and article ids."""

from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path

import pytest

from newsloom.config import IngestConfig
from newsloom.model import Article, InputProblem
from newsloom.pipeline.ingest import IngestStats, load_inputs
from newsloom.pipeline.ingest.walk import classify, is_documentation

STORY = "Floods close the valley road\n\nThe road was closed on Tuesday after heavy rain, officials said.\n"
PAGE = "<html><head><title>Floods</title></head><body><p>The road was closed.</p></body></html>"


def load(*paths: str | Path, **kwargs: object) -> list[Article | InputProblem]:
    return list(load_inputs(paths, **kwargs))  # type: ignore[arg-type]


def articles(items: list[Article | InputProblem]) -> list[Article]:
    return [i for i in items if isinstance(i, Article)]


def problems(items: list[Article | InputProblem]) -> list[InputProblem]:
    return [i for i in items if isinstance(i, InputProblem)]


def test_text_file_fields(tmp_path: Path) -> None:
    path = tmp_path / "valley-floods.txt"
    path.write_bytes(STORY.replace("\n", "\r\n").encode())
    [art] = load(path)
    assert isinstance(art, Article)
    assert (art.id, art.source, art.format, art.markup) == ("valley-floods", str(path), "text", "text")
    assert art.raw == art.raw_text == STORY
    assert art.published is None and art.published_source == "unknown"


def test_markdown_is_plain_text(tmp_path: Path) -> None:
    (tmp_path / "note.md").write_text("# Heading\n\nBody text here.\n")
    [art] = articles(load(tmp_path / "note.md"))
    assert art.format == "text" and art.raw_text.startswith("# Heading")


@pytest.mark.parametrize("suffix", [".html", ".htm", ".HTML"])
def test_html_file_fields(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"page{suffix}"
    path.write_text(PAGE)
    [art] = articles(load(path))
    assert (art.id, art.format, art.markup) == ("page", "html", "html")
    assert art.raw == PAGE and art.raw_text == ""


def test_html_meta_charset_is_used(tmp_path: Path) -> None:
    page = '<html><head><meta charset="windows-1251"></head><body><p>Президент заявил</p></body></html>'
    (tmp_path / "ru.html").write_bytes(page.encode("cp1251"))
    [art] = articles(load(tmp_path / "ru.html"))
    assert "Президент заявил" in art.raw


def test_malformed_html_still_loads(tmp_path: Path) -> None:
    page = "<html><body><div><p>Unclosed <b>tags <i>everywhere</p></div><table><tr><td>cell"
    (tmp_path / "broken.html").write_text(page)
    [art] = articles(load(tmp_path / "broken.html"))
    assert art.raw == page


@pytest.mark.parametrize(("name", "markup"), [("story.txt.gz", "text"), ("story.html.gz", "html")])
def test_gzipped_documents(tmp_path: Path, name: str, markup: str) -> None:
    body = STORY if markup == "text" else PAGE
    (tmp_path / name).write_bytes(gzip.compress(body.encode()))
    [art] = articles(load(tmp_path / name))
    assert (art.id, art.markup, art.raw) == ("story", markup, body)


def test_truncated_gzip_is_reported(tmp_path: Path) -> None:
    data = gzip.compress((STORY * 200).encode())
    (tmp_path / "cut.txt.gz").write_bytes(data[: len(data) // 2])
    [problem] = load(tmp_path / "cut.txt.gz")
    assert isinstance(problem, InputProblem) and problem.kind == "truncated"
    assert "truncated gzip" in problem.message


def test_not_really_gzip_is_reported(tmp_path: Path) -> None:
    (tmp_path / "plain.txt.gz").write_text(STORY)
    [problem] = load(tmp_path / "plain.txt.gz")
    assert isinstance(problem, InputProblem) and problem.kind == "malformed"
    assert "not gzip" in problem.message


def test_size_limit_applies_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    with path.open("wb") as fh:
        fh.write(b"word " * 10)
        fh.truncate(5000)
    [problem] = load(path, config=IngestConfig(max_bytes=1000))
    assert isinstance(problem, InputProblem) and problem.kind == "too_large"
    assert "0.0 MB" in problem.message or "limit" in problem.message


def test_size_limit_applies_to_decompressed_size(tmp_path: Path) -> None:
    (tmp_path / "bomb.txt.gz").write_bytes(gzip.compress(b"word " * 100_000))
    [problem] = load(tmp_path / "bomb.txt.gz", config=IngestConfig(max_bytes=10_000))
    assert isinstance(problem, InputProblem) and problem.kind == "too_large"


def test_stdin_plain_text() -> None:
    [art] = load("-", stdin=io.BytesIO(STORY.encode()))
    assert isinstance(art, Article)
    assert (art.id, art.source, art.markup, art.raw_text) == ("stdin", "<stdin>", "text", STORY)


def test_stdin_html_is_sniffed() -> None:
    [art] = load("-", stdin=io.BytesIO(PAGE.encode()))
    assert isinstance(art, Article) and art.markup == "html" and art.format == "html"
    assert art.raw == PAGE and art.raw_text == ""


def test_stdin_defaults_to_sys_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(STORY.encode("cp1252"))))
    [art] = articles(load("-"))
    assert art.raw_text == STORY


def test_stdin_jsonl_reads_every_record() -> None:
    lines = [
        json.dumps({"id": "one", "text": STORY}),
        "{not json",
        json.dumps({"text": "A second short report about the valley road."}),
    ]
    first, problem, second = load("-", stdin=io.BytesIO(("\n".join(lines) + "\n").encode()))
    assert isinstance(first, Article) and first.id == "one" and first.raw_text == STORY
    assert isinstance(problem, InputProblem) and problem.path == "<stdin>:2"
    assert isinstance(second, Article) and second.id == "stdin-3"


def test_stdin_text_that_starts_with_a_brace_is_one_article() -> None:
    text = '{"note": "not an article record"}\nThe valley road reopened on Friday.\n'
    [art] = load("-", stdin=io.BytesIO(text.encode()))
    assert isinstance(art, Article) and art.raw_text == text


def test_stdin_size_limit_counts_the_sniffed_line() -> None:
    [problem] = load("-", stdin=io.BytesIO(b"word " * 400), config=IngestConfig(max_bytes=1000))
    assert isinstance(problem, InputProblem) and problem.kind == "too_large"


def test_empty_stdin_is_a_problem() -> None:
    [problem] = load("-", stdin=io.BytesIO(b"\n"))
    assert isinstance(problem, InputProblem) and problem.kind == "empty" and problem.path == "<stdin>"


def test_directory_walk_is_recursive_sorted_and_skips_non_articles(tmp_path: Path) -> None:
    for rel in ["b.txt", "a.html", "sub/c.md", "sub/deeper/d.txt", "z.jsonl"]:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(PAGE if rel.endswith(".html") else STORY)
    (tmp_path / "z.jsonl").write_text('{"text": "A line article."}\n')
    for skipped in [".hidden.txt", "README.md", "LICENSE", "notes.json", "photo.png", "check.py"]:
        (tmp_path / skipped).write_bytes(b"not an article")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text(STORY)
    stats = IngestStats()
    items = load(tmp_path, stats=stats)
    assert [a.id for a in articles(items)] == ["a", "b", "c", "d", "z-1"]
    assert problems(items) == []
    assert stats.skipped == {"hidden": 2, "documentation": 2, "not_an_article": 3}
    assert stats.articles == 5


def test_documentation_names() -> None:
    for name in ["README", "README.md", "readme.txt", "LICENSE", "LICENSE-MIT", "Notice.txt", "CHANGELOG.md"]:
        assert is_documentation(name), name
    for name in ["notice-of-appeal.txt", "licensed-to-kill.html", "readmission-rates.txt", "story.txt"]:
        assert not is_documentation(name), name


def test_classify() -> None:
    assert classify(Path("a.TXT")) == ("text", False)
    assert classify(Path("a.warc.gz")) == ("warc", True)
    assert classify(Path("a.jsonl.gz")) == ("jsonl", True)
    assert classify(Path("a.tar.gz")) is None
    assert classify(Path("a.pdf")) is None


def test_explicit_unsupported_file_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.4")
    [problem] = load(tmp_path / "report.pdf")
    assert isinstance(problem, InputProblem) and problem.kind == "unsupported"
    assert ".txt" in problem.message


def test_explicit_documentation_file_is_read(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text(STORY)
    assert [a.id for a in articles(load(tmp_path / "README.md"))] == ["README"]


def test_missing_path_is_a_problem_with_a_hint(tmp_path: Path) -> None:
    (tmp_path / "valley-floods.txt").write_text(STORY)
    [problem] = load(tmp_path / "valley-flood.txt")
    assert isinstance(problem, InputProblem) and problem.kind == "not_found"
    assert problem.path == str(tmp_path / "valley-flood.txt")
    assert "valley-floods.txt" in problem.message


def test_broken_symlink_in_walk_is_reported(tmp_path: Path) -> None:
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    [problem] = load(tmp_path)
    assert isinstance(problem, InputProblem) and problem.kind == "not_found"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file_is_an_io_problem(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text(STORY)
    path.chmod(0)
    try:
        [problem] = load(path)
    finally:
        path.chmod(0o644)
    assert isinstance(problem, InputProblem) and problem.kind == "io"
    assert "permission" in problem.message


def test_os_errors_while_reading_become_io_problems(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Root reads files whatever their mode, so deny access the way the OS would.
    def deny(self: Path, *args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied", str(self))

    (tmp_path / "a.txt").write_text(STORY)
    monkeypatch.setattr(Path, "open", deny)
    [problem] = load(tmp_path / "a.txt")
    assert isinstance(problem, InputProblem) and problem.kind == "io" and "permission" in problem.message


def test_colliding_stems_get_deterministic_unique_ids(tmp_path: Path) -> None:
    for rel in ["one/story.txt", "two/story.txt", "three/story.html", "story-2.txt"]:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(STORY if rel.endswith(".txt") else PAGE)
    ids = [a.id for a in articles(load(tmp_path))]
    # sorted walk: one/, story-2.txt, three/, two/
    assert ids == ["story", "story-2", "story-3", "story-4"]
    assert len(set(ids)) == len(ids)
    assert ids == [a.id for a in articles(load(tmp_path))]


def test_a_file_named_twice_is_read_once(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(STORY)
    stats = IngestStats()
    items = load(tmp_path, tmp_path / "a.txt", stats=stats)
    assert [a.id for a in articles(items)] == ["a"]
    assert stats.skipped["repeated_path"] == 1


def test_bad_files_do_not_stop_the_batch(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "c.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "d.txt").write_text(STORY.replace("road", "bridge"))
    items = load(tmp_path)
    assert [a.id for a in articles(items)] == ["a", "d"]
    assert [(p.path, p.kind) for p in problems(items)] == [
        (str(tmp_path / "b.txt"), "empty"),
        (str(tmp_path / "c.txt"), "binary"),
    ]


def test_missing_stdin_is_a_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", None)
    [problem] = load("-")
    assert isinstance(problem, InputProblem) and problem.kind == "not_found"
