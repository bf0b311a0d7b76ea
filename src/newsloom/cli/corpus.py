"""``newsloom corpus``: analyse a corpus into Parquet tables, on this machine or on Spark."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from newsloom.errors import ConfigError, NewsloomError


class EngineChoice(StrEnum):
    local = "local"
    spark = "spark"


def corpus(
    inputs: Annotated[
        list[str], typer.Argument(help="Folders, files or globs of JSONL, WARC, text and HTML articles.")
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="New or empty folder for the Parquet tables.")],
    engine: Annotated[
        EngineChoice, typer.Option(help="local: this machine's runner; spark: a Spark session.")
    ] = EngineChoice.local,
    master: Annotated[
        str, typer.Option(help="Spark master when no session is running (spark-submit sets its own).")
    ] = "local[2]",
    driver_memory: Annotated[
        str,
        typer.Option(
            help="Spark: JVM heap of a session newsloom starts (local mode: the heap of every task); "
            "not applied under spark-submit. Empty: Spark's own setting."
        ),
    ] = "2g",
    nlp: Annotated[str, typer.Option(help="Entity reader: auto, spacy or rules.")] = "auto",
    embeddings: Annotated[str, typer.Option(help="Sentence alignment: auto, model or lexical.")] = "auto",
    threshold: Annotated[
        float, typer.Option(help="Near-duplicate threshold (estimated Jaccard of word 3-grams).")
    ] = 0.8,
    block_articles: Annotated[
        int, typer.Option(help="Spark: corpora up to this size are clustered as one block.")
    ] = 5000,
) -> None:
    """Analyse a corpus and write Parquet tables (articles, stories, claims, discrepancies...)
    and each story's report.json under --out.

    Exit code 0 when every input was read, 1 when some could not be (see the errors table),
    2 on a usage error.
    """
    from newsloom.config import AnalyzeConfig
    from newsloom.pipeline.compare.dedup import DedupConfig
    from newsloom.runners.corpus import CorpusConfig, run_corpus

    try:
        config = CorpusConfig(
            analyze=AnalyzeConfig(nlp=nlp, embeddings=embeddings),  # type: ignore[arg-type]
            dedup=DedupConfig(threshold=threshold),
            engine=engine.value,
            master=master,
            driver_memory=driver_memory,
            block_articles=block_articles,
        )
        if nlp not in ("auto", "spacy", "rules") or embeddings not in ("auto", "model", "lexical"):
            raise ConfigError("--nlp is auto, spacy or rules; --embeddings is auto, model or lexical")
    except ConfigError as exc:
        raise typer.BadParameter(str(exc)) from exc
    err = Console(stderr=True)
    try:
        summary = run_corpus(inputs, out, config)
    except ConfigError as exc:
        raise typer.BadParameter(str(exc)) from exc
    except NewsloomError as exc:
        err.print(f"[red]error[/red] {exc}")
        raise typer.Exit(2) from exc
    table = Table(title=f"newsloom corpus ({summary.engine})", header_style="bold")
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, count in summary.counts.items():
        table.add_row(name, f"{count:,}")
    err.print(table)
    Console().print(f"wrote {out}")
    raise typer.Exit(1 if summary.counts.get("errors") else 0)
