"""A running story's development reported on another day becomes its own event (our own fictional
texts): the lead's weekday and the text must agree, and near-copies stay together."""

from __future__ import annotations

from datetime import date

import pytest

from newsloom.config import AnalyzeConfig
from newsloom.model import Article
from newsloom.pipeline.compare import cluster, cluster_stories_in_threads
from newsloom.pipeline.compare.cluster import lead_weekday
from newsloom.pipeline.read import read_articles

RULES = AnalyzeConfig(nlp="rules", embeddings="lexical")

LEADS = [
    "Dock workers at the port of Varnholm voted on Sunday to strike over pay, the Harbour Workers Union said.",
    "Varnholm's dock workers backed a strike on Sunday after rejecting the Keldor Shipping pay offer.",
    "On Sunday the Harbour Workers Union said its Varnholm members had voted to walk out.",
    "Members of the Harbour Workers Union at Varnholm port voted for a strike on Sunday.",
    "Port workers in Varnholm chose on Sunday to strike against Keldor Shipping, their union said.",
    "A strike at Varnholm port was approved by dock workers on Sunday, the union announced.",
    "Dockers at Varnholm voted overwhelmingly on Sunday to stop work over the pay dispute.",
    "The Varnholm dock workers decided on Sunday to strike, rejecting Keldor Shipping's offer.",
]
BODY = [
    "Union leader Petra Lundqvist said 84 percent of the members backed the walkout.",
    "Keldor Shipping, which runs the container terminal, said it was disappointed.",
    "The strike is the first at Varnholm since the terminal was expanded.",
    "Lundqvist said members wanted a raise of 14 percent over three years.",
    "Ships were already queuing outside the Varnholm harbour mouth.",
    "Keldor Shipping had offered a raise of 9 percent over three years.",
]
# The next development: told by one article, with the subject's names, on another day.
OFFER = (
    "Keldor Shipping made a new pay offer to the striking Varnholm dock workers on Tuesday. "
    "Union leader Petra Lundqvist said the Harbour Workers Union would put the offer of a raise "
    "of 12 percent over three years to its members. The strike at Varnholm port over pay began "
    "after the union vote. Ships were still queuing outside the Varnholm harbour mouth."
)


def _main(n: int = 8) -> list[Article]:
    out = []
    for k in range(n):
        body = " ".join(BODY[(k + j) % len(BODY)] for j in range(3))
        out.append(Article(id=f"m{k}", source=f"m{k}.txt", text=f"{LEADS[k % len(LEADS)]} {body}"))
    return out


def _events(arts: list[Article]) -> tuple[list[list[str]], list[list[str]]]:
    stories, threads = cluster_stories_in_threads(read_articles(arts, RULES), RULES)
    members = {s.id: sorted(s.article_ids) for s in stories}
    events = sorted(members.values())
    grouped = sorted(sorted(a for sid in t for a in members[sid]) for t in threads)
    return events, grouped


def test_a_development_reported_on_another_day_is_its_own_event_in_the_same_thread() -> None:
    arts = [*_main(), Article(id="offer", source="offer.txt", text=OFFER)]
    events, threads = _events(arts)
    assert ["offer"] in events
    assert sorted(f"m{k}" for k in range(8)) in events
    assert threads == [sorted([f"m{k}" for k in range(8)] + ["offer"])]


def test_two_copies_of_the_development_stay_one_event() -> None:
    copy = Article(id="offer-copy", source="oc.txt", text=OFFER.replace("next week", "within days"))
    arts = [*_main(), Article(id="offer", source="offer.txt", text=OFFER), copy]
    events, _ = _events(arts)
    assert ["offer", "offer-copy"] in events


def test_a_report_of_the_main_event_naming_another_day_stays_when_its_text_agrees() -> None:
    # Same event, told with the day before ("late Saturday") and the main event's own wording.
    late = Article(
        id="late",
        source="late.txt",
        text=(
            "Dock workers at the port of Varnholm voted late Saturday to strike over pay, the Harbour "
            "Workers Union said. Union leader Petra Lundqvist said 84 percent of the members backed "
            "the walkout. Keldor Shipping, which runs the container terminal, said it was disappointed. "
            "Keldor Shipping had offered a raise of 9 percent over three years."
        ),
    )
    events, _ = _events([*_main(), late])
    assert events == [sorted([f"m{k}" for k in range(8)] + ["late"])]


