"""The report does not depend on the number of worker processes."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsloom.config import AnalyzeConfig
from newsloom.errors import ConfigError
from newsloom.pipeline.report.writers import render
from newsloom.runners import local


def _report_json(paths: list[Path], workers: int) -> str:
    return render(local.analyze(paths, AnalyzeConfig(workers=workers, embeddings="lexical")), "json")


@pytest.mark.slow
def test_one_and_two_workers_give_the_same_report(
    examples_dir: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The batch is below the in-process threshold; lowering it makes it use the pool. One run
    # over both folders (several stories) keeps the test to one pool start-up.
    monkeypatch.setattr(local, "MIN_PARALLEL_ARTICLES", 0)
    paths = [examples_dir, seeds_dir]
    parallel = _report_json(paths, workers=2)
    assert parallel == _report_json(paths, workers=1)
    assert '"stories"' in parallel


def test_small_batches_stay_in_process() -> None:
    pool = local._LazyPool(2)
    assert pool.get(local.MIN_PARALLEL_ARTICLES - 1) is None
    assert local._LazyPool(1).get(10_000) is None


def test_automatic_worker_count_is_between_one_and_two() -> None:
    assert 1 <= local.resolve_workers(AnalyzeConfig()) <= 2
    assert local.resolve_workers(AnalyzeConfig(workers=3)) == 3


def test_negative_worker_count_is_refused() -> None:
    with pytest.raises(ConfigError, match="workers"):
        AnalyzeConfig(workers=-1)


def test_cli_refuses_a_negative_worker_count(tmp_path: Path, examples_dir: Path) -> None:
    from typer.testing import CliRunner

    from newsloom.cli import app

    result = CliRunner().invoke(
        app, ["analyze", str(examples_dir), "--out", str(tmp_path), "--workers", "-1"]
    )
    assert result.exit_code == 2
