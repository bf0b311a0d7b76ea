"""The line cleaner for scraped plain text: which lines are the article, and why the rest go.

The passes run in this order, each only over lines no earlier pass has claimed:

1. line patterns (breadcrumbs, images, calls to action, copyright, credits, bylines, ...);
2. an appended off-topic tail (reference lists and the like);
3. a tag list at the end ("- item" lines, kept as tags);
4. slugs of the headline;
5. the main block, for whole-page dumps: the densest run of prose lines and its lead;
6. the title, its repeats, and a standfirst repeated as the first paragraph;
7. publication-date lines;
8. headings told apart from related-article headlines dropped into the text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from newsloom.model.span import Span
from newsloom.pipeline.clean.blocks import (
    COMMENT_SIGNATURE,
    COMMENT_SIGNATURE_PENALTY,
    MAX_LEAD_LINES,
    densest_block,
    is_body_line,
    is_closing_line,
    is_lead_line,
    line_score,
)
from newsloom.pipeline.clean.language import stopwords_for
from newsloom.pipeline.clean.lines import (
    WORD,
    Line,
    breadcrumb_last,
    byline_of,
    content_words,
    credit_of,
    is_breadcrumb,
    is_headline_like,
    is_sentence_like,
    is_slug,
    rule_reason,
    split_lines,
)
from newsloom.pipeline.clean.metadata import (
    DATE_IN_LINE,
    dateline_date,
    is_timestamp_line,
    page_stamp,
    title_furniture,
)
from newsloom.pipeline.clean.tails import find_appended_tail

# Comment sections (tuned on L3S-GN1 plain text, see blocks.py and bench/boilerplate.py): a
# comment prompt or signature after this many words of prose opens the comment section, and
# prose below it weighs this share of its words. Adding this pass took F1 from 0.911 to 0.921;
# weight 0.1/0.25/0.5 -> 0.921/0.921/0.918, and 50/100/200 words -> 0.919/0.921/0.921.
COMMENTS_AFTER_WORDS = 100
COMMENT_PROSE_WEIGHT = 0.25

# Removed lines that the article does not continue past.
BARRIER_REASONS = frozenset({"comment_prompt", "copyright", "author_box"})

TAG_ITEM = re.compile(r"^[-*•▪]\s+(?P<tag>[^.!?]{1,80})$")
TAG_HEADER = re.compile(
    r"^(?:tags?|topics?|keywords|filed\s+under|related\s+topics)\s*:?\s*(?P<rest>.*)$", re.I
)
TAG_MAX_WORDS = 8

# Related headline vs heading (set by hand on texts written for tests/unit/pipeline/clean; no
# corpus labels headlines dropped into text): a short title-like line is a foreign headline when
# at least this share of its topic words, and at least three of them, occur nowhere else in the
# article, and it shares at most one topic word with the paragraphs just after it. A genuine
# subhead reuses the article's words ("Why the Cables Corroded"); a foreign headline brings new
# names and topics. 0.5 and two words also caught subheads whose nouns are new but on-topic.
RELATED_NOVEL_SHARE = 0.6
RELATED_MIN_NOVEL = 3
HEADING_MAX_WORDS = 16


@dataclass
class LineCleaning:
    """What the line cleaner decided: every line with its fate, and the metadata it found."""

    lines: list[Line]
    title: str | None = None
    published: date | None = None
    authors: list[str] = field(default_factory=list)
    credit: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)

    def text_and_headings(self) -> tuple[str, list[Span]]:
        """The kept lines joined by newlines, and spans of the headings among them."""
        parts: list[str] = []
        headings: list[Span] = []
        pos = 0
        for ln in self.lines:
            if not ln.kept:
                continue
            if parts:
                pos += 1
            if ln.heading:
                headings.append(Span(start=pos, end=pos + len(ln.text), label="heading"))
            parts.append(ln.text)
            pos += len(ln.text)
        return "\n".join(parts), headings


def clean_lines(
    raw_text: str, *, whole_page: bool = True, title_hint: str | None = None, language: str | None = None
) -> LineCleaning:
    """Decide, line by line, what of ``raw_text`` is the article.

    ``whole_page`` is for scraped text that may hold a whole page: it turns on the main-block
    search and the removal of menu rows and foreign headlines. Leave it off for text an
    extractor has already cut down to the article (the HTML route), where such lines are more
    often table rows, lists and subheads the extractor rightly kept (on L3S-GN1, applying them
    after trafilatura removed more gold text than boilerplate).

    ``language`` (ISO 639-1, None for English) picks the function words the prose test counts.
    """
    lines = split_lines(raw_text, stopwords_for(language))
    result = LineCleaning(lines=lines, title=title_hint)
    _apply_patterns(result)
    if not whole_page:
        for ln in lines:
            if ln.reason == "navigation":
                ln.reason = None
    _remove_tail(lines)
    _take_tags(result)
    lead: list[Line] = _keep_main_block(lines) if whole_page else []
    if result.title is None:
        result.title = _infer_title(lines, lead)
    _remove_slugs(lines, result.title)
    _remove_repeats(lines, result.title)
    stamps: dict[int, Line] = {}
    for pos, ln in enumerate(lines):
        if ln.kept:
            when = dateline_date(ln.text)
            if when is not None:
                ln.reason = "dateline"
                result.published = result.published or when
            elif is_timestamp_line(ln.text):
                # A stamp too partial to date the article ("Mar. 8 5:46 PM EST") is still no text.
                ln.reason = "dateline"
            elif page_stamp(ln.text) is not None:
                cut = _take_page_stamp(result, ln, split=whole_page)
                if cut is not None:
                    stamps[pos] = cut
            elif title_furniture(ln.text) == "relative time stamp":
                ln.reason = "dateline"
            elif title_furniture(ln.text) == "photo credit":
                ln.reason = "image"
    if stamps:
        lines[:] = [
            part for pos, ln in enumerate(lines) for part in ((stamps[pos], ln) if pos in stamps else (ln,))
        ]
    if whole_page:
        _take_header_stamps(result)
    _mark_headings(lines, foreign=whole_page)
    return result


# A section label glued to the page's date ("WorldJanuary 6, 2031", "News | 6 Jan 2031").
_GLUED_DATE_MAX_CHARS = 40


def _take_header_stamps(result: LineCleaning) -> None:
    """Dates and a headline from the page header above the body, which the main-block search
    dropped as furniture: a page stamp ("date 2031-06-05 ..."), a line that is only a date, or a
    short section label glued to a date. When the header carries several, the latest wins: a
    crawler's stale stamp sits beside the page's own date, never after it. Dates inside longer
    header lines (related headlines, teasers) date other articles and are not read."""
    first_kept = next((i for i, ln in enumerate(result.lines) if ln.kept), len(result.lines))
    lead = " ".join(ln.text for ln in result.lines[first_kept:] if ln.kept)[:_LEAD_CHARS]
    found: list[date] = []
    for ln in result.lines[:first_kept]:
        stamp = page_stamp(ln.text)
        if stamp is not None:
            when, rest = stamp
            if when is not None:
                found.append(when)
            if result.title is None and _headline_like(rest, lead):
                result.title = rest.strip()
            continue
        when = dateline_date(ln.text)
        if when is None and len(ln.text) <= _GLUED_DATE_MAX_CHARS:
            when = _glued_date(ln.text)
        if when is not None:
            found.append(when)
    if found and result.published is None:
        result.published = max(found)


def _glued_date(text: str) -> date | None:
    m = DATE_IN_LINE.search(text)
    if m is None or text[m.end() :].strip(" .|") or len(WORD.findall(text[: m.start()])) > 2:
        return None
    return dateline_date(m.group(0))


# A headline tells the story its lead tells: it shares at least two content words (five letters
# or more) with the first lines of the body. Page notices beside a stamp ("This audio is made
# with ...", "All sections") share none.
_LEAD_CHARS = 600
_HEADLINE_SHARED_WORDS = 2


def _content_words(text: str) -> set[str]:
    return {w.lower() for w in WORD.findall(text) if len(w) >= 5}


def _headline_like(text: str, lead: str) -> bool:
    n = len(WORD.findall(text))
    text = text.strip()
    return (
        4 <= n <= HEADING_MAX_WORDS
        and len(_content_words(text) & _content_words(lead)) >= _HEADLINE_SHARED_WORDS
        and not text.endswith((".", ":", ";", ","))
        and rule_reason(text) is None
        and title_furniture(text) is None
    )


def _take_page_stamp(result: LineCleaning, ln: Line, split: bool) -> Line | None:
    """A line opening on the page's date stamp: when the rest is furniture too (a byline, a
    section label, a photo credit), the line is metadata and its stamp dates the article. When
    the rest is text and ``split`` is on, the stamp is cut off the line (the returned Line, a
    ``dateline`` removal to put before it), dates the article, and the rest stays text; with
    ``split`` off the line stays whole (its date read with it)."""
    stamp = page_stamp(ln.text)
    assert stamp is not None
    when, rest = stamp
    reason = rule_reason(rest) if rest.strip() else None
    furniture = title_furniture(rest)
    if reason is None and furniture is None and len(WORD.findall(rest)) >= 3:
        if not split:
            return None
        cut = len(ln.text) - len(rest)
        head = ln.text[:cut].rstrip()
        removed = Line(
            ln.index, ln.start, ln.start + len(head), head, reason="dateline", stopwords=ln.stopwords
        )
        ln.start += cut
        ln.text = rest
        ln.__dict__.pop("words", None)  # cached properties of the old text
        ln.__dict__.pop("content_words", None)
        result.published = result.published or when
        return removed
    if reason == "byline":
        for name in byline_of(rest) or []:
            if name not in result.authors:
                result.authors.append(name)
    ln.reason = reason or ("image" if furniture == "photo credit" else "dateline")
    result.published = result.published or when
    return None


def _apply_patterns(result: LineCleaning) -> None:
    for ln in result.lines:
        ln.reason = rule_reason(ln.text)
        if ln.reason == "credit_line":
            who = credit_of(ln.text)
            if who and who not in result.credit:
                result.credit.append(who)
        elif ln.reason == "byline":
            for name in byline_of(ln.text) or []:
                if name not in result.authors:
                    result.authors.append(name)
        elif ln.reason == "breadcrumb":
            ln.notes["last"] = breadcrumb_last(ln.text)


def _remove_tail(lines: list[Line]) -> None:
    start = find_appended_tail(lines)
    if start is None:
        return
    for ln in lines[start:]:
        if ln.kept or ln.reason in {"navigation", "related_headline", "byline"}:
            ln.reason = "appended_tail"


def _take_tags(result: LineCleaning) -> None:
    """A run of two or more short "- item" lines after the last paragraph is a tag list."""
    kept = [ln for ln in result.lines if ln.kept]
    run: list[Line] = []
    for ln in reversed(kept):
        m = TAG_ITEM.match(ln.text)
        if m and ln.n_words <= TAG_MAX_WORDS:
            run.append(ln)
            continue
        break
    header: Line | None = None
    if len(kept) > len(run):
        before = kept[len(kept) - len(run) - 1]
        hm = TAG_HEADER.match(before.text)
        # "Tags" alone, or "Tags: a, b": a colon must end the label when items follow it.
        labelled = hm is not None and (not hm.group("rest") or ":" in before.text[: hm.start("rest")])
        if hm and labelled and before.n_words <= 40 and (run or hm.group("rest")):
            header = before
    tags: list[str] = []
    if len(run) < 2 and header is None:
        run = []
    if header is not None:
        rest = TAG_HEADER.match(header.text)
        items = re.split(r"\s*[,;|·•]\s*", rest.group("rest")) if rest else []
        tags.extend(t.strip() for t in items if t.strip())
        header.reason = "tag_list"
    for ln in reversed(run):
        m = TAG_ITEM.match(ln.text)
        if m:
            tags.append(m.group("tag").strip())
        ln.reason = "tag_list"
    # A labelled tag line anywhere ("Topics: a | b | c"), often read as a menu by the patterns.
    for ln in result.lines:
        if ln.reason not in (None, "navigation") or ln.n_words > 40:
            continue
        hm = TAG_HEADER.match(ln.text)
        if hm and hm.group("rest").strip() and ":" in ln.text[: hm.start("rest")]:
            tags.extend(t.strip() for t in re.split(r"\s*[,;|·•]\s*", hm.group("rest")) if t.strip())
            ln.reason = "tag_list"
    for t in tags:
        if t not in result.tags:
            result.tags.append(t)


def _keep_main_block(lines: list[Line]) -> list[Line]:
    """Drop kept lines outside the main block; return the lead lines just above it."""
    if not lines:
        return []
    scores: list[float] = []
    body_words = 0
    in_comments = False
    for ln in lines:
        # Once a comment section has opened after the article's first paragraphs, prose
        # below it is readers' comments: it counts for less, so a long thread cannot outweigh
        # the article above it.
        if body_words >= COMMENTS_AFTER_WORDS and (
            ln.reason == "comment_prompt" or COMMENT_SIGNATURE.match(ln.text)
        ):
            in_comments = True
        if COMMENT_SIGNATURE.match(ln.text) and body_words:
            scores.append(-COMMENT_SIGNATURE_PENALTY)
            continue
        score = line_score(ln) if ln.kept else 0.0
        if in_comments and score > 0:
            score *= COMMENT_PROSE_WEIGHT
        scores.append(score)
        if ln.kept and is_body_line(ln):
            body_words += ln.n_words
    barriers = [ln.reason in BARRIER_REASONS for ln in lines]
    block = densest_block(scores, barriers)
    if block is None:
        return []
    first, last = block
    lead: list[Line] = []
    i, taken, headlines = first - 1, 0, 0
    while i >= 0 and taken < MAX_LEAD_LINES:
        ln = lines[i]
        if barriers[i]:
            break
        if ln.kept:
            if not is_lead_line(ln):
                break
            # One headline per article: a second headline-like line above the first belongs
            # to a list of teasers, not to this article's lead.
            if _is_title_shape(ln) and not _is_cut_paragraph(ln, lines):
                headlines += 1
                if headlines > 1:
                    break
            lead.append(ln)
            taken += 1
            first = i
        i -= 1
    j = last + 1
    while j < len(lines) and not barriers[j]:
        ln = lines[j]
        if ln.kept:
            if not is_closing_line(ln):
                break
            last = j
        j += 1
    for k, ln in enumerate(lines):
        if ln.kept and not first <= k <= last:
            ln.reason = "page_furniture"
    lead.reverse()
    return lead


def _key(text: str) -> str:
    return " ".join(WORD.findall(text.lower()))


def _is_cut_paragraph(ln: Line, lines: list[Line]) -> bool:
    """Whether a line is the opening of one of the next few lines, cut short (a standfirst or a
    teaser truncated by the page), not a headline of its own."""
    key = _key(ln.text)
    after = [other for other in lines if other.index > ln.index][:4]
    return len(key) >= 15 and any(
        len(_key(other.text)) > len(key) and _key(other.text).startswith(key) for other in after
    )


def _infer_title(lines: list[Line], lead: list[Line]) -> str | None:
    """The headline, when the text shows it with confidence.

    In order: the last item of a breadcrumb trail, when it reads like a headline; a
    headline-like line that is also part of the page's first line (a page dump starts with the
    page's <title>, "Headline - Site name"), the one nearest above the body; a headline-like
    line just above the body (in the lead of a page dump, or the first line of an article); a
    headline-like line that appears twice.
    """
    for ln in lines:
        last = ln.notes.get("last", "")
        if ln.reason == "breadcrumb" and len(WORD.findall(last)) >= 3 and is_headline_like(last):
            return last
    # On L3S-GN1 plain text this pass (with one headline per lead) took F1 from 0.921 to 0.930.
    if len(lines) > 2 and lines[0].n_words <= 40 and not is_body_line(lines[0]):
        page_title = _key(lines[0].text)
        in_title = [
            ln
            for ln in lines[1:]
            if _is_title_shape(ln) and len(_key(ln.text)) >= 15 and _key(ln.text) in page_title
        ]
        body_start = next((ln.index for ln in lines if ln.kept), len(lines))
        above = [ln for ln in in_title if ln.index <= body_start]
        if above or in_title:
            return (above[-1] if above else in_title[0]).text
    candidates = [ln for ln in lead if _is_title_shape(ln) and not _is_cut_paragraph(ln, lines)]
    if candidates:
        return candidates[-1].text
    kept = [ln for ln in lines if ln.kept]
    if (
        len(kept) >= 2
        and _is_title_shape(kept[0])
        and not _is_cut_paragraph(kept[0], lines)
        and any(is_body_line(k) for k in kept[1:4])
    ):
        return kept[0].text
    seen: dict[str, int] = {}
    for ln in lines:
        if _is_title_shape(ln):
            k = _key(ln.text)
            seen[k] = seen.get(k, 0) + 1
            if seen[k] == 2:
                return ln.text
    return None


def _is_title_shape(ln: Line) -> bool:
    return (
        3 <= ln.n_words <= 24
        and not is_sentence_like(ln.text)
        and is_headline_like(ln.text)
        and dateline_date(ln.text) is None
        and not is_timestamp_line(ln.text)
        and not is_breadcrumb(ln.text)
        and title_furniture(ln.text) is None
    )


def _remove_slugs(lines: list[Line], title: str | None) -> None:
    """A slug of the headline near the top, or one that shares words with the title.

    Lines of hard-wrapped prose are lower case and unpunctuated too; a slug stands alone, so a
    slug-like line next to another one is left alone.
    """
    kept = [ln for ln in lines if ln.kept]
    title_words = content_words(title, kept[0].stopwords) if title and kept else set()
    for pos, ln in enumerate(kept):
        if not is_slug(ln.text):
            continue
        neighbours = kept[max(0, pos - 1) : pos] + kept[pos + 1 : pos + 2]
        if any(
            is_slug(nb.text) or (not is_sentence_like(nb.text) and nb.text[:1].islower()) for nb in neighbours
        ):
            continue
        words = ln.content_words
        shares_title = bool(words) and len(words & title_words) / len(words) >= 0.3
        if pos <= 3 or shares_title:
            ln.reason = "title_repeat"


def _remove_repeats(lines: list[Line], title: str | None) -> None:
    """The title's own line(s) leave the body; a line said twice is kept once."""
    title_key = _key(title) if title else None
    seen: set[str] = set()
    body_seen = 0
    for ln in lines:
        if not ln.kept:
            continue
        k = _key(ln.text)
        if title_key and k == title_key:
            ln.reason = "title_repeat"
            continue
        if k in seen and ln.n_words >= 4:
            ln.reason = "repeated_standfirst" if body_seen <= 2 else "duplicate"
            continue
        seen.add(k)
        if is_body_line(ln):
            body_seen += 1


