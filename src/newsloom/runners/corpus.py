"""Corpus mode: the whole analysis written as Parquet tables, run locally or on Spark.

Both engines run the same plan and the same stage functions and write the same tables
(:mod:`newsloom.runners.tables`): ingest, clean and read per article; exact duplicates set
aside; near-duplicate groups (MinHash LSH, the decisions of ``newsloom dedup``); story
clustering; comparing and cross-checking per story. The local engine is the reference: it is
``newsloom analyze`` (:func:`newsloom.runners.local.analyze`) plus the near-duplicate pass.
"""

from __future__ import annotations

import glob
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from newsloom.config import AnalyzeConfig
from newsloom.errors import ConfigError
from newsloom.pipeline.compare.dedup import DedupConfig, find_near_duplicates

Engine = Literal["local", "spark"]
_GLOB_CHARS = set("*?[")


@dataclass(frozen=True)
class CorpusConfig:
    """Settings of one ``newsloom corpus`` run, validated on construction."""

    analyze: AnalyzeConfig = field(default_factory=AnalyzeConfig)
    dedup: DedupConfig = field(default_factory=DedupConfig)
    engine: Engine = "local"
    # Spark master when no session is running (spark-submit provides its own): local[N] runs
    # the plan on this machine with N cores.
    master: str = "local[2]"
    # Story clustering on Spark: a corpus of at most this many articles is clustered as one
    # block, exactly as the local engine clusters it; a larger one is cut into blocks (see
    # newsloom.runners.spark). 5,000 is where the local clustering itself switches from the
    # n x n matrix to the online index (cluster.MAX_BATCH_MATRIX).
    block_articles: int = 5000
    # Publication dates further apart than this do not join two articles' blocks.
    block_days: int = 7
    # Partitions of the per-article and per-story stages on Spark (0: twice the default
    # parallelism).
    partitions: int = 0

    def __post_init__(self) -> None:
        if self.engine not in ("local", "spark"):
            raise ConfigError(f"engine must be local or spark, got {self.engine!r}")
        if self.block_articles < 2:
            raise ConfigError(f"block_articles must be at least 2, got {self.block_articles}")
        if self.block_days < 0:
            raise ConfigError(f"block_days must be 0 or more, got {self.block_days}")
        if self.partitions < 0:
            raise ConfigError(f"partitions must be 0 (automatic) or positive, got {self.partitions}")


@dataclass
class CorpusSummary:
    """What one corpus run wrote: counts per table, and where."""

    engine: Engine
    out: Path
    counts: dict[str, int]
    stats: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"engine": self.engine, "out": str(self.out), "counts": self.counts, "stats": self.stats}


def expand_inputs(inputs: Iterable[str]) -> list[str]:
    """Inputs with globs expanded (sorted); a glob matching nothing is kept, and ingest reports it."""
    out: list[str] = []
    for given in inputs:
        if _GLOB_CHARS & set(given) and not Path(given).exists():
            matches = sorted(glob.glob(given, recursive=True))
            out.extend(matches or [given])
        else:
            out.append(given)
    return out


def corpus_local(inputs: Iterable[str], out: Path, config: CorpusConfig) -> CorpusSummary:
    """Run the corpus plan with the local runner and write the tables under ``out``."""
    from newsloom.runners.local import analyze
    from newsloom.runners.tables import report_rows, write_tables

    report = analyze(expand_inputs(inputs), config.analyze)
    groups = find_near_duplicates(((a.id, a.text) for a in report.articles), config.dedup)
    rows = report_rows(report, groups)
    write_tables(rows, out)
    return _finish(CorpusSummary("local", out, {name: len(r) for name, r in rows.items()}, report.stats))


def _finish(summary: CorpusSummary) -> CorpusSummary:
    (summary.out / "summary.json").write_text(json.dumps(summary.to_json(), indent=2) + "\n")
    return summary


def run_corpus(inputs: Iterable[str], out: str | Path, config: CorpusConfig | None = None) -> CorpusSummary:
    """Analyse a corpus with ``config.engine`` and write its tables under ``out``.

    >>> run_corpus(["examples/"], "out/corpus")  # doctest: +SKIP
    """
    config = config or CorpusConfig()
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise ConfigError(f"{out} is not empty; give a new or empty folder for the corpus tables")
    out.mkdir(parents=True, exist_ok=True)
    if config.engine == "spark":
        from newsloom.runners.spark import corpus_spark

        return _finish(corpus_spark(list(inputs), out, config))
    return corpus_local(list(inputs), out, config)
