"""Compare articles: alignment, derivation (who copied whom), origin groups, story clustering."""

from newsloom.pipeline.compare.stage import (
    build_threads,
    cluster_stories,
    cluster_stories_in_threads,
    compare_story,
    find_attributions,
)

__all__ = [
    "build_threads",
    "cluster_stories",
    "cluster_stories_in_threads",
    "compare_story",
    "find_attributions",
]