def test_an_event_without_a_clear_main_day_is_not_split() -> None:
    # Too few articles agree on one day for any to be called the main event's day.
    arts = [*_main(5), Article(id="offer", source="offer.txt", text=OFFER)]
    events, _ = _events(arts)
    assert ["offer"] not in events


def test_the_lead_weekday_skips_quoted_days_and_reads_the_lead_only() -> None:
    arts = read_articles(
        [
            Article(
                id="a",
                source="a.txt",
                text='"We will not wait until Friday," she said. Talks resumed on Monday.',
            ),
            Article(
                id="b", source="b.txt", text="Talks resumed at the port. Nobody spoke. Ships left on Friday."
            ),
            Article(id="c", source="c.txt", text="Talks resumed on Wednesday evening at the port."),
        ],
        RULES,
    )
    assert [lead_weekday(a) for a in arts] == [0, None, 2]


def test_a_report_giving_a_wrong_weekday_beside_its_date_stays_with_its_event() -> None:
    # March 10, 2030 is a Sunday: the calendar date, not the misnamed weekday, says which day.
    wrong = Article(
        id="wrong",
        source="wrong.txt",
        text=(
            "Crowds gathered at the Varnholm harbour gates as Keldor Shipping staff left. The walkout "
            "was approved on Monday, March 10, 2030, when Varnholm dock workers backed the strike over "
            "pay. Lundqvist said members wanted a raise of 14 percent over three years."
        ),
    )
    events, _ = _events([*_main(), wrong])
    assert events == [sorted([f"m{k}" for k in range(8)] + ["wrong"])]


def test_without_a_day_in_its_lead_an_article_reports_on_its_own_publication_day() -> None:
    arts = read_articles(
        [
            # published on a Wednesday; its lead names the day of an earlier step only
            Article(
                id="own",
                source="own.txt",
                text="Talks resumed at the port after Tuesday's vote.",
                published=date(2030, 3, 13),
                published_source="text",
            ),
            # the lead's own day wins over the publication date (a next-day report of Monday)
            Article(
                id="next-day",
                source="next-day.txt",
                text="Talks resumed on Monday at the port.",
                published=date(2030, 3, 12),
                published_source="metadata",
            ),
            # a date lent by another article is not its own
            Article(
                id="lent",
                source="lent.txt",
                text="Talks resumed at the port.",
                published=date(2030, 3, 13),
                published_source="inferred",
            ),
            Article(id="none", source="none.txt", text="Talks resumed at the port. Nobody spoke."),
        ],
        RULES,
    )
    assert [lead_weekday(a) for a in arts] == [2, 0, None, None]


# Developments of the strike told one per day, each by one article with the subject's names.
DAYS_AFTER = [
    "Ships began turning away from Varnholm port on Monday as the dock strike over pay held, Keldor "
    "Shipping said. Union leader Petra Lundqvist said pickets would stay at the harbour gates. "
    "Ships were still queuing outside the Varnholm harbour mouth.",
    OFFER,
    "Union leader Petra Lundqvist met Keldor Shipping managers on Wednesday for the first talks since "
    "the Varnholm dock workers walked out. The Harbour Workers Union said the talks would go on. "
    "Keldor Shipping said the container terminal stayed closed.",
    "Varnholm dock workers rejected the new Keldor Shipping pay offer on Thursday and the strike "
    "went on, the Harbour Workers Union said. Lundqvist said the raise of 12 percent was too small. "
    "The strike at Varnholm port over pay began after the union vote.",
]


def _spread(n_days: int) -> list[Article]:
    return [*_main(), *(Article(id=f"d{k}", source=f"d{k}.txt", text=DAYS_AFTER[k]) for k in range(n_days))]


