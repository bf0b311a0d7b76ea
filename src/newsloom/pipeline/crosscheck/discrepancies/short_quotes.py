"""A short quotation whose describing words were changed: one report quotes a 'reasonable
estimate' where another quotes the same speaker's 'very fair estimate that ...'.

A quotation of two or three words is too short for the reworded-quotation detector (it needs
four shared content words). Here the quoted noun is kept and the words describing it are
replaced, in the same place of the sentence: the word before the describing words and the word
after the noun are the same in both reports ("it was a 'reasonable estimate' that" / "it was a
'very fair estimate that'"). A quotation of the same words, a shorter part of the other
quotation ("fair estimate" inside "very fair estimate"), the same noun in another sentence
frame, or two speakers named differently are not flagged.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsloom.model import Discrepancy
from newsloom.pipeline.crosscheck.discrepancies.quotes import Token, _content, tokens
from newsloom.pipeline.crosscheck.evidence import StoryEvidence
from newsloom.pipeline.crosscheck.quotes import QuoteMention, same_person
from newsloom.pipeline.crosscheck.text import STOPWORDS

# Words that may stand before a describing word without changing the phrase's frame.
_INTENSIFIERS = frozenset({"very", "really", "quite", "fairly", "pretty", "most", "extremely", "highly"})


@dataclass(frozen=True)
class _Phrase:
    quote: QuoteMention
    words: list[str]
    before: str | None
    after: str | None


def _outside_word(ev: StoryEvidence, aid: str, offset: int, forward: bool) -> str | None:
    """The first word outside the quotation marks after (``forward``) or before ``offset``."""
    text = ev.articles[aid].text
    if forward:
        toks = tokens(text[offset : offset + 60])
        return toks[0].word if toks else None
    toks = tokens(text[max(0, offset - 60) : offset])
    return toks[-1].word if toks else None


def _phrases(ev: StoryEvidence, aid: str) -> list[_Phrase]:
    text = ev.articles[aid].text
    out = []
    for q in ev.quotes[aid]:
        ws: list[Token] = tokens(q.text, q.start)
        # the closing mark sits right after the quotation (and any punctuation inside it)
        close = q.end + 1 if q.end < len(text) else q.end
        out.append(
            _Phrase(
                q,
                [t.word for t in ws],
                _outside_word(ev, aid, q.start - 1, False),
                _outside_word(ev, aid, close, True),
            )
        )
    return out


def _swap(short: _Phrase, long: _Phrase) -> tuple[int, int] | None:
    """Where in ``long`` the noun of ``short`` stands after other describing words in the same
    frame: (start, end) of the describing words, or None."""
    *mods, head = short.words
    if not 1 <= len(mods) <= 2 or len(head) < 4 or head in STOPWORDS or not head.isalpha():
        return None
    if any(m in STOPWORDS or not m.isalpha() for m in mods) or set(mods) & set(long.words):
        return None
    w = long.words
    for j, word in enumerate(w):
        if word != head or j == 0:
            continue
        right = w[j + 1] if j + 1 < len(w) else long.after
        if right is None or right != short.after:
            continue
        for n in (1, 2):
            if j - n < 0:
                break
            swapped = w[j - n : j]
            if not _content(swapped) or any(s in STOPWORDS and s not in _INTENSIFIERS for s in swapped):
                continue
            left = w[j - n - 1] if j - n - 1 >= 0 else long.before
            if left is not None and left == short.before:
                return j - n, j
    return None


def short_quote_discrepancies(ev: StoryEvidence) -> list[Discrepancy]:
    """Two- and three-word quotations whose describing words another report quotes otherwise."""
    phrases = {aid: _phrases(ev, aid) for aid in ev.order}
    out = []
    done: set[tuple[str, ...]] = set()
    for aid in ev.order:
        for short in phrases[aid]:
            if not 2 <= len(short.words) <= 3 or tuple(short.words) in done:
                continue
            for other in ev.order:
                if other == aid or ev.origin_of[other] == ev.origin_of[aid]:
                    continue
                quoted_there = {tuple(p.words) for p in phrases[other]}
                for long in phrases[other]:
                    named = long.quote.speaker and short.quote.speaker
                    if named and not same_person(
                        long.quote.speaker or "", short.quote.speaker or "", ev.aliases
                    ):
                        continue
                    where = _swap(short, long)
                    if where is None or tuple(short.words) in quoted_there:
                        continue
                    # the other report's describing words, as it quotes them, must not be quoted
                    # in the short quotation's article either (then both wordings were said)
                    theirs = [*long.words[where[0] : where[1]], short.words[-1]]
                    if any(_holds(p.words, theirs) for p in phrases[aid]):
                        continue
                    done.add(tuple(short.words))
                    q, r = short.quote, long.quote
                    out.append(
                        Discrepancy(
                            kind="quote",
                            description=(
                                f"{ev.label(q.article_id)} quotes '{q.text}' where {ev.label(r.article_id)} "
                                f"quotes{f' {r.speaker}' if r.speaker else ''} '{r.text}': the words describing "
                                f"'{short.words[-1]}' differ inside the quotation marks."
                            ),
                            citations=[
                                ev.cite_sentence_of(q.article_id, q.start, q.end),
                                ev.cite_sentence_of(r.article_id, r.start, r.end),
                            ],
                            severity="likely_error",
                        )
                    )
                    break
                if tuple(short.words) in done:
                    break
    return out


def _holds(words: list[str], run: list[str]) -> bool:
    n = len(run)
    return any(words[i : i + n] == run for i in range(len(words) - n + 1))


__all__ = ["short_quote_discrepancies"]
