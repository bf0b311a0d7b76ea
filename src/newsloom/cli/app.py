"""Typer application: each command validates its input and calls one library function."""

from __future__ import annotations

import json
import tempfile
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from newsloom._version import __version__
from newsloom.config import REPORT_FORMATS, AnalyzeConfig, IngestConfig, ReportFormat
from newsloom.errors import ConfigError
from newsloom.model import Report, report_json_schema

if TYPE_CHECKING:
    from newsloom.runners import WrittenReport

app = typer.Typer(
    name="newsloom",
    help="Turn many news reports into one verified, cited account.",
    no_args_is_help=True,
    add_completion=False,
)
err_console = Console(stderr=True)
console = Console()


def _version(value: bool) -> None:
    if value:
        console.print(f"newsloom {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Turn many news reports into one verified, cited account."""


def _parse_formats(value: str) -> tuple[ReportFormat, ...]:
    names = tuple(v.strip().lower() for v in value.split(",") if v.strip())
    bad = [n for n in names if n not in REPORT_FORMATS]
    if bad or not names:
        raise typer.BadParameter(
            f"unknown format(s) {', '.join(bad) or '(none)'}; use {','.join(REPORT_FORMATS)}"
        )
    return names  # type: ignore[return-value]


def _summary(run: WrittenReport) -> Table:
    table = Table(title="newsloom analyze", show_header=True, header_style="bold")
    table.add_column("what")
    table.add_column("count", justify="right")
    stats = run.stats
    table.add_row("articles read", str(stats.get("articles_read", 0)))
    table.add_row("exact duplicates (reported once)", str(stats.get("exact_duplicates", 0)))
    table.add_row("stories", str(run.stories))
    # Story sections are counted only when a stage computed them: an absent section is not a zero.
    for label, count in (("discrepancies found", run.discrepancies), ("claims", run.claims)):
        if count is not None:
            table.add_row(label, str(count))
    for reason, n in stats.get("removals_by_reason", {}).items():
        table.add_row(f"lines removed: {reason}", str(n))
    table.add_row("errors", str(len(run.errors)), style="red" if run.errors else None)
    return table


# report.md and report.html are one page each, built from the whole report held in memory: past
# this many articles they are not written (``--page-limit``); 20,000 articles make a report.json
# of about 200 MB and an HTML page no browser opens comfortably.
PAGE_LIMIT = 20_000


class NlpChoice(StrEnum):
    auto = "auto"
    spacy = "spacy"
    rules = "rules"


class EmbeddingsChoice(StrEnum):
    auto = "auto"
    model = "model"
    lexical = "lexical"


@app.command()
def analyze(
    paths: Annotated[list[str], typer.Argument(help="Files, directories (read recursively) or - for stdin.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory to write the report to.")] = Path(
        "newsloom-out"
    ),
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="Comma-separated: json,md,html.")
    ] = "json,md,html",
    briefing_sentences: Annotated[int, typer.Option(help="Sentences in each story's briefing.")] = 6,
    workers: Annotated[
        int, typer.Option(help="Worker processes; 0 = automatic (one per CPU, at most 2), 1 = none.")
    ] = 0,
    nlp: Annotated[
        NlpChoice,
        typer.Option(help="Entity reader: spaCy when installed (auto), spaCy, or the rule-based reader."),
    ] = NlpChoice.auto,
    embeddings: Annotated[
        EmbeddingsChoice,
        typer.Option(
            help="Sentence alignment: the embedding model when installed (auto), the model, or lexical."
        ),
    ] = EmbeddingsChoice.auto,
    article_timeout: Annotated[
        float,
        typer.Option(
            "--article-timeout",
            help="Seconds one article's cleaning and reading may take before it is listed as an error "
            "and the batch goes on; 0 = no limit.",
        ),
    ] = AnalyzeConfig().article_timeout,
    story_timeout: Annotated[
        float,
        typer.Option(
            "--story-timeout",
            help="Seconds one story's analysis may take before the story is kept with its articles "
            "only, with a warning, and the batch goes on; 0 = no limit.",
        ),
    ] = AnalyzeConfig().story_timeout,
    max_mb: Annotated[
        float, typer.Option("--max-mb", help="Refuse any one input over this many megabytes.")
    ] = IngestConfig().max_bytes / 1_000_000,
    page_limit: Annotated[
        int,
        typer.Option(
            "--page-limit",
            help="Write report.md and report.html only up to this many articles: each is one page "
            "built from the whole report in memory (report.json is written with bounded memory at "
            "any size); 0 = no limit.",
        ),
    ] = PAGE_LIMIT,
) -> None:
    """Read, clean and cross-check articles; write report.json, report.md and report.html.

    Exit code 0 when every input was read, 1 when some could not be (they are listed in the
    report's errors), 2 on a usage error.
    """
    from newsloom.pipeline.report import write_report
    from newsloom.runners import analyze_to_json

    formats = _parse_formats(fmt)
    try:
        config = AnalyzeConfig(
            ingest=IngestConfig(max_bytes=int(max_mb * 1_000_000)),
            formats=formats,
            briefing_sentences=briefing_sentences,
            workers=workers,
            article_timeout=article_timeout,
            story_timeout=story_timeout,
            nlp=nlp.value,
            embeddings=embeddings.value,
        )
    except ConfigError as exc:
        raise typer.BadParameter(str(exc)) from exc
    with Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=not err_console.is_terminal,
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def progress(stage: str, done: int, total: int | None, /) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        # The analysis always streams report.json (bounded memory at any size); Markdown and
        # HTML are rendered from it afterwards, since each needs the whole report at once.
        pages = [f for f in formats if f != "json"]
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=out, prefix=".newsloom-json-") as scratch:
            run = analyze_to_json(paths, out if "json" in formats else scratch, config, progress)
            written = [run.path] if "json" in formats else []
            articles = run.stats.get("articles_read", 0)
            if pages and 0 < page_limit < articles:
                err_console.print(
                    f"[yellow]report.md and report.html not written[/yellow]: {articles} articles is over "
                    f"--page-limit {page_limit} (each page holds the whole report in memory); "
                    "report.json has everything"
                    + ("" if "json" in formats else ": add json to --format to write it")
                )
            elif pages:
                report = Report.model_validate_json(run.path.read_bytes())
                written += write_report(report, out, pages)
                del report
    err_console.print(_summary(run))
    for problem in run.errors:
        err_console.print(f"[red]error[/red] {problem.path}: {problem.message}")
    for path in written:
        console.print(f"wrote {path}")
    raise typer.Exit(1 if run.errors else 0)


@app.command()
def schema() -> None:
    """Print the JSON Schema of report.json."""
    console.print_json(json.dumps(report_json_schema()))


def main() -> None:
    """Entry point of the ``newsloom`` script."""
    app()


from newsloom.cli.dedup import dedup  # noqa: E402  (registered last: one command per module)

app.command("dedup")(dedup)

from newsloom.cli.store import register as _register_store  # noqa: E402  (store commands: add, stories, ...)

_register_store(app)

from newsloom.cli.corpus import corpus  # noqa: E402

app.command("corpus")(corpus)

from newsloom.cli.serve import register as _register_serve  # noqa: E402  (serve and token)

_register_serve(app)
