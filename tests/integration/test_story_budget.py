"""A story whose analysis runs over its time budget is kept with its articles and a warning, and
the rest of the batch is analysed, in this process (workers=1) and in the worker pool alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsloom.config import AnalyzeConfig
from newsloom.errors import ConfigError
from newsloom.model import Article, Story
from newsloom.pipeline.report import write_report
from newsloom.runners import local
from newsloom.runners.budget import enforceable

pytestmark = pytest.mark.skipif(not enforceable(), reason="needs SIGPROF on the main thread")

FERRY = (
    "Ferry service resumes after storm\n\n"
    "The harbour ferry resumed service on Tuesday after a storm closed the crossing, the operator said. "
    "About 1,200 passengers use the ferry each day.\n"
)
FERRY_B = (
    "Harbour ferry back in service\n\n"
    "The harbour ferry was back in service on Tuesday, the operator said, after a storm shut the "
    "crossing. Some 1,200 passengers take it daily.\n"
)
MUSEUM = (
    "Museum opens new wing\n\n"
    "The city museum opened a new wing for maritime history on Friday, its director Ines Varga said.\n"
)


def _batch(tmp_path: Path) -> list[Path]:
    paths = []
    for name, text in (("ferry-a", FERRY), ("ferry-b", FERRY_B), ("museum", MUSEUM)):
        path = tmp_path / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def _runaway_for(article_id: str):  # type: ignore[no-untyped-def]
    """Story stages that run away on the story holding ``article_id`` (a stand-in for a
    pathological story; the budget, not this function, has to stop it)."""
    stages = local._story_stages

    def stages_or_spin(story: Story, members: list[Article], config: AnalyzeConfig, vectors: object):  # type: ignore[no-untyped-def]
        while article_id in story.article_ids:
            pass
        return stages(story, members, config, vectors)  # type: ignore[arg-type]

    return stages_or_spin


def _config(workers: int) -> AnalyzeConfig:
    return AnalyzeConfig(
        formats=("json",), nlp="rules", embeddings="lexical", workers=workers, story_timeout=1
    )


def test_a_runaway_story_is_kept_with_a_warning_and_the_batch_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(local, "_story_stages", _runaway_for("museum"))
    report = local.analyze(_batch(tmp_path), _config(workers=1))
    by_members = {tuple(s.article_ids): s for s in report.stories}
    runaway = by_members[("museum",)]
    assert runaway.claims is None and runaway.quotes is None
    (warning,) = runaway.warnings or []
    assert "museum" in warning and "--story-timeout" in warning
    ferry = by_members[("ferry-a", "ferry-b")]
    assert ferry.warnings is None and ferry.claims
    assert report.stats["stories_over_budget"] == 1
    assert [a.id for a in report.articles] == ["ferry-a", "ferry-b", "museum"]
    # The report is written as usual, the story's warning in it.
    write_report(report, tmp_path / "out", ["json", "md", "html"])
    assert "--story-timeout" in (tmp_path / "out" / "report.json").read_text(encoding="utf-8")


def test_a_story_within_its_budget_is_analysed_whole(tmp_path: Path) -> None:
    report = local.analyze(_batch(tmp_path), _config(workers=1))
    assert report.stats["stories_over_budget"] == 0
    assert all(s.warnings is None and s.claims is not None for s in report.stories)


def test_the_story_budget_must_be_zero_or_positive() -> None:
    with pytest.raises(ConfigError, match="story_timeout"):
        AnalyzeConfig(story_timeout=-1)
    assert AnalyzeConfig(story_timeout=0).story_timeout == 0


def test_a_story_warning_is_shown_in_markdown_and_html(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(local, "_story_stages", _runaway_for("museum"))
    report = local.analyze(_batch(tmp_path), _config(workers=1))
    write_report(report, tmp_path / "out", ["md", "html"])
    assert "**Warning:** the analysis of this story (1 article: museum)" in (
        tmp_path / "out" / "report.md"
    ).read_text(encoding="utf-8")
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert 'class="story-warnings"' in html and "--story-timeout" in html
