"""``newsloom dedup``: near-duplicate groups in a corpus, with the document to keep in each."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from newsloom.errors import ConfigError


def dedup(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files, directories (read recursively) or - for stdin (one article, or JSONL records)."
        ),
    ],
    threshold: Annotated[
        float,
        typer.Option(
            "--threshold", "-t", help="Estimated Jaccard similarity (word 3-grams) for a near-duplicate."
        ),
    ] = 0.8,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Write the groups here as JSON Lines (default: stdout)."),
    ] = None,
) -> None:
    """Find near-duplicate documents with MinHash LSH and write one JSON line per group.

    Each line is {"survivor", "members", "pairs": [{"a", "b", "similarity"}]}. The survivor is
    the member with the most words (the fullest version), ties going to the first one read.
    Exit code 0 when every input was read, 1 when some could not be, 2 on a usage error.
    """
    from newsloom.pipeline.compare.dedup import DedupConfig, dedup_paths

    try:
        config = DedupConfig(threshold=threshold)
    except ConfigError as exc:
        raise typer.BadParameter(str(exc), param_hint="--threshold") from exc
    err = Console(stderr=True)
    with Progress(
        SpinnerColumn(),
        TextColumn("[bold]hashing documents"),
        TextColumn("{task.completed:,}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as bar:
        task = bar.add_task("dedup", total=None)
        result = dedup_paths(paths, config, progress=lambda n: bar.update(task, completed=n))
    lines = (json.dumps(g.to_json(), ensure_ascii=False) for g in result.groups)
    if out is None:
        for line in lines:
            sys.stdout.write(line + "\n")
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8") as fh:
            for line in lines:
                fh.write(line + "\n")
    table = Table(title="newsloom dedup", header_style="bold")
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("documents read", f"{result.documents:,}")
    table.add_row("duplicate groups", f"{len(result.groups):,}")
    table.add_row("documents to drop (not survivors)", f"{result.removed:,}")
    table.add_row("errors", str(len(result.errors)), style="red" if result.errors else None)
    err.print(table)
    for path, message in result.errors:
        err.print(f"[red]error[/red] {path}: {message}")
    if out is not None:
        err.print(f"wrote {out}")
    raise typer.Exit(1 if result.errors else 0)
