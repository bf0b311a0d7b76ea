"""report.md: sections as computed, citations numbered, article text kept inert."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsloom.model import Article, BriefingSentence, Removal, Report, Story, Thread
from newsloom.pipeline.report import render_markdown
from newsloom.pipeline.report.markdown import md_block, md_inline
from newsloom.pipeline.report.sources import SourceList, word_diff


def _report(story: Story, text: str = "One fact. Another fact.") -> Report:
    art = Article(id="a", source="a.txt", title="T", text=text)
    return Report(newsloom_version="0", articles=[art], stories=[story])


def test_uncomputed_sections_are_absent_and_empty_ones_say_so() -> None:
    md = render_markdown(_report(Story(id="s", article_ids=["a"], discrepancies=[])))
    assert "### Discrepancies" in md and "No discrepancies found." in md
    for absent in (
        "### Briefing",
        "### Timeline",
        "### Claims",
        "### Entities",
        "### Quotes",
        "### Derivation",
    ):
        assert absent not in md


def test_briefing_markers_number_each_cited_stretch_once() -> None:
    art = Article(id="a", source="a.txt", text="One fact. Another fact.")
    first, second = art.cite(0, 9), art.cite(10, 23)
    story = Story(
        id="s",
        article_ids=["a"],
        briefing=[
            BriefingSentence(text="One fact.", citations=[first]),
            BriefingSentence(text="Both.", citations=[second, first]),
        ],
    )
    md = render_markdown(Report(newsloom_version="0", articles=[art], stories=[story]))
    assert "- One fact. [1]" in md
    assert "- Both. [2][1]" in md
    assert '1. [a](#article-1 "a"): “One fact.”' in md and '2. [a](#article-1 "a"): “Another fact.”' in md


def test_articles_are_named_site_and_title_with_the_id_as_a_tooltip() -> None:
    named = Article(
        id="2031-03-04_quay-9f2c1e",
        source="in/quay-ferry.html",
        site="Quay Post",
        title="Ferry [back] in *Lirrel*",
        text="The ferry sailed again on Monday.",
    )
    odd = Article(id='odd"id', source="odd.txt", title="Lirrel ferry returns", text="The ferry is back.")
    story = Story(
        id="s",
        article_ids=[named.id, odd.id],
        origin_groups=[[named.id], [odd.id]],
        briefing=[
            BriefingSentence(text="The ferry is back.", citations=[named.cite(0, 33), odd.cite(0, 18)])
        ],
    )
    md = render_markdown(Report(newsloom_version="0", articles=[named, odd], stories=[story]))
    link = '[Quay Post: Ferry \\[back\\] in \\*Lirrel\\*](#article-1 "2031-03-04_quay-9f2c1e")'
    assert f'Articles: {link}, [Lirrel ferry returns](#article-2 "odd\\"id")' in md
    assert f"1. {link}: “The ferry sailed again on Monday.”" in md
    assert f"1. {link}" in md.split("Origin groups")[1]
    assert '### <a id="article-1"></a>Quay Post: Ferry \\[back\\] in \\*Lirrel\\*' in md
    # The id shows only as a link's tooltip and in the article's own list of facts.
    assert md.count("2031-03-04_quay-9f2c1e") == md.count('"2031-03-04_quay-9f2c1e")') + 1
    assert "- id: `2031-03-04_quay-9f2c1e`" in md


def test_removals_are_listed_with_their_reason() -> None:
    art = Article(
        id="a",
        source="a.txt",
        raw_text="Home » News\nBody.",
        text="Body.",
        removed=[Removal(start=0, end=11, text="Home » News", reason="breadcrumb")],
    )
    md = render_markdown(Report(newsloom_version="0", articles=[art]))
    assert "#### Removed (1)" in md and "- *breadcrumb*: “Home » News”" in md


def test_markup_in_article_text_is_escaped() -> None:
    assert md_inline("a *b* _c_ [d](e) <f> `g` |h") == r"a \*b\* \_c\_ \[d\](e) \<f\> \`g\` \|h"
    assert md_block("# not a heading") == r"\# not a heading"
    assert md_block("1. not a list") == r"1\. not a list"
    assert md_block("- not a bullet") == r"\- not a bullet"


@given(st.text(max_size=60))
def test_inline_text_stays_on_one_line(text: str) -> None:
    assert "\n" not in md_inline(text)


def test_source_list_keeps_first_number_for_repeated_citation() -> None:
    art = Article(id="a", source="a.txt", text="abcdef")
    sources = SourceList()
    assert [s.number for s in sources.numbers([art.cite(0, 2), art.cite(2, 4), art.cite(0, 2)])] == [1, 2]


def test_word_diff_marks_added_and_removed_words() -> None:
    pieces = word_diff("we have never seen it", "in forty years we have never seen it")
    assert [(p.kind, p.text) for p in pieces] == [
        ("added", "in forty years"),
        ("same", "we have never seen it"),
    ]


def test_threads_of_several_events_are_listed_and_lone_stories_only_counted() -> None:
    art = Article(id="a", source="a.txt", title="Ferry *aground*", text="One fact. Another fact.")
    stories = [Story(id=f"s{k}", article_ids=["a"]) for k in range(3)]
    threads = [
        Thread(id="t1", story_ids=["s2", "s0"], title="Ferry *aground*", timeline=[]),
        Thread(id="t2", story_ids=["s1"], title="Alone"),
    ]
    md = render_markdown(Report(newsloom_version="0", articles=[art], stories=stories, threads=threads))
    section = md[md.index("## Threads") : md.index("## Story")]
    assert "1 other story stands alone" in section
    assert "### Thread `t1`: Ferry \\*aground\\* (2 events)" in section
    assert section.index("Story `s2`") < section.index("Story `s0`")
    assert "Alone" not in section
    assert "No dated events found." in section


def test_no_thread_section_when_every_story_stands_alone() -> None:
    art = Article(id="a", source="a.txt", text="One fact.")
    report = Report(
        newsloom_version="0",
        articles=[art],
        stories=[Story(id="s", article_ids=["a"])],
        threads=[Thread(id="t", story_ids=["s"], title="x")],
    )
    assert "## Threads" not in render_markdown(report)
