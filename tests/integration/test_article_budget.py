"""A runaway article becomes a "timeout" error entry and the rest of the batch is analysed,
in this process (workers=1) and in the worker pool alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsloom.config import AnalyzeConfig
from newsloom.errors import ConfigError
from newsloom.model import Report
from newsloom.runners import local
from newsloom.runners.budget import enforceable

pytestmark = pytest.mark.skipif(not enforceable(), reason="needs SIGPROF on the main thread")

GOOD = (
    "Ferry service resumes after storm\n\n"
    "The harbour ferry resumed service on Tuesday after a storm closed the crossing, the operator said.\n"
)


def _batch(tmp_path: Path) -> list[Path]:
    good = tmp_path / "ferry.txt"
    good.write_text(GOOD, encoding="utf-8")
    # 200,000 one-word lines: tens of seconds of cleaning and reading, far over the budget below.
    runaway = tmp_path / "lines.txt"
    runaway.write_text("\n".join(("harbour", "ferry", "storm", "council")[i % 4] for i in range(200_000)))
    return [good, runaway]


def _check(report: Report, runaway: Path) -> None:
    assert [a.id for a in report.articles] == ["ferry"]
    assert [(e.path, e.kind) for e in report.errors] == [(str(runaway), "timeout")]
    assert "--article-timeout" in report.errors[0].message


@pytest.mark.slow
def test_a_runaway_article_is_an_error_and_the_batch_goes_on(tmp_path: Path) -> None:
    paths = _batch(tmp_path)
    config = AnalyzeConfig(formats=("json",), nlp="rules", embeddings="lexical", workers=1, article_timeout=2)
    _check(local.analyze(paths, config), paths[1])


@pytest.mark.slow
def test_the_budget_holds_in_worker_processes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(local, "MIN_PARALLEL_ARTICLES", 0)
    paths = _batch(tmp_path)
    config = AnalyzeConfig(formats=("json",), nlp="rules", embeddings="lexical", workers=2, article_timeout=2)
    _check(local.analyze(paths, config), paths[1])


def test_the_budget_must_be_zero_or_positive() -> None:
    with pytest.raises(ConfigError, match="article_timeout"):
        AnalyzeConfig(article_timeout=-1)
    assert AnalyzeConfig().article_timeout == 30
