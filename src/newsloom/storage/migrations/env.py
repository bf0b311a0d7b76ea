"""Alembic environment: runs on the connection newsloom passes in (see storage/database.py).

Migrations are run programmatically (``newsloom db upgrade`` and on first use of a store), never
through an ``alembic.ini``; the connection arrives in ``config.attributes["connection"]``.
"""

from __future__ import annotations

from alembic import context

from newsloom.storage.tables import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
