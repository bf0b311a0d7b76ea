"""Strip boilerplate from articles and record every removal with a reason."""

from newsloom.pipeline.clean.cleaner import clean_article

__all__ = ["clean_article"]
