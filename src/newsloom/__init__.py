"""newsloom: turn many news reports into one verified, cited account.

The public Python API::

    from newsloom import analyze, write_report
    report = analyze(["articles/"])
    write_report(report, "out", ["json", "html"])
"""

from newsloom._version import __version__
from newsloom.config import AnalyzeConfig, IngestConfig
from newsloom.errors import (
    ConfigError,
    InputReadError,
    ModelIntegrityError,
    ModelUnavailable,
    NewsloomError,
    StorageError,
)
from newsloom.model import Article, Citation, Report, Span, Story
from newsloom.pipeline.report import write_report
from newsloom.runners import analyze

__all__ = [
    "AnalyzeConfig",
    "Article",
    "Citation",
    "ConfigError",
    "IngestConfig",
    "InputReadError",
    "ModelIntegrityError",
    "ModelUnavailable",
    "NewsloomError",
    "Report",
    "Span",
    "StorageError",
    "Story",
    "__version__",
    "analyze",
    "write_report",
]
