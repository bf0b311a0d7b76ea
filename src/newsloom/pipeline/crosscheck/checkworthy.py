"""Which sentences can carry a claim: check-worthy statements, each rejection with its reason.

A claim is a statement a reader could check against another report. Page furniture that reaches
the body text (a comment-moderation notice, a newsletter prompt, "Here's what we know so far."),
headings, questions, calls to action, photo captions and credits, recipe lines, lists of names
and cut-off fragments state nothing of the kind; neither does an article that was not read
(``Article.read == False``: its language is not one the reading stage understands).

Each rule names its reason (datatrove-style drop counters); :func:`unworthy_reason` returns the
first that applies, or ``None`` for a check-worthy sentence. Every rule has a look-alike real claim
in the tests that it must keep.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Literal

from newsloom.model import Article
from newsloom.pipeline.clean.metadata import AGENCY_CAPTION
from newsloom.pipeline.crosscheck.text import (
    AUXILIARIES,
    COMMON_VERBS,
    BodySentence,
    looks_like_heading,
    words,
)

Reason = Literal[
    "not_read",
    "heading",
    "question",
    "call_to_action",
    "site_notice",
    "first_person_promotion",
    "caption",
    "credit_list",
    "name_list",
    "recipe",
    "fragment",
]

# An imperative addressed to the reader at the start of a sentence ("Sign up for ...",
# "Click here", "Follow us on ..."). A sentence that merely opens with such a word as a noun or
# a past tense ("Subscribers rose", "Follow-up tests showed", "Read more about it, he said") is
# not matched: the verb must be followed by what a reader is told to do.
_CALL_TO_ACTION = re.compile(
    r"^(?:please\s+)?(?:click|tap|sign\s+up|subscribe|register|log\s+in|download|share\s+this|"
    r"follow\s+(?:us|our|the\s+latest|live)|read\s+(?:more|next|also|the\s+full)|watch\s+(?:the|our|live|now|more)|"
    r"listen\s+(?:to\s+(?:the|our)|now)|join\s+(?:us|our|the\s+conversation)|don['’]t\s+miss|get\s+(?:the|our)\s+"
    r"(?:latest|newsletter|app|best)|check\s+out|see\s+(?:more|also|our)|send\s+us|email\s+us|contact\s+us)\b",
    re.IGNORECASE,
)
# Notices a site prints around its articles.
_SITE_NOTICE = re.compile(
    r"\b(?:comments?\s+(?:are|is)\s+(?:moderated|closed|reviewed)|community\s+(?:guidelines|standards)|"
    r"we\s+reserve\s+the\s+right|here['’]s\s+what\s+we\s+know|what\s+we\s+know\s+so\s+far|"
    r"this\s+is\s+a\s+(?:developing|breaking)\s+(?:story|news)|check\s+back\s+(?:later|for\s+updates)|"
    r"this\s+(?:story|article|page)\s+(?:has\s+been|was|will\s+be)\s+updated|"
    r"(?:updated|published)\s+\d+\s+(?:minutes?|hours?|days?)\s+ago|"
    r"all\s+rights\s+reserved|copyright\s+(?:©|\(c\)|\d{4})|may\s+not\s+be\s+(?:published|broadcast|rewritten)|"
    r"newsletter|cookies?\s+(?:policy|settings)|privacy\s+policy|terms\s+of\s+(?:use|service)|"
    r"(?:enable|disable)\s+javascript|ad\s*blocker|sponsored\s+content|affiliate\s+links?|"
    r"your\s+support\s+helps|support\s+(?:independent|quality)\s+journalism)\b",
    re.IGNORECASE,
)
# The outlet speaking of itself to promote itself: "we bring you", "our journalism", "follow us".
_FIRST_PERSON_PROMOTION = re.compile(
    r"\b(?:we|our|us)\b[^.!?]{0,60}\b(?:journalism|reporting\s+is|newsroom|subscri\w*|donat\w*|"
    r"membership|podcast|channel|whatsapp|telegram|app\b|free\s+(?:trial|access)|bring\s+you|"
    r"keep\s+you\s+(?:informed|updated)|stay\s+(?:informed|updated))",
    re.IGNORECASE,
)
# Photo credits and captions: "(AP Photo/Jane Roe)", "Jane Roe/REUTERS", "Getty Images", and the
# agency caption form "X arrives for Y in Z, Sunday, Jan. 19, 2003."
# Case-sensitive on purpose: a capitalised name before "/AGENCY" must be capitalised, and an
# ignore-case [A-Z] would try every word of every sentence.
_PHOTO_CREDIT = re.compile(
    r"\([^()]{0,40}\bPhoto\s*[/,)]|[A-Z][\w.'’-]*\s*/\s*(?:REUTERS|Reuters|AFP|AP|EPA|"
    r"Getty(?:\s+Images)?|Shutterstock|Bloomberg|Xinhua|ANP|dpa)\b|\bGetty\s+Images\b|\bvia\s+Getty\b|"
    r"^(?i:photo|image|picture|file\s+photo|pictured|above|top|left|right)\s*(?i:credit)?\s*[:|(]|"
    r"\b(?i:photo|image|picture)\s+(?i:by|credit|courtesy)\b"
)
# Credit lists: "Reporting by X; Editing by Y", "Additional reporting by ...", "Compiled by ...".
_CREDIT_LIST = re.compile(
    r"^(?:\(?\s*)?(?:(?:additional\s+)?reporting|writing|editing|compiled|produced|edited|written|"
    r"graphics?|photos?|video|illustrations?)\s+by\b|\b(?:editing|reporting)\s+by\s+[A-Z][^;]{0,60};",
    re.IGNORECASE,
)
# Recipe and ingredient lines: a quantity and a kitchen unit with no verb, or a cooking imperative.
_INGREDIENT = re.compile(
    r"^(?:\d+(?:[/.]\d+)?|[½¼¾⅓⅔]|a|one|two|three|half\s+a)\s*(?:cups?|tbsps?|tsps?|tablespoons?|teaspoons?|"
    r"g|grams?|kg|ml|l|litres?|liters?|oz|ounces?|lbs?|pounds?|cloves?|pinch(?:es)?|handfuls?|sprigs?|"
    r"slices?|cans?|tins?|sticks?|bunch(?:es)?|dash(?:es)?)\b",
    re.IGNORECASE,
)
_COOKING = re.compile(
    r"^(?:preheat|stir|whisk|bake|season|chop|dice|simmer|saute|sauté|knead|grease|drizzle|garnish|"
    r"marinate|fold\s+in|bring\s+(?:the|a)\s+\w+\s+to\s+(?:a\s+)?boil|serve\s+(?:hot|warm|immediately|with))\b",
    re.IGNORECASE,
)
# Words separated by white space, each matched possessively: with the separator optional, a run
# of capitals could be split into five "names" in O(n^4) ways (found by the regex audit).
_NAME_WORD = r"(?:[A-Z][\w.'’-]*+|de|da|van|von|der|al|bin|le|la)"
_NAME_ITEM = re.compile(rf"^{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,4}}$")

# Irregular pasts and bare forms a fragment lacks and a statement has ("Police found the car").
_FINITE_VERBS = COMMON_VERBS | frozenset(
    (
        *("became", "become", "began", "bought", "broke", "brought", "chose", "drove", "fell", "fled"),
        *("flew", "fought", "found", "got", "grew", "hit", "kept", "led", "left", "lost", "met", "put"),
        *("ran", "rose", "saw", "say", "sent", "set", "spoke", "struck", "taught", "tell", "thought"),
        *("threw", "won", "wrote"),
    )
)


def _has_verb(ws: Sequence[str]) -> bool:
    return any(
        w in AUXILIARIES or w in _FINITE_VERBS or (len(w) > 4 and w.endswith(("ed", "es", "ing"))) for w in ws
    )


def _finite_verb(ws: Sequence[str]) -> bool:
    return any(w in AUXILIARIES or w in _FINITE_VERBS for w in ws)


def _name_list(text: str) -> bool:
    """Three or more comma-separated capitalised names and nothing that states anything."""
    body = text.strip().rstrip(".;:")
    items = [x.strip() for x in re.split(r",|;|\band\b|&", body) if x.strip()]
    return len(items) >= 3 and all(_NAME_ITEM.match(x) for x in items) and not _has_verb(words(body))


# A sentence without any verb the rules know is a fragment only when it is this short: longer
# ones are real sentences whose verb is irregular ("advise", "fight"). On realnews all 9-word-plus
# sentences without a known verb were statements.
FRAGMENT_MAX_WORDS = 8


def _fragment(text: str) -> bool:
    """A cut-off piece: opens on a lower-case word (the excerpt began mid-sentence), or is short
    and has no verb. A name written in lower case on purpose ("eBay", "iPhone") keeps capitals
    inside the word; a metadata prefix before a date ("date 2024-09-13 Workers walked out") is
    page furniture in front of a sentence, not a cut."""
    stripped = text.lstrip("\"'“‘([ ")
    parts = stripped.split(maxsplit=2)
    first = parts[0] if parts else ""
    dated = len(parts) > 1 and parts[1][:1].isdigit()
    if first[:1].islower() and first.isalpha() and first.islower() and not dated:
        return True
    ws = words(text)
    return len(ws) <= FRAGMENT_MAX_WORDS and not _has_verb(ws)


def unworthy_reason(text: str, *, own_line: bool = False) -> Reason | None:
    """Why ``text`` (one body sentence) cannot carry a claim, or ``None`` when it can.

    ``own_line``: the sentence is a whole line of the article (a heading needs that).

    >>> unworthy_reason("Sign up for our morning newsletter.")
    'call_to_action'
    >>> unworthy_reason("Here's what we know so far.")
    'site_notice'
    >>> unworthy_reason("The bridge will reopen in May, the mayor said.") is None
    True
    """
    stripped = text.strip()
    if not words(stripped):
        return "fragment"
    if stripped.rstrip("\"'”’) ").endswith("?"):
        return "question"
    if _CALL_TO_ACTION.match(stripped.lstrip("\"'“‘([ ")):
        return "call_to_action"
    if _SITE_NOTICE.search(stripped):
        return "site_notice"
    if _FIRST_PERSON_PROMOTION.search(stripped) and not re.search(r"[\"“”]", stripped):
        return "first_person_promotion"
    if _PHOTO_CREDIT.search(stripped) or AGENCY_CAPTION.search(stripped):
        return "caption"
    if _CREDIT_LIST.search(stripped):
        return "credit_list"
    if _name_list(stripped):
        return "name_list"
    if _COOKING.match(stripped) or (_INGREDIENT.match(stripped) and not _finite_verb(words(stripped))):
        return "recipe"
    if own_line and looks_like_heading(stripped) and stripped[:1].isupper():
        return "heading"
    if _fragment(stripped):
        return "fragment"
    return None


def checkworthy_sentences(
    article: Article, sentences: Sequence[BodySentence]
) -> tuple[list[BodySentence], Counter[str]]:
    """The sentences of ``article`` that can carry claims, and how many were left out, by reason."""
    dropped: Counter[str] = Counter()
    if article.read is False:
        dropped["not_read"] += len(sentences)
        return [], dropped
    kept = []
    text = article.text
    for s in sentences:
        ls = text.rfind("\n", 0, s.start) + 1
        le = text.find("\n", s.end)
        own_line = text[ls : le if le >= 0 else len(text)].strip() == s.text.strip()
        reason = unworthy_reason(s.text, own_line=own_line)
        if reason is None:
            kept.append(s)
        else:
            dropped[reason] += 1
    return kept, dropped
