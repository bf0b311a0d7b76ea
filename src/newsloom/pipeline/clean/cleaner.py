"""Interim cleaner: keeps every non-empty line. (Replaced by the full cleaning stage.)"""

from __future__ import annotations

from newsloom.model import Article


def clean_article(article: Article) -> Article:
    """Return the article with ``text`` set from ``raw_text``."""
    lines = [ln.strip() for ln in article.raw_text.splitlines() if ln.strip()]
    return article.model_copy(update={"text": "\n".join(lines)})
