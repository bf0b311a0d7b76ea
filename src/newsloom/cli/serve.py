"""``newsloom serve`` (the HTTP API and web app) and ``newsloom token create``."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.console import Console

from newsloom.cli.store import DbOption, _open

console = Console()
# The server process's thread switch interval (seconds; Python's default is 0.005).
SWITCH_INTERVAL = 0.001
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
) -> None:
    """Serve the store: the HTTP API (docs at /docs) and the web app (at /)."""
    import uvicorn

    from newsloom.service import ServiceConfig, create_app
    from newsloom.storage import Store

    store = _open(db)
    assert isinstance(store, Store)
    app = create_app(
        ServiceConfig(db=db, allow_private_urls=allow_private_urls, read_token_required=read_token),
        store=store,
    )
    # A request thread that comes back from SQLite (which releases the interpreter lock for
    # every step) waits up to the switch interval for a thread busy rendering a page; under
    # load a page makes dozens of such trips. Tuned on bench/serve.py's 100,000-article store,
    # 8 readers and 8 writers, in pairs of runs at machine load 23-34: p95 of a first story
    # view 374/1434/1084 ms at 1 ms against 786 and 461/2085/2772 ms at Python's default 5 ms, search
    # 353/1445/1272 against 728/1714/1787 ms (no held-out split: one constant, paired runs).
    sys.setswitchinterval(SWITCH_INTERVAL)
    console.print(f"newsloom serving {store.url} at http://{host}:{port}/ (API docs at /docs)")
    try:
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
