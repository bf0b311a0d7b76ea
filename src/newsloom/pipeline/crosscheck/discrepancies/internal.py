"""Errors inside one article that reading recorded (``internal_errors`` spans): a weekday that
contradicts its date ("Saturday, January 19, 2025", "on Saturday (Jan. 19)"), a unit conversion
that does not convert. For an article cross-checked without reading, reading's date parser is
run here (``dates.reading_dates``), so the weekday error is still reported."""

from __future__ import annotations

import re
from datetime import date

from newsloom.model import Discrepancy, DiscrepancyKind, Span
from newsloom.pipeline.crosscheck.dates import WEEKDAYS, article_dates, weekday_errors
from newsloom.pipeline.crosscheck.evidence import StoryEvidence


def _long_date(d: date) -> str:
    return f"{d.strftime('%B')} {d.day}, {d.year}"


def _describe(words: str, span: Span, stated: date | None) -> tuple[DiscrepancyKind, str]:
    attrs = span.attrs
    if span.label == "weekday_mismatch":
        when = stated
        if when is None and attrs.get("date"):
            try:
                when = date.fromisoformat(str(attrs["date"])[:10])
            except ValueError:
                when = None
        if when is not None:
            written = attrs.get("written_weekday") or attrs.get("stated_weekday") or "different day"
            return "date", f"'{words}': {_long_date(when)} was a {WEEKDAYS[when.weekday()]}, not a {written}."
        return "date", f"'{words}': the weekday does not match the date."
    if span.label == "unit_conversion":
        stated, expected = attrs.get("stated"), attrs.get("expected")
        if isinstance(stated, list) and len(stated) == 4 and isinstance(expected, int | float):
            v1, u1, v2, u2 = stated
            return "unit_conversion", f"'{words}': {v1:g} {u1} is about {expected:g} {u2}, not {v2:g} {u2}."
        detail = ", ".join(f"{k} {v}" for k, v in sorted(attrs.items()) if k not in {"sentence"})
        extra = f" ({detail})" if detail else ""
        return "unit_conversion", f"'{words}': the two figures do not convert into each other{extra}."
    return "date", f"'{words}': {span.label.replace('_', ' ')}."


# A figure whose thousands separator is followed by more than three digits ("33,0000"): a digit
# too many was typed. (A decimal comma, "1,5", has fewer digits after it and is left alone.)
_BAD_GROUPING = re.compile(r"(?<![\d,.])\d{1,3}(?:,\d{3})*,\d{4,}(?![\d,])")


def _bad_groupings(ev: StoryEvidence, aid: str) -> list[Discrepancy]:
    text = ev.articles[aid].text
    return [
        Discrepancy(
            kind="number",
            description=f"'{m.group(0)}' (in {ev.label(aid)}): the digits after the thousands separator are "
            "not three; a digit was added or dropped.",
            internal=True,
            citations=[ev.cite_sentence_of(aid, m.start(), m.end())],
        )
        for m in _BAD_GROUPING.finditer(text)
    ]


def internal_discrepancies(ev: StoryEvidence) -> list[Discrepancy]:
    """One discrepancy per internal error, quoting the faulty words and citing the sentence."""
    out: list[Discrepancy] = []
    for aid in ev.order:
        out.extend(_bad_groupings(ev, aid))
        art = ev.articles[aid]
        recorded = [
            s for s in art.annotations.get("internal_errors") or [] if 0 <= s.start < s.end <= len(art.text)
        ]
        found = [
            s for s in weekday_errors(art) if not any(r.start < s.end and s.start < r.end for r in recorded)
        ]
        dates = [d for d in article_dates(art) if d.precision == "day"]
        for span in sorted(recorded + found, key=lambda s: s.start):
            # widen a short span ("Saturday") to the whole date written beside it
            start, end, stated = span.start, span.end, None
            for d in dates:
                if d.start < end + 3 and start - 3 < d.end:
                    start, end, stated = min(start, d.start), max(end, d.end), d.date
            words = art.text[start:end]
            kind, description = _describe(words, span, stated)
            cite = ev.cite_sentence_of(aid, start, end)
            out.append(
                Discrepancy(
                    kind=kind,
                    description=f"{description[:-1]} (in {ev.label(aid)}).",
                    internal=True,
                    citations=[cite],
                )
            )
    return out
