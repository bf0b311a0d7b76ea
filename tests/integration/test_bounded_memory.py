"""``analyze_to_json`` writes report.json byte for byte as ``write_report(analyze(...))`` does,
while the read articles and the analysed report wait in temporary files of the output folder
(gone afterwards), in this process and with the worker pool, with the time budgets kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.integration.fictional_news import fictional_articles, write_jsonl

from newsloom.config import AnalyzeConfig
from newsloom.model import Article, Story
from newsloom.pipeline.compare import cluster
from newsloom.pipeline.report import write_report
from newsloom.runners import local
from newsloom.runners.budget import enforceable


def _inputs(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "in"
    folder.mkdir()
    records = fictional_articles(22)
    # an exact copy under another id, listed as an exact duplicate
    copy = {**records[2], "id": "copy-of-2"}
    write_jsonl(folder / "news.jsonl", [*records[:10], copy, *records[10:]])
    (folder / "lone.txt").write_text(
        "Lighthouse keeper retires\n\nThe keeper of the Brisk Point light, Odile Fenn, retired on Sunday.\n",
        encoding="utf-8",
    )
    (folder / "blob.txt").write_bytes(bytes(range(256)) * 4)  # binary: listed in errors
    return [folder]


def _config(workers: int = 1, **extra: object) -> AnalyzeConfig:
    return AnalyzeConfig(formats=("json",), nlp="rules", embeddings="lexical", workers=workers, **extra)  # type: ignore[arg-type]


def _at_once(paths: list[Path], out: Path, config: AnalyzeConfig) -> bytes:
    write_report(local.analyze(paths, config), out, ["json"])
    return (out / "report.json").read_bytes()


def test_the_streamed_report_is_the_report_written_at_once_and_leaves_no_files(tmp_path: Path) -> None:
    paths = _inputs(tmp_path)
    expected = _at_once(paths, tmp_path / "whole", _config())
    run = local.analyze_to_json(paths, tmp_path / "streamed", _config())
    assert run.path.read_bytes() == expected
    assert sorted(p.name for p in (tmp_path / "streamed").iterdir()) == ["report.json"]
    report = json.loads(expected)
    assert len(report["exact_duplicates"]) == 1 and len(report["errors"]) == 1
    assert run.stories == len(report["stories"]) > 3
    assert run.claims == sum(len(s.get("claims", [])) for s in report["stories"])
    assert [e.path for e in run.errors] == [e["path"] for e in report["errors"]]


def test_online_clustering_started_while_reading_gives_the_same_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Past this many articles with text, stories come from the online index, started mid-stream
    paths = _inputs(tmp_path)
    monkeypatch.setattr(cluster, "MAX_BATCH_MATRIX", 7)
    expected = _at_once(paths, tmp_path / "whole", _config())
    assert local.analyze_to_json(paths, tmp_path / "streamed", _config()).path.read_bytes() == expected
    stories = json.loads(expected)["stories"]
    # the online route: the events' outlets together, every story in one thread
    threads = json.loads(expected)["threads"]
    assert sorted(sid for t in threads for sid in t["story_ids"]) == sorted(s["id"] for s in stories)
    assert any(len(s["article_ids"]) > 1 for s in stories)


@pytest.mark.slow
def test_the_streamed_report_with_two_workers_is_the_serial_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _inputs(tmp_path)
    expected = _at_once(paths, tmp_path / "whole", _config(workers=1))
    monkeypatch.setattr(local, "MIN_PARALLEL_ARTICLES", 0)  # the pool even for this small batch
    assert local.analyze_to_json(paths, tmp_path / "pool", _config(workers=2)).path.read_bytes() == expected


@pytest.mark.skipif(not enforceable(), reason="needs SIGPROF on the main thread")
def test_a_story_over_its_budget_is_kept_with_a_warning_in_the_streamed_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stages = local._story_stages

    def stages_or_spin(story: Story, members: list[Article], config: AnalyzeConfig, vectors: object):  # type: ignore[no-untyped-def]
        while "lone" in story.article_ids:  # a stand-in for a pathological story
            pass
        return stages(story, members, config, vectors)  # type: ignore[arg-type]

    monkeypatch.setattr(local, "_story_stages", stages_or_spin)
    run = local.analyze_to_json(_inputs(tmp_path), tmp_path / "out", _config(story_timeout=1))
    report = json.loads(run.path.read_text(encoding="utf-8"))
    assert report["stats"]["stories_over_budget"] == 1
    (lone,) = [s for s in report["stories"] if s["article_ids"] == ["lone"]]
    assert "--story-timeout" in lone["warnings"][0] and "claims" not in lone
    assert all("claims" in s for s in report["stories"] if s["article_ids"] != ["lone"])
    assert "lone" in [a["id"] for a in report["articles"]]


def test_a_failed_run_leaves_no_temporary_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> object:
        raise RuntimeError("story stage failed")

    monkeypatch.setattr(local, "_story_stages", broken)
    with pytest.raises(RuntimeError, match="story stage failed"):
        local.analyze_to_json(_inputs(tmp_path), tmp_path / "out", _config(story_timeout=0))
    assert list((tmp_path / "out").iterdir()) == []
