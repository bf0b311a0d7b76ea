"""``report.html``: one self-contained page (inline CSS and JS, nothing fetched) to explore a report.

The page is rendered by Jinja2 with autoescaping on, from plain view objects built here: every
piece of article text reaches the page as data and is escaped by the template, never marked safe.
The derivation graph is laid out with networkx and drawn as inline SVG. The page reads fully
without JavaScript; the script only opens citation popovers and drives the side-by-side view.
"""

from __future__ import annotations

import base64
import hashlib
import math
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import quote as url_quote

import jinja2

from newsloom.model import Article, Citation, Report, Story, TimelineEntry
from newsloom.pipeline.report.sources import (
    DiffPiece,
    SourceList,
    article_index,
    article_name,
    article_titles,
    language_label,
    paragraphs,
    published_label,
    sentence_cuts,
    sentence_segments,
    story_articles,
    story_headline,
    word_diff,
)

# Spring layout is quadratic in the number of nodes; past this many articles the drawing is an
# unreadable hairball anyway, so the page shows the link table only (chosen by eye, not tuned).
MAX_GRAPH_NODES = 150

_GROUP_COLOURS = ["#2f6fb0", "#d9822b", "#3a9a5b", "#b0413e", "#7d5ba6", "#2a9d9a", "#b5892c", "#c2569b"]
_NO_GROUP_COLOUR = "#8a8f98"
_NODE_RADIUS = 15
# Up to this many links every edge is labelled; beyond, only each article's strongest (by eye).
_ALL_LABELS_MAX_EDGES = 6
# Above this much input text the "as read" view of removals starts folded (readability, by eye).
_OPEN_REMOVALS_MAX_CHARS = 4000


@dataclass
class CiteRef:
    """A citation as the page shows it: the article it points to and the exact cited characters."""

    article_id: str
    title: str | None
    anchor: str
    text: str
    start: int
    end: int
    # "Site: Title", how people call the article (the web app shows it instead of the id).
    name: str = ""


@dataclass
class Marker:
    number: int
    popover_id: str
    cite: CiteRef


@dataclass
class Segment:
    start: int
    end: int
    text: str


@dataclass
class ArticleView:
    anchor: str
    id: str
    title: str | None
    # "Site: Title", how people call the article (its id is the heading's tooltip).
    name: str
    meta: list[tuple[str, str]]
    tags: list[str]
    paragraphs: list[list[Segment]]
    removals: list[tuple[str, str]]
    removal_counts: list[tuple[str, int]]
    as_read: list[tuple[str, str | None]] | None
    open_removals: bool


@dataclass
class GraphNode:
    x: float
    y: float
    label: str
    article_id: str
    title: str | None
    anchor: str
    colour: str
    group: int | None


@dataclass
class GraphEdge:
    x1: float
    y1: float
    x2: float
    y2: float
    lx: float
    ly: float
    label: str
    relation: str
    directed: bool
    show_label: bool
    title: str


@dataclass
class GraphView:
    width: int
    height: int
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    legend: list[tuple[str, str]]
    radius: int = _NODE_RADIUS


@dataclass
class StoryView:
    anchor: str
    id: str
    headline: str | None
    articles: list[CiteRef]
    reference_date: str | None
    briefing: list[tuple[str, list[Marker]]] | None
    sources: list[Marker]
    discrepancies: list[dict[str, Any]] | None
    timeline: list[dict[str, Any]] | None
    claims: list[dict[str, Any]] | None
    entities: list[dict[str, Any]] | None
    quantities: list[dict[str, Any]] | None
    quotes: list[dict[str, Any]] | None
    origin_groups: list[list[CiteRef]] | None
    derivation: list[dict[str, Any]] | None
    graph: GraphView | None
    compare: dict[str, Any] | None = None
    warnings: list[str] | None = None


class _Anchors:
    """Stable, attribute-safe anchors for articles: ids are user data, so they are not used raw."""

    def __init__(self, report: Report) -> None:
        self.by_id = {a.id: f"art-{i}" for i, a in enumerate(report.articles)}
        self.titles = article_titles(report)
        self.index = article_index(report)
        self.names = {a.id: article_name(a) for a in report.articles}

    def ref(self, citation: Citation) -> CiteRef:
        return CiteRef(
            citation.article_id,
            self.titles.get(citation.article_id),
            self.by_id.get(citation.article_id, ""),
            citation.text,
            citation.start,
            citation.end,
            self.names.get(citation.article_id, citation.article_id),
        )

    def article(self, article_id: str) -> CiteRef:
        return CiteRef(
            article_id,
            self.titles.get(article_id),
            self.by_id.get(article_id, ""),
            "",
            0,
            0,
            self.names.get(article_id, article_id),
        )

    def articles(self, citations: list[Citation]) -> list[CiteRef]:
        return [self.article(aid) for aid in dict.fromkeys(c.article_id for c in citations)]


