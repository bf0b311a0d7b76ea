"""Paragraphs and sentences of clean text, as ``(start, end)`` offsets.

A rule-based splitter: fast (pure regex, no model) and good on edited news prose, where
sentences end in ``.``, ``!`` or ``?`` followed by a capital, a digit or an opening quote.
Both engines use it (see ``nlp.py`` for why); its boundary F1 against the one-sentence-per-line
gold of ECB+ is printed by ``bench/read.py``.
"""

from __future__ import annotations

import re

# Words that end in a period without ending the sentence: titles, months, "U.S.", "No. 5", ...
ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "sen",
        "rep",
        "gov",
        "lt",
        "col",
        "sgt",
        "capt",
        "cmdr",
        "adm",
        "maj",
        "st",
        "jr",
        "sr",
        "rev",
        "hon",
        "pres",
        "supt",
        "insp",
        "vs",
        "etc",
        "no",
        "nos",
        "vol",
        "pp",
        "fig",
        "approx",
        "est",
        "dept",
        "univ",
        "corp",
        "inc",
        "ltd",
        "co",
        "bros",
        "mt",
        "ft",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
        "u.s",
        "u.k",
        "u.n",
        "e.u",
        "a.m",
        "p.m",
        "i.e",
        "e.g",
        "d.c",
        "n.y",
        "l.a",
    ]
)

_PARAGRAPH = re.compile(r"[^\n]+")
# A candidate boundary: terminal punctuation, optional closing quotes/brackets, whitespace, then
# something that can open a sentence.
_BOUNDARY = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9])")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Non-blank lines of ``text`` (the cleaner puts one paragraph per line), stripped."""
    out = []
    for m in _PARAGRAPH.finditer(text):
        start, end = _strip(text, m.start(), m.end())
        if end > start:
            out.append((start, end))
    return out


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_abbreviation(text: str, dot_end: int, par_start: int) -> bool:
    """Whether the period ending at ``dot_end`` belongs to an abbreviation or an initial."""
    m = _WORD_BEFORE.search(text, max(par_start, dot_end - 12), dot_end)
    if not m:
        return False
    word = m.group(1).lower().rstrip(".")
    if word in ABBREVIATIONS:
        return True
    # A single capital letter is an initial ("J. K. Rowling"), not a sentence end.
    return len(word) == 1 and m.group(1).isupper()


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentences of ``text[start:end]`` as offsets; never crosses a line break.

    >>> t = "Mr. Lee said so. It rained."
    >>> [t[s:e] for s, e in split_sentences(t)]
    ['Mr. Lee said so.', 'It rained.']
    """
    end = len(text) if end is None else end
    out: list[tuple[int, int]] = []
    for p_start, p_end in paragraphs(text[:end]):
        if p_end <= start:
            continue
        p_start = max(p_start, start)
        cur = p_start
        for m in _BOUNDARY.finditer(text, p_start, p_end):
            dot_end = m.start() + len(m.group(0).rstrip("\"”’')]"))
            if text[m.start()] == "." and _is_abbreviation(text, m.start() + 1, p_start):
                continue
            if dot_end - cur < 2:
                continue
            s, e = _strip(text, cur, m.end())
            if e > s:
                out.append((s, e))
            cur = m.end()
        s, e = _strip(text, cur, p_end)
        if e > s:
            out.append((s, e))
    return out
