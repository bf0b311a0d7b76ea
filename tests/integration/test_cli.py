"""The command line as a user meets it: version, help, schema, analyze and its exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from newsloom._version import __version__
from newsloom.cli import app

runner = CliRunner()
COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_version_from_the_installed_script() -> None:
    script = Path(sys.executable).with_name("newsloom")
    if not script.exists():
        pytest.skip(f"the newsloom script is not installed beside {sys.executable}")
    done = subprocess.run(
        [str(script), "--version"], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0
    assert done.stdout.strip() == f"newsloom {__version__}"


def test_root_help_lists_every_command() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for name in COMMANDS:
        assert name in result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.stdout


def test_schema_prints_a_json_schema_of_the_report() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["type"] == "object"
    assert {"newsloom_version", "articles", "stories", "errors"} <= set(schema["properties"])
    assert "$defs" in schema and "Article" in schema["$defs"]


@pytest.fixture(scope="module")
def analyzed(examples_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    out = tmp_path_factory.mktemp("cli-out")
    result = runner.invoke(app, ["analyze", str(examples_dir), "--out", str(out)])
    return out, result


def test_analyze_examples_writes_all_three_reports(analyzed: tuple[Path, object]) -> None:
    out, result = analyzed
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert sorted(p.name for p in out.iterdir()) == ["report.html", "report.json", "report.md"]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert len(report["articles"]) >= 8
    assert report["errors"] == []
    assert (out / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert (out / "report.md").read_text(encoding="utf-8").startswith("# newsloom report")


def test_analyze_prints_its_summary_on_stderr(analyzed: tuple[Path, object]) -> None:
    _, result = analyzed
    stderr: str = result.stderr  # type: ignore[attr-defined]
    assert "articles read" in stderr and "errors" in stderr
    assert "articles read" not in result.stdout  # type: ignore[attr-defined]


def test_format_json_writes_only_json(examples_dir: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["analyze", str(examples_dir / "bpa-wire.txt"), "--out", str(tmp_path), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_format_md_writes_only_markdown_and_leaves_nothing_behind(examples_dir: Path, tmp_path: Path) -> None:
    # report.json is the stream the pages are rendered from: not asked for, it is not left
    result = runner.invoke(
        app, ["analyze", str(examples_dir / "bpa-wire.txt"), "--out", str(tmp_path), "--format", "md"]
    )
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]


def test_pages_past_the_page_limit_are_not_written_and_the_json_is(
    examples_dir: Path, tmp_path: Path
) -> None:
    result = runner.invoke(app, ["analyze", str(examples_dir), "--out", str(tmp_path), "--page-limit", "3"])
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]
    assert "not written" in result.stderr and "--page-limit 3" in result.stderr
    assert len(json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["articles"]) > 3


def test_unknown_format_is_a_usage_error(examples_dir: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["analyze", str(examples_dir), "--out", str(tmp_path), "--format", "json,pdf"]
    )
    assert result.exit_code == 2
    assert "pdf" in result.stderr
    assert not list(tmp_path.iterdir())


def test_missing_input_is_reported_and_exits_1(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["analyze", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "out"), "--format", "json"]
    )
    assert result.exit_code == 1
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert [e["kind"] for e in report["errors"]] == ["not_found"]
    assert "nope.txt" in result.stderr


def test_an_input_over_max_mb_is_refused_and_the_rest_still_runs(examples_dir: Path, tmp_path: Path) -> None:
    big = tmp_path / "in" / "dump.txt"
    big.parent.mkdir()
    big.write_text("A harbour report line.\n" * 6_000, encoding="utf-8")  # about 0.14 MB
    (tmp_path / "in" / "wire.txt").write_text(
        (examples_dir / "bpa-wire.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    out = tmp_path / "out"
    args = ["analyze", str(tmp_path / "in"), "--out", str(out), "--format", "json", "--nlp", "rules"]
    result = runner.invoke(app, [*args, "--max-mb", "0.1"])
    assert result.exit_code == 1, result.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert [e["kind"] for e in report["errors"]] == ["too_large"]
    assert "--max-mb" in report["errors"][0]["message"]
    assert len(report["articles"]) == 1
    assert runner.invoke(app, [*args, "--max-mb", "1"]).exit_code == 0


@pytest.mark.parametrize(("option", "value"), [("--max-mb", "0"), ("--nlp", "bert"), ("--embeddings", "gpt")])
def test_bad_reader_or_limit_options_are_usage_errors(
    examples_dir: Path, tmp_path: Path, option: str, value: str
) -> None:
    result = runner.invoke(app, ["analyze", str(examples_dir), "--out", str(tmp_path), option, value])
    assert result.exit_code == 2
    assert not list(tmp_path.iterdir())