def _segments(article: Article) -> list[list[Segment]]:
    cuts = sentence_cuts(article)
    return [
        [Segment(s, e, article.text[s:e]) for s, e in sentence_segments(article, start, end, cuts)]
        for start, end in paragraphs(article.text)
    ]


def _as_read(article: Article) -> list[tuple[str, str | None]] | None:
    """The text as read with each removal in place: ``(text, reason or None for kept)``.

    None when the removals overlap or fall outside the text, in which case only the list is shown.
    """
    raw = article.raw_text
    pieces: list[tuple[str, str | None]] = []
    pos = 0
    for rem in sorted(article.removed, key=lambda r: (r.start, r.end)):
        if rem.start < pos or rem.end > len(raw):
            return None
        if rem.start > pos:
            pieces.append((raw[pos : rem.start], None))
        pieces.append((raw[rem.start : rem.end], rem.reason))
        pos = rem.end
    if pos < len(raw):
        pieces.append((raw[pos:], None))
    return pieces


@dataclass
class Side:
    """One side of a discrepancy: a wording and every article that has it."""

    text: str
    refs: list[CiteRef]
    pieces: list[DiffPiece] | None = None


def _sides(citations: list[Citation], anchors: _Anchors) -> list[Side]:
    """Citations grouped by identical wording; with two wordings, the words that differ are marked."""
    sides: dict[str, Side] = {}
    for cite in citations:
        key = " ".join(cite.text.split()).casefold()
        side = sides.setdefault(key, Side(cite.text, []))
        side.refs.append(anchors.ref(cite))
    out = list(sides.values())
    if len(out) == 2:
        first, second = out
        shared = sum(len(p.text.split()) for p in word_diff(first.text, second.text) if p.kind == "same")
        # Marking is only useful when most words agree (copies, edited copies); on two different
        # sentences nearly everything would be marked.
        if shared * 2 >= max(len(first.text.split()), len(second.text.split())):
            first.pieces = [p for p in word_diff(second.text, first.text) if p.kind != "removed"]
            second.pieces = [p for p in word_diff(first.text, second.text) if p.kind != "removed"]
    return out


def _article_view(article: Article, anchor: str) -> ArticleView:
    meta: list[tuple[str, str]] = []
    for name, value in [
        ("source", article.url or article.source),
        ("site", article.site),
        ("published", published_label(article)),
        ("language", language_label(article)),
        ("authors", "; ".join(article.authors)),
        ("credit", "; ".join(article.credit)),
        ("attributions", "; ".join(article.attributions)),
    ]:
        if value:
            meta.append((name, value))
    counts = Counter(r.reason for r in article.removed)
    return ArticleView(
        anchor=anchor,
        id=article.id,
        title=article.title,
        name=article_name(article),
        meta=meta,
        tags=list(article.tags),
        paragraphs=_segments(article),
        removals=[(r.text, r.reason) for r in article.removed],
        removal_counts=sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])),
        as_read=_as_read(article) if article.removed else None,
        # Short pages show what was cut straight away; long ones (HTML page text) stay folded.
        open_removals=len(article.raw_text) <= _OPEN_REMOVALS_MAX_CHARS,
    )


def _briefing(
    story: Story, anchors: _Anchors, prefix: str
) -> tuple[list[tuple[str, list[Marker]]], list[Marker]]:
    assert story.briefing is not None
    sources = SourceList(titles=anchors.titles)
    sentences: list[tuple[str, list[Marker]]] = []
    for i, sent in enumerate(story.briefing):
        markers = [
            Marker(src.number, f"{prefix}-b{i}-c{src.number}", anchors.ref(src.citation))
            for src in sources.numbers(sent.citations)
        ]
        sentences.append((sent.text, markers))
    listed = [Marker(s.number, f"{prefix}-src-{s.number}", anchors.ref(s.citation)) for s in sources.sources]
    return sentences, listed


def _quotes(story: Story, anchors: _Anchors) -> list[dict[str, Any]]:
    assert story.quotes is not None
    rows = []
    for quote in story.quotes:
        variants: list[dict[str, Any]] = []
        for var in quote.variants:
            pieces: list[DiffPiece] = word_diff(quote.text, var.text)
            variants.append({"pieces": pieces, "articles": anchors.articles(var.citations)})
        rows.append(
            {
                "text": quote.text,
                "speaker": quote.speaker,
                "articles": anchors.articles(quote.citations),
                "variants": variants,
            }
        )
    return rows


