"""A small hand-built ``Report`` for the report renderers' golden and browser tests.

Built by hand rather than by a pipeline run, so the golden files change only when a renderer
does, never because a stage got better. Every section of the contract is filled once, one story
leaves them all uncomputed, and the texts are short fictional reports written for these tests.
"""

from __future__ import annotations

from datetime import date

from newsloom.model import (
    AlignedPair,
    Article,
    BriefingSentence,
    Citation,
    Claim,
    ClaimSlots,
    DerivationLink,
    Discrepancy,
    Entity,
    ExactDuplicate,
    InputProblem,
    OriginGroup,
    Quantity,
    Quote,
    QuoteVariant,
    Removal,
    Report,
    Span,
    Story,
    Thread,
    TimelineEntry,
)

WIRE_TEXT = (
    "A footbridge over the Lessen canal in Harwick collapsed on Friday, injuring 14 people.\n"
    '"The bridge was inspected in May and passed," city engineer Tomasz Wrobel said.\n'
    "About 200 people were on the bridge for a festival parade at the time."
)
WIRE_RAW = "Home » News\n" + WIRE_TEXT + "\nShare this article"

COPY_TEXT = (
    "A footbridge over the Lessen canal in Harwick collapsed on Friday, injuring 41 people.\n"
    '"The bridge passed its inspection in May," city engineer Tomasz Wróbel said.\n'
    "About 200 people were on the bridge for a festival parade at the time."
)

LOCAL_TEXT = (
    "Rescue boats pulled 9 people from the canal after the Harwick footbridge gave way on Friday, 12 June.\n"
    '"I heard a crack like a gunshot," said stallholder Nia Obi.\n'
    "Around 200 people had crowded onto the bridge.\n"
    "The footbridge was built in 1998."
)


def _sentences(text: str) -> list[Span]:
    spans, start = [], 0
    for line in text.split("\n"):
        spans.append(Span(start=start, end=start + len(line), label="sentence"))
        start += len(line) + 1
    return spans


def _cite(article: Article, needle: str) -> Citation:
    start = article.text.index(needle)
    return article.cite(start, start + len(needle))


