"""Store commands: ``db upgrade``, ``add``, ``stories``, ``show``, ``export`` (and ``watch``).

Each validates its input and calls one library function of ``newsloom.storage`` or
``newsloom.runners.incremental``.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from newsloom.config import AnalyzeConfig
from newsloom.errors import ConfigError, NewsloomError
from newsloom.model import Story

err_console = Console(stderr=True)
console = Console()

db_app = typer.Typer(help="Manage the store's database.", no_args_is_help=True)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database: a file path (SQLite) or postgresql://... Default: $NEWSLOOM_DB, else ./newsloom.db.",
    ),
]


def _open(db: str | None) -> object:
    from newsloom.storage import Store

    try:
        return Store(db)
    except NewsloomError as exc:
        err_console.print(f"[red]error[/red] {exc}")
        raise typer.Exit(2) from exc


@db_app.command("upgrade")
def db_upgrade(db: DbOption = None) -> None:
    """Create the store or migrate it to this version's schema."""
    from newsloom.storage import Store, current_revision

    try:
        store = Store(db)
    except NewsloomError as exc:
        err_console.print(f"[red]error[/red] {exc}")
        raise typer.Exit(2) from exc
    with store:
        console.print(f"{store.url}: at revision {current_revision(store.engine)}")


def add(
    inputs: Annotated[list[str], typer.Argument(help="Files, directories, - for stdin, or http(s) URLs.")],
    db: DbOption = None,
    nlp: Annotated[str, typer.Option(help="auto, spacy or rules (as in analyze).")] = "auto",
    embeddings: Annotated[str, typer.Option(help="auto, model or lexical (as in analyze).")] = "auto",
) -> None:
    """Add articles to the store and update the stories they change.

    An article already stored (same URL or same normalised text) changes nothing. Exit code 1
    when some input could not be read (each is listed), 0 otherwise.
    """
    from newsloom.runners.incremental import add_to_store
    from newsloom.storage import Store

    try:
        config = AnalyzeConfig(workers=1, nlp=nlp, embeddings=embeddings)  # type: ignore[arg-type]
    except ConfigError as exc:
        raise typer.BadParameter(str(exc)) from exc
    store = _open(db)
    assert isinstance(store, Store)
    with store:
        result = add_to_store(store, inputs, config)
    console.print(
        f"added {len(result.added)} article(s), {len(result.duplicates)} already stored, "
        f"{len(result.changed_stories)} story(ies) updated"
    )
    for problem in result.errors:
        err_console.print(f"[red]error[/red] {problem.path}: {problem.message}")
    raise typer.Exit(1 if result.errors else 0)


def _story_row(story: Story) -> tuple[str, ...]:
    groups = story.origin_groups
    return (
        story.id,
        str(len(story.article_ids)),
        str(len(groups)) if groups is not None else "-",
        str(len(story.claims)) if story.claims is not None else "-",
        str(len(story.discrepancies)) if story.discrepancies is not None else "-",
        str(story.reference_date or ""),
    )


def stories(
    db: DbOption = None,
    since: Annotated[
        str | None, typer.Option(help="Only stories updated on or after this date (YYYY-MM-DD).")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the report contract's story (or thread) objects.")
    ] = False,
    threads: Annotated[
        bool,
        typer.Option("--threads", help="List the running stories (threads) instead, each with its stories."),
    ] = False,
) -> None:
    """List the stories in the store (or, with --threads, the running stories grouping them)."""
    from newsloom.storage import Store

    try:
        day = date.fromisoformat(since) if since else None
    except ValueError as exc:
        raise typer.BadParameter(f"--since wants a date like 2026-01-31, got {since!r}") from exc
    store = _open(db)
    assert isinstance(store, Store)
    with store:
        found = store.stories(since=day)
        running = store.threads() if threads else []
    if threads:
        shown = {s.id for s in found}
        running = [t for t in running if shown & set(t.story_ids)]
        if as_json:
            print(
                json.dumps(
                    [t.model_dump(mode="json", exclude_none=True) for t in running],
                    ensure_ascii=False,
                    indent=2,
                )
            )
            return
        table = Table(title=f"{len(running)} threads", header_style="bold")
        for col in ("thread", "stories", "title"):
            table.add_column(col, justify="right" if col == "stories" else "left")
        for th in running:
            table.add_row(th.id, str(len(th.story_ids)), th.title)
        console.print(table)
        return
    if as_json:
        print(
            json.dumps(
                [s.model_dump(mode="json", exclude_none=True) for s in found], ensure_ascii=False, indent=2
            )
        )
        return
    table = Table(title=f"{len(found)} stories", header_style="bold")
    for col in ("story", "articles", "origins", "claims", "discrepancies", "date"):
        table.add_column(col, justify="left" if col in ("story", "date") else "right")
    for story in found:
        table.add_row(*_story_row(story))
    console.print(table)


