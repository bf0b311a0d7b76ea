"""The corpus mode's output tables: one definition of their rows, written by both engines.

``newsloom corpus`` writes Parquet tables under its output folder, one folder per table:

- ``articles``: one row per analysed article (its story, metadata and clean text);
- ``removals``: what cleaning removed from each article, with the reason;
- ``stories``: ``id`` and ``article_ids`` of every event story;
- ``threads``: running stories (``Report.threads``) with their event stories;
- ``origin_groups``, ``derivation``, ``claims``, ``discrepancies``: the story-level results,
  each row carrying its ``story_id``;
- ``exact_duplicates``, ``near_duplicates``, ``errors``: what was set aside, and why;
- ``story_reports``: the report contract (report.json) of each story on its own, as JSON,
  partitioned by ``bucket`` (a hash of the story id) so a downstream job reads one story by
  reading one partition: ``bucket=story_bucket(story_id)``.

The row functions here are the only place rows are built; the local engine writes them with
pyarrow (:func:`write_tables`), the Spark engine with its own writer from the same rows and
the same schemas (:func:`spark_schema`), so the two outputs can be compared table by table.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from newsloom._version import __version__
from newsloom.errors import ConfigError
from newsloom.model import Article, ExactDuplicate, InputProblem, Report, Story
from newsloom.model.story import Thread
from newsloom.pipeline.compare.dedup import DuplicateGroup

ColumnType = Literal["string", "long", "double", "boolean", "strings"]
Row = dict[str, Any]

# Story reports are spread over this many partitions: few enough that a corpus of a few
# thousand stories does not make a folder per story, enough that reading one story reads
# 1/256 of the reports.
STORY_BUCKETS = 256

TABLES: dict[str, tuple[tuple[str, ColumnType], ...]] = {
    "articles": (
        ("id", "string"),
        ("story_id", "string"),
        ("source", "string"),
        ("format", "string"),
        ("url", "string"),
        ("title", "string"),
        ("published", "string"),
        ("site", "string"),
        ("authors", "strings"),
        ("language", "string"),
        ("read", "boolean"),
        ("text", "string"),
    ),
    "removals": (
        ("article_id", "string"),
        ("start", "long"),
        ("end", "long"),
        ("reason", "string"),
        ("text", "string"),
    ),
    "stories": (
        ("id", "string"),
        ("article_ids", "strings"),
        ("reference_date", "string"),
        ("bucket", "long"),
    ),
    "threads": (("id", "string"), ("story_ids", "strings"), ("title", "string")),
    "origin_groups": (("story_id", "string"), ("group", "long"), ("article_ids", "strings")),
    "derivation": (
        ("story_id", "string"),
        ("source", "string"),
        ("target", "string"),
        ("relation", "string"),
        ("score", "double"),
        ("directed", "boolean"),
    ),
    "claims": (
        ("story_id", "string"),
        ("id", "string"),
        ("text", "string"),
        ("status", "string"),
        ("independent_sources", "long"),
        ("article_ids", "strings"),
    ),
    "discrepancies": (
        ("story_id", "string"),
        ("kind", "string"),
        ("description", "string"),
        ("internal", "boolean"),
        ("severity", "string"),
        ("changed_by", "string"),
        ("article_ids", "strings"),
    ),
    "exact_duplicates": (("id", "string"), ("source", "string"), ("duplicate_of", "string")),
    "near_duplicates": (("survivor", "string"), ("members", "strings"), ("pairs", "string")),
    "errors": (("path", "string"), ("kind", "string"), ("message", "string")),
    "story_reports": (("story_id", "string"), ("bucket", "long"), ("report", "string")),
}
PARTITIONED = {"story_reports": "bucket"}


def story_bucket(story_id: str, buckets: int = STORY_BUCKETS) -> int:
    """The partition of ``story_reports`` that holds this story (stable across runs and engines)."""
    return int.from_bytes(hashlib.blake2b(story_id.encode("utf-8"), digest_size=4).digest(), "big") % buckets


def story_report(story: Story, members: Sequence[Article]) -> str:
    """The report contract of one story on its own: the story and its articles, as JSON."""
    report = Report(
        newsloom_version=__version__,
        articles=list(members),
        stories=[story],
        stats={"articles_analyzed": len(members)},
    )
    return json.dumps(report.to_json_dict(), ensure_ascii=False)


def story_rows(story: Story, members: Sequence[Article]) -> dict[str, list[Row]]:
    """Every table's rows for one analysed story (``members`` in ``story.article_ids`` order)."""
    sid = story.id
    rows: dict[str, list[Row]] = {name: [] for name in TABLES}
    rows["stories"].append(
        {
            "id": sid,
            "article_ids": list(story.article_ids),
            "reference_date": story.reference_date.isoformat() if story.reference_date else None,
            "bucket": story_bucket(sid),
        }
    )
    for article in members:
        rows["articles"].append(_article_row(article, sid))
        rows["removals"].extend(
            {"article_id": article.id, "start": r.start, "end": r.end, "reason": r.reason, "text": r.text}
            for r in article.removed
        )
    for k, group in enumerate(story.origin_groups or []):
        rows["origin_groups"].append({"story_id": sid, "group": k, "article_ids": list(group)})
    rows["derivation"].extend(
        {
            "story_id": sid,
            "source": link.source,
            "target": link.target,
            "relation": link.relation,
            "score": link.score,
            "directed": link.directed,
        }
        for link in story.derivation or []
    )
    rows["claims"].extend(
        {
            "story_id": sid,
            "id": claim.id,
            "text": claim.text,
            "status": claim.status,
            "independent_sources": claim.independent_sources,
            "article_ids": list(claim.article_ids),
        }
        for claim in story.claims or []
    )
    rows["discrepancies"].extend(
        {
            "story_id": sid,
            "kind": d.kind,
            "description": d.description,
            "internal": d.internal,
            "severity": d.severity,
            "changed_by": d.changed_by,
            "article_ids": list(dict.fromkeys(c.article_id for c in d.citations)),
        }
        for d in story.discrepancies or []
    )
    rows["story_reports"].append(
        {"story_id": sid, "bucket": story_bucket(sid), "report": story_report(story, members)}
    )
    return rows


