"""Discrepancy detectors, one module per kind; ``find_discrepancies`` runs them all on a story."""

from __future__ import annotations

from newsloom.model import Discrepancy
from newsloom.pipeline.crosscheck.discrepancies.attribution import attribution_discrepancies
from newsloom.pipeline.crosscheck.discrepancies.dates import date_discrepancies
from newsloom.pipeline.crosscheck.discrepancies.headline import headline_discrepancies
from newsloom.pipeline.crosscheck.discrepancies.internal import internal_discrepancies
from newsloom.pipeline.crosscheck.discrepancies.numbers import number_discrepancies
from newsloom.pipeline.crosscheck.discrepancies.polarity import polarity_discrepancies
from newsloom.pipeline.crosscheck.discrepancies.quotes import quote_discrepancies
from newsloom.pipeline.crosscheck.evidence import StoryEvidence

DETECTORS = (
    internal_discrepancies,
    number_discrepancies,
    date_discrepancies,
    quote_discrepancies,
    attribution_discrepancies,
    polarity_discrepancies,
    headline_discrepancies,
)


def find_discrepancies(ev: StoryEvidence) -> list[Discrepancy]:
    """Every discrepancy the detectors find in the story, in detector order."""
    out: list[Discrepancy] = []
    for detect in DETECTORS:
        out.extend(detect(ev))
    return out


__all__ = ["DETECTORS", "find_discrepancies"]
