"""Cross-check a story: claims, independent corroboration, discrepancies and the cited briefing."""

from newsloom.pipeline.crosscheck.stage import crosscheck_story

__all__ = ["crosscheck_story"]