def _article_row(article: Article, story_id: str) -> Row:
    return {
        "id": article.id,
        "story_id": story_id,
        "source": article.source,
        "format": article.format,
        "url": article.url,
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "site": article.site,
        "authors": list(article.authors),
        "language": article.language,
        "read": article.read,
        "text": article.text,
    }


def thread_row(thread: Thread) -> Row:
    return {"id": thread.id, "story_ids": list(thread.story_ids), "title": thread.title}


def exact_duplicate_row(dup: ExactDuplicate) -> Row:
    return {"id": dup.id, "source": dup.source, "duplicate_of": dup.duplicate_of}


def near_duplicate_row(group: DuplicateGroup) -> Row:
    pairs = group.to_json()["pairs"]
    return {"survivor": group.survivor, "members": list(group.members), "pairs": json.dumps(pairs)}


def error_row(problem: InputProblem) -> Row:
    return {"path": problem.path, "kind": problem.kind, "message": problem.message}


def report_rows(report: Report, near_duplicates: Iterable[DuplicateGroup]) -> dict[str, list[Row]]:
    """Every table's rows for a whole report (the local engine's route)."""
    rows: dict[str, list[Row]] = {name: [] for name in TABLES}
    by_id = {a.id: a for a in report.articles}
    for story in report.stories:
        for name, story_table in story_rows(story, [by_id[i] for i in story.article_ids]).items():
            rows[name].extend(story_table)
    rows["threads"] = [thread_row(t) for t in report.threads]
    rows["exact_duplicates"] = [exact_duplicate_row(d) for d in report.exact_duplicates]
    rows["near_duplicates"] = [near_duplicate_row(g) for g in near_duplicates]
    rows["errors"] = [error_row(p) for p in report.errors]
    return rows


def _pyarrow() -> Any:
    try:
        import pyarrow
    except ImportError as exc:
        raise ConfigError("corpus mode writes Parquet with pyarrow: pip install 'newsloom[spark]'") from exc
    return pyarrow


def arrow_schema(table: str) -> Any:
    """The pyarrow schema of ``table``."""
    pa = _pyarrow()

    types = {
        "string": pa.string(),
        "long": pa.int64(),
        "double": pa.float64(),
        "boolean": pa.bool_(),
        "strings": pa.list_(pa.string()),
    }
    return pa.schema([(name, types[kind]) for name, kind in TABLES[table]])


def spark_schema(table: str) -> Any:
    """The Spark schema of ``table`` (the same columns and types as :func:`arrow_schema`)."""
    from pyspark.sql import types as T

    kinds = {
        "string": T.StringType(),
        "long": T.LongType(),
        "double": T.DoubleType(),
        "boolean": T.BooleanType(),
        "strings": T.ArrayType(T.StringType()),
    }
    return T.StructType([T.StructField(name, kinds[kind], True) for name, kind in TABLES[table]])


def row_tuple(table: str, row: Mapping[str, Any]) -> tuple[Any, ...]:
    """A row as a tuple in the table's column order (what Spark's ``createDataFrame`` takes)."""
    return tuple(row.get(name) for name, _ in TABLES[table])


def write_tables(rows: Mapping[str, list[Row]], out: Path) -> list[Path]:
    """Write each table as Parquet under ``out/<table>/`` (``story_reports`` partitioned by bucket)."""
    pa = _pyarrow()
    import pyarrow.parquet as pq

    written = []
    for name in TABLES:
        folder = out / name
        folder.mkdir(parents=True, exist_ok=True)
        table = pa.Table.from_pylist(rows.get(name, []), schema=arrow_schema(name))
        if name in PARTITIONED:
            pq.write_to_dataset(table, folder, partition_cols=[PARTITIONED[name]])
        else:
            pq.write_table(table, folder / "part-00000.parquet")
        written.append(folder)
    return written


