"""Discrepancy detectors, one module per kind; ``find_discrepancies`` runs them all on a story."""

from __future__ import annotations

from newsloom.model import Discrepancy
from newsloom.model.story import DiscrepancyKind, Severity
from newsloom.pipeline.crosscheck.discrepancies.ages import age_discrepancies
from newsloom.pipeline.crosscheck.discrepancies.anchored_figures import anchored_figure_discrepancies
from newsloom.pipeline.crosscheck.discrepancies.attribution import attribution_discrepancies
from newsloom.pipeline.crosscheck.discrepancies.changed_figures import changed_figure_discrepancies
from newsloom.pipeline.crosscheck.discrepancies.changed_years import changed_year_discrepancies
from newsloom.pipeline.crosscheck.discrepancies.crowds import crowd_discrepancies
from newsloom.pipeline.crosscheck.discrepancies.dates import date_discrepancies
from newsloom.pipeline.crosscheck.discrepancies.delays import delay_discrepancies
from newsloom.pipeline.crosscheck.discrepancies.encoding import encoding_discrepancies
from newsloom.pipeline.crosscheck.discrepancies.group_remarks import group_remark_discrepancies
from newsloom.pipeline.crosscheck.discrepancies.headline import headline_discrepancies
from newsloom.pipeline.crosscheck.discrepancies.internal import internal_discrepancies
from newsloom.pipeline.crosscheck.discrepancies.internal_tolls import internal_toll_discrepancies
from newsloom.pipeline.crosscheck.discrepancies.life_events import life_event_discrepancies
from newsloom.pipeline.crosscheck.discrepancies.numbers import number_discrepancies
from newsloom.pipeline.crosscheck.discrepancies.polarity import polarity_discrepancies
from newsloom.pipeline.crosscheck.discrepancies.quote_swaps import quote_swap_discrepancies
from newsloom.pipeline.crosscheck.discrepancies.quotes import quote_discrepancies
from newsloom.pipeline.crosscheck.discrepancies.share_moves import share_move_discrepancies
from newsloom.pipeline.crosscheck.discrepancies.short_quotes import short_quote_discrepancies
from newsloom.pipeline.crosscheck.discrepancies.slipped_digits import slipped_digit_discrepancies
from newsloom.pipeline.crosscheck.discrepancies.tally_starts import tally_start_discrepancies
from newsloom.pipeline.crosscheck.discrepancies.times_of_day import time_of_day_discrepancies
from newsloom.pipeline.crosscheck.discrepancies.weekdays import weekday_discrepancies
from newsloom.pipeline.crosscheck.evidence import StoryEvidence

DETECTORS = (
    internal_discrepancies,
    internal_toll_discrepancies,
    # before the count detector: a crowd's sides include the ones it finds for one counted noun
    crowd_discrepancies,
    number_discrepancies,
    changed_figure_discrepancies,
    changed_year_discrepancies,
    slipped_digit_discrepancies,
    anchored_figure_discrepancies,
    share_move_discrepancies,
    delay_discrepancies,
    time_of_day_discrepancies,
    age_discrepancies,
    date_discrepancies,
    weekday_discrepancies,
    tally_start_discrepancies,
    life_event_discrepancies,
    quote_discrepancies,
    quote_swap_discrepancies,
    short_quote_discrepancies,
    attribution_discrepancies,
    group_remark_discrepancies,
    polarity_discrepancies,
    headline_discrepancies,
    encoding_discrepancies,
)


# How sure a discrepancy of each kind is to be an error when its detector does not say. A figure,
# a date or garbled characters that disagree are errors on one side or the other; a reworded or
# widened quotation, a negation, a speaker or a headline may be a rewrite's licence.
DEFAULT_SEVERITY: dict[DiscrepancyKind, Severity] = {
    "number": "error",
    "date": "error",
    "unit_conversion": "error",
    "encoding": "error",
    "quote": "likely_error",
    "attribution": "likely_error",
    "polarity": "likely_error",
    "headline": "likely_error",
}


def changed_by(ev: StoryEvidence, d: Discrepancy) -> str | None:
    """The cited article that derives from another cited article (the copy that changed the
    text), from the story's directed derivation links; None when no side derives from another."""
    cited = list(dict.fromkeys(c.article_id for c in d.citations))
    if len(cited) < 2:
        return cited[0] if d.internal and cited else None
    copies = {
        link.target
        for link in ev.story.derivation or []
        if link.directed and link.source in cited and link.target in cited
    }
    return next((aid for aid in cited if aid in copies), None)


def find_discrepancies(ev: StoryEvidence) -> list[Discrepancy]:
    """Every discrepancy the detectors find in the story, in detector order, each with its
    severity and, where one side derives from the other, the copy that changed the text."""
    out: list[Discrepancy] = []
    cited: dict[str, list[set[tuple[str, int, int]]]] = {}
    for detect in DETECTORS:
        for d in detect(ev):
            sides = {(c.article_id, c.start, c.end) for c in d.citations}
            if any(sides <= earlier for earlier in cited.get(d.kind, [])):
                continue  # two detectors found one disagreement: report it once
            cited.setdefault(d.kind, []).append(sides)
            update: dict[str, object] = {}
            if d.severity is None:
                update["severity"] = DEFAULT_SEVERITY[d.kind]
            if d.changed_by is None:
                update["changed_by"] = changed_by(ev, d)
            out.append(d.model_copy(update=update))
    return out


__all__ = ["DETECTORS", "changed_by", "find_discrepancies"]