def _mark_headings(lines: list[Line], *, foreign: bool = True) -> None:
    """Mark section headings; remove foreign headlines that only look like them (``foreign``)."""
    kept = [ln for ln in lines if ln.kept]
    # In how many kept lines each topic word occurs: a word of the candidate that occurs in
    # no other line is new to the article.
    lines_with: Counter[str] = Counter(w for ln in kept for w in ln.content_words)
    for pos, ln in enumerate(kept):
        if ln.n_words > HEADING_MAX_WORDS or (is_sentence_like(ln.text) and not ln.text.endswith("?")):
            continue
        if not is_headline_like(ln.text, max_words=HEADING_MAX_WORDS) and not ln.text.endswith(("?", ":")):
            continue
        following = [k for k in kept[pos + 1 : pos + 3] if is_body_line(k)]
        if not following:
            continue
        if foreign and pos > 0 and _is_foreign(ln, kept, pos, lines_with):
            ln.reason = "related_headline"
        else:
            ln.heading = True


def _is_foreign(ln: Line, kept: list[Line], pos: int, lines_with: Counter[str]) -> bool:
    """A headline of another article: its topic words are new to the article and to the
    paragraphs it would introduce."""
    words = ln.content_words
    if not words:
        return False
    novel = {w for w in words if lines_with[w] <= 1}
    after: set[str] = set()
    for other in kept[pos + 1 : pos + 3]:
        after |= other.content_words
    return (
        len(novel) >= RELATED_MIN_NOVEL
        and len(novel) / len(words) >= RELATED_NOVEL_SHARE
        and len(words & after) <= 1
    )
