"""``report.md``: the report as Markdown, for reading in a terminal, an editor or a code host.

Per story: the briefing with numbered citation markers and the sources they point at, then each
computed section (discrepancies, timeline, claims, entities, quantities, quotes, derivation);
per article: metadata, clean text and removals; errors and exact duplicates last. A section that
was not computed (``None``) is left out; one computed but empty says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from newsloom.model import Article, Citation, Report, Story, TimelineEntry
from newsloom.pipeline.report.sources import (
    SourceList,
    article_index,
    article_name,
    article_titles,
    language_label,
    paragraphs,
    published_label,
    story_headline,
    word_diff,
)

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_BLOCK_MARK = re.compile(r"^(\s*)([#>+=-])")
_LIST_NUMBER = re.compile(r"^(\s*\d+)([.)])")


def md_inline(text: str) -> str:
    """Article text made inert inside a Markdown line: markup characters escaped, newlines joined.

    >>> md_inline("a *b* <i>")
    'a \\\\*b\\\\* \\\\<i\\\\>'
    """
    flat = " ".join(text.split())
    return _INLINE_SPECIAL.sub(r"\\\1", flat)


def md_block(text: str) -> str:
    """One paragraph of article text: inline-escaped, and a leading ``#``/``-``/``1.`` made literal."""
    escaped = _BLOCK_MARK.sub(r"\1\\\2", md_inline(text), count=1)
    return _LIST_NUMBER.sub(r"\1\\\2", escaped, count=1)


def _quote(text: str) -> str:
    return f"“{md_inline(text)}”"


