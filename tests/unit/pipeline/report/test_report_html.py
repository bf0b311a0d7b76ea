"""report.html: escaping of every piece of article text, no external resources, sections as computed."""

from __future__ import annotations

import importlib.util
import re
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsloom.model import (
    Article,
    BriefingSentence,
    Discrepancy,
    Entity,
    Quote,
    QuoteVariant,
    Removal,
    Report,
    Story,
    Thread,
    TimelineEntry,
)
from newsloom.pipeline.report import render_html, write_report

GOLDEN = Path(__file__).resolve().parents[4] / "tests" / "golden"
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(2)>'


def _sample() -> Report:
    spec = importlib.util.spec_from_file_location("newsloom_html_sample", GOLDEN / "sample_report.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    report: Report = module.build_sample_report()
    return report


class _Tags(HTMLParser):
    """Every start tag and its attributes, as a browser's tokenizer would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.script_bodies: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.script_bodies.append(data)


def _parse(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    return parser


def _hostile_report() -> Report:
    """Hostile strings in a title, a text, a removal, a quote, a tag, an entity and more."""
    text = f"Before {SCRIPT} middle {IMG} after."
    raw = f"Share {SCRIPT}\n{text}"
    art = Article(
        id="evil",
        source=f"in/{IMG}.txt",
        title=f"Title {SCRIPT}{IMG}",
        site=SCRIPT,
        authors=[IMG],
        credit=[SCRIPT],
        attributions=[IMG],
        tags=[f"tag {SCRIPT}", IMG],
        raw=raw,
        raw_text=raw,
        text=text,
        removed=[
            Removal(start=0, end=len(f"Share {SCRIPT}"), text=f"Share {SCRIPT}", reason="call_to_action")
        ],
    )
    whole = art.cite(0, len(text))
    story = Story(
        id="s1",
        article_ids=["evil"],
        briefing=[BriefingSentence(text=f"Brief {IMG}", citations=[whole])],
        discrepancies=[Discrepancy(kind="quote", description=f"Desc {SCRIPT}", citations=[whole])],
        timeline=[TimelineEntry(date="2026-01-02", precision="day", text=f"Event {IMG}", citations=[whole])],
        entities=[Entity(name=f"Name {SCRIPT}", type="PERSON", aliases=[IMG], mentions=[whole])],
        quotes=[
            Quote(
                text=f"Quote {SCRIPT}",
                speaker=IMG,
                citations=[whole],
                variants=[QuoteVariant(text=f"Quote {IMG} {SCRIPT}", citations=[whole])],
            )
        ],
        origin_groups=[["evil"]],
        derivation=[],
    )
    later = Story(id="s2", article_ids=["evil"])
    thread = Thread(
        id="t1",
        story_ids=["s1", "s2"],
        title=f"Thread {SCRIPT}",
        timeline=[TimelineEntry(date="2026-01-03", precision="day", text=f"Update {IMG}", citations=[whole])],
    )
    return Report(newsloom_version="0", articles=[art], stories=[story, later], threads=[thread])


def test_thread_section_lists_its_events_in_order_with_links_to_their_stories() -> None:
    page = render_html(_hostile_report())
    section = page[page.index('id="threads"') : page.index('<section class="story"')]
    links = re.findall(r'<a href="#(story-\d+)">', section)
    assert links == ["story-0", "story-1"]
    assert 'id="story-0"' in page and 'id="story-1"' in page
    assert "2026-01-03" in section


def test_hostile_article_text_is_escaped_everywhere() -> None:
    page = render_html(_hostile_report())
    parsed = _parse(page)
    # No tag the article text tried to inject exists in the parsed page ...
    assert not [a for tag, a in parsed.tags if tag == "img"]
    assert not [a for _, a in parsed.tags if "onerror" in a]
    # ... the only script is our own inline one, which contains none of the article text ...
    assert [t for t, _ in parsed.tags if t == "script"] == ["script"]
    assert "alert(" not in "".join(parsed.script_bodies)
    assert SCRIPT not in page and "<img" not in page
    # ... and the text is still there for the reader, escaped.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&#34;&gt;&lt;img src=x onerror=alert(2)&gt;" in page


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>&\"'`/=ab xscript")), min_size=1, max_size=40))
def test_any_title_and_text_stay_text(payload: str) -> None:
    art = Article(id="a", source="a.txt", title=payload, text=payload, tags=[payload])
    story = Story(
        id="s",
        article_ids=["a"],
        briefing=[BriefingSentence(text=payload, citations=[art.cite(0, len(payload))])],
    )
    page = render_html(Report(newsloom_version="0", articles=[art], stories=[story]))
    tags = {tag for tag, _ in _parse(page).tags}
    allowed = {
        "html", "head", "meta", "title", "style", "body", "header", "div", "h1", "h2", "h3", "p", "dl", "dt",
        "dd", "nav", "a", "main", "section", "span", "ol", "li", "button", "details", "summary", "blockquote",
        "article", "code", "footer", "script", "b",
    }  # fmt: skip
    assert tags <= allowed


def test_page_loads_nothing_from_outside() -> None:
    page = render_html(_sample())
    parsed = _parse(page)
    for tag, attrs in parsed.tags:
        assert tag not in {"link", "img", "iframe", "object", "embed"}, tag
        assert not {"src", "srcset", "poster"} & attrs.keys(), (tag, attrs)
        href = attrs.get("href")
        assert href is None or href.startswith("#"), href
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", page)


def test_every_computed_section_is_drawn() -> None:
    page = render_html(_sample())
    for heading in (
        "Briefing",
        "Discrepancies",
        "Timeline",
        "Who copied whom",
        "Claims",
        "Quotes",
        "Entities",
        "Quantities",
        "Side by side",
    ):
        assert f"<h3>{heading}" in page, heading
    assert "<svg" in page and "<circle" in page
    assert 'class="cite"' in page and 'role="tooltip"' in page
    # Quote drift is marked word by word.
    assert "<ins>passed its inspection</ins>" in page
    assert "<del>was inspected</del>" in page
    # Removals are struck through with their reason.
    assert '<del title="breadcrumb">Home » News</del>' in page


def test_uncomputed_sections_are_absent() -> None:
    art = Article(id="a", source="a.txt", title="T", text="Some text.")
    page = render_html(
        Report(newsloom_version="0", articles=[art], stories=[Story(id="s", article_ids=["a"])])
    )
    for heading in (
        "Briefing",
        "Discrepancies",
        "Timeline",
        "Who copied whom",
        "Claims",
        "Quotes",
        "Entities",
        "Quantities",
    ):
        assert f"<h3>{heading}" not in page, heading
    assert "<svg" not in page


def test_briefing_marker_carries_the_cited_text_and_source() -> None:
    report = _sample()
    page = render_html(report)
    cited = report.stories[0].briefing[0].citations[1]  # type: ignore[index]
    pop = re.search(r'<span class="pop" id="st0-b0-c2".*?</span></span>', page, re.S)
    assert pop is not None
    assert cited.text in pop.group(0) and cited.article_id in pop.group(0)


def test_write_report_writes_each_requested_format(tmp_path: Path) -> None:
    written = write_report(_sample(), tmp_path, ["json", "md", "html"])
    assert [p.name for p in written] == ["report.json", "report.md", "report.html"]
    assert all(p.stat().st_size > 0 for p in written)
    assert write_report(_sample(), tmp_path / "only", ["html"]) == [tmp_path / "only" / "report.html"]


@pytest.mark.parametrize("n_articles", [1, 40])
def test_graph_is_laid_out_inside_its_box(n_articles: int) -> None:
    from newsloom.model import DerivationLink

    arts = [Article(id=f"a{i}", source=f"a{i}.txt", text=f"Text {i}.") for i in range(n_articles)]
    links = [
        DerivationLink(source=f"a{i}", target=f"a{i + 1}", relation="rewrite", score=0.5)
        for i in range(n_articles - 1)
    ]
    story = Story(
        id="s", article_ids=[a.id for a in arts], derivation=links, origin_groups=[[a.id for a in arts]]
    )
    page = render_html(Report(newsloom_version="0", articles=arts, stories=[story]))
    box = re.search(r'viewBox="0 0 (\d+) (\d+)"', page)
    assert box is not None
    width, height = int(box.group(1)), int(box.group(2))
    circles = re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)"', page)
    assert len(circles) == n_articles
    for x, y in circles:
        assert 0 <= float(x) <= width and 0 <= float(y) <= height


def test_an_untitled_story_is_named_by_its_briefing() -> None:
    from newsloom.model import Citation
    from newsloom.pipeline.report.sources import HEADLINE_CHARS, story_headline

    text = (
        "The Aldon river burst its banks in Marrowby on Tuesday, flooding 340 homes and forcing "
        "the evacuation of 1,200 residents from the lower town."
    )
    art = Article(id="a", source="a.txt", text=text)
    story = Story(
        id="s",
        article_ids=["a"],
        briefing=[
            BriefingSentence(
                text=text, citations=[Citation(article_id="a", start=0, end=len(text), text=text)]
            )
        ],
    )
    report = Report(newsloom_version="0", articles=[art], stories=[story], errors=[])
    name = story_headline(report, story)
    assert name is not None and name.endswith("…") and len(name) <= HEADLINE_CHARS + 1
    assert text.startswith(name[:-1])
    titled = report.model_copy(update={"articles": [art.model_copy(update={"title": "Marrowby floods"})]})
    assert story_headline(titled, story) == "Marrowby floods"
    assert story_headline(report, story.model_copy(update={"briefing": None})) is None
    assert name in render_html(report)


@given(
    bounds=st.lists(st.integers(min_value=0, max_value=60), max_size=12),
    start=st.integers(min_value=0, max_value=60),
    length=st.integers(min_value=1, max_value=60),
)
def test_sentence_segments_tile_the_range_and_cut_only_at_sentence_bounds(
    bounds: list[int], start: int, length: int
) -> None:
    from newsloom.model import Span
    from newsloom.pipeline.report.sources import sentence_cuts, sentence_segments

    text = "x" * 130
    pairs = sorted(bounds)
    spans = [Span(start=a, end=b, label="sentence") for a, b in zip(pairs[::2], pairs[1::2], strict=False)]
    art = Article(id="a", source="a.txt", text=text, annotations={"sentences": spans})
    end = start + length
    for pieces in (
        sentence_segments(art, start, end),
        sentence_segments(art, start, end, sentence_cuts(art)),
    ):
        assert pieces[0][0] == start and pieces[-1][1] == end
        assert all(a < b for a, b in pieces) and all(x[1] == y[0] for x, y in pairwise(pieces))
        bound_set = {p for s in spans for p in (s.start, s.end)}
        assert {b for _, b in pieces[:-1]} == {p for p in bound_set if start < p < end}


def test_background_dates_are_drawn_apart_from_the_storys_own() -> None:
    page = render_html(_sample())
    own = page.index("The footbridge over the Lessen canal collapses during a festival parade.")
    heading = page.index("<h4>Background</h4>")
    background = page.index("The footbridge was built in 1998.", heading)
    assert own < heading < background


def test_a_furniture_title_from_metadata_never_names_the_story() -> None:
    from newsloom.pipeline.report.sources import story_headline

    arts = [
        Article(id="a", source="a.txt", title="Updated 4 minutes ago", text="The Aldon river rose."),
        Article(id="b", source="b.txt", title="Photo: Lena Brock / Marrowby Post", text="The Aldon rose."),
        Article(id="c", source="c.txt", title="Aldon river floods Marrowby", text="The Aldon flooded."),
    ]
    story = Story(id="s", article_ids=["a", "b", "c"])
    report = Report(newsloom_version="0", articles=arts, stories=[story], errors=[])
    assert story_headline(report, story) == "Aldon river floods Marrowby"


def test_a_graph_laid_out_once_is_drawn_again_without_a_new_layout(monkeypatch: pytest.MonkeyPatch) -> None:
    import networkx as nx

    from newsloom.model import DerivationLink

    calls: list[int] = []
    real = nx.spring_layout

    def counted(graph: object, **kw: object) -> object:
        calls.append(1)
        return real(graph, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(nx, "spring_layout", counted)
    arts = [Article(id=f"quay-{i}", source=f"q{i}.txt", text=f"The quay shut {i}.") for i in range(4)]

    def page(score: float, relation: str = "rewrite", title: str = "Quay week") -> str:
        links = [DerivationLink(source="quay-0", target="quay-1", relation=relation, score=score)]  # type: ignore[arg-type]
        story = Story(
            id="quay", article_ids=[a.id for a in arts], derivation=links, origin_groups=[["quay-0"]]
        )
        thread = Thread(id="t", story_ids=["quay", "later"], title=title)
        return render_html(Report(newsloom_version="0", articles=arts, stories=[story], threads=[thread]))

    first = page(0.61)
    assert len(calls) == 1
    # The same graph in a page that changed elsewhere (its thread's title): the same drawing.
    again = page(0.61, title="Quay month")
    assert len(calls) == 1
    drawing = re.compile(r"<svg.*?</svg>", re.S)
    assert drawing.findall(first) and drawing.findall(again) == drawing.findall(first)
    # Another link strength, or the link found independent: laid out anew.
    page(0.93)
    page(0.61, relation="independent")
    assert len(calls) == 3
