"""Threads: event stories grouped into running news stories (our own fictional texts)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from newsloom.config import AnalyzeConfig
from newsloom.model import Article, Citation, Story, TimelineEntry
from newsloom.pipeline.compare import build_threads, cluster_stories, cluster_stories_in_threads
from newsloom.pipeline.compare.threads import thread_id

LEXICAL = AnalyzeConfig(embeddings="lexical")


def _art(aid: str, text: str, **kw: object) -> Article:
    return Article(id=aid, source=f"{aid}.txt", text=text, **kw)


def _entry(day: int, text: str, aid: str) -> TimelineEntry:
    return TimelineEntry(
        date=date(2031, 3, day),
        precision="day",
        text=text,
        citations=[Citation(article_id=aid, start=0, end=len(text), text=text)],
    )


def _fight(prefix: str, details: list[str], n: int) -> list[Article]:
    subject = [
        "Boxer Tomas Reinholt defended his heavyweight title on Saturday night.",
        "Reinholt, the heavyweight champion, kept his belts after a one-sided fight.",
        "The heavyweight champion Tomas Reinholt won again in front of a full arena.",
        "Reinholt said he wanted to fight again before the end of the year.",
    ]
    out = []
    for k in range(n):
        lines = [subject[k % 4], subject[(k + 1) % 4]]
        lines += [details[(k + j) % len(details)] for j in range(3)]
        out.append(_art(f"{prefix}{k}", " ".join(lines)))
    return out


HAMBURG = [
    "He stopped Andrei Kolvas in the seventh round in Hamburg.",
    "Kolvas, 34, had not been knocked down before the Hamburg bout.",
    "The referee waved off the fight 44 seconds into round seven as Kolvas sagged.",
    "Around 12,400 fans watched in the Hamburg arena as Kolvas fell.",
]
LISBON = [
    "He beat Marcus Delacroix on points in Lisbon after twelve rounds.",
    "Delacroix, 29, went the distance in Lisbon but lost every card.",
    "The judges scored it 118-110 twice and 117-111 against Delacroix.",
    "Around 9,800 fans saw Delacroix last all twelve rounds in Lisbon.",
]
ORCHARD = (
    "Frost destroyed most of the apricot blossom in the Vellin valley orchards this week, "
    "growers' cooperative chair Amara Tolle said, putting 3,100 seasonal jobs at risk."
)


def test_events_of_one_subject_share_a_thread_and_a_lone_story_is_a_thread_of_one() -> None:
    arts = _fight("h", HAMBURG, 6) + _fight("l", LISBON, 6) + [_art("o", ORCHARD)]
    stories, groups = cluster_stories_in_threads(arts, LEXICAL)
    assert [s.id for s in stories] == [s.id for s in cluster_stories(arts, LEXICAL)]
    members = {s.id: set(s.article_ids) for s in stories}
    as_articles = sorted(sorted(set().union(*(members[sid] for sid in g))) for g in groups)
    assert as_articles == [sorted([f"h{k}" for k in range(6)] + [f"l{k}" for k in range(6)]), ["o"]]
    # every story lies in exactly one thread
    assert sorted(sid for g in groups for sid in g) == sorted(members)


def test_unrelated_fragments_of_a_diffuse_subject_are_threads_of_their_own() -> None:
    texts = [
        "City officials said on Monday that the new tram line would open in the spring after delays.",
        "The city football club said on Monday that its coach would leave at the end of the season.",
        "Officials at the city zoo said on Monday that a tiger escaped its enclosure for an hour.",
        "The city council said on Monday that the budget vote would be delayed until the spring.",
        "City police said on Monday that two men were arrested after a robbery at a jewellery shop.",
        "Officials said on Monday that the city marathon would start an hour earlier this year.",
    ]
    stories, groups = cluster_stories_in_threads([_art(f"a{i}", t) for i, t in enumerate(texts)], LEXICAL)
    assert all(len(g) == 1 for g in groups)
    assert len(groups) == len(stories)


def test_thread_orders_its_events_by_date_and_merges_their_timelines() -> None:
    offer = Story(
        id="story-offer",
        article_ids=["c"],
        timeline=[_entry(4, "The company offered a 9% raise.", "c")],
    )
    walkout = Story(
        id="story-walkout",
        article_ids=["a", "b"],
        reference_date=date(2031, 3, 2),
        timeline=[
            _entry(3, "The company offered a 9% raise.", "b"),
            _entry(2, "Workers at the Dunmore plant walked out.", "a"),
        ],
    )
    arts = [
        _art("a", "Workers at the Dunmore plant walked out.", title="Dunmore plant workers strike"),
        _art("b", "The walkout at Dunmore entered its second day."),
        _art("c", "The company offered a 9% raise.", title="Dunmore owner makes an offer"),
    ]
    (thread,) = build_threads([offer, walkout], [["story-offer", "story-walkout"]], arts)
    assert thread.story_ids == ["story-walkout", "story-offer"]
    assert thread.title == "Dunmore plant workers strike"
    assert thread.id == thread_id(["c", "b", "a"]) == thread_id(["a", "b", "c"])
    assert thread.timeline is not None
    assert [(e.date.day, e.text) for e in thread.timeline] == [
        (2, "Workers at the Dunmore plant walked out."),
        (3, "The company offered a 9% raise."),
        (4, "The company offered a 9% raise."),
    ]
    # the update of day 4 keeps its own citation; nothing is reported as a conflict
    assert [c.article_id for c in thread.timeline[2].citations] == ["c"]


def test_one_entry_given_by_two_stories_is_kept_once_with_both_citations() -> None:
    first = Story(id="s1", article_ids=["a"], timeline=[_entry(5, "The bridge reopened.", "a")])
    second = Story(id="s2", article_ids=["b"], timeline=[_entry(5, "The bridge reopened.", "b")])
    arts = [_art("a", "The bridge reopened."), _art("b", "The bridge reopened.")]
    (thread,) = build_threads([first, second], [["s1", "s2"]], arts)
    assert thread.timeline is not None and len(thread.timeline) == 1
    assert [c.article_id for c in thread.timeline[0].citations] == ["a", "b"]


def test_thread_without_timelines_or_titles_still_has_a_title_and_no_timeline() -> None:
    story = Story(id="s1", article_ids=["a"])
    long_text = "A ferry ran aground near the Osk islands with 212 passengers aboard " * 3
    (thread,) = build_threads([story], [["s1"]], [_art("a", long_text)])
    assert thread.timeline is None
    assert thread.title.startswith("A ferry ran aground") and thread.title.endswith("…")
    assert len(thread.title) <= 91


def test_undated_stories_follow_dated_ones_in_input_order() -> None:
    undated = Story(id="u", article_ids=["u1"])
    dated = Story(id="d", article_ids=["d1"], reference_date=date(2031, 1, 1))
    arts = [_art("u1", "Undated text here."), _art("d1", "Dated text here.")]
    (thread,) = build_threads([undated, dated], [["u", "d"]], arts)
    assert thread.story_ids == ["d", "u"]


STRIKE = [
    "Machinists at the Dunmore aircraft plant walked off the job on Friday after 94% voted to strike.",
    "The walkout halted production of the Dunmore plant's best-selling jet, union leader Ivo Brandt said.",
    "Some 31,000 machinists joined the strike after rejecting a contract offer of 25% over four years.",
    "Picket lines formed at the Dunmore plant gates before dawn on Friday, Brandt told reporters.",
]
OFFER = [
    "Dunmore Aerospace on Saturday offered striking machinists a 30% raise and restored bonuses.",
    "Chief executive Lena Okafor said the improved offer was final and urged a vote by Tuesday.",
    "The new Dunmore offer adds a ratification bonus of 7,000 dollars, the company said on Saturday.",
    "Union leader Ivo Brandt said members would study Okafor's offer before any vote next week.",
]


def test_a_next_day_development_with_its_own_reports_is_its_own_event() -> None:
    """Regression guard. Known limit: in so small a batch the two events can also land in two
    threads (the first pass does not gather them), and a development told by only one or two
    articles inside a large subject is not split out (realnews)."""

    def reports(prefix: str, lines: list[str], n: int) -> list[Article]:
        return [_art(f"{prefix}{k}", " ".join(lines[(k + j) % 4] for j in range(3))) for k in range(n)]

    arts = reports("s", STRIKE, 4) + reports("o", OFFER, 4)
    stories, groups = cluster_stories_in_threads(arts, LEXICAL)
    assert sorted(sorted(s.article_ids) for s in stories) == [
        sorted(f"o{k}" for k in range(4)),
        sorted(f"s{k}" for k in range(4)),
    ]
    assert sorted(sid for g in groups for sid in g) == sorted(s.id for s in stories)


def test_threads_built_from_the_held_parts_are_those_of_the_whole_stories(examples_dir: Path) -> None:
    """Runners hold only ``thread_parts`` of a story until its thread is done; the threads must be
    the same as from the analysed stories and articles (so every field build_threads reads is
    in the parts)."""
    from newsloom.pipeline.compare.threads import thread_parts
    from newsloom.runners import analyze

    report = analyze([examples_dir], AnalyzeConfig(nlp="rules", embeddings="lexical", workers=1))
    groups = [t.story_ids for t in report.threads]
    by_id = {a.id: a for a in report.articles}
    held = [thread_parts(st, [by_id[aid] for aid in st.article_ids]) for st in report.stories]
    stories = [st for st, _ in held]
    articles = [a for _, arts in held for a in arts]
    assert any(st.timeline for st in report.stories) and any(a.title for a in report.articles)
    whole = build_threads(report.stories, groups, report.articles)
    assert build_threads(stories, groups, articles) == whole == report.threads
