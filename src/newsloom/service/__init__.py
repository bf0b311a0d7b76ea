"""``newsloom serve``: an HTTP API and a server-rendered web app over the store.

:func:`create_app` builds the FastAPI application for one store; the CLI runs it with uvicorn.
"""

from newsloom.service.app import ServiceConfig, create_app

__all__ = ["ServiceConfig", "create_app"]