class TableWriter:
    """The tables written as their rows come, in batches: what :func:`write_tables` writes for
    the same rows (row order aside), without holding them all.

    Rows wait in memory until ``batch_stories`` stories' rows or ``batch_chars`` characters of
    story reports are held, then each table's batch is written as a Parquet row group: one file
    per table (``part-00000.parquet``) and, for ``story_reports``, one file per bucket
    (``bucket=<b>/part-00000.parquet``, at most ``STORY_BUCKETS`` files open). Every table gets a
    file, an empty one when it has no rows, except the partitioned ``story_reports``.

    >>> with TableWriter(Path("out")) as writer:  # doctest: +SKIP
    ...     writer.add(story_rows(story, members), stories=1)
    """

    def __init__(self, out: Path, batch_stories: int = 256, batch_chars: int = 64_000_000) -> None:
        if batch_stories < 1 or batch_chars < 1:
            raise ConfigError(
                "a batch holds at least one story: batch_stories and batch_chars must be 1 or more"
            )
        self._out = out
        self._batch_stories = batch_stories
        self._batch_chars = batch_chars
        self._held: dict[str, list[Row]] = {name: [] for name in TABLES}
        self._held_stories = 0
        self._held_chars = 0
        self._writers: dict[tuple[str, int | None], Any] = {}
        self.counts: dict[str, int] = dict.fromkeys(TABLES, 0)

    def add(self, rows: Mapping[str, Sequence[Row]], stories: int = 0) -> None:
        """Take rows for any tables (``stories``: how many stories they are the rows of)."""
        for name, table_rows in rows.items():
            self._held[name].extend(table_rows)
            self.counts[name] += len(table_rows)
        self._held_stories += stories
        self._held_chars += sum(len(r["report"]) for r in rows.get("story_reports", ()))
        if self._held_stories >= self._batch_stories or self._held_chars >= self._batch_chars:
            self.flush()

    def flush(self) -> None:
        """Write the rows held so far, one row group per table (and per story-report bucket)."""
        pa = _pyarrow()
        for name, held in self._held.items():
            if not held:
                continue
            if name in PARTITIONED:
                key = PARTITIONED[name]
                for part in sorted({r[key] for r in held}):
                    rows = [r for r in held if r[key] == part]
                    # the partition value lives in the folder name, as write_to_dataset leaves it
                    table = pa.Table.from_pylist(rows, schema=arrow_schema(name)).drop_columns([key])
                    self._writer(name, part, table.schema).write_table(table)
            else:
                table = pa.Table.from_pylist(held, schema=arrow_schema(name))
                self._writer(name, None, table.schema).write_table(table)
            self._held[name] = []
        self._held_stories = self._held_chars = 0

    def _writer(self, name: str, part: int | None, schema: Any) -> Any:
        import pyarrow.parquet as pq

        writer = self._writers.get((name, part))
        if writer is None:
            folder = self._out / name
            if part is not None:
                folder = folder / f"{PARTITIONED[name]}={part}"
            folder.mkdir(parents=True, exist_ok=True)
            writer = self._writers[(name, part)] = pq.ParquetWriter(folder / "part-00000.parquet", schema)
        return writer

    def close(self, complete: bool = True) -> None:
        """Write what is held and close every file (a table without rows gets an empty file);
        with ``complete=False`` (a run that failed) only close the files written so far."""
        try:
            if complete:
                self.flush()
                for name in TABLES:
                    (self._out / name).mkdir(parents=True, exist_ok=True)
                    if name not in PARTITIONED:
                        self._writer(name, None, arrow_schema(name))
        finally:
            for writer in self._writers.values():
                writer.close()
            self._writers.clear()

    def __enter__(self) -> TableWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        self.close(complete=kind is None)


def read_table(out: Path, table: str) -> list[Row]:
    """The rows of one table written by either engine (for tests and downstream checks)."""
    import pyarrow.dataset as ds

    folder = out / table
    if not any(folder.rglob("*.parquet")):
        return []
    partitioning = "hive" if table in PARTITIONED else None
    dataset = ds.dataset(folder, format="parquet", partitioning=partitioning, exclude_invalid_files=True)
    rows: list[Row] = dataset.to_table().to_pylist()
    return rows


def table_differences(first: Path, second: Path) -> dict[str, tuple[int, int]]:
    """Tables whose rows differ between two corpus outputs (any engines), as counts of rows
    only in the first and only in the second; an empty dict when every table has the same rows.
    Row order is ignored (engines write in different orders); ``story_reports`` compare byte
    for byte."""
    differences = {}
    for name in TABLES:
        rows = [
            sorted(
                json.dumps({k: v for k, v in r.items() if k not in PARTITIONED.values()}, sort_keys=True)
                for r in read_table(out, name)
            )
            for out in (first, second)
        ]
        if rows[0] != rows[1]:
            a, b = set(rows[0]), set(rows[1])
            differences[name] = (len(a - b), len(b - a))
    return differences