@lru_cache(maxsize=2048)
def _spring_layout(
    nodes: tuple[str, ...], springs: tuple[tuple[str, str, float], ...]
) -> tuple[tuple[float, float], ...]:
    """Each node's place in a seeded spring layout of these weighted edges, in node order.

    Kept for the most recently laid out graphs (a few milliseconds each): a story page rendered
    again (a claim filter, its thread rebuilt, the served page forgotten) lays out the same
    graph, and the layout depends on nothing else.
    """
    import networkx as nx

    if len(nodes) == 1:
        return ((0.0, 0.0),)
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    for source, target, weight in springs:
        graph.add_edge(source, target, weight=weight)
    layout = nx.spring_layout(graph, seed=0, weight="weight", k=1.6 / len(nodes) ** 0.5)
    return tuple((float(layout[n][0]), float(layout[n][1])) for n in nodes)


def _graph(story: Story, anchors: _Anchors) -> GraphView | None:
    """Lay the story's articles out with a seeded spring layout and scale it to the SVG box."""
    if story.derivation is None and story.origin_groups is None:
        return None
    nodes = list(dict.fromkeys(story.article_ids))
    if not nodes or len(nodes) > MAX_GRAPH_NODES:
        return None
    group_of: dict[str, int] = {}
    for gi, group in enumerate(story.origin_groups or []):
        for aid in group:
            group_of.setdefault(aid, gi)
    links = [link for link in story.derivation or [] if link.source in nodes and link.target in nodes]
    # Independent pairs carry no derivation: keep them out of the layout's springs.
    springs = tuple(
        (link.source, link.target, max(link.score, 0.05)) for link in links if link.relation != "independent"
    )
    raw_pos = dict(zip(nodes, _spring_layout(tuple(nodes), springs), strict=True))
    width, height, margin = 760, max(260, min(560, 120 + 45 * len(nodes))), 70
    xs = [p[0] for p in raw_pos.values()]
    ys = [p[1] for p in raw_pos.values()]

    def scale(v: float, lo: float, hi: float, size: int) -> float:
        return size / 2 if hi - lo < 1e-9 else margin + (v - lo) / (hi - lo) * (size - 2 * margin)

    pos = {
        n: (round(scale(x, min(xs), max(xs), width), 1), round(scale(y, min(ys), max(ys), height), 1))
        for n, (x, y) in raw_pos.items()
    }
    view_nodes = []
    for aid in nodes:
        group_no = group_of.get(aid)
        colour = _NO_GROUP_COLOUR if group_no is None else _GROUP_COLOURS[group_no % len(_GROUP_COLOURS)]
        ref = anchors.article(aid)
        label = ref.name if len(ref.name) <= 24 else ref.name[:23] + "…"
        view_nodes.append(GraphNode(*pos[aid], label, aid, ref.title, ref.anchor, colour, group_no))
    # Every label on a dense graph is unreadable: label each article's strongest link (all of them
    # when there are few), and give every edge a hover title with the full relation and score.
    labelled: set[int] = set(range(len(links))) if len(links) <= _ALL_LABELS_MAX_EDGES else set()
    if not labelled:
        for aid in nodes:
            touching = [i for i, link in enumerate(links) if aid in (link.source, link.target)]
            if touching:
                labelled.add(max(touching, key=lambda i: links[i].score))
    edges = []
    for i, link in enumerate(links):
        (x1, y1), (x2, y2) = pos[link.source], pos[link.target]
        if link.directed:
            # End the line at the target circle's rim so the arrowhead is not hidden under it.
            length = math.hypot(x2 - x1, y2 - y1)
            if length > 2 * _NODE_RADIUS:
                x2 = round(x2 - (x2 - x1) * (_NODE_RADIUS + 2) / length, 1)
                y2 = round(y2 - (y2 - y1) * (_NODE_RADIUS + 2) / length, 1)
        relation = link.relation.replace("_", " ")
        arrow = " → " if link.directed else " – "
        edges.append(
            GraphEdge(
                x1,
                y1,
                x2,
                y2,
                round((x1 + x2) / 2, 1),
                round((y1 + y2) / 2, 1),
                f"{relation} {link.score:.2f}",
                link.relation,
                link.directed,
                i in labelled,
                f"{link.source}{arrow}{link.target}: {relation}, score {link.score:.2f}",
            )
        )
    legend = [
        (_GROUP_COLOURS[gi % len(_GROUP_COLOURS)], f"origin group {gi + 1}")
        for gi in range(len(story.origin_groups or []))
    ]
    if any(aid not in group_of for aid in nodes):
        legend.append((_NO_GROUP_COLOUR, "no origin group"))
    return GraphView(width, height, view_nodes, edges, legend)


