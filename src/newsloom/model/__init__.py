"""Pure data: articles, spans, citations, stories and the report. Imports nothing else of newsloom."""

from newsloom.model.article import Article, DateSource, InputFormat, Removal, RemovalReason
from newsloom.model.report import ExactDuplicate, InputProblem, Report, report_json_schema
from newsloom.model.span import Citation, Span
from newsloom.model.story import (
    AlignedPair,
    BriefingSentence,
    Claim,
    ClaimSlots,
    ClaimStatus,
    DerivationLink,
    Discrepancy,
    DiscrepancyKind,
    Entity,
    OriginGroup,
    Quantity,
    Quote,
    QuoteVariant,
    Relation,
    Story,
    TimelineEntry,
)

__all__ = [
    "AlignedPair",
    "Article",
    "BriefingSentence",
    "Citation",
    "Claim",
    "ClaimSlots",
    "ClaimStatus",
    "DateSource",
    "DerivationLink",
    "Discrepancy",
    "DiscrepancyKind",
    "Entity",
    "ExactDuplicate",
    "InputFormat",
    "InputProblem",
    "OriginGroup",
    "Quantity",
    "Quote",
    "QuoteVariant",
    "Relation",
    "Removal",
    "RemovalReason",
    "Report",
    "Span",
    "Story",
    "TimelineEntry",
    "report_json_schema",
]
