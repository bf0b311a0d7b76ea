"""Off-topic material glued after the end of an article: reference lists and the like.

A scraper that follows the page past the article may append a bibliography, a list of links
or a stretch of another page. Such a tail is found by its shape, not by a heading word: from
some line on, most lines look like citations or list items (years, "Retrieved", "Archived",
ISBN, page numbers, "^" back-links, list markers), and its vocabulary overlaps the article's
less than the article overlaps itself. Everything from that line on goes, including the prose
lines and numbers that sit between the list items.
"""

from __future__ import annotations

import re

from newsloom.pipeline.clean.lines import Line, is_sentence_like

CITATION_SIGNALS = [
    re.compile(r"\bRetrieved\b|\bAccessed\b|\bArchived\b", re.I),
    re.compile(r"\bISBN\b|\bISSN\b|\bdoi:|\bdoi\.org\b|\barXiv\b|\bPMID\b|\bOCLC\b", re.I),
    re.compile(r"\bpp?\.\s*\d"),
    re.compile(r"\((?:1[5-9]|20)\d{2}[a-z]?\)"),  # (2005)
    re.compile(
        r"\b\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|"
        r"November|December)\s+\d{4}\b"
    ),
    re.compile(r"\^|\bJump up\b|\bet al\.|\(PDF\)|\bVol\.\s*\d|\bIbid\b", re.I),
    re.compile(r"[“\"][^”\"]{3,}[”\"]\.\s"),  # a quoted title followed by a full stop
    re.compile(r"https?://|\bwww\.\w"),
]
LIST_MARKER = re.compile(r"^(?:[-*•▪–]\s|\^|\[\d+\]|\d{1,3}[.)]\s|[a-z][.)]\s)")
TAIL_HEADING_MAX_WORDS = 4
# A tail is appended to an article: at least this many words of sentences must come before it.
MIN_BODY_WORDS = 40
MAX_VOCABULARY_CHECKS = 20


def citation_score(text: str) -> int:
    """How many distinct citation signals the line carries."""
    return sum(1 for sig in CITATION_SIGNALS if sig.search(text))


def is_citation_like(text: str) -> bool:
    """A bibliography entry: two or more citation signals, or a "^" back-link."""
    return citation_score(text) >= 2 or text.lstrip("-*• ").startswith("^")


def is_list_item(text: str) -> bool:
    return bool(LIST_MARKER.match(text))


def _overlap(words: set[str], reference: set[str]) -> float:
    return len(words & reference) / len(words) if words else 1.0


def find_appended_tail(lines: list[Line], min_tail_lines: int = 3) -> int | None:
    """Index into ``lines`` where an appended off-topic tail starts, or None.

    The tail is the longest suffix, starting at a citation-like line, in which at least half
    of the lines look like citations (0.5: a bibliography interleaved with quoted prose passes,
    a news article ending in a few dated list items does not); or, failing that, a suffix that
    ends in a list item, is at least three quarters list items, and whose vocabulary shares
    under a quarter of its words with the article before it (0.25: on our own test texts an
    article's last third shares 40-60% of its words with the rest; on L3S-GN1 a looser 0.6
    list share cut real paragraphs that followed a menu). A short heading line just before the
    tail ("Sources", "Notes") goes with it.
    """
    n = len(lines)
    if n < min_tail_lines + 2:
        return None
    cite = [is_citation_like(ln.text) for ln in lines]
    listy = [is_list_item(ln.text) for ln in lines]
    sentence = [is_sentence_like(ln.text) for ln in lines]
    # Prefix and suffix counts, so each candidate start costs O(1).
    body_words_before = [0] * (n + 1)
    for i, ln in enumerate(lines):
        body_words_before[i + 1] = body_words_before[i] + (ln.n_words if sentence[i] else 0)
    cite_after = [0] * (n + 1)
    list_after = [0] * (n + 1)
    sentences_after = [0] * (n + 1)
    for i in range(n - 1, -1, -1):
        cite_after[i] = cite_after[i + 1] + cite[i]
        list_after[i] = list_after[i + 1] + listy[i]
        sentences_after[i] = sentences_after[i + 1] + sentence[i]
    start: int | None = None
    for k in range(1, n - min_tail_lines + 1):
        if not cite[k] or body_words_before[k] < MIN_BODY_WORDS:
            continue
        if cite_after[k] / (n - k) >= 0.5 and cite_after[k] >= min_tail_lines:
            start = k
            break
    if start is None and listy[-1]:
        head_words: set[str] = set()
        checks = 0
        for k in range(1, n - min_tail_lines + 1):
            head_words |= lines[k - 1].content_words
            if not listy[k] or list_after[k] / (n - k) < 0.75 or body_words_before[k] < MIN_BODY_WORDS:
                continue
            # A link list or menu: items are names and titles, not sentences. A bulleted list
            # of facts inside an article is made of sentences and stays.
            if sentences_after[k] > (n - k) / 3:
                continue
            tail_words: set[str] = set().union(*(ln.content_words for ln in lines[k:]))
            if _overlap(tail_words, head_words) < 0.25 and len(tail_words) >= 10:
                start = k
                break
            # Each check reads the whole suffix; a tail starts at one of the first few
            # candidates, so stop looking after a few and keep the cost linear.
            checks += 1
            if checks >= MAX_VOCABULARY_CHECKS:
                break
    if start is None:
        return None
    prev = lines[start - 1]
    if start - 1 >= 1 and prev.n_words <= TAIL_HEADING_MAX_WORDS and not sentence[start - 1]:
        start -= 1
    return start