def test_an_event_told_over_many_days_is_not_cut_by_its_leads_days() -> None:
    # A third of the event's dated leads report other days than the main one: the event is told
    # over days (a manhunt, a trial), so one lead's day says nothing about its being another event.
    events, threads = _events(_spread(4))
    assert events == [sorted([f"m{k}" for k in range(8)] + [f"d{k}" for k in range(4)])]
    assert len(threads) == 1


def test_developments_on_two_other_days_of_a_clear_main_day_are_still_their_own_events() -> None:
    # 8 of 10 dated leads report the main day: the two others are developments, as before.
    events, threads = _events(_spread(2))
    assert sorted(f"m{k}" for k in range(8)) in events
    assert ["d0"] in events and ["d1"] in events
    assert threads == [sorted([f"m{k}" for k in range(8)] + ["d0", "d1"])]


def test_the_online_route_cuts_a_development_and_keeps_its_thread_as_batch_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Beyond MAX_BATCH_MATRIX articles the online index finds subjects one article at a time;
    # batch clustering's passes then split each, so a large batch gets the events a small one gets.
    monkeypatch.setattr(cluster, "MAX_BATCH_MATRIX", 4)
    arts = [*_main(), Article(id="offer", source="offer.txt", text=OFFER)]
    events, threads = _events(arts)
    assert ["offer"] in events
    assert sorted(f"m{k}" for k in range(8)) in events
    assert threads == [sorted([f"m{k}" for k in range(8)] + ["offer"])]


def test_a_posting_stamp_in_the_lead_is_not_the_day_it_reports() -> None:
    # A page whose posting line ("posted in <section> on <date>") was left in its first sentence:
    # the report itself tells the main event's Sunday vote, so it stays with it.
    stamped = Article(
        id="stamped",
        source="stamped.txt",
        text=(
            "Coast Herald staff.posted in Harbour News on Wednesday, March 13, 2030.\n"
            "Dock workers at the port of Varnholm voted on Sunday to strike over pay, the Harbour "
            "Workers Union said. Union leader Petra Lundqvist said 84 percent of the members backed "
            "the walkout. Keldor Shipping had offered a raise of 9 percent over three years."
        ),
    )
    assert lead_weekday(read_articles([stamped], RULES)[0]) == 6
    events, _ = _events([*_main(), stamped])
    assert events == [sorted([f"m{k}" for k in range(8)] + ["stamped"])]


# A write-up with no day in its lead, of the main event's Sunday vote: only its publication
# date can date it.
WRITE_UP = (
    "The mood at the Varnholm harbour gates was grim as pickets gathered in the rain. Union leader "
    "Petra Lundqvist told the Harbour Workers Union crowd that Keldor Shipping had left them no "
    "choice. Ships were still queuing outside the Varnholm harbour mouth, and the container "
    "terminal stayed closed."
)


def _published(on: date, source: str = "metadata") -> Article:
    return Article(id="write-up", source="w.txt", text=WRITE_UP, published=on, published_source=source)


def _dated_main(on: date) -> list[Article]:
    return [a.model_copy(update={"published": on, "published_source": "metadata"}) for a in _main()]


def test_a_report_published_the_morning_after_the_main_day_stays_with_its_event() -> None:
    # Sunday's vote; the write-up appeared on Monday (published, no day in its lead)
    events, _ = _events([*_main(), _published(date(2030, 3, 11))])
    assert events == [sorted([f"m{k}" for k in range(8)] + ["write-up"])]
    # with calendar dates on the main day's leads (Sunday, March 10, 2030)
    events, _ = _events([*_dated_main(date(2030, 3, 10)), _published(date(2030, 3, 11))])
    assert ["write-up"] not in events


def test_a_page_published_a_year_after_the_main_day_is_not_a_development() -> None:
    events, _ = _events([*_dated_main(date(2030, 3, 10)), _published(date(2031, 3, 13))])
    assert ["write-up"] not in events


def test_a_report_published_days_after_the_main_day_is_still_a_development() -> None:
    # the look-alikes: a publication date three days on, with or without the main day's dates
    events, _ = _events([*_main(), _published(date(2030, 3, 13))])
    assert ["write-up"] in events
    events, _ = _events([*_dated_main(date(2030, 3, 10)), _published(date(2030, 3, 13))])
    assert ["write-up"] in events
