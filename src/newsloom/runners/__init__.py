"""Runners execute the pipeline's stages: locally in one process, or on a distributed engine."""

from newsloom.runners.local import ProgressCallback, analyze

__all__ = ["ProgressCallback", "analyze"]
