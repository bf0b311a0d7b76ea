"""Write ``report.json`` (and, once their renderers land, ``report.md`` and ``report.html``)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from newsloom.config import ReportFormat
from newsloom.model import Report


def write_report(
    report: Report, out_dir: str | Path, formats: Iterable[ReportFormat] = ("json",)
) -> list[Path]:
    """Write the report in each format to ``out_dir`` and return the files written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for fmt in formats:
        if fmt == "json":
            path = out / "report.json"
            path.write_text(json.dumps(report.to_json_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
            written.append(path)
    return written