def build_sample_report() -> Report:
    """The sample report: three articles in one analysed story, one more story left uncomputed."""
    wire = Article(
        id="harwick-wire",
        source="in/harwick-wire.txt",
        title="Footbridge collapses in Harwick, 14 hurt",
        published=date(2026, 6, 12),
        published_source="text",
        site="Lessen Press",
        authors=["Mara Quist"],
        credit=["LP"],
        tags=["Harwick", "bridges"],
        raw=WIRE_RAW,
        raw_text=WIRE_RAW,
        text=WIRE_TEXT,
        removed=[
            Removal(start=0, end=11, text="Home » News", reason="breadcrumb"),
            Removal(
                start=len(WIRE_RAW) - len("Share this article"),
                end=len(WIRE_RAW),
                text="Share this article",
                reason="call_to_action",
            ),
        ],
        annotations={"sentences": _sentences(WIRE_TEXT)},
    )
    copy = Article(
        id="canal-times",
        source="https://canaltimes.example/bridge",
        format="html",
        markup="html",
        url="https://canaltimes.example/bridge",
        title="Footbridge collapses in Harwick",
        published=date(2026, 6, 12),
        published_source="metadata",
        credit=["Lessen Press"],
        raw_text=COPY_TEXT,
        text=COPY_TEXT,
        annotations={"sentences": _sentences(COPY_TEXT)},
    )
    local = Article(
        id="harwick-herald",
        source="in/harwick-herald.txt",
        title="'A crack like a gunshot': bridge gives way at parade",
        published=None,
        published_source="unknown",
        attributions=["according to the fire service"],
        raw_text=LOCAL_TEXT,
        text=LOCAL_TEXT,
        annotations={"sentences": _sentences(LOCAL_TEXT)},
    )
    other = Article(
        id="quarry-note",
        source="in/quarry-note.txt",
        title="Quarry road reopens",
        text="The quarry road reopened.",
    )
    inquiry_text = "Harwick council opened an inquiry into the footbridge collapse on Saturday, 13 June."
    inquiry = Article(
        id="harwick-inquiry",
        source="in/harwick-inquiry.txt",
        title="Inquiry into Harwick bridge collapse",
        text=inquiry_text,
        annotations={"sentences": _sentences(inquiry_text)},
    )

    wire_collapse = _cite(
        wire, "A footbridge over the Lessen canal in Harwick collapsed on Friday, injuring 14 people."
    )
    copy_collapse = _cite(
        copy, "A footbridge over the Lessen canal in Harwick collapsed on Friday, injuring 41 people."
    )
    local_collapse = _cite(local, "the Harwick footbridge gave way on Friday, 12 June")
    wire_crowd = _cite(wire, "About 200 people were on the bridge for a festival parade at the time.")
    copy_crowd = _cite(copy, "About 200 people were on the bridge for a festival parade at the time.")
    local_crowd = _cite(local, "Around 200 people had crowded onto the bridge.")
    wire_quote = _cite(wire, "The bridge was inspected in May and passed")
    copy_quote = _cite(copy, "The bridge passed its inspection in May")

    story = Story(
        id="story-1",
        article_ids=[wire.id, copy.id, local.id],
        reference_date=date(2026, 6, 12),
        reference_date_source="harwick-wire (text)",
        origin_groups=[[wire.id, copy.id], [local.id]],
        origin_group_details=[
            OriginGroup(article_ids=[wire.id, copy.id], originality={wire.id: 0.0, copy.id: 0.0}),
            OriginGroup(article_ids=[local.id], originality={local.id: 1.0}),
        ],
        derivation=[
            DerivationLink(
                source=wire.id,
                target=copy.id,
                relation="edited_copy",
                score=0.91,
                directed=True,
                direction_evidence=["canal-times credits Lessen Press"],
                evidence=[
                    AlignedPair(source=wire_collapse, target=copy_collapse, kind="near_exact", score=0.97),
                    AlignedPair(source=wire_crowd, target=copy_crowd, kind="exact", score=1.0),
                ],
            ),
            DerivationLink(source=wire.id, target=local.id, relation="independent", score=0.12),
        ],
        entities=[
            Entity(
                name="Tomasz Wróbel",
                type="PERSON",
                aliases=["Tomasz Wrobel"],
                mentions=[_cite(wire, "Tomasz Wrobel"), _cite(copy, "Tomasz Wróbel")],
            ),
            Entity(name="Harwick", type="GPE", mentions=[_cite(wire, "Harwick"), _cite(local, "Harwick")]),
        ],
        quantities=[
            Quantity(
                value=200, approx="about", subject="people on the bridge", citations=[wire_crowd, local_crowd]
            ),
            Quantity(value=14, subject="people injured", citations=[_cite(wire, "injuring 14 people")]),
        ],
        quotes=[
            Quote(
                text="The bridge was inspected in May and passed",
                speaker="Tomasz Wróbel",
                citations=[wire_quote],
                variants=[
                    QuoteVariant(text="The bridge passed its inspection in May", citations=[copy_quote])
                ],
            ),
            Quote(
                text="I heard a crack like a gunshot",
                speaker="Nia Obi",
                citations=[_cite(local, "I heard a crack like a gunshot")],
            ),
        ],
        timeline=[
            TimelineEntry(
                date=date(2026, 6, 12),
                precision="day",
                text="The footbridge over the Lessen canal collapses during a festival parade.",
                citations=[wire_collapse, local_collapse],
            ),
            TimelineEntry(
                date=date(2026, 5, 1),
                precision="month",
                text="The bridge is inspected and passes.",
                citations=[wire_quote],
            ),
            TimelineEntry(
                date=date(1998, 1, 1),
                precision="year",
                text="The footbridge was built in 1998.",
                citations=[_cite(local, "The footbridge was built in 1998.")],
                background=True,
            ),
        ],
        claims=[
            Claim(
                id="c1",
                text="About 200 people were on the bridge for a festival parade at the time.",
                slots=ClaimSlots(actor="200 people", action="were on", object="the bridge", quantity="200"),
                status="corroborated",
                independent_sources=2,
                origin_groups=[0, 1],
                article_ids=[wire.id, copy.id, local.id],
                citations=[wire_crowd, copy_crowd, local_crowd],
            ),
            Claim(
                id="c2",
                text="A footbridge over the Lessen canal in Harwick collapsed on Friday, injuring 14 people.",
                status="conflicting",
                independent_sources=1,
                origin_groups=[0],
                article_ids=[wire.id, copy.id],
                citations=[wire_collapse, copy_collapse],
            ),
        ],
        discrepancies=[
            Discrepancy(
                kind="number",
                description="harwick-wire says 14 people were injured; canal-times says 41.",
                citations=[_cite(wire, "injuring 14 people"), _cite(copy, "injuring 41 people")],
            ),
            Discrepancy(
                kind="quote",
                description="Tomasz Wróbel's quote is worded differently in canal-times.",
                citations=[wire_quote, copy_quote],
            ),
        ],
        briefing=[
            BriefingSentence(
                text=wire_collapse.text, citations=[wire_collapse, local_collapse], claim_ids=["c2"]
            ),
            BriefingSentence(
                text=wire_crowd.text, citations=[wire_crowd, copy_crowd, local_crowd], claim_ids=["c1"]
            ),
        ],
    )
    inquiry_entry = TimelineEntry(
        date=date(2026, 6, 13),
        precision="day",
        text="Harwick council opens an inquiry into the collapse.",
        citations=[_cite(inquiry, "Harwick council opened an inquiry")],
    )
    follow_up = Story(
        id="story-3",
        article_ids=[inquiry.id],
        reference_date=date(2026, 6, 13),
        reference_date_source="harwick-inquiry (text)",
        timeline=[inquiry_entry],
    )
    # A thread of two events (the collapse, the next day's inquiry) and a story standing alone.
    bridge = Thread(
        id="thread-1",
        story_ids=[story.id, follow_up.id],
        title=wire.title or "",
        timeline=sorted([*(story.timeline or []), inquiry_entry], key=lambda e: e.date),
    )
    return Report(
        newsloom_version="0.0.0-golden",
        articles=[wire, copy, local, other, inquiry],
        stories=[story, Story(id="story-2", article_ids=[other.id]), follow_up],
        threads=[bridge, Thread(id="thread-2", story_ids=["story-2"], title=other.title or "")],
        errors=[
            InputProblem(
                path="in/broken.jsonl", kind="malformed", message="line 3 is not JSON; fix or remove it"
            )
        ],
        exact_duplicates=[
            ExactDuplicate(id="harwick-wire-2", source="in/harwick-wire (1).txt", duplicate_of=wire.id)
        ],
        stats={
            "articles_read": 5,
            "exact_duplicates": 1,
            "removals_by_reason": {"breadcrumb": 1, "call_to_action": 1},
        },
    )
