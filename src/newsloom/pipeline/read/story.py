"""Story-level reading: merged entities, the reference date, quantities, quotes and a timeline."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from rapidfuzz import fuzz

from newsloom.config import AnalyzeConfig
from newsloom.model import Article, Quantity, Quote, QuoteVariant, Span, Story, TimelineEntry
from newsloom.model.story import DatePrecision
from newsloom.pipeline.read.dates import find_dates, mark_quoted, own_reference
from newsloom.pipeline.read.entities import MergedEntities, merge_entities
from newsloom.pipeline.read.quotes import description_fits

# Two wordings are one quote when rapidfuzz's ratio is at least this, or when the shorter one
# (>= 2 words, >= 10 characters) is contained in the longer one. Set by inspection on examples/
# and the seeds (reworded copies score 88-97, different quotes of one speaker below 60).
QUOTE_SIMILARITY = 85
# Two dated sentences describe one event when their token-set ratio is at least this (same
# date required). Set by inspection on the seeds: rewrites of one event sentence score 55-80,
# different events on one day 30-45.
EVENT_SIMILARITY = 55
# A dated entry this many days before the story's reference date is background (a founding, an
# earlier case), not one of the story's events. General news practice, not tuned: the events of
# one running story lie days or weeks apart; a year back is history.
BACKGROUND_DAYS = 365
# ``Story.reference_date_source`` prefix of a date the clustering lent a story from its thread.
THREAD = "thread: "
# Date anchor of an article whose lead moved its borrowed date by a span (see lead_span).
LEAD = "lead:"
# Quotations and dated sentences of one article that story reading compares across the story:
# each is compared with every group made so far, so a page of thousands of quotation marks
# made story reading quadratic (175 KB of marks and digits: 2,278 "quotations", 16 s). Not
# tuned: far above what news articles hold (the most in one article of the 1,393-article
# end-to-end corpus: 69 quotations, 33 dates; of realnews and the seeds: 9 and 10); an article
# over a cap is named in the story's warnings.
MAX_QUOTES_PER_ARTICLE = 300
MAX_DATES_PER_ARTICLE = 300
# The lead: an article's first LEAD_SENTENCES sentences say what it reports and when (the same
# lead as story clustering's day peel, compare.cluster.LEAD_SENTENCES).
LEAD_SENTENCES = 2


_PUNCT = {ord(k): v for k, v in {"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"}.items()}


def _norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s)
    s = s.translate(_PUNCT)
    return re.sub(r"\s+", " ", s).strip(" .,;:!?\"'").casefold()


def story_reference(articles: Sequence[Article]) -> tuple[date | None, str | None, str | None]:
    """(reference date, where it came from, the article it came from) for a story.

    The most common publication date from metadata; else the most common explicit full date
    in the articles' text.
    """
    published = Counter(a.published for a in articles if a.published and a.published_source == "metadata")
    if published:
        ref = max(published, key=lambda d: (published[d], d))
        first = next(a for a in articles if a.published == ref)
        return ref, f"publication date of {first.id} (metadata)", first.id
    by_text: Counter[date] = Counter()
    source: dict[date, str] = {}
    for a in articles:
        own = a.published or own_reference(a.text)[0]
        if own:
            by_text[own] += 1
            source.setdefault(own, a.id)
    if not by_text:
        return None, None, None
    best = max(by_text, key=lambda d: (by_text[d], d))
    return best, f"explicit date in the text of {source[best]}", source[best]


# A lead that places its report a span of days or weeks after an earlier step: "six weeks into
# a strike", "one week after his ousting", "three days after it was shut". Hedged spans ("more
# than three weeks after", "nearly a week into") give no day, and months or years after a cause
# ("four months after he declared ...") are a story's background, not the distance to its date.
_LEAD_SPAN = re.compile(
    r"(?<!than )(?<!nearly )(?<!almost )(?<!over )(?<!about )(?<!some )(?<!around )"
    r"\b(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+"
    r"(?P<unit>days?|weeks?)\s+(?:after|into|since)\s+(?!that\b)\w",
    re.I,
)
_SPAN_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                 "seven": 7, "eight": 8, "nine": 9, "ten": 10}  # fmt: skip


def lead_span(article: Article) -> timedelta | None:
    """How far after an earlier step the article's lead places its report ("six weeks into a
    strike": 42 days), read from its first LEAD_SENTENCES sentences outside quotations; None
    when the lead gives no such span. An article with no date of its own borrows the story's or
    thread's date, which is that earlier step's; the span moves the borrowed date to its own.

    >>> a = Article(id="a", source="-", text="Dock workers stayed out two weeks into a strike.")
    >>> lead_span(a)
    datetime.timedelta(days=14)
    """
    sentences = article.annotations.get("sentences") or []
    end = sentences[min(LEAD_SENTENCES, len(sentences)) - 1].end if sentences else len(article.text)
    quotes = [(q.start, q.end) for q in article.annotations.get("quotes") or []]
    for m in _LEAD_SPAN.finditer(article.text, 0, end):
        if any(a <= m.start() < b for a, b in quotes):
            continue
        raw = m.group("n").lower()
        n = int(raw) if raw.isdigit() else _SPAN_NUMBERS[raw]
        return timedelta(days=n * (7 if m.group("unit").lower().startswith("week") else 1))
    return None


def _resolve_dates(
    articles: Sequence[Article], ref: date | None, borrowed_anchor: str | None
) -> list[Article]:
    """Each article's dates resolved against its own date: its publication date, else its
    dateline (a year-less one placed nearest the story's date), else its text's most frequent
    full date; else the story's reference date, borrowed (``borrowed_anchor``: ``"story:<id>"``,
    or ``"thread:<id>"`` when it is another event's date; see ``read.dates``). An article's
    ``published`` is filled from what was found: ``"text"`` for its own dateline or date,
    ``"inferred"`` for the borrowed one."""
    out = []
    for art in articles:
        if art.published is not None:
            out.append(art)  # resolved against it when read
            continue
        own, anchor = own_reference(art.text)
        if own is not None:
            # read against its own date already: only its publication date is new
            out.append(art.model_copy(update={"published": own, "published_source": "text"}))
            continue
        own, anchor = own_reference(art.text, ref)  # a year-less dateline, placed near the story
        if own is None and ref is None:
            out.append(art)
            continue
        update: dict[str, Any] = {}
        if own is None:
            own, anchor = ref, borrowed_anchor
            span = lead_span(art)
            if span is not None and ref is not None and borrowed_anchor is not None:
                # "six weeks into a strike": its own day lies that far after the borrowed one,
                # give or take the days its weekdays say (read as the nearest such day)
                own, anchor = ref + span, f"{LEAD}{borrowed_anchor}"
            update.update(published=own, published_source="inferred")
        else:
            update.update(published=own, published_source="text")
        sentences = [(s.start, s.end) for s in art.annotations.get("sentences", [])]
        dates, errors = find_dates(art.text, sentences, own, anchor)
        annotations = dict(art.annotations)
        annotations["dates"] = mark_quoted(dates, art.annotations.get("quotes", []))
        kept = [e for e in annotations.get("internal_errors", []) if e.label != "weekday_mismatch"]
        annotations["internal_errors"] = sorted(kept + errors, key=lambda s: s.start)
        update["annotations"] = annotations
        out.append(art.model_copy(update=update))
    return out


def _canonicalise(articles: Sequence[Article], merged: MergedEntities) -> list[Article]:
    out = []
    for art in articles:
        ann = dict(art.annotations)
        ann["entities"] = [
            Span(
                start=s.start,
                end=s.end,
                label=s.label,
                attrs={**s.attrs, "canonical": merged.canonical_by_mention.get((art.id, s.start, s.end))},
            )
            for s in art.annotations.get("entities", [])
        ]
        quotes = []
        for q in art.annotations.get("quotes", []):
            attrs = dict(q.attrs)
            span = attrs.get("speaker_span")
            name = merged.canonical_by_mention.get((art.id, span[0], span[1])) if span else None
            if name is None and attrs.get("speaker"):
                name = merged.canonical(attrs["speaker"])
            if name is None and not attrs.get("speaker") and attrs.get("speaker_description"):
                # "the water authority said": the story's one organisation that fits, never a guess
                fitting = {
                    e.name
                    for e in merged.entities
                    if e.type == "ORG" and description_fits(attrs["speaker_description"], e.name)
                }
                name = fitting.pop() if len(fitting) == 1 else None
            if name is not None:
                attrs["speaker"] = name
            quotes.append(Span(start=q.start, end=q.end, label=q.label, attrs=attrs))
        ann["quotes"] = quotes
        out.append(art.model_copy(update={"annotations": ann}))
    return out


# Count nouns that name the same thing in news copy (general usage, not tuned on any text).
_SAME_COUNT_NOUN = {"troop": "soldier", "serviceman": "soldier", "servicemen": "soldier", "house": "home"}


def _head_lemma(head: str | None) -> str | None:
    if not head:
        return None
    word = head.split()[-1].lower()
    word = word[:-1] if word.endswith("s") and len(word) > 3 else word
    return _SAME_COUNT_NOUN.get(word, word)


def story_quantities(articles: Sequence[Article]) -> list[Quantity]:
    """The same figure for the same thing across articles, grouped: ``(value, unit, head noun)``;
    a figure whose counted noun is unknown joins the largest group with its value and unit."""
    groups: dict[tuple[float, str | None, str | None], list[tuple[Article, Span]]] = defaultdict(list)
    headless: list[tuple[Article, Span]] = []
    for art in articles:
        for q in art.annotations.get("quantities", []):
            key = (float(q.attrs["value"]), q.attrs.get("unit"), _head_lemma(q.attrs.get("head")))
            if key[2] is None:
                headless.append((art, q))
            else:
                groups[key].append((art, q))
    # The groups of each (value, unit), in the order they were made: a page of thousands of
    # figures looked at every group for each headless figure.
    keys_of: dict[tuple[float, str | None], list[tuple[float, str | None, str | None]]] = defaultdict(list)
    for k in groups:
        keys_of[k[:2]].append(k)
    for art, q in headless:
        value, unit = float(q.attrs["value"]), q.attrs.get("unit")
        same = keys_of[(value, unit)]
        key = max(same, key=lambda k: len(groups[k])) if same else (value, unit, None)
        if key not in groups:
            same.append(key)
        groups[key].append((art, q))
    out = []
    for (value, unit, _head), members in groups.items():
        approx = Counter(q.attrs.get("approx") for _, q in members).most_common(1)[0][0]
        subjects = Counter(q.attrs.get("subject") for _, q in members if q.attrs.get("subject"))
        out.append(
            Quantity(
                value=value,
                unit=unit,
                approx=approx,
                subject=subjects.most_common(1)[0][0] if subjects else None,
                citations=[a.cite_span(q) for a, q in members],
            )
        )
    out.sort(key=lambda q: (-len({c.article_id for c in q.citations}), q.value))
    return out


def _same_quote(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) >= 10 and short in long and len(short.split()) >= 2:
        return True
    # score_cutoff lets rapidfuzz stop early on a pair that cannot reach the threshold.
    return fuzz.ratio(a, b, score_cutoff=QUOTE_SIMILARITY) >= QUOTE_SIMILARITY


def story_quotes(articles: Sequence[Article]) -> list[Quote]:
    """The same quote from different articles grouped; other wordings kept as variants."""
    groups: list[list[tuple[str, Article, Span]]] = []
    for art in articles:
        for q in art.annotations.get("quotes", [])[:MAX_QUOTES_PER_ARTICLE]:
            key = _norm(art.text[q.start : q.end])
            if not key:
                continue
            for g in groups:
                if any(_same_quote(key, k) for k, _, _ in g):
                    g.append((key, art, q))
                    break
            else:
                groups.append([(key, art, q)])
    out = []
    for g in groups:
        wordings: dict[str, list[tuple[Article, Span]]] = defaultdict(list)
        for key, art, q in g:
            wordings[key].append((art, q))
        main = max(wordings, key=lambda k: (len(wordings[k]), -len(k)))
        speakers = Counter(q.attrs.get("speaker") for _, _, q in g if q.attrs.get("speaker"))
        first_art, first_q = wordings[main][0]
        out.append(
            Quote(
                text=first_art.text[first_q.start : first_q.end],
                speaker=speakers.most_common(1)[0][0] if speakers else None,
                # every place the quote appears, main wording first; variants repeat their own
                citations=[a.cite_span(q) for a, q in wordings[main]]
                + [a.cite_span(q) for k, members in wordings.items() if k != main for a, q in members],
                variants=[
                    QuoteVariant(
                        text=members[0][0].text[members[0][1].start : members[0][1].end],
                        citations=[a.cite_span(q) for a, q in members],
                    )
                    for key, members in wordings.items()
                    if key != main
                ],
            )
        )
    out.sort(key=lambda q: -len(q.citations))
    return out


def _is_background(when: date, precision: str, reference: date | None) -> bool:
    """A date the story looks back to: a year before the reference's year ("in 2019", "last
    year"), or any date more than ``BACKGROUND_DAYS`` before the reference (a founding, a
    birth). A story's own events lie days or weeks apart; a bare year is background's wording."""
    if reference is None:
        return False
    if precision == "year":
        return when.year < reference.year
    return (reference - when).days > BACKGROUND_DAYS


def is_story_event_date(span: Span) -> bool:
    """Whether a date span may date an event of the story: a dateline or a page's posting stamp
    dates the article, and a relative date inside a quotation ("we will open on Friday") counts
    from the day the words were spoken, which the text rarely gives; an explicit date inside a
    quotation stays."""
    if span.attrs.get("dateline") or span.attrs.get("page_stamp"):
        return False
    return not (span.attrs.get("in_quote") and span.attrs.get("expression") != "explicit")


def story_timeline(articles: Sequence[Article], reference: date | None = None) -> list[TimelineEntry]:
    """Each resolved date with its sentence; one entry per event and date across articles.

    Datelines and relative dates inside quotations are left off (:func:`is_story_event_date`);
    dates well before ``reference`` (the story's date) are kept, marked ``background``.
    """
    entries: list[dict[str, Any]] = []
    # The entries of each (date, precision), in the order they were made: only those can match.
    same_day: dict[tuple[date, str], list[dict[str, Any]]] = defaultdict(list)
    for art in articles:
        for d in art.annotations.get("dates", [])[:MAX_DATES_PER_ARTICLE]:
            if not d.attrs.get("date") or not is_story_event_date(d):
                continue
            s, e = d.attrs.get("sentence") or (d.start, d.end)
            when = date.fromisoformat(d.attrs["date"])
            precision = d.attrs["precision"]
            sentence = art.text[s:e]
            # compared without the date's own words: the dates are already known to be equal,
            # and "on March 6, 2026" shared by two events of one day is no likeness between them
            key = (
                _norm(art.text[s : d.start] + " " + art.text[d.end : e])
                if s <= d.start < d.end <= e
                else _norm(sentence)
            )
            for entry in same_day[(when, precision)]:
                if fuzz.token_set_ratio(key, entry["key"]) >= EVENT_SIMILARITY:
                    if all(c.article_id != art.id or c.start != s for c in entry["citations"]):
                        entry["citations"].append(art.cite(s, e))
                    if d.attrs.get("expression") == "explicit" and not entry["explicit"]:
                        entry.update(text=sentence, explicit=True)
                    break
            else:
                entries.append(
                    {
                        "date": when,
                        "precision": precision,
                        "text": sentence,
                        "key": key,
                        "explicit": d.attrs.get("expression") == "explicit",
                        "citations": [art.cite(s, e)],
                    }
                )
                same_day[(when, precision)].append(entries[-1])
    out = [
        TimelineEntry(
            date=e["date"],
            precision=_precision(e["precision"]),
            text=e["text"],
            citations=e["citations"],
            background=_is_background(e["date"], e["precision"], reference),
        )
        for e in entries
    ]
    out.sort(key=lambda t: (t.date, t.precision))
    return out


def with_own_day(timeline: list[TimelineEntry], article: Article, reference: date) -> list[TimelineEntry]:
    """``timeline`` with the story's own day on it: when the story's reference date is
    ``article``'s own date (its publication date or page stamp, never a borrowed one), no entry
    of the timeline gives that day, and the article's lead names no day of its own, the lead
    reports what happened on the day the article appeared (as the day peel of story clustering
    reads it), so its first sentence is the entry of that day."""
    if article.published_source == "inferred":
        return timeline
    if any(e.date == reference and e.precision == "day" for e in timeline):
        return timeline
    sentences = article.annotations.get("sentences") or []
    if not sentences:
        return timeline
    lead_end = sentences[min(LEAD_SENTENCES, len(sentences)) - 1].end
    for d in article.annotations.get("dates") or []:
        if d.start < lead_end and d.attrs.get("precision") == "day" and is_story_event_date(d):
            return timeline  # the lead names its day: that is the day it reports
    first = sentences[0]
    entry = TimelineEntry(
        date=reference,
        precision="day",
        text=article.text[first.start : first.end],
        citations=[article.cite(first.start, first.end)],
    )
    return sorted([*timeline, entry], key=lambda t: (t.date, t.precision))


def capped_articles(articles: Sequence[Article]) -> list[str]:
    """Warnings naming each article with more quotations or dates than story reading compares
    (``MAX_QUOTES_PER_ARTICLE``, ``MAX_DATES_PER_ARTICLE``); the rest were left out of the
    story's quotes and timeline."""
    out = []
    for art in articles:
        for kind, noun, cap in (
            ("quotes", "quotations", MAX_QUOTES_PER_ARTICLE),
            ("dates", "dates", MAX_DATES_PER_ARTICLE),
        ):
            n = len(art.annotations.get(kind, []))
            if n > cap:
                out.append(
                    f"{art.id} has {n:,} {noun}; only its first {cap:,} were compared across the story "
                    f"(the rest are left out of the story's {'quotes and quotation checks' if kind == 'quotes' else 'timeline'})"
                )
    return out


def _precision(p: str) -> DatePrecision:
    return {"day": "day", "month": "month", "season": "season"}.get(p, "year")  # type: ignore[return-value]


def read_story(
    story: Story, articles: Sequence[Article], config: AnalyzeConfig
) -> tuple[Story, list[Article]]:
    """Fill the story's entities, reference date, quantities, quotes and timeline.

    When no article of the story has a date of its own and the clustering lent the story its
    thread's date (``reference_date_source`` starting ``"thread: "``), that date is the anchor
    for the articles' relative dates, read as a later development of the thread.

    Articles come back updated: entity spans carry their ``canonical`` name, quote speakers are
    canonical names, and an article with no date of its own has its relative dates resolved
    against the story's reference date (its ``published`` set with ``published_source="inferred"``).
    """
    ref, ref_source, ref_article = story_reference(articles)
    anchor = f"story:{ref_article}"
    if (
        ref is None
        and story.reference_date is not None
        and (story.reference_date_source or "").startswith(THREAD)
    ):
        # no article of this event has a date: its thread's (set by the clustering) is the anchor
        ref, ref_source = story.reference_date, story.reference_date_source
        anchor = f"thread:{story.id}"
    updated = _resolve_dates(articles, ref, anchor)
    merged = merge_entities(updated)
    updated = _canonicalise(updated, merged)
    timeline = story_timeline(updated, ref)
    own = next((a for a in updated if a.id == ref_article), None)
    if ref is not None and own is not None:
        timeline = with_own_day(timeline, own, ref)
    story = story.model_copy(
        update={
            "reference_date": ref,
            "reference_date_source": ref_source,
            "entities": merged.entities,
            "quantities": story_quantities(updated),
            "quotes": story_quotes(updated),
            "timeline": timeline,
            "warnings": (story.warnings or []) + capped_articles(updated) or None,
        }
    )
    return story, updated


__all__ = [
    "THREAD",
    "is_story_event_date",
    "read_story",
    "story_quantities",
    "story_quotes",
    "story_reference",
    "story_timeline",
]