def _count(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


def _code(ident: str) -> str:
    """An id as inline code; a backtick inside it would end a single-backtick span early."""
    flat = " ".join(ident.split())
    return f"`` {flat} ``" if "`" in flat else f"`{flat}`"


class _Names:
    """Articles named for people: "Site: Title" linking to the article's section, its id the
    link's tooltip; an id the report holds no article for is shown as code."""

    def __init__(self, report: Report) -> None:
        self.by_id = {a.id: a for a in report.articles}
        self.anchors = {a.id: f"article-{i}" for i, a in enumerate(report.articles, 1)}

    def link(self, article_id: str) -> str:
        article = self.by_id.get(article_id)
        if article is None:
            return _code(article_id)
        tooltip = " ".join(article_id.split()).replace("\\", "\\\\").replace('"', '\\"')
        return f'[{md_inline(article_name(article))}](#{self.anchors[article_id]} "{tooltip}")'

    def many(self, ids: Iterable[str]) -> str:
        return ", ".join(self.link(i) for i in ids) or "none"


def _cited_ids(citations: Iterable[Citation]) -> list[str]:
    return list(dict.fromkeys(c.article_id for c in citations))


def _markers(sources: SourceList, citations: Iterable[Citation]) -> str:
    return "".join(f"[{s.number}]" for s in sources.numbers(citations))


def _source_lines(sources: SourceList, names: _Names) -> list[str]:
    lines = []
    for src in sources.sources:
        lines.append(f"{src.number}. {names.link(src.citation.article_id)}: {_quote(src.citation.text)}")
    return lines


def _briefing(story: Story, titles: dict[str, str | None], names: _Names) -> list[str]:
    assert story.briefing is not None
    out = ["### Briefing", ""]
    if not story.briefing:
        return [*out, "No briefing sentences were selected.", ""]
    sources = SourceList(titles=titles)
    for sent in story.briefing:
        out.append(f"- {md_inline(sent.text)} {_markers(sources, sent.citations)}".rstrip())
    out += ["", "Sources:", "", *_source_lines(sources, names), ""]
    return out


def _discrepancies(story: Story, names: _Names) -> list[str]:
    assert story.discrepancies is not None
    out = ["### Discrepancies", ""]
    if not story.discrepancies:
        return [*out, "No discrepancies found.", ""]
    for disc in story.discrepancies:
        where = " (within one article)" if disc.internal else ""
        out.append(f"- **{disc.kind}**{where}: {md_inline(disc.description)}")
        out += [f"  - {names.link(c.article_id)}: {_quote(c.text)}" for c in disc.citations]
    return [*out, ""]


def _timeline(story: Story, names: _Names) -> list[str]:
    assert story.timeline is not None
    return _timeline_entries("### Timeline", story.timeline, names)


def _timeline_entries(heading: str, timeline: list[TimelineEntry], names: _Names) -> list[str]:
    out = [heading, ""]
    if not timeline:
        return [*out, "No dated events found.", ""]
    own = [t for t in timeline if not t.background]
    background = [t for t in timeline if t.background]
    out += [_timeline_entry(t, names) for t in own] or ["No dated events of the story itself."]
    if background:
        out += ["", "Background (dates the story looks back to):", ""]
        out += [_timeline_entry(t, names) for t in background]
    return [*out, ""]


def _timeline_entry(entry: TimelineEntry, names: _Names) -> str:
    shown = (
        entry.date.isoformat()
        if entry.precision == "day"
        else f"{entry.date.isoformat()} ({entry.precision})"
    )
    return f"- **{shown}**: {md_inline(entry.text)} ({names.many(_cited_ids(entry.citations))})"


def _claims(story: Story, names: _Names) -> list[str]:
    assert story.claims is not None
    out = ["### Claims", ""]
    if not story.claims:
        return [*out, "No claims found.", ""]
    out += ["| status | independent sources | claim | articles |", "|---|---:|---|---|"]
    for claim in story.claims:
        out.append(
            f"| {claim.status} | {claim.independent_sources} | {md_inline(claim.text)} | {names.many(claim.article_ids)} |"
        )
    return [*out, ""]


def _entities(story: Story, names: _Names) -> list[str]:
    assert story.entities is not None
    out = ["### Entities", ""]
    if not story.entities:
        return [*out, "No entities found.", ""]
    out += ["| name | type | also written | mentions | articles |", "|---|---|---|---:|---|"]
    for ent in story.entities:
        aliases = "; ".join(md_inline(a) for a in ent.aliases) or "–"
        out.append(
            f"| {md_inline(ent.name)} | {ent.type} | {aliases} | {len(ent.mentions)} | {names.many(_cited_ids(ent.mentions))} |"
        )
    return [*out, ""]


def _quantities(story: Story, names: _Names) -> list[str]:
    assert story.quantities is not None
    out = ["### Quantities", ""]
    if not story.quantities:
        return [*out, "No quantities found.", ""]
    out += ["| value | unit | qualifier | what | articles |", "|---:|---|---|---|---|"]
    for qty in story.quantities:
        value = f"{qty.value:g}"
        out.append(
            f"| {value} | {md_inline(qty.unit or '–')} | {md_inline(qty.approx or '–')} | "
            f"{md_inline(qty.subject or '–')} | {names.many(_cited_ids(qty.citations))} |"
        )
    return [*out, ""]


def _diff_md(base: str, variant: str) -> str:
    parts = []
    for piece in word_diff(base, variant):
        text = md_inline(piece.text)
        parts.append({"same": text, "added": f"**{text}**", "removed": f"~~{text}~~"}[piece.kind])
    return " ".join(parts)


def _quotes(story: Story, names: _Names) -> list[str]:
    assert story.quotes is not None
    out = ["### Quotes", ""]
    if not story.quotes:
        return [*out, "No quotations found.", ""]
    for quote in story.quotes:
        speaker = md_inline(quote.speaker) if quote.speaker else "speaker unknown"
        out.append(f"- {_quote(quote.text)}: {speaker} ({names.many(_cited_ids(quote.citations))})")
        for var in quote.variants:
            out.append(
                f"  - variant: “{_diff_md(quote.text, var.text)}” ({names.many(_cited_ids(var.citations))})"
            )
    return [*out, ""]


def _derivation(story: Story, names: _Names) -> list[str]:
    out = ["### Derivation", ""]
    if story.origin_groups is not None:
        out.append("Origin groups (copies and rewrites of one origin count once):")
        out.append("")
        out += [f"{i}. {names.many(group)}" for i, group in enumerate(story.origin_groups, 1)]
        out.append("")
    if story.derivation is not None:
        if not story.derivation:
            out += ["No article derives from another.", ""]
        else:
            out += ["| source | target | relation | score | direction |", "|---|---|---|---:|---|"]
            for link in story.derivation:
                direction = "source → target" if link.directed else "undirected"
                out.append(
                    f"| {names.link(link.source)} | {names.link(link.target)} | {link.relation} | {link.score:.2f} | {direction} |"
                )
            out.append("")
    return out


def _threads(report: Report, headlines: dict[str, str | None], names: _Names) -> list[str]:
    """The threads of two or more events, each with its events in date order; a story with no
    sibling event is a thread of one and is only counted here."""
    shown = [th for th in report.threads if len(th.story_ids) > 1]
    if not shown:
        return []
    out = ["## Threads", ""]
    alone = len(report.threads) - len(shown)
    if alone:
        verb = "stands" if alone == 1 else "stand"
        out += [f"{_count(alone, 'other story', 'other stories')} {verb} alone (a thread of one).", ""]
    for th in shown:
        out += [
            f"### Thread {_code(th.id)}: {md_inline(th.title)} ({_count(len(th.story_ids), 'event')})",
            "",
        ]
        out.append("Events in date order:")
        out.append("")
        for k, sid in enumerate(th.story_ids, 1):
            headline = headlines.get(sid)
            named = f": {md_inline(headline)}" if headline else ""
            out.append(f"{k}. Story {_code(sid)}{named}")
        out.append("")
        if th.timeline is not None:
            out += _timeline_entries("#### Thread timeline (later figures are updates)", th.timeline, names)
    return out


def _story(story: Story, titles: dict[str, str | None], headline: str | None, names: _Names) -> list[str]:
    named = f": {md_inline(headline)}" if headline else ""
    out = [f"## Story {_code(story.id)}{named} ({_count(len(story.article_ids), 'article')})", ""]
    out += [f"Articles: {names.many(story.article_ids)}", ""]
    if story.reference_date is not None:
        how = f" ({md_inline(story.reference_date_source)})" if story.reference_date_source else ""
        out += [f"Reference date: {story.reference_date.isoformat()}{how}", ""]
    if story.warnings:
        out += [f"- **Warning:** {md_inline(w)}" for w in story.warnings] + [""]
    if story.briefing is not None:
        out += _briefing(story, titles, names)
    if story.discrepancies is not None:
        out += _discrepancies(story, names)
    if story.timeline is not None:
        out += _timeline(story, names)
    if story.claims is not None:
        out += _claims(story, names)
    if story.entities is not None:
        out += _entities(story, names)
    if story.quantities is not None:
        out += _quantities(story, names)
    if story.quotes is not None:
        out += _quotes(story, names)
    if story.origin_groups is not None or story.derivation is not None:
        out += _derivation(story, names)
    return out


def _article(article: Article, anchor: str) -> list[str]:
    # The anchor the article's names elsewhere link to; its id stays in the list below.
    out = [f'### <a id="{anchor}"></a>{md_inline(article_name(article))}', ""]
    meta: list[tuple[str, str | None]] = [
        ("id", _code(article.id)),
        ("source", md_inline(article.url or article.source)),
        ("site", md_inline(article.site) if article.site else None),
        ("published", published_label(article)),
        ("language", language_label(article)),
        ("authors", "; ".join(md_inline(a) for a in article.authors) or None),
        ("credit", "; ".join(md_inline(c) for c in article.credit) or None),
        ("attributions", "; ".join(md_inline(a) for a in article.attributions) or None),
        ("tags", "; ".join(md_inline(t) for t in article.tags) or None),
    ]
    out += [f"- {name}: {value}" for name, value in meta if value]
    out += ["", "#### Text", ""]
    body = [md_block(article.text[s:e]) for s, e in paragraphs(article.text)]
    out += [line for para in body for line in (para, "")] if body else ["(no text kept)", ""]
    out += [f"#### Removed ({len(article.removed)})", ""]
    if article.removed:
        out += [f"- *{r.reason}*: {_quote(r.text)}" for r in article.removed]
    else:
        out.append("Nothing was removed.")
    return [*out, ""]


def render_markdown(report: Report) -> str:
    """The whole report as one Markdown document."""
    titles = article_titles(report)
    out = [
        "# newsloom report",
        "",
        f"newsloom {report.newsloom_version} · {_count(len(report.articles), 'article')} · "
        f"{_count(len(report.stories), 'story', 'stories')} · {_count(len(report.errors), 'error')} · "
        f"{_count(len(report.exact_duplicates), 'exact duplicate')}",
        "",
    ]
    index = article_index(report)
    headlines = {story.id: story_headline(report, story, index) for story in report.stories}
    names = _Names(report)
    out += _threads(report, headlines, names)
    for story in report.stories:
        out += _story(story, titles, headlines[story.id], names)
    if report.articles:
        out += ["## Articles", ""]
        for article in report.articles:
            out += _article(article, names.anchors[article.id])
    if report.exact_duplicates:
        out += ["## Exact duplicates", ""]
        out += [
            f"- {_code(d.id)} ({md_inline(d.source)}) repeats {names.link(d.duplicate_of)}"
            for d in report.exact_duplicates
        ]
        out.append("")
    if report.errors:
        out += ["## Errors", ""]
        out += [f"- **{e.kind}** {md_inline(e.path)}: {md_inline(e.message)}" for e in report.errors]
        out.append("")
    return "\n".join(out).rstrip() + "\n"
