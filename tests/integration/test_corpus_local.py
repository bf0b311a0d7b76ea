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


TOWNS = ["Arvik", "Belmora", "Cardune", "Dovrel", "Eskany"]
EVENTS = [
    (
        "bridge",
        "The {t} bridge closed on Monday after engineers found cracks in its {n} supports, the {t} council said.",
    ),
    (
        "orchestra",
        "The {t} youth orchestra played its first concert on Friday before {n} listeners in the {t} hall.",
    ),
    (
        "ferry",
        "A ferry carrying {n} passengers ran aground near {t} harbour on Sunday; nobody was hurt, the {t} "
        "coastguard said.",
    ),
    (
        "library",
        "{t} opened a new public library on Tuesday with {n} shelves of books, the mayor of {t} said.",
    ),
    (
        "market",
        "Farmers in {t} sold {n} crates of apples at the autumn market on Saturday, organisers in {t} said.",
    ),
]


@pytest.fixture()
def five_stories(tmp_path: Path) -> Path:
    """Five unrelated events, each reported twice with a different figure: five stories."""
    folder = tmp_path / "five"
    folder.mkdir()
    for k, (town, (kind, text)) in enumerate(zip(TOWNS, EVENTS, strict=True)):
        for copy, figure in enumerate((120 + k, 140 + k)):
            body = text.format(t=town, n=figure)
            (folder / f"{town.lower()}-{kind}-{copy}.txt").write_text(f"{town} {kind}\n\n{body}")
    return folder


def _row_groups(out: Path, table: str) -> list[int]:
    import pyarrow.parquet as pq

    meta = pq.ParquetFile(out / table / "part-00000.parquet").metadata
    return [meta.row_group(k).num_rows for k in range(meta.num_row_groups)]


def test_stories_are_written_as_they_finish_a_few_at_a_time(five_stories: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    summary = run_corpus([str(five_stories)], out, CorpusConfig(analyze=FAST, write_stories=2))
    assert summary.counts["stories"] == 5
    # Each write held at most two stories' rows: the run never held the corpus's results.
    assert _row_groups(out, "stories") == [2, 2, 1]
    assert sum(_row_groups(out, "articles")) == 10
    assert max(_row_groups(out, "articles")) <= 4


def test_one_write_for_a_corpus_smaller_than_a_batch(five_stories: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_corpus([str(five_stories)], out, CorpusConfig(analyze=FAST, write_stories=10))
    assert _row_groups(out, "stories") == [5]


@pytest.mark.parametrize("write_stories", [1, 3, 256])
def test_streamed_tables_equal_the_tables_of_the_whole_report(
    corpus_dir: Path, five_stories: Path, tmp_path: Path, write_stories: int
) -> None:
    from newsloom.pipeline.compare.dedup import DedupConfig, find_near_duplicates
    from newsloom.runners.tables import report_rows, table_differences, write_tables

    inputs = [str(corpus_dir), str(five_stories)]
    streamed, whole = tmp_path / "streamed", tmp_path / "whole"
    summary = run_corpus(inputs, streamed, CorpusConfig(analyze=FAST, write_stories=write_stories))
    report = analyze(inputs, FAST)
    rows = report_rows(report, find_near_duplicates(((a.id, a.text) for a in report.articles), DedupConfig()))
    write_tables(rows, whole)
    assert table_differences(streamed, whole) == {}  # story reports byte for byte
    assert summary.counts == {name: len(r) for name, r in rows.items()}
    assert summary.stats == report.stats


def test_a_table_without_rows_is_an_empty_file(five_stories: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_corpus([str(five_stories)], out, CorpusConfig(analyze=FAST))
    assert (out / "errors" / "part-00000.parquet").exists()
    assert read_table(out, "errors") == []
    assert read_table(out, "exact_duplicates") == []


def test_write_stories_must_be_positive() -> None:
    with pytest.raises(ConfigError, match="write_stories"):
        CorpusConfig(write_stories=0)


@pytest.mark.parametrize("size", ["2g", "1536m", "4G", ""])
def test_driver_memory_takes_a_jvm_size_or_nothing(size: str) -> None:
    assert CorpusConfig(driver_memory=size).driver_memory == size


@pytest.mark.parametrize("size", ["2 GB", "-1g", "0", "lots", "2gb"])
def test_driver_memory_refuses_what_the_jvm_would_not_read(size: str) -> None:
    with pytest.raises(ConfigError, match="driver_memory"):
        CorpusConfig(driver_memory=size)


@pytest.mark.slow
def test_stories_finishing_out_of_order_in_workers_give_the_same_tables(tmp_path: Path) -> None:
    """Two workers (100 articles start the pool) finish stories in any order; the rows are those
    of the one-process ``analyze`` all the same."""
    from newsloom.pipeline.compare.dedup import find_near_duplicates
    from newsloom.runners.tables import report_rows, table_differences, write_tables

    folder = tmp_path / "many"
    folder.mkdir()
    towns = [f"{a}{b}" for a in ("Ost", "Vel", "Mar", "Tel", "Qua") for b in ("by", "mark", "holm", "ford")]
    for k, town in enumerate(towns):
        kind, text = EVENTS[k % len(EVENTS)]
        for copy in range(5):
            (folder / f"{town.lower()}-{copy}.txt").write_text(
                f"{town} {kind}\n\n" + text.format(t=town, n=100 + 7 * k + copy)
            )
    streamed, whole = tmp_path / "streamed", tmp_path / "whole"
    two = AnalyzeConfig(nlp="rules", embeddings="lexical", workers=2)
    run_corpus([str(folder)], streamed, CorpusConfig(analyze=two, write_stories=2))
    report = analyze([str(folder)], FAST)
    assert len(report.articles) == 100 and len(report.stories) > 4
    write_tables(report_rows(report, find_near_duplicates((a.id, a.text) for a in report.articles)), whole)
    assert table_differences(streamed, whole) == {}
