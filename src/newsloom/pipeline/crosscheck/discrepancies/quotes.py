"""Quote drift: the same quotation worded, widened or narrowed differently across articles.

- *Widened / narrowed*: one article's quotation holds another's whole, plus words that the other
  article gives outside its quotation marks, as paraphrase. Quoting a shorter part of a longer
  quotation is ordinary; it is flagged only when the extra words are shown to be paraphrase.
- *Reworded*: two quotations of one speaker share a long stretch of words but differ inside it
  (not merely at the edges, which is partial quoting).
- *Paraphrase in quotation marks*: words that one article puts inside quotation marks, that no
  other article quotes, and that another article gives outside quotation marks.

An article with no quotation mark anywhere is never the paraphrasing side: its marks were lost.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from functools import lru_cache

from newsloom.model import Discrepancy
from newsloom.pipeline.crosscheck.evidence import StoryEvidence
from newsloom.pipeline.crosscheck.quotes import QuoteMention, same_person
from newsloom.pipeline.crosscheck.text import STOPWORDS, BodySentence, fold

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
# Quotations shorter than this are phrases ("other options", "meat assaults"): the same phrase
# is routinely quoted inside different sentences, so they are not compared for drift.
MIN_QUOTE_WORDS = 4
# Share of the extra words' content words that must stand beside the other article's quotation,
# outside its marks, to call them paraphrase. Tuned on hand-written widened/partial quote pairs
# (tests): 0.6 catches a verbatim paraphrase and a lightly reordered one; a different verb
# ("there could be" vs "there may be") stays below it.
PARAPHRASE_SHARE = 0.6
# A wording carried by many copies is compared through this many of its articles.
_MENTIONS_PER_WORDING = 5
# Share of the shorter quotation's content words, and of the longer one's, that two quotations
# must share to be one (reworded) quotation.
SAME_QUOTE = 0.6
SAME_QUOTE_OF_LONGER = 0.3


@dataclass(frozen=True)
class Token:
    word: str
    start: int
    end: int


def tokens(text: str, base: int = 0) -> list[Token]:
    """Folded word tokens with offsets (``base`` added), British spellings made American and
    negative contractions spelt out ("aren't" as "are not": an editor's house style, not drift)."""
    out: list[Token] = []
    for m in _TOKEN.finditer(text):
        word = one_spelling(fold(m.group(0)))
        start, end = base + m.start(), base + m.end()
        if word == "t" and out and out[-1].word.endswith("n") and out[-1].end == start - 1:
            prev = out[-1]
            out[-1] = Token(_CONTRACTED.get(prev.word, prev.word[:-1]), prev.start, prev.end)
            word = "not"
        elif word == "cannot":
            out.append(Token("can", start, end))
            word = "not"
        out.append(Token(word, start, end))
    return out


# "won't" is "will not", "can't" "can not", "ain't" "is not"; the rest drop their n ("aren't").
_CONTRACTED = {"won": "will", "can": "can", "ain": "is", "shan": "shall"}


_ISE = re.compile(r"(?<=\w{3})is(e|ed|es|ing|ation|ations)$")
_OUR = re.compile(r"(?<=\w{3})our(s|ed|ing|ite|ites|able)?$")
_TRE = re.compile(r"(?<=\w{2})([bt])re(s)?$")


@lru_cache(maxsize=65536)
def one_spelling(word: str) -> str:
    """One spelling for British and American variants, so that an editor's house style is not
    quote drift: realised/realized, colour/color, centre/center, fibre/fiber.

    >>> [one_spelling(w) for w in ("realised", "colour", "centres", "fibre", "promise", "four")]
    ['realized', 'color', 'centers', 'fiber', 'promize', 'four']
    """
    word = _ISE.sub(r"iz\1", word)
    word = _OUR.sub(lambda m: "or" + (m.group(1) or ""), word)
    return _TRE.sub(lambda m: m.group(1) + "er" + (m.group(2) or ""), word)


def _content(ws: list[str]) -> list[str]:
    return [w for w in ws if w not in STOPWORDS and len(w) > 1]


def _outside_quotes(ev: StoryEvidence, aid: str, start: int, end: int) -> list[Token]:
    text = ev.articles[aid].text
    # Only quotations overlapping the window can contain its tokens (most articles quote often).
    ranges = [(q.start, q.end) for q in ev.quotes[aid] if q.start < end and q.end > start]
    return [t for t in tokens(text[start:end], start) if not any(s <= t.start < e for s, e in ranges)]


_QUOTATION_MARK = re.compile('["\u201c\u201d\u00ab\u00bb\u201e]')


def _uses_quotation_marks(ev: StoryEvidence, aid: str) -> bool:
    """Whether the article quotes anyone at all. A news text without a single quotation mark has
    almost always lost them (plain-text exports, some extractors); words it gives unquoted are
    then no evidence of paraphrase (on the bench, 18 of 34 "paraphrase" flags came from such
    texts)."""
    return bool(ev.quotes[aid]) or bool(_QUOTATION_MARK.search(ev.articles[aid].text))


def _paraphrased(
    ev: StoryEvidence, extra: list[Token], other: QuoteMention, before: bool
) -> tuple[int, int] | None:
    """Where the other article gives the ``extra`` words outside quotation marks, beside its quotation."""
    want = _content([t.word for t in extra])
    if len(want) < 2 or not _uses_quotation_marks(ev, other.article_id):
        return None
    text = ev.articles[other.article_id].text
    line_start = text.rfind("\n", 0, other.start) + 1
    line_end = text.find("\n", other.end)
    line_end = len(text) if line_end < 0 else line_end
    if before:
        window = _outside_quotes(ev, other.article_id, max(line_start, other.start - 400), other.start)
        window = window[-(len(extra) + 6) :]
    else:
        window = _outside_quotes(ev, other.article_id, other.end, min(line_end, other.end + 400))
        window = window[: len(extra) + 6]
    have = {t.word for t in window}
    hit = [w for w in want if w in have]
    if len(hit) < 2 or len(hit) / len(want) < PARAPHRASE_SHARE:
        return None
    used = [t for t in window if t.word in set(want)]
    return used[0].start, used[-1].end


def _speaker_of(q: QuoteMention) -> str:
    return f" {q.speaker}'s" if q.speaker else ""


def quote_discrepancies(ev: StoryEvidence) -> list[Discrepancy]:
    """Widened, narrowed and reworded quotations, and paraphrase presented as quotation."""
    mentions = [q for aid in ev.order for q in ev.quotes[aid]]
    toks = {id(q): tokens(q.text, q.start) for q in mentions}
    # copies repeat quotations word for word: compare each wording once (with a few of the
    # articles that carry it), not every mention against every other
    by_wording: dict[tuple[str, ...], list[QuoteMention]] = defaultdict(list)
    for q in mentions:
        by_wording[tuple(t.word for t in toks[id(q)])].append(q)
    quotes: list[QuoteMention] = []
    for same in by_wording.values():
        seen_articles: set[str] = set()
        for q in same:
            if q.article_id not in seen_articles and len(seen_articles) < _MENTIONS_PER_WORDING:
                seen_articles.add(q.article_id)
                quotes.append(q)
    index: dict[str, list[QuoteMention]] = defaultdict(list)
    for q in quotes:
        for w in set(_content([t.word for t in toks[id(q)]])):
            index[w].append(q)
    out: list[Discrepancy] = []
    widened: dict[int, list[tuple[QuoteMention, tuple[int, int], list[Token]]]] = defaultdict(list)
    reworded: list[tuple[QuoteMention, QuoteMention]] = []
    quoted_elsewhere: set[int] = set()
    for q in quotes:
        tq = toks[id(q)]
        if len(tq) < MIN_QUOTE_WORDS:
            continue
        shared: dict[int, int] = defaultdict(int)
        for w in set(_content([t.word for t in tq])):
            for r in index[w]:
                if r.article_id != q.article_id:
                    shared[id(r)] += 1
        for r in (r for r in quotes if shared.get(id(r), 0) >= 2):
            tr = toks[id(r)]
            if len(tr) < MIN_QUOTE_WORDS:
                continue
            wq, wr = [t.word for t in tq], [t.word for t in tr]
            sm = SequenceMatcher(None, wq, wr, autojunk=False)
            blocks = [b for b in sm.get_matching_blocks() if b.size > 0]
            matched = sum(b.size for b in blocks)
            if matched / min(len(wq), len(wr)) >= 0.5:
                quoted_elsewhere.add(id(q))
            if not blocks:
                continue
            longest = max(blocks, key=lambda b: b.size)
            if longest.size == len(wr) and len(wq) > len(wr):
                # r lies whole inside q: q is wider. Are q's extra words paraphrase in r's article?
                before, after = tq[: longest.a], tq[longest.a + longest.size :]
                for extra, is_before in ((before, True), (after, False)):
                    if len(extra) < 3:
                        continue
                    where = _paraphrased(ev, extra, r, is_before)
                    if where is not None:
                        widened[id(q)].append((r, where, extra))
                continue
            if longest.size == len(wq):
                continue  # q lies whole inside r: seen from r's side
            if _is_reworded(ev, q, r, wq, wr, sm):
                reworded.append((q, r))
    out.extend(_reworded(ev, reworded, by_wording))
    out.extend(_reworded_sentences(ev, quotes, {id(q) for pair in reworded for q in pair}))
    by_id = {id(q): q for q in quotes}
    for qid, found in widened.items():
        q = by_id[qid]
        extra_tokens = found[0][2]
        if _quoted_by_another_origin(ev, q, [t.word for t in extra_tokens], mentions, toks):
            continue  # an independent report quotes the wider words too: they were said
        text = ev.articles[q.article_id].text
        extra_words = text[extra_tokens[0].start : extra_tokens[-1].end]
        others = list(dict.fromkeys(ev.label(r.article_id) for r, _, _ in found))
        shorter = found[0][0].text
        citations = [ev.cite_sentence_of(q.article_id, q.start, q.end)]
        for r, (ps, pe), _ in found:
            cite = ev.cite_sentence_of(r.article_id, min(ps, r.start), max(pe, r.end))
            if cite not in citations:
                citations.append(cite)
        out.append(
            Discrepancy(
                kind="quote",
                description=(
                    f"{ev.label(q.article_id)} widens{_speaker_of(q)} quotation to include '{extra_words}'; "
                    f"{', '.join(others)} give{'s' if len(others) == 1 else ''} these words as paraphrase, "
                    f"outside the quotation marks, and quote only '{shorter}'."
                ),
                citations=citations,
            )
        )
    for same in by_wording.values():
        if len({q.article_id for q in same}) > 1 or any(id(q) in quoted_elsewhere for q in same):
            quoted_elsewhere.update(id(q) for q in same)
    firsts = [same[0] for same in by_wording.values()]
    out.extend(_paraphrase_in_quotes(ev, firsts, toks, quoted_elsewhere))
    return out


def _is_reworded(
    ev: StoryEvidence,
    q: QuoteMention,
    r: QuoteMention,
    wq: list[str],
    wr: list[str],
    sm: SequenceMatcher[str] | None = None,
) -> bool:
    """Whether two quotations of one speaker, in two articles, are one quotation worded
    differently inside (``wq`` and ``wr`` are their words; ``sm`` aligns them, when at hand)."""
    full_q, full_r = wq, wr
    # the same quotation, reworded or reordered: most content words shared, in any order
    # (function words say nothing: "We have no information on intent or motive" and "We
    # just don't have any leads at all as far as the intent or motive" are two remarks),
    # and a fair share of the longer one too (a short quotation is not the reworded
    # version of a long passage that happens to contain its names)
    # a quotation cut off by the end of its excerpt is compared with as much of the
    # other as it has words: the rest was never printed, not left out by its reporter
    if _cut_off(ev, q):
        wr = wr[: len(wq)]
    elif _cut_off(ev, r):
        wq = wq[: len(wr)]
    cq, cr = Counter(_content(wq)), Counter(_content(wr))
    bag = sum((cq & cr).values())
    n_short, n_long = sorted((sum(cq.values()), sum(cr.values())))
    if bag < 4 or bag / max(n_short, 1) < SAME_QUOTE or bag / max(n_long, 1) < SAME_QUOTE_OF_LONGER:
        return False
    if q.speaker and r.speaker and not same_person(q.speaker, r.speaker, ev.aliases):
        return False  # different speakers: an attribution question, not drift
    if ("(" in q.text or "[" in q.text or "(" in r.text or "[" in r.text) and [
        t.word for t in tokens(_BRACKETED.sub(" ", q.text))
    ] == [t.word for t in tokens(_BRACKETED.sub(" ", r.text))]:
        return False  # an editor's words in brackets ("altered (its course)") are no rewording
    sm = sm or SequenceMatcher(None, full_q, full_r, autojunk=False)
    matched = sum(b.size for b in sm.get_matching_blocks())
    ops = sm.get_opcodes()
    equal_at = [i for i, op in enumerate(ops) if op[0] == "equal"]
    inner = [op for op in ops[equal_at[0] + 1 : equal_at[-1]] if op[0] != "equal"] if equal_at else []
    # words shared but not in the same order: the quotation was rearranged
    reordered = sum((Counter(wq) & Counter(wr)).values()) - matched >= 3
    return bool(inner) or reordered


_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\u201c\"])")


