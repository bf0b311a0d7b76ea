"""One input document as it moves through the pipeline."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from newsloom.model.span import Citation, Span

InputFormat = Literal["text", "html", "jsonl", "warc"]
"""Where an article came from: a text/markdown file, an HTML page, a JSONL record or a WARC record."""

DateSource = Literal["metadata", "text", "inferred", "unknown"]
"""How the publication date was obtained: from the file's metadata, read from the article's
own text, inferred from other articles of the same story, or not known."""

RemovalReason = Literal[
    "page_furniture",  # outside the main text of a page (navigation, sidebars, teasers, footers)
    "breadcrumb",  # "Home » World » ..."
    "image",  # image file names and markdown image links
    "call_to_action",  # join / follow / subscribe / share / sign up / "press Ctrl + Enter"
    "author_box",  # "About The Author" and the bio under it
    "copyright",  # "Copyright © 2025 ..."
    "comment_prompt",  # "Comments", "Leave a Reply"
    "related_headline",  # a headline of another article dropped into the text
    "tag_list",  # a list of tags (kept as tags)
    "credit_line",  # "Courtesy: WION", "(AP)" lines (kept as credits)
    "repeated_standfirst",  # the standfirst repeated as the first paragraph
    "title_repeat",  # the title repeated in the body
    "appended_tail",  # off-topic material glued after the article (reference lists and the like)
    "byline",  # "By Jane Doe" lines (kept as authors)
    "dateline",  # a publication-date line (kept as the published date)
    "navigation",  # menus, "Read more", "Next article" links
    "empty",  # lines with no letters or digits
    "short_fragment",  # a stray short line that is not a sentence or a heading
    "duplicate",  # a line repeated word for word further down (the first copy is kept)
]


class Removal(BaseModel):
    """A piece of the raw text the cleaner dropped, with where it was and why."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: int = Field(ge=0, description="offset into Article.raw_text")
    end: int = Field(ge=0)
    text: str
    reason: RemovalReason


class Article(BaseModel):
    """One news article: what was read, what was kept, and what was found in it.

    ``raw`` is the input exactly as read (HTML markup included); ``raw_text`` is the text the
    cleaner worked on (for plain text, the same as ``raw``; for HTML, the page's text);
    ``text`` is the clean body. ``removed`` spans point into ``raw_text``; annotation spans
    and citations point into ``text``.

    ``annotations`` holds spans into ``text`` grouped by kind (added by the read stage):

    - ``sentences``: label ``"sentence"``.
    - ``entities``: label is the entity type (PERSON, ORG, GPE, ...); attrs ``canonical`` (the
      story-level name, once entities are merged).
    - ``quantities``: label ``"quantity"``; attrs ``value`` (float), ``unit``, ``approx``,
      ``subject``, and ``conversion`` for a parenthetical unit conversion.
    - ``dates``: label ``"date"``; attrs ``date`` (ISO), ``precision`` (day/month/season/year),
      ``expression`` (``"explicit"`` or ``"relative"``), ``anchor`` (what it was resolved against).
    - ``quotes``: label ``"quote"`` (the words inside the marks, marks excluded); attrs ``speaker``
      (canonical name or None), ``speaker_reference`` (the words used: "Mr. Koo", "he"),
      ``speaker_description`` (for a speaker named only by description: "water authority"),
      ``honorific``, ``pronoun``, ``cue`` ("said", "told", ...), ``sentence`` ([start, end]).
    - ``ordinals``: label ``"ordinal"`` ("9th"); attrs ``value`` (float). Positions, not counts.
    - ``internal_errors``: label ``"weekday_mismatch"`` or ``"unit_conversion"``; attrs say what
      was expected; cross-checking turns these into discrepancies.
    """

    model_config = ConfigDict(extra="forbid")

    id: str
    source: str = Field(description="the file path or URL the article was read from")
    format: InputFormat = "text"
    markup: Literal["text", "html"] = Field(default="text", description="whether `raw` is HTML or plain text")
    url: str | None = None
    title: str | None = None
    published: date | None = None
    published_source: DateSource = "unknown"
    site: str | None = None
    authors: list[str] = Field(default_factory=list)
    credit: list[str] = Field(
        default_factory=list, description='credit lines such as "Courtesy: WION" or "(AP)"'
    )
    attributions: list[str] = Field(
        default_factory=list, description='sources the text credits: "told AP News", "according to Reuters"'
    )
    tags: list[str] = Field(default_factory=list)
    language: str | None = Field(
        default=None,
        description="ISO 639-1 code of the body's language as detected (None: not detected, e.g. too short)",
    )
    read: bool = Field(
        default=True,
        description="whether reading, claims and cross-checking treated the text (False: a language "
        "newsloom does not read yet; the article still joins stories on strong evidence)",
    )
    repairs: list[str] = Field(
        default_factory=list, description="repairs made to the input text at ingest (mojibake fixed, ...)"
    )
    raw: str = ""
    raw_text: str = ""
    text: str = ""
    removed: list[Removal] = Field(default_factory=list)
    headings: list[Span] = Field(default_factory=list, description="headings kept apart from body sentences")
    annotations: dict[str, list[Span]] = Field(
        default_factory=dict,
        description="spans into `text` by kind: sentences, entities, quantities, dates, quotes, internal_errors",
    )

    def cite(self, start: int, end: int) -> Citation:
        """A citation of ``text[start:end]``."""
        return Citation(article_id=self.id, start=start, end=end, text=self.text[start:end])

    def cite_span(self, span: Span) -> Citation:
        """A citation of the characters a span covers."""
        return self.cite(span.start, span.end)
