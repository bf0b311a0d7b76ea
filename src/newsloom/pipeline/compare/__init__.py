"""Compare articles: alignment, derivation (who copied whom), origin groups, story clustering."""

from newsloom.pipeline.compare.stage import cluster_stories, compare_story, find_attributions

__all__ = ["cluster_stories", "compare_story", "find_attributions"]