def _sentences(q: QuoteMention) -> list[QuoteMention]:
    """The sentences of a quotation of two or more, each as a quotation of its own."""
    out, at = [], 0
    for cut in [m.start() for m in _SENTENCE_END.finditer(q.text)] + [len(q.text)]:
        piece = q.text[at:cut].strip()
        if piece:
            begin = q.start + q.text.index(piece, at)
            out.append(replace(q, start=begin, end=begin + len(piece), text=piece))
        at = cut
    return out if len(out) > 1 else []


def _reworded_sentences(
    ev: StoryEvidence, quotes: list[QuoteMention], reworded: set[int]
) -> list[Discrepancy]:
    """Quotations reworded sentence by sentence: a sentence of a longer quotation against a
    quotation (or a sentence of one) of another article. A copy that rewords one sentence of a
    three-sentence statement, and quotes only two, shares too few of the whole's words to be
    compared whole. Quotations already found reworded whole are not compared again."""
    whole = [q for q in quotes if id(q) not in reworded]
    pieces = [p for q in whole for p in _sentences(q)]
    units = pieces + [q for q in whole if not _sentences(q)]
    toks = {id(u): [t.word for t in tokens(u.text)] for u in units}
    index: dict[str, list[QuoteMention]] = defaultdict(list)
    for u in units:
        for w in set(_content(toks[id(u)])):
            index[w].append(u)
    pairs: list[tuple[QuoteMention, QuoteMention]] = []
    for p in pieces:
        wp = toks[id(p)]
        if len(wp) < MIN_QUOTE_WORDS:
            continue
        shared: Counter[int] = Counter()
        for w in set(_content(wp)):
            shared.update(id(u) for u in index[w] if u.article_id != p.article_id)
        by_id = {id(u): u for w in set(_content(wp)) for u in index[w]}
        for uid, n in shared.items():
            wu = toks[uid]
            if n >= 4 and len(wu) >= MIN_QUOTE_WORDS and _is_reworded(ev, p, by_id[uid], wp, wu):
                pairs.append((p, by_id[uid]))
    wordings: dict[tuple[str, ...], list[QuoteMention]] = defaultdict(list)
    for p, u in pairs:
        for x in (p, u):
            if x not in wordings[tuple(toks[id(x)])]:
                wordings[tuple(toks[id(x)])].append(x)
    return _reworded(ev, pairs, wordings)


