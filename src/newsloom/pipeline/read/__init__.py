"""Read each article (sentences, entities, quantities, dates, quotes) and merge them per story."""

from newsloom.pipeline.read.stage import read_article, read_articles, read_story

__all__ = ["read_article", "read_articles", "read_story"]
