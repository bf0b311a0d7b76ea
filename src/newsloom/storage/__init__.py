"""The newsloom store: articles, stories and their analyses in SQLite or PostgreSQL.

``Store`` is the repository front ends use; ``runners.incremental.add_to_store`` fills it.
"""

from newsloom.storage.database import (
    DEFAULT_DB,
    ENV_VAR,
    current_revision,
    database_url,
    head_revision,
    upgrade,
)
from newsloom.storage.repository import SearchHit, Store, StorySummary, text_key, url_key

__all__ = [
    "DEFAULT_DB",
    "ENV_VAR",
    "SearchHit",
    "Store",
    "StorySummary",
    "current_revision",
    "database_url",
    "head_revision",
    "text_key",
    "upgrade",
    "url_key",
]