def show(
    story_id: Annotated[str, typer.Argument(help="A story id from `newsloom stories`.")], db: DbOption = None
) -> None:
    """Print one story's briefing, claims and discrepancies."""
    from newsloom.storage import Store

    store = _open(db)
    assert isinstance(store, Store)
    with store:
        try:
            story = store.story(story_id)
        except KeyError:
            err_console.print(
                f"[red]error[/red] no story {story_id!r} in {store.url}; see `newsloom stories`"
            )
            raise typer.Exit(2) from None
        titles = {a.id: a.title or a.id for a in store.articles(story.article_ids)}
    console.print(
        Panel(
            f"[bold]{story.id}[/bold]: {len(story.article_ids)} articles, "
            f"{len(story.origin_groups or [])} independent origin(s)",
            expand=False,
        )
    )
    for aid in story.article_ids:
        console.print(f"  • {titles.get(aid, aid)} [dim]({aid})[/dim]")
    if story.briefing:
        console.rule("Briefing")
        for sentence in story.briefing:
            cited = ", ".join(dict.fromkeys(c.article_id for c in sentence.citations))
            console.print(f"{sentence.text} [dim][{cited}][/dim]")
    if story.claims:
        console.rule("Claims")
        table = Table(header_style="bold")
        for col in ("status", "sources", "claim"):
            table.add_column(col)
        for claim in story.claims:
            style = {"corroborated": "green", "conflicting": "red"}.get(claim.status, "yellow")
            table.add_row(f"[{style}]{claim.status}[/{style}]", str(claim.independent_sources), claim.text)
        console.print(table)
    if story.discrepancies:
        console.rule("Discrepancies")
        for found in story.discrepancies:
            console.print(f"[red]{found.kind}[/red] {found.description}")
            for cite in found.citations:
                console.print(f"    [dim]{cite.article_id}:[/dim] {cite.text}")


def export(
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory to write report.json/.md/.html to.")],
    db: DbOption = None,
    story: Annotated[str | None, typer.Option("--story", help="Only this story and its articles.")] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="Comma-separated: json,md,html.")
    ] = "json,md,html",
) -> None:
    """Write the store (or one story) as a report: report.json, report.md, report.html."""
    from newsloom.cli.app import _parse_formats
    from newsloom.pipeline.report import write_report
    from newsloom.storage import Store

    formats = _parse_formats(fmt)
    store = _open(db)
    assert isinstance(store, Store)
    with store:
        try:
            report = store.report(story)
        except KeyError:
            err_console.print(f"[red]error[/red] no story {story!r} in {store.url}; see `newsloom stories`")
            raise typer.Exit(2) from None
    for path in write_report(report, out, formats):
        console.print(f"wrote {path}")


def _interval(value: str) -> float:
    units = {"s": 1, "m": 60, "h": 3600}
    try:
        seconds = float(value[:-1]) * units[value[-1]] if value[-1:] in units else float(value)
    except (ValueError, KeyError):
        raise typer.BadParameter(f"--every wants a duration like 90s, 10m or 1h, got {value!r}") from None
    if seconds < 1:
        raise typer.BadParameter("--every must be at least one second")
    return seconds


def watch(
    feeds: Annotated[list[str], typer.Argument(help="RSS or Atom feed URLs.")],
    db: DbOption = None,
    every: Annotated[str, typer.Option(help="Poll interval: 90s, 10m, 1h.")] = "10m",
    once: Annotated[bool, typer.Option("--once", help="Poll once and exit.")] = False,
    nlp: Annotated[str, typer.Option(help="auto, spacy or rules (as in analyze).")] = "auto",
    embeddings: Annotated[str, typer.Option(help="auto, model or lexical (as in analyze).")] = "auto",
) -> None:
    """Poll feeds and add the pages of new entries to the store (politely: robots.txt, delays)."""
    import time

    from newsloom.pipeline.ingest.web import Fetcher, is_url, make_client
    from newsloom.runners.watch import watch_once
    from newsloom.storage import Store

    bad = [f for f in feeds if not is_url(f)]
    if bad:
        raise typer.BadParameter(f"feeds must be http(s) URLs: {', '.join(bad)}")
    seconds = _interval(every)
    config = AnalyzeConfig(workers=1, nlp=nlp, embeddings=embeddings)  # type: ignore[arg-type]
    store = _open(db)
    assert isinstance(store, Store)
    failed = False
    with store, make_client() as client:
        fetcher = Fetcher(client)
        while True:
            result = watch_once(store, feeds, fetcher, config)
            console.print(
                f"{result.entries} entries, {len(result.added.added)} new article(s) added, "
                f"{len(result.unchanged_feeds)} feed(s) unchanged"
            )
            for problem in [*result.feed_errors, *result.added.errors]:
                failed = True
                err_console.print(f"[red]error[/red] {problem.path}: {problem.message}")
            if once:
                break
            time.sleep(seconds)
    raise typer.Exit(1 if failed else 0)


def register(app: typer.Typer) -> None:
    """Add the store commands to the ``newsloom`` application."""
    app.add_typer(db_app, name="db")
    app.command("add")(add)
    app.command("stories")(stories)
    app.command("show")(show)
    app.command("export")(export)
    app.command("watch")(watch)
