"""Write a report as JSON, Markdown and a self-contained HTML page."""

from newsloom.pipeline.report.html import render_html
from newsloom.pipeline.report.markdown import render_markdown
from newsloom.pipeline.report.writers import render, write_report

__all__ = ["render", "render_html", "render_markdown", "write_report"]