def _compare(story: Story, articles: list[Article], anchors: _Anchors) -> dict[str, Any] | None:
    """Data for the side-by-side view: which articles can be picked and the aligned sentence pairs."""
    if len(articles) < 2:
        return None
    links = []
    for link in story.derivation or []:
        if link.source not in anchors.by_id or link.target not in anchors.by_id:
            continue
        links.append(
            {
                "a": anchors.by_id[link.source],
                "b": anchors.by_id[link.target],
                "relation": link.relation.replace("_", " "),
                "score": round(link.score, 3),
                "pairs": [
                    {
                        "s": [p.source.start, p.source.end],
                        "sa": anchors.by_id.get(p.source.article_id, ""),
                        "t": [p.target.start, p.target.end],
                        "ta": anchors.by_id.get(p.target.article_id, ""),
                        "kind": p.kind,
                    }
                    for p in link.evidence
                ],
            }
        )
    best = max(
        (link for link in story.derivation or [] if link.evidence and link.source != link.target),
        key=lambda link: link.score,
        default=None,
    )
    left, right = (best.source, best.target) if best else (articles[0].id, articles[1].id)
    return {
        "options": [anchors.article(a.id) for a in articles],
        "left": anchors.by_id.get(left, anchors.by_id[articles[0].id]),
        "right": anchors.by_id.get(right, anchors.by_id[articles[1].id]),
        "links": links,
    }


def _timeline_view(timeline: list[TimelineEntry] | None, anchors: _Anchors) -> list[dict[str, Any]] | None:
    if timeline is None:
        return None
    return [
        {
            "date": t.date.isoformat(),
            "label": _date_label(t.date.isoformat(), t.precision),
            "text": t.text,
            "articles": anchors.articles(t.citations),
            "background": t.background,
        }
        for t in timeline
    ]


def _thread_views(
    report: Report,
    stories: list[StoryView],
    anchors: _Anchors,
    story_pages: str | None,
    headlines: Mapping[str, str | None],
) -> list[dict[str, Any]]:
    """Threads of two or more events in date order, each event linking to its story's section,
    or (a story not in this report) to its page under ``story_pages``, or to nothing when there
    is no such page; a story with no sibling event is a thread of one and is only counted."""
    by_id = {st.id: st for st in stories}

    def event(sid: str) -> dict[str, Any]:
        view = by_id.get(sid)
        if view is not None:
            return {
                "id": sid,
                "href": f"#{view.anchor}",
                "headline": view.headline,
                "reference_date": view.reference_date,
            }
        href = f"{story_pages}{url_quote(sid, safe='')}" if story_pages is not None else None
        return {"id": sid, "href": href, "headline": headlines.get(sid), "reference_date": None}

    return [
        {
            "id": th.id,
            "title": th.title,
            "events": [event(sid) for sid in th.story_ids],
            "timeline": _timeline_view(th.timeline, anchors),
        }
        for th in report.threads
        if len(th.story_ids) > 1
    ]


