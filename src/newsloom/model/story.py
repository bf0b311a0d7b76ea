"""Cross-document results: a story and what was found across its articles.

Everything here points at articles by id and at text by ``Citation``; nothing copies an
article's text except the citation's own ``text``, which is checked against the source.
A section that has not been computed is ``None`` and is left out of the report, never faked.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from newsloom.model.span import Citation

EntityType = Literal[
    "PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "FAC", "PRODUCT", "WORK_OF_ART", "LAW", "MISC"
]

Relation = Literal["verbatim_copy", "edited_copy", "rewrite", "shared_source", "independent"]
"""How one article relates to another, from most to least derived."""

DatePrecision = Literal["day", "month", "season", "year"]

ClaimStatus = Literal["corroborated", "single_source", "conflicting"]

DiscrepancyKind = Literal[
    "number",  # figures that disagree for the same thing
    "date",  # dates that disagree, or a date that contradicts itself (weekday, impossible date)
    "unit_conversion",  # "984 square kilometers (380 square miles)" that does not convert
    "quote",  # quote drift: the same quote worded, widened or narrowed differently
    "attribution",  # the same words given to different speakers; pronoun/honorific conflicts
    "polarity",  # a claim and its negation
    "headline",  # a headline its own body contradicts
    "encoding",  # characters garbled by a wrong encoding (mojibake repaired at ingest, a lost letter)
]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Entity(_Section):
    """A named thing merged across spellings within a story."""

    name: str = Field(description="canonical name: the fullest well-formed variant")
    type: EntityType
    aliases: list[str] = Field(default_factory=list, description="other spellings and references used")
    mentions: list[Citation] = Field(default_factory=list)


class Quantity(_Section):
    """A number reported for something, grouped across articles."""

    value: float
    unit: str | None = None
    approx: str | None = Field(default=None, description='"about", "more than", "thousands", ...')
    subject: str | None = Field(default=None, description="what is counted, with its event verb")
    citations: list[Citation] = Field(default_factory=list)


class QuoteVariant(_Section):
    text: str
    citations: list[Citation] = Field(default_factory=list)


class Quote(_Section):
    """A direct quotation with its speaker, the same words from several articles grouped."""

    text: str
    speaker: str | None = Field(default=None, description="canonical entity name of the speaker")
    citations: list[Citation] = Field(default_factory=list)
    variants: list[QuoteVariant] = Field(default_factory=list, description="other wordings of the same quote")


class TimelineEntry(_Section):
    date: date
    precision: DatePrecision
    text: str = Field(description="the event, in the words of the best-formed source sentence")
    citations: list[Citation] = Field(default_factory=list)
    background: bool = Field(
        default=False,
        description="a date the story looks back to (a year or month well before its own events), "
        "shown apart from the story's own dates",
    )


class AlignedPair(_Section):
    """Two sentences, one in each article, that say the same thing."""

    source: Citation
    target: Citation
    kind: Literal["exact", "near_exact", "paraphrase", "shared_quote", "shared_fact"]
    score: float


class DerivationLink(_Section):
    """Article ``target`` derives from article ``source`` (or they share a source, when undirected)."""

    source: str
    target: str
    relation: Relation
    score: float = Field(ge=0.0, le=1.0)
    directed: bool = Field(default=False, description="whether the evidence says who came first")
    direction_evidence: list[str] = Field(default_factory=list)
    evidence: list[AlignedPair] = Field(default_factory=list)


class OriginGroup(_Section):
    """Articles that derive from one origin, whether or not the origin is in the input."""

    article_ids: list[str]
    originality: dict[str, float] = Field(
        default_factory=dict, description="per article, the share of its text aligned with no other article"
    )


class ClaimSlots(_Section):
    actor: str | None = None
    action: str | None = None
    object: str | None = None
    quantity: str | None = None
    date: str | None = None
    place: str | None = None
    attributed_to: str | None = None


class Claim(_Section):
    """A group of atomic claims across the story that state one fact."""

    id: str
    text: str = Field(description="the best-formed wording")
    slots: ClaimSlots = Field(default_factory=ClaimSlots)
    status: ClaimStatus
    independent_sources: int = Field(
        ge=0,
        description="independent upstream texts behind the claim: origin groups that carry it, where "
        "articles whose claim sentences share their own wording or credit the same agency or press "
        "release count once",
    )
    origin_groups: list[int] = Field(default_factory=list, description="indexes into Story.origin_groups")
    article_ids: list[str] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    upstream: str | None = Field(
        default=None,
        description="the one upstream text the claim rests on, when all its articles rest on one and "
        'it is known: the agency or "press release" they credit, or the id of the in-input article '
        "their origin group derives from",
    )


Severity = Literal["error", "likely_error", "wording"]


class Discrepancy(_Section):
    kind: DiscrepancyKind
    description: str = Field(description="in plain words a reader understands")
    internal: bool = Field(
        default=False, description="an error inside one article rather than between articles"
    )
    citations: list[Citation] = Field(default_factory=list, description="every side of the disagreement")
    severity: Severity | None = Field(
        default=None, description="error, likely_error or wording (a harmless rewording)"
    )
    changed_by: str | None = Field(
        default=None,
        description="the article that changed the text, when one side derives from the other (the copy)",
    )


class BriefingSentence(_Section):
    text: str
    citations: list[Citation]
    claim_ids: list[str] = Field(default_factory=list)


class Story(_Section):
    """Articles that report one event, and what the cross-document stages found in them."""

    id: str
    article_ids: list[str]
    reference_date: date | None = None
    reference_date_source: str | None = Field(default=None, description="where the reference date came from")
    origin_groups: list[list[str]] | None = None
    origin_group_details: list[OriginGroup] | None = None
    derivation: list[DerivationLink] | None = None
    entities: list[Entity] | None = None
    quantities: list[Quantity] | None = None
    quotes: list[Quote] | None = None
    timeline: list[TimelineEntry] | None = None
    claims: list[Claim] | None = None
    claims_left_out: dict[str, int] | None = Field(
        default=None,
        description="body sentences not taken as claims, by reason (heading, question, site_notice, "
        "caption, fragment, not_read, ...): they state nothing a reader could check",
    )
    discrepancies: list[Discrepancy] | None = None
    briefing: list[BriefingSentence] | None = None
    warnings: list[str] | None = Field(
        default=None,
        description="where this story's analysis was capped or cut short, in plain words (an article "
        "with more quotations or dates than are compared, a story over its time budget)",
    )


class Thread(_Section):
    """One running news story: the event stories of the same participants, days apart."""

    id: str
    story_ids: list[str] = Field(description="its event stories, in date order")
    title: str
    timeline: list[TimelineEntry] | None = Field(
        default=None, description="the events of the thread in date order; later figures are updates"
    )