def _cut_off(ev: StoryEvidence, q: QuoteMention) -> bool:
    """Whether the quotation runs to the very end of its article's text, unclosed, in the middle
    of a word or sentence (the excerpt stops there)."""
    text = ev.articles[q.article_id].text
    return not text[q.end :].strip() and text.rstrip()[-1:].isalnum()


def _quoted_by_another_origin(
    ev: StoryEvidence,
    q: QuoteMention,
    words: list[str],
    mentions: list[QuoteMention],
    toks: dict[int, list[Token]],
) -> bool:
    """Whether an article of another origin than ``q``'s has ``words`` inside quotation marks."""
    n = len(words)
    for r in mentions:
        if r.article_id == q.article_id or ev.origin_of[r.article_id] == ev.origin_of[q.article_id]:
            continue
        wr = [t.word for t in toks[id(r)]]
        if any(wr[i : i + n] == words for i in range(len(wr) - n + 1)):
            return True
    return False


def _reworded(
    ev: StoryEvidence,
    pairs: list[tuple[QuoteMention, QuoteMention]],
    by_wording: dict[tuple[str, ...], list[QuoteMention]],
) -> list[Discrepancy]:
    """One discrepancy per quotation worded differently, listing each wording with its articles."""
    parent: dict[int, int] = {}
    by_id: dict[int, QuoteMention] = {}

    def find(x: int) -> int:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for q, r in pairs:
        by_id[id(q)], by_id[id(r)] = q, r
        parent[find(id(q))] = find(id(r))
    components: dict[int, list[QuoteMention]] = defaultdict(list)
    for qid, q in by_id.items():
        for same in by_wording[tuple(t.word for t in tokens(q.text))]:
            if same not in components[find(qid)]:
                components[find(qid)].append(same)
    out = []
    for members in components.values():
        members.sort(key=lambda q: (ev.position[q.article_id], q.start))
        wordings: dict[tuple[str, ...], list[QuoteMention]] = defaultdict(list)
        for q in members:
            wordings[tuple(t.word for t in tokens(q.text))].append(q)
        if len(wordings) < 2:
            continue
        who = next((q.speaker for q in members if q.speaker), None)
        sides = "; ".join(
            f"'{qs[0].text}' in {', '.join(dict.fromkeys(ev.label(q.article_id) for q in qs))}"
            for qs in wordings.values()
        )
        # the wordings differ only in function words ("we have found" / "we found"): wording
        contents = {tuple(sorted(_content(list(w)))) for w in wordings}
        out.append(
            Discrepancy(
                kind="quote",
                description=f"The same quotation{f' of {who}' if who else ''} is worded differently: {sides}.",
                citations=[ev.cite(q.article_id, q.start, q.end) for q in members],
                severity="wording" if len(contents) == 1 else "likely_error",
            )
        )
    return out


