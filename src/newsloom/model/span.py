"""Offsets into text: the atoms every annotation and citation is made of."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Span(BaseModel):
    """A labelled stretch ``text[start:end]`` of one article's clean text.

    Annotations (sentences, entities, quantities, dates, quotes) are spans; they point
    at the text rather than copying it, so every result can be cited to its characters.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    label: str = ""
    attrs: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end < self.start:
            raise ValueError(f"span end {self.end} is before its start {self.start}")
        return self

    def text_of(self, text: str) -> str:
        """The characters this span covers in ``text``."""
        return text[self.start : self.end]


class Citation(BaseModel):
    """Exact source characters: ``text == article.text[start:end]`` for article ``article_id``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    article_id: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str

    @model_validator(mode="after")
    def _ordered(self) -> Citation:
        if self.end < self.start:
            raise ValueError(f"citation end {self.end} is before its start {self.start}")
        return self
