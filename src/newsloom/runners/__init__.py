"""Runners execute the pipeline's stages: locally in one process, or on a distributed engine."""

from newsloom.runners.local import ProgressCallback, WrittenReport, analyze, analyze_to_json

__all__ = ["ProgressCallback", "WrittenReport", "analyze", "analyze_to_json"]