# Share of a quotation's words that must appear, in order, outside quotation marks in another
# article to call the quotation a paraphrase presented as a quote. High on purpose: a loose match
# is an ordinary summary of what was said.
PARAPHRASE_AS_QUOTE = 0.85
MIN_PARAPHRASE_QUOTE_WORDS = 6


def _paraphrase_in_quotes(
    ev: StoryEvidence, quotes: list[QuoteMention], toks: dict[int, list[Token]], quoted_elsewhere: set[int]
) -> list[Discrepancy]:
    out = []
    cache: dict[tuple[str, int], tuple[list[str], set[str]]] = {}

    def unquoted(aid: str, s: BodySentence) -> tuple[list[str], set[str]]:
        key = (aid, s.index)
        if key not in cache:
            ws = [t.word for t in _outside_quotes(ev, aid, s.start, s.end)]
            cache[key] = (ws, set(ws))
        return cache[key]

    for q in quotes:
        tq = toks[id(q)]
        if len(tq) < MIN_PARAPHRASE_QUOTE_WORDS or id(q) in quoted_elsewhere:
            continue
        want = [t.word for t in tq]
        want_content = set(_content(want))
        for aid in ev.order:
            if aid == q.article_id or not _uses_quotation_marks(ev, aid):
                continue
            for s in ev.sentences[aid]:
                words_out, bag = unquoted(aid, s)
                if len(want_content & bag) < max(3, 0.7 * len(want_content)):
                    continue
                sm = SequenceMatcher(None, want, words_out, autojunk=False)
                matched = sum(b.size for b in sm.get_matching_blocks() if b.size >= 2)
                if matched / len(want) < PARAPHRASE_AS_QUOTE:
                    continue
                out.append(
                    Discrepancy(
                        kind="quote",
                        description=(
                            f"{ev.label(q.article_id)} puts '{q.text}' inside quotation marks"
                            f"{f' as words of {q.speaker}' if q.speaker else ''}; {ev.label(aid)} gives the same "
                            "words as paraphrase, without quotation marks."
                        ),
                        citations=[
                            ev.cite_sentence_of(q.article_id, q.start, q.end),
                            ev.cite(aid, s.start, s.end),
                        ],
                    )
                )
                break
            else:
                continue
            break
    return out
