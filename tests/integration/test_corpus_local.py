"""``newsloom corpus --engine local``: the tables hold what ``analyze`` finds, one story readable alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsloom.cli.app import app
from newsloom.config import AnalyzeConfig
from newsloom.errors import ConfigError
from newsloom.model import Report
from newsloom.runners import analyze
from newsloom.runners.corpus import CorpusConfig, expand_inputs, run_corpus
from newsloom.runners.tables import TABLES, read_table, story_bucket

pytest.importorskip("pyarrow")

FAST = AnalyzeConfig(nlp="rules", embeddings="lexical", workers=1)

FLOOD = (
    "Flood waters rose in Tarnwick on Monday after three days of rain, officials said. "
    "The Tarnwick council said 240 homes were evacuated along the Vell river. "
    "Mayor Ilse Brandow said the river would crest on Tuesday."
)
FLOOD_COPY = FLOOD.replace("240 homes", "420 homes")
FAIR = (
    "The Osterby book fair opened on Saturday with 80 publishers from nine countries. "
    "Organisers said the Osterby fair expects 12,000 visitors over the weekend."
)


@pytest.fixture()
def corpus_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    (folder / "a").mkdir(parents=True)
    (folder / "a" / "tarnwick-herald.txt").write_text("Floods in Tarnwick\n\n" + FLOOD)
    (folder / "a" / "vell-courier.txt").write_text("Floods in Tarnwick\n\n" + FLOOD_COPY)
    (folder / "osterby-daily.txt").write_text("Book fair opens\n\n" + FAIR)
    (folder / "tarnwick-again.txt").write_text("Floods in Tarnwick\n\n" + FLOOD)  # exact copy
    records = [
        {
            "id": "wire-1",
            "title": "Fair opens",
            "text": "Eighty publishers came to Osterby for the opening day of its book fair.",
        }
    ]
    (folder / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n")
    return folder


def test_tables_hold_the_report_of_analyze(corpus_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    summary = run_corpus([str(corpus_dir)], out, CorpusConfig(analyze=FAST))
    report = analyze([str(corpus_dir)], FAST)
    assert set(summary.counts) == set(TABLES)
    stories = {r["id"]: r["article_ids"] for r in read_table(out, "stories")}
    assert stories == {s.id: s.article_ids for s in report.stories}
    assert {r["id"]: r["duplicate_of"] for r in read_table(out, "exact_duplicates")} == {
        "tarnwick-again": "tarnwick-herald"
    }
    assert {r["id"] for r in read_table(out, "articles")} == {a.id for a in report.articles}
    discrepancies = read_table(out, "discrepancies")
    assert len(discrepancies) == sum(len(s.discrepancies or []) for s in report.stories)
    # The edited copy is a near-duplicate of the original (one figure changed).
    near = read_table(out, "near_duplicates")
    assert [sorted(r["members"]) for r in near] == [["tarnwick-herald", "vell-courier"]]


def test_one_story_report_is_read_from_its_own_partition(corpus_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_corpus([str(corpus_dir)], out, CorpusConfig(analyze=FAST))
    story = next(r for r in read_table(out, "stories") if "vell-courier" in r["article_ids"])
    partition = out / "story_reports" / f"bucket={story_bucket(story['id'])}"
    import pyarrow.parquet as pq

    rows = pq.read_table(partition).to_pylist()
    report = Report.model_validate(
        json.loads(next(r["report"] for r in rows if r["story_id"] == story["id"]))
    )
    assert [s.id for s in report.stories] == [story["id"]]
    assert [a.id for a in report.articles] == story["article_ids"]


def test_globs_expand_and_a_glob_matching_nothing_is_reported(corpus_dir: Path) -> None:
    assert expand_inputs([str(corpus_dir / "a" / "*.txt")]) == [
        str(corpus_dir / "a" / "tarnwick-herald.txt"),
        str(corpus_dir / "a" / "vell-courier.txt"),
    ]
    assert expand_inputs([str(corpus_dir / "*.warc")]) == [str(corpus_dir / "*.warc")]


def test_refuses_a_folder_that_is_not_empty(corpus_dir: Path) -> None:
    with pytest.raises(ConfigError, match="not empty"):
        run_corpus([str(corpus_dir)], corpus_dir, CorpusConfig(analyze=FAST))


def test_cli_writes_tables_and_exits_1_on_unreadable_input(corpus_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "cli-out"
    result = CliRunner().invoke(
        app,
        [
            "corpus",
            str(corpus_dir),
            str(tmp_path / "missing.txt"),
            "--out",
            str(out),
            "--nlp",
            "rules",
            "--embeddings",
            "lexical",
        ],
    )
    assert result.exit_code == 1, result.output
    assert [r["kind"] for r in read_table(out, "errors")] == ["not_found"]
    assert json.loads((out / "summary.json").read_text())["engine"] == "local"
