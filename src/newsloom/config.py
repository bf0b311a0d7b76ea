"""Run settings, validated on construction."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from newsloom.errors import ConfigError

ReportFormat = Literal["json", "md", "html"]
REPORT_FORMATS: tuple[ReportFormat, ...] = ("json", "md", "html")


@dataclass(frozen=True)
class IngestConfig:
    """How inputs are read."""

    # Beyond this a file is refused rather than read into memory: a 50 MB "article" is a
    # dump or a mistake, not a news report. Raise it for corpora of long documents.
    max_bytes: int = 20_000_000

    def __post_init__(self) -> None:
        if self.max_bytes <= 0:
            raise ConfigError(f"max_bytes must be positive, got {self.max_bytes}")


@dataclass(frozen=True)
class AnalyzeConfig:
    """Settings of one ``analyze`` run."""

    ingest: IngestConfig = field(default_factory=IngestConfig)
    formats: tuple[ReportFormat, ...] = REPORT_FORMATS
    # "auto" uses spaCy when the nlp extra is installed and the rule-based reader otherwise.
    nlp: Literal["auto", "spacy", "rules"] = "auto"
    # "auto" uses the sentence-embedding model when the embeddings extra is installed.
    embeddings: Literal["auto", "model", "lexical"] = "auto"
    briefing_sentences: int = 6
    cluster: bool = True
    # Worker processes for the per-article and per-story stages; 0 means one per usable CPU,
    # at most 2 (the machines newsloom is benchmarked on; more processes mean more model copies
    # in memory). 1 runs everything in this process. The report does not depend on it.
    workers: int = 0
    # Seconds one article's cleaning and reading may take before it is left out as a "timeout"
    # error and the batch goes on; 0 means no limit. News articles take well under a second;
    # 30 s leaves room for a slow machine and a very long article, and stops a pathological
    # page (runners/budget.py says how, and where it cannot).
    article_timeout: float = 30.0
    # Seconds of CPU time one story's analysis (story reading, comparing, cross-checking) may
    # take; a story over it is kept with its articles only and a warning saying so, and the
    # batch goes on. 0 means no limit. Not tuned: the slowest story of the 1,393-article
    # end-to-end corpus (23 articles) took 1.7 s, all its stories 26 s (rule-based reader, on a
    # busy machine); 120 s leaves room for stories of hundreds of articles and stops a runaway.
    story_timeout: float = 120.0

    def __post_init__(self) -> None:
        bad = [f for f in self.formats if f not in REPORT_FORMATS]
        if bad or not self.formats:
            raise ConfigError(
                f"unknown report format(s) {bad or '(none)'}; choose from {', '.join(REPORT_FORMATS)}"
            )
        if not 1 <= self.briefing_sentences <= 100:
            raise ConfigError(f"briefing_sentences must be 1-100, got {self.briefing_sentences}")
        if not self.article_timeout >= 0:
            raise ConfigError(
                f"article_timeout must be 0 (no limit) or a number of seconds, got {self.article_timeout}"
            )
        if not self.story_timeout >= 0:
            raise ConfigError(
                f"story_timeout must be 0 (no limit) or a number of seconds, got {self.story_timeout}"
            )
        if self.workers < 0:
            raise ConfigError(f"workers must be 0 (automatic) or a positive count, got {self.workers}")
