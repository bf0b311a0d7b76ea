"""The words cross-checking compares: folded tokens, crude stems, negators, and body sentences.

Everything here works on plain strings and offsets into ``article.text``; no model is needed.
Sentences come from the reading stage's ``sentences`` spans when present, else from a small
splitter; either way headings, questions and page boilerplate are left out, because they state
no fact a reader could check.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from newsloom.model import Article
from newsloom.pipeline.compare.sentences import split_offsets
from newsloom.pipeline.memo import story_cache

_FOLD = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
    }
)
_WORD = re.compile(r"[^\W_]+(?:['-][^\W_]+)*", re.UNICODE)

STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "said",
        "says",
        "say",
        "told",
        "tell",
        "according",
        "may",
        "might",
        "must",
        "also",
        "however",
        "since",
        "per",
        "like",
        "still",
        "even",
        "yet",
        "another",
        "s",
    ]
)

# The verb forms the rules recognise without a tagger: auxiliaries, and common finite verbs that
# "-ed" does not catch (verbs of saying, irregular pasts). One source for every rule that asks
# whether words hold a verb; a rule that needs more names its additions where it uses them.
AUXILIARIES = frozenset(
    (
        *("am", "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do", "does"),
        *("did", "will", "would", "shall", "should", "can", "could", "may", "might", "must"),
    )
)
COMMON_VERBS = frozenset(
    (
        *("announced", "came", "comes", "confirmed", "died", "faces", "gave", "gives", "goes", "held"),
        *("hopes", "killed", "knows", "made", "make", "needs", "remains", "reported", "said", "says"),
        *("showed", "shows", "stated", "takes", "told", "took", "went"),
    )
)

# Words that turn a statement into its negation. "no"/"not"/"never" are syntax; the verbs are
# lexical negatives ("rejected asylum" says what "did not seek asylum" says).
NEGATORS = frozenset(
    [
        *("not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "without", "cannot", "n't"),
        # contractions that lost their apostrophe in transcription ("I cant speak")
        *("cant", "dont", "doesnt", "didnt", "isnt", "wasnt", "arent", "werent", "wont", "wouldnt"),
        *("couldnt", "shouldnt", "hasnt", "havent", "hadnt"),
    ]
)
# What a negator governs when the claim is about what is known or said, not about the event:
# "it was not clear why", "police would not say why", "did not immediately respond".
_META_AFTER_NEGATOR = frozenset(
    [
        *("say", "said", "says", "clear", "known", "know", "knew", "comment", "immediately", "elaborate"),
        *("disclose", "disclosed", "specify", "specified", "explain", "explained", "identify", "identified"),
    ]
)
# "not just a new car but a new way": a negator that only narrows, not denies.
_NARROWING_AFTER_NEGATOR = frozenset(["just", "only", "merely", "simply"])
NEGATIVE_VERBS = frozenset(
    [
        "reject",
        "rejects",
        "rejected",
        "rejecting",
        "refuse",
        "refuses",
        "refused",
        "refusing",
        "deny",
        "denies",
        "denied",
        "denying",
        "decline",
        "declines",
        "declined",
        "declining",
    ]
)

# Sentences that speak to the reader rather than report: calls to action and page furniture the
# cleaner may have left. Anchored at the start so a report that *mentions* subscribers is kept.
_BOILERPLATE = re.compile(
    r"^\s*(?:join\s+us|follow\s+(?:us|our)|subscribe|sign\s+up|click|share\s+(?:this|on)|read\s+(?:more|also)|"
    r"download|watch|listen|like\s+us|support\s+us|donate|you\s+can\s+also|comments?\b|leave\s+a\s+reply|"
    r"about\s+the\s+author|copyright|all\s+rights\s+reserved|courtesy\s*:|photo\s*:|image\s*:|advertisement|"
    r"related\s*:|tags?\s*:|isbn\b|retrieved\b|archived\s+from)",
    re.IGNORECASE,
)
_URLISH = re.compile(r"https?://|www\.|@\w{3,}|!\[|\.(?:jpe?g|png|gif|webp)\b", re.IGNORECASE)
_TERMINAL = re.compile(r"[.!]['\"\u201d\u2019)\]]*\s*$|['\"\u201d\u2019]\s*$")


# fold and words are pure and called ~1.2M and ~190k times on a 1,400-article run, mostly on
# the same tokens and sentences again (each detector re-reads the story's sentences): cached,
# they cost a dictionary look-up. The bounds keep a long run's memory flat (~tens of MB).
@story_cache(maxsize=131072)
def fold(text: str) -> str:
    """Unicode-normalised, case-folded text with curly quotes and dashes made plain."""
    return unicodedata.normalize("NFKC", text).translate(_FOLD).casefold()


@story_cache(maxsize=32768)
def _word_tuple(text: str) -> tuple[str, ...]:
    out = []
    for w in _WORD.findall(fold(text)):
        if w.endswith("n't"):
            out.extend([w[:-3] or w, "n't"])
        elif w.endswith("'s"):
            out.append(w[:-2])
        else:
            out.append(w)
    return tuple(out)


def words(text: str) -> list[str]:
    """Folded word tokens (letters and digits; inner apostrophes and hyphens kept)."""
    return list(_word_tuple(text))


@dataclass(frozen=True)
class Token:
    """A folded word as ``words`` gives it, or a punctuation mark that ends a clause; and whether
    the word was capitalised in the text (a name, or a sentence's first word)."""

    word: str
    capital: bool


_CLAUSE_MARK = re.compile(_WORD.pattern + r"""|[,;:()"]|(?<![^\W_])-+(?![^\W_])""", re.UNICODE)


def clause_tokens(text: str) -> list[Token]:
    """The words of ``text`` as ``words`` folds them, with their capitals, and the punctuation
    that cuts clauses (commas, semicolons, colons, brackets, quotation marks, dashes).

    >>> [t.word for t in clause_tokens("Vander, the captain, wasn't held.")]
    ['vander', ',', 'the', 'captain', ',', 'was', "n't", 'held']
    """
    out = []
    for m in _CLAUSE_MARK.finditer(unicodedata.normalize("NFKC", text).translate(_FOLD)):
        raw = m.group(0)
        w, capital = raw.casefold(), raw[:1].isupper()
        if w.endswith("n't"):
            out += [Token(w[:-3] or w, capital), Token("n't", False)]
        elif w.endswith("'s"):
            out.append(Token(w[:-2], capital))
        else:
            out.append(Token(w, capital))
    return out


@lru_cache(maxsize=131072)
def stem(word: str) -> str:
    """A crude English stem, enough to match "captured"/"capture", "soldiers"/"soldier".

    >>> [stem(w) for w in ["captured", "soldiers", "fleeing", "injuries", "died"]]
    ['captur', 'soldier', 'flee', 'injur', 'di']
    """
    w = word.replace("-", "")
    for suffix in ("ations", "ation", "ings", "ing", "ies", "ied", "ed", "es", "ly", "s", "y", "e"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 2:
            return w[: -len(suffix)]
    return w


def content_stems(text: str) -> list[str]:
    """Stems of the words that carry content: no stop words, no negators."""
    return [stem(w) for w in words(text) if w not in STOPWORDS and w not in NEGATORS and len(w) > 1]


def is_negated(text: str) -> bool:
    """Whether ``text`` states a negation (an odd number of negators, lexical negatives included)."""
    ws = words(text)
    count = 0
    for i, w in enumerate(ws):
        if w in NEGATIVE_VERBS:
            count += 1
        elif w in NEGATORS:
            governed = next(
                (x for x in ws[i + 1 : i + 4] if x not in {"be", "been", "to", "have", "yet"}), ""
            )
            if governed not in _META_AFTER_NEGATOR and governed not in _NARROWING_AFTER_NEGATOR:
                count += 1
    return count % 2 == 1


def is_boilerplate(text: str) -> bool:
    """A call to action, credit, link or other page furniture rather than reporting."""
    return bool(_BOILERPLATE.search(text) or _URLISH.search(text))


def looks_like_heading(text: str) -> bool:
    """A short line without sentence-final punctuation: a title, section heading or tag."""
    stripped = text.strip()
    if stripped.startswith(("- ", "* ", "\u2022")):
        return True
    return not _TERMINAL.search(stripped) and len(stripped.split()) <= 14


@dataclass(frozen=True)
class BodySentence:
    """A sentence of an article that can carry claims: offsets into ``article.text``."""

    article_id: str
    index: int
    start: int
    end: int
    text: str


def _line_of(text: str, start: int, end: int) -> str:
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    return text[ls : le if le >= 0 else len(text)]


def body_sentences(article: Article) -> list[BodySentence]:
    """The article's sentences that can state facts, in text order.

    Left out: headings (``article.headings``, or a short line without final punctuation),
    questions, and boilerplate such as calls to action.

    >>> from newsloom.model import Article
    >>> art = Article(id="a", source="-", text="Fire Hits Port\\nA fire hit the port. Who lit it?")
    >>> [s.text for s in body_sentences(art)]
    ['A fire hit the port.']
    """
    text = article.text
    spans = article.annotations.get("sentences")
    if spans:
        offsets = sorted((sp.start, sp.end) for sp in spans if 0 <= sp.start < sp.end <= len(text))
    else:
        offsets = split_offsets(text)
    headings = [(h.start, h.end) for h in article.headings]
    out: list[BodySentence] = []
    for s, e in offsets:
        if any(hs < e and s < he for hs, he in headings):
            continue
        seg = text[s:e]
        if not words(seg) or seg.rstrip("\"'\u201d\u2019) ").endswith("?"):
            continue
        line = _line_of(text, s, e)
        if line.strip() == seg.strip() and looks_like_heading(seg):
            continue
        if is_boilerplate(seg):
            continue
        out.append(BodySentence(article.id, len(out), s, e, seg))
    return out


def negation_head(text: str) -> str | None:
    """The stem of the first content word a syntactic negator governs: "did not ask to defect" -> "ask".

    A contradiction needs the negated word on the other side too; without one ("rejected" alone),
    None is returned.

    >>> negation_head("The men did not ask to defect.")
    'ask'
    """
    ws = words(text)
    site = negation_site(ws)
    return None if site is None else stem(ws[site[1]])


def negation_site(ws: list[str]) -> tuple[int, int] | None:
    """Where the first syntactic negator of the folded words ``ws`` stands, and the word it
    governs (see ``negation_head``): ``(negator position, governed word position)``.

    >>> negation_site(["the", "men", "did", "not", "ask", "to", "defect"])
    (3, 4)
    """
    for i, w in enumerate(ws):
        if w in NEGATORS:
            start = i + 1
            if w in _QUANTIFIER_NEGATORS and ws[start : start + 1] == ["of"]:
                # "None of the other clubs has offered": what is denied is the verb after the
                # noun phrase, not the clubs
                verb_at = next(
                    (k for k in range(start, len(ws)) if ws[k] in AUXILIARIES or _past(ws[k])), None
                )
                if verb_at is None:
                    return None
                start = verb_at if _past(ws[verb_at]) else verb_at + 1
            for k in range(start, min(start + 4, len(ws))):
                nxt = ws[k]
                if nxt not in STOPWORDS and nxt not in NEGATORS and nxt not in {"any", "longer"}:
                    return i, k
            return None
    return None


def _past(word: str) -> bool:
    """A past form by its shape ("offered", "cleared"; not "red" or "Ted")."""
    return len(word) > 4 and word.endswith("ed")


_QUANTIFIER_NEGATORS = frozenset(["none", "neither", "nobody", "nothing"])


def form_score(text: str) -> float:
    """How well a sentence reads on its own, 0..1: complete, no dangling pronoun at the start,
    a reasonable length, not a fragment of a quotation.

    >>> form_score("The port reopened on Monday after a fire.") > form_score("He said it had.")
    True
    """
    stripped = text.strip()
    n = len(stripped.split())
    score = 1.0
    if not re.search(r"[.!]['\"\u201d\u2019)]*$", stripped):
        score -= 0.3
    if not stripped[:1].isupper() and not stripped[:1].isdigit():
        score -= 0.3
    first = stripped.split()[0].casefold().strip("\"'\u201c\u2018,") if stripped else ""
    if first in _DANGLING or _DANGLING_AFTER_OPENER.match(stripped):
        score -= 0.5
    # 12-40 words reads as one clear statement; shorter is a fragment, longer a paragraph.
    # Under 8 words a sentence is never shown on its own (below briefing.MIN_FORM even when
    # otherwise perfect): "Rahman had him fighting down." says little without its neighbours.
    if n < 8:
        score -= 0.45
    elif n < 12 or n > 45:
        score -= 0.1
    marks = sum(stripped.count(c) for c in '\u201c\u201d"')
    if marks % 2 == 1:
        score -= 0.3
    if stripped[:1] in '\u201c"':
        score -= 0.15
    return max(0.0, score)


# A pronoun subject after a short opening phrase dangles too: "In the sixth, he landed a punch."
_DANGLING_AFTER_OPENER = re.compile(r"^[^,.;:]{1,40},\s+(?:he|she|they|it|him|her|them)\b", re.IGNORECASE)
_DANGLING = frozenset(
    [
        "he",
        "she",
        "they",
        "it",
        "this",
        "that",
        "these",
        "those",
        "his",
        "her",
        "their",
        "its",
        "such",
        "them",
        "him",
        "both",
        "which",
    ]
)
