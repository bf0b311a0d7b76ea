"""``newsloom serve`` (the HTTP API and web app) and ``newsloom token create``."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from newsloom.cli.store import DbOption, _open

console = Console()
token_app = typer.Typer(help="Manage the API tokens of newsloom serve.", no_args_is_help=True)


def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    allow_private_urls: Annotated[
        bool,
        typer.Option(help="Let 'add URL' fetch loopback and private addresses (an intranet's pages)."),
    ] = False,
    read_token: Annotated[
        bool, typer.Option("--read-token", help="Ask for an API token on reads as well as writes.")
    ] = False,
    workers: Annotated[
        int,
        typer.Option(
            help="Server processes answering requests (adding still runs in one worker, one job at a time).",
            min=1,
            max=64,
        ),
    ] = 1,
    render_ahead: Annotated[
        bool,
        typer.Option(
            help="Render ahead, between add jobs, the pages of stories the store has none of "
            "(an SQLite store keeps them beside it: news.db-pages), so that first views are not rendered."
        ),
    ] = True,
) -> None:
    """Serve the store: the HTTP API (docs at /docs) and the web app (at /)."""
    import uvicorn

    from newsloom.service import ServiceConfig, create_app
    from newsloom.service.processes import serve_processes, tune_process
    from newsloom.storage import Store

    store = _open(db)
    assert isinstance(store, Store)
    config = ServiceConfig(
        db=db,
        allow_private_urls=allow_private_urls,
        read_token_required=read_token,
        render_ahead=render_ahead,
    )
    many = f" in {workers} processes" if workers > 1 else ""
    console.print(f"newsloom serving {store.url}{many} at http://{host}:{port}/ (API docs at /docs)")
    try:
        if workers > 1:
            serve_processes(store, config, host=host, port=port, processes=workers)
        else:
            app = create_app(config, store=store)
            tune_process()
            uvicorn.run(app, host=host, port=port, log_level="warning")
    finally:
        store.close()


@token_app.command("create")
def token_create(
    db: DbOption = None,
    name: Annotated[str, typer.Option(help="A note on who or what the token is for.")] = "",
) -> None:
    """Create an API token for writes; it is printed once (the store keeps only its hash)."""
    from newsloom.storage import Store

    store = _open(db)
    assert isinstance(store, Store)
    with store:
        token = store.create_token(name)
    # The token is the last word of the output, so that scripts can take it with `awk '{print $NF}'`.
    print(f"API token (shown once; send as 'Authorization: Bearer <token>'): {token}")


def register(app: typer.Typer) -> None:
    """Add ``serve`` and ``token`` to the ``newsloom`` application."""
    app.command("serve")(serve)
    app.add_typer(token_app, name="token")
