"""Sentences of an article as the comparing stage sees them: offsets, words, quotes and numbers.

The reading stage's ``sentences`` spans are used when present; otherwise a rule-based split
(line breaks, then sentence-final punctuation before a capital or quote) gives the same kind of
offsets, so alignment always cites exact characters of ``article.text``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from newsloom.model import Article

_QUOTE_FOLD = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-", "\u00a0": " "}
)
# Sentence end: . ! ? (optionally followed by a closing quote or bracket) then space and a
# capital letter, digit or opening quote. Abbreviations such as "Jan. 9" or "Mr. Koo" are
# protected below.
_SENT_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)\]]?\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9])")
_ABBREV = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Prof|Sr|Jr|St|Gen|Col|Lt|Sgt|Capt|Gov|Sen|Rep|Rev|No|vs|etc|Inc|Corp|Ltd|Co|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|U\.S|U\.K|U\.N|[A-Z])\.$"
)
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)
_NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\w)|(?<![\w.,])\d+(?:\.\d+)?(?!\w)")
_QUOTED = re.compile(r"[\"\u201c]([^\"\u201c\u201d]{3,400})[\"\u201d]")

# A small English stop list: function words carry no event identity. Kept short on purpose so
# the same list serves alignment, clustering and the lexical fallback.
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just me more
    most my myself no nor not now of off on once only or other our ours ourselves out over own same she
    should so some such than that the their theirs them themselves then there these they this those
    through to too under until up very was we were what when where which while who whom why will with
    would you your yours yourself yourselves said says say told tell according would may might must
    one two also however since per like still even yet""".split()  # noqa: SIM905
)


def fold(text: str) -> str:
    """Unicode-normalised, case-folded text with curly quotes and dashes made plain."""
    return unicodedata.normalize("NFKC", text).translate(_QUOTE_FOLD).casefold()


def fold_quotes(text: str) -> str:
    """Curly quotes, dashes and no-break spaces made plain, one character for one (offsets hold)."""
    return text.translate(_QUOTE_FOLD)


def words(text: str) -> list[str]:
    """Folded word tokens of ``text`` (letters and digits, inner apostrophes and hyphens kept)."""
    return _WORD.findall(fold(text))


def content_words(text: str) -> list[str]:
    """Folded word tokens without stop words and one-letter tokens."""
    return [w for w in words(text) if len(w) > 1 and w not in STOPWORDS]


def numbers(text: str) -> set[str]:
    """The numbers written in ``text``, with thousands separators removed ("2,700" -> "2700")."""
    return {m.group(0).replace(",", "") for m in _NUMBER.finditer(text)}


def quotations(text: str) -> list[str]:
    """Folded word strings of the passages inside quotation marks that are three words or longer."""
    found = []
    for m in _QUOTED.finditer(text.translate(_QUOTE_FOLD)):
        ws = words(m.group(1))
        if len(ws) >= 3:
            found.append(" ".join(ws))
    return found


@dataclass(frozen=True)
class Sentence:
    """One sentence of one article: offsets into ``article.text`` and the features alignment uses."""

    article_id: str
    index: int
    start: int
    end: int
    text: str
    words: tuple[str, ...]
    content: frozenset[str]
    numbers: frozenset[str]
    quotes: tuple[str, ...]

    @property
    def length(self) -> int:
        """Characters covered."""
        return self.end - self.start


def split_offsets(text: str) -> list[tuple[int, int]]:
    """Sentence offsets by a simple rule: line breaks, then . ! ? before a capital or quote.

    The fallback when the reading stage gave no sentence spans; the cross-check stage uses it too.
    """
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        base = line.start()
        chunk = line.group(0)
        cut = 0
        for m in _SENT_END.finditer(chunk):
            head = chunk[cut : m.start()].rstrip()
            if _ABBREV.search(head):
                continue
            spans.append((base + cut, base + m.start()))
            cut = m.end()
        spans.append((base + cut, base + len(chunk)))
    out = []
    for s, e in spans:
        seg = text[s:e]
        lead = len(seg) - len(seg.lstrip())
        trail = len(seg) - len(seg.rstrip())
        if e - trail > s + lead:
            out.append((s + lead, e - trail))
    return out


def article_sentences(article: Article) -> list[Sentence]:
    """The article's body sentences, from the reading stage's spans when present.

    Headings are left out: they repeat the body and would count as shared text twice.

    >>> from newsloom.model import Article
    >>> [s.text for s in article_sentences(Article(id="a", source="-", text="One. Two here."))]
    ['One.', 'Two here.']
    """
    text = article.text
    spans = article.annotations.get("sentences")
    if spans:
        offsets = [(sp.start, sp.end) for sp in spans if 0 <= sp.start < sp.end <= len(text)]
    else:
        offsets = split_offsets(text)
    heads = {(h.start, h.end) for h in article.headings}
    out: list[Sentence] = []
    for s, e in offsets:
        if (s, e) in heads:
            continue
        seg = text[s:e]
        ws = words(seg)
        if not ws:
            continue
        out.append(
            Sentence(
                article_id=article.id,
                index=len(out),
                start=s,
                end=e,
                text=seg,
                words=tuple(ws),
                content=frozenset(w for w in ws if len(w) > 1 and w not in STOPWORDS),
                numbers=frozenset(numbers(seg)),
                quotes=tuple(quotations(seg)),
            )
        )
    return out
