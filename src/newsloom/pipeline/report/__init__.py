"""Write a report as JSON, Markdown and a self-contained HTML page."""

from newsloom.pipeline.report.writers import write_report

__all__ = ["write_report"]
