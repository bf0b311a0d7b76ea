"""The report: the one contract every front end writes and reads."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from newsloom.model.article import Article
from newsloom.model.story import Story, Thread

ErrorKind = Literal[
    "not_found",
    "empty",
    "binary",
    "decode",
    "truncated",
    "malformed",
    "too_large",
    "unsupported",
    "io",
    "timeout",
]


class InputProblem(BaseModel):
    """An input that could not be read, with a plain message; the rest of the batch still ran."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    path: str
    kind: ErrorKind
    message: str


class ExactDuplicate(BaseModel):
    """An input whose normalised text is identical to an article already read; reported once."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    source: str
    duplicate_of: str


class Report(BaseModel):
    """Everything one ``newsloom analyze`` run found."""

    model_config = ConfigDict(extra="forbid")

    newsloom_version: str
    articles: list[Article] = Field(default_factory=list)
    stories: list[Story] = Field(default_factory=list)
    threads: list[Thread] = Field(
        default_factory=list, description="running news stories, each grouping event stories days apart"
    )
    errors: list[InputProblem] = Field(default_factory=list)
    exact_duplicates: list[ExactDuplicate] = Field(default_factory=list)
    stats: dict[str, Any] = Field(
        default_factory=dict, description="counts: articles read, removals by reason"
    )

    def article(self, article_id: str) -> Article:
        """The article with this id (KeyError when absent)."""
        for art in self.articles:
            if art.id == article_id:
                return art
        raise KeyError(article_id)

    def to_json_dict(self, *, include_raw: bool = False) -> dict[str, Any]:
        """The JSON form of the contract: uncomputed story sections are left out, never faked."""
        data = self.model_dump(
            mode="json", exclude={"articles": {"__all__": {"raw"}}} if not include_raw else None
        )
        data["stories"] = [st.model_dump(mode="json", exclude_none=True) for st in self.stories]
        data["threads"] = [th.model_dump(mode="json", exclude_none=True) for th in self.threads]
        return data


def report_json_schema() -> dict[str, Any]:
    """The JSON Schema of ``report.json``."""
    return Report.model_json_schema()