def _story_view(report: Report, story: Story, index: int, anchors: _Anchors) -> StoryView:
    prefix = f"st{index}"
    members = story_articles(report, story, anchors.index)
    briefing, sources = _briefing(story, anchors, prefix) if story.briefing is not None else (None, [])
    view = StoryView(
        anchor=f"story-{index}",
        id=story.id,
        headline=story_headline(report, story, anchors.index),
        articles=[anchors.article(aid) for aid in story.article_ids],
        reference_date=(
            f"{story.reference_date.isoformat()}"
            + (f" ({story.reference_date_source})" if story.reference_date_source else "")
            if story.reference_date
            else None
        ),
        warnings=story.warnings,
        briefing=briefing,
        sources=sources,
        discrepancies=(
            [
                {
                    "kind": d.kind,
                    "description": d.description,
                    "internal": d.internal,
                    "sides": _sides(d.citations, anchors),
                }
                for d in story.discrepancies
            ]
            if story.discrepancies is not None
            else None
        ),
        timeline=_timeline_view(story.timeline, anchors),
        claims=(
            [
                {
                    "text": c.text,
                    "status": c.status,
                    "independent": c.independent_sources,
                    "articles": [anchors.article(a) for a in c.article_ids],
                }
                for c in story.claims
            ]
            if story.claims is not None
            else None
        ),
        entities=(
            [
                {
                    "name": e.name,
                    "type": e.type,
                    "aliases": e.aliases,
                    "mentions": len(e.mentions),
                    "articles": anchors.articles(e.mentions),
                }
                for e in story.entities
            ]
            if story.entities is not None
            else None
        ),
        quantities=(
            [
                {
                    "value": f"{q.value:,.10g}",
                    "unit": q.unit,
                    "approx": q.approx,
                    "subject": q.subject,
                    "articles": anchors.articles(q.citations),
                }
                for q in story.quantities
            ]
            if story.quantities is not None
            else None
        ),
        quotes=_quotes(story, anchors) if story.quotes is not None else None,
        origin_groups=(
            [[anchors.article(a) for a in group] for group in story.origin_groups]
            if story.origin_groups is not None
            else None
        ),
        derivation=(
            [
                {
                    "source": anchors.article(link.source),
                    "target": anchors.article(link.target),
                    "relation": link.relation.replace("_", " "),
                    "score": f"{link.score:.2f}",
                    "directed": link.directed,
                    "evidence": len(link.evidence),
                }
                for link in story.derivation
            ]
            if story.derivation is not None
            else None
        ),
        graph=_graph(story, anchors),
        compare=_compare(story, members, anchors),
    )
    return view


_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _date_label(iso: str, precision: str) -> str:
    year, month, day = iso.split("-")
    if precision == "year":
        return year
    if precision in ("month", "season"):
        return f"{_MONTHS[int(month) - 1]} {year}"
    return f"{int(day)} {_MONTHS[int(month) - 1]} {year}"


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("newsloom.pipeline.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_html(
    report: Report,
    *,
    article_pages: str | None = None,
    claim_filter: str = "",
    story_pages: str | None = None,
    story_headlines: Mapping[str, str | None] | None = None,
) -> str:
    """The report as one self-contained HTML page: no external resource, all article text escaped.

    ``article_pages`` (the web app's ``/web/articles/``): a briefing's citations link to the cited
    sentence highlighted in its article's own page instead of to the article further down, and
    the claims can be filtered by status (links; ``claim_filter`` names the one shown).
    ``story_pages`` (the web app's ``/web/stories/``): a thread's events that are not in the
    report link to their own pages, named by ``story_headlines``.
    """
    anchors = _Anchors(report)
    removals = Counter(r.reason for a in report.articles for r in a.removed)
    stories = [_story_view(report, st, i, anchors) for i, st in enumerate(report.stories)]
    page = {
        "version": report.newsloom_version,
        "article_pages": article_pages,
        "claim_filter": claim_filter,
        "counts": {
            "articles": len(report.articles),
            "stories": len(report.stories),
            "errors": len(report.errors),
            "duplicates": len(report.exact_duplicates),
            "removed": sum(removals.values()),
        },
        "removals": sorted(removals.items(), key=lambda kv: (-kv[1], kv[0])),
        "stories": stories,
        "threads": _thread_views(report, stories, anchors, story_pages, story_headlines or {}),
        "lone_threads": sum(1 for th in report.threads if len(th.story_ids) == 1),
        "articles": [_article_view(a, anchors.by_id[a.id]) for a in report.articles],
        "errors": report.errors,
        "duplicates": [
            {"id": d.id, "source": d.source, "of": anchors.article(d.duplicate_of)}
            for d in report.exact_duplicates
        ],
    }
    return _with_content_security_policy(_environment().get_template("report.html.j2").render(page=page))


# The page's own script, as the template writes it: the one <script> element without a type.
_PAGE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
CSP_PLACEHOLDER = "newsloom-csp-script-hash"


def _with_content_security_policy(html: str) -> str:
    """Fill the page's Content-Security-Policy with the hash of its one script.

    The policy lets the browser run that script and nothing else (no other inline script, no
    event-handler attribute, no ``javascript:`` URL) and load nothing at all: should article
    text ever reach the page unescaped, it still could not run or fetch anything. The
    placeholder is replaced once, in ``<head>``, before any article text.
    """
    script = _PAGE_SCRIPT.search(html)
    digest = hashlib.sha256((script.group(1) if script else "").encode("utf-8")).digest()
    return html.replace(CSP_PLACEHOLDER, f"sha256-{base64.b64encode(digest).decode('ascii')}", 1)
