"""Attribution conflicts: the same words given to different speakers, and a pronoun or honorific
that contradicts the speaker ("she said" of a person called "Mr." elsewhere in the story: in
another article, since inside one article the slip is more often our pronoun reading's).

Spelling variants of one name ("Koo Byoungsam" / "Koo Byoung-sam"), a surname against the full
name, and aliases the story's entities list are one speaker, never a conflict. A speaker found
only through a pronoun by the fallback reader is not trusted for the same-words check.
"""

from __future__ import annotations

import re
from collections import defaultdict
from difflib import SequenceMatcher

from newsloom.model import Citation, Discrepancy
from newsloom.pipeline.crosscheck.evidence import StoryEvidence
from newsloom.pipeline.crosscheck.quotes import (
    FEMININE,
    MASCULINE,
    QuoteMention,
    name_key,
    name_tokens,
    same_person,
)
from newsloom.pipeline.crosscheck.text import words

# Share of the shorter quotation's words that must match (in order) for two quotations to be the
# same words. Attribution conflicts are only claimed on near-identical wording.
SAME_WORDS = 0.8
# Quotations shorter than this (in words) are not compared: two people can well say "We will see
# them in court" or "absolute heart of the act"; on ECB+ every such pair was that.
MIN_SAME_WORDS = 8
_HONORIFIC_MENTION = re.compile(r"\b(Mr|Mrs|Ms|Miss|Sir|Dame|Lady|Lord)\.?\s+([A-Z][\w'’-]+)")


_ORG_WORDS = re.compile(
    r"\b(?:Ministry|Service|Agency|Department|Office|Government|Council|Police|Army|Forces?|Authority|"
    r"Company|Corporation|Committee|Commission|Bureau|Institute|University|Party|Court|Administration)\b"
)
_CONNECTORS = frozenset({"of", "the", "for", "and", "de", "van", "von", "al", "bin"})


def _person_like(name: str, ev: StoryEvidence) -> bool:
    """A speaker that is a person's name: capitalised words, not an organisation, and (when the
    story's entities are known) one of them, as a PERSON."""
    toks = name.split()
    if not toks or any(not t[:1].isupper() for t in toks if t.casefold() not in _CONNECTORS):
        return False
    if _ORG_WORDS.search(name):
        return False
    if ev.story.entities:
        found = ev.aliases.get(name_key(name))
        return found is not None and ev.story.entities[found].type == "PERSON"
    return True


def _named(q: QuoteMention, ev: StoryEvidence) -> bool:
    """A quotation whose speaker is named beside it (not found through a pronoun) and is a person.

    An organisation and its spokesperson are often both given the same words, which is not a
    conflict; only two different people are."""
    ref = (q.reference or "").casefold()
    return bool(q.speaker) and ref not in {"he", "she", "they"} and _person_like(q.speaker or "", ev)


def _also_named(ev: StoryEvidence, q: QuoteMention, name: str) -> bool:
    """Whether ``name`` (by its last word) stands in the sentence of quotation ``q``, outside it."""
    sentence = ev.sentence_at(q.article_id, max(q.start, q.end - 1))
    if sentence is None:
        return False
    text = ev.articles[q.article_id].text
    outside = text[sentence.start : q.start] + " " + text[q.end : sentence.end]
    last = name_key(name.split()[-1]) if name.split() else ""
    return bool(last) and last in {name_key(w) for w in re.findall(r"[\w'’-]+", outside)}


def _same_words_conflicts(ev: StoryEvidence) -> list[Discrepancy]:
    quotes: list[QuoteMention] = []
    unique: set[tuple[str, str]] = set()
    for aid in ev.order:
        for q in ev.quotes[aid]:
            # one mention per wording and speaker: copies add nothing to the comparison
            wording = (" ".join(words(q.text)), name_key(q.speaker or ""))
            if wording not in unique and _named(q, ev):
                unique.add(wording)
                quotes.append(q)
    out = []
    seen: set[tuple[str, str, str]] = set()
    for i, q in enumerate(quotes):
        wq = words(q.text)
        if len(wq) < MIN_SAME_WORDS:
            continue
        for r in quotes[i + 1 :]:
            if r.article_id == q.article_id or q.speaker is None or r.speaker is None:
                continue
            wr = words(r.text)
            if len(wr) < MIN_SAME_WORDS:
                continue
            sm = SequenceMatcher(None, wq, wr, autojunk=False)
            matched = sum(b.size for b in sm.get_matching_blocks())
            if matched / min(len(wq), len(wr)) < SAME_WORDS:
                continue
            if same_person(q.speaker, r.speaker, ev.aliases):
                continue
            if _also_named(ev, q, r.speaker) or _also_named(ev, r, q.speaker):
                continue  # a joint statement ("said Zadan and Meron"), each report naming one
            key = (" ".join(wq[:6]), name_key(q.speaker), name_key(r.speaker))
            if key in seen:
                continue
            seen.add(key)
            out.append(
                Discrepancy(
                    kind="attribution",
                    description=(
                        f"The same words are given to different speakers: {ev.label(q.article_id)} "
                        f"attributes '{q.text}' to {q.speaker}, {ev.label(r.article_id)} to {r.speaker}."
                    ),
                    citations=[
                        ev.cite_sentence_of(q.article_id, q.start, q.end),
                        ev.cite_sentence_of(r.article_id, r.start, r.end),
                    ],
                )
            )
    return out


def _gender(word: str | None) -> str | None:
    w = (word or "").casefold().rstrip(".")
    if w in MASCULINE:
        return "m"
    if w in FEMININE:
        return "f"
    return None


def _people(ev: StoryEvidence) -> list[str]:
    names: list[str] = []
    for ent in ev.story.entities or []:
        if ent.type == "PERSON":
            names.append(ent.name)
    for aid in ev.order:
        for q in ev.quotes[aid]:
            if q.speaker and len(q.speaker.split()) >= 2:
                names.append(q.speaker)
    canon: list[str] = []
    seen: set[object] = set()
    for n in names:
        key = ev.aliases.get(name_key(n), name_key(n))
        if key in seen:
            continue
        seen.add(key)
        if not any(same_person(n, c, ev.aliases) for c in canon if len(name_tokens(c) & name_tokens(n))):
            canon.append(n)
    return canon


# How far before a pronoun-attributed quotation its antecedent is looked for (characters).
_ANTECEDENT_WINDOW = 400
_GENDERED_NOUNS = {
    "f": re.compile(
        r"\b(?:woman|women|mother|daughter|wife|sister|girl|grandmother|widow|aunt|niece|actress|"
        r"girlfriend|mom|mum|lady|queen|princess)\b",
        re.I,
    ),
    "m": re.compile(
        r"\b(?:man|men|father|son|husband|brother|boy|grandfather|widower|uncle|nephew|boyfriend|"
        r"dad|king|prince)\b",
        re.I,
    ),
}


def _pronoun_ambiguous(ev: StoryEvidence, aid: str, q: QuoteMention, person: str, gender: str) -> bool:
    """Whether the pronoun of a quotation could refer to someone else than ``person``.

    A "she said" counts against a man only when no one else it could name stands nearby: another
    person's name, or a noun of the pronoun's gender ("his wife", "a woman"), in the text just
    before the quotation or in its sentence. Otherwise the speaker we resolved through the
    pronoun is more likely our mistake than the reporter's.
    """
    article = ev.articles[aid]
    start = max(0, q.start - _ANTECEDENT_WINDOW)
    sentence = ev.sentence_at(aid, q.end - 1)
    end = max(q.end, sentence.end if sentence else q.end)
    for span in article.annotations.get("entities") or []:
        if span.label != "PERSON" or not (start <= span.start < end):
            continue
        name = str(span.attrs.get("canonical") or article.text[span.start : span.end])
        if not same_person(name, person, ev.aliases):
            return True
    return bool(_GENDERED_NOUNS[gender].search(article.text[start:end]))


def _gender_conflicts(ev: StoryEvidence) -> list[Discrepancy]:
    people = _people(ev)
    # (gender, the words, their sentence, whether the words attribute a quotation)
    evidence: dict[str, list[tuple[str, str, Citation, bool]]] = defaultdict(list)

    def person_for(name: str) -> str | None:
        hits = [p for p in people if same_person(name, p, ev.aliases)]
        return hits[0] if len(hits) == 1 else None

    for aid in ev.order:
        for q in ev.quotes[aid]:
            if not q.speaker:
                continue
            person = person_for(q.speaker)
            if person is None:
                continue
            for word in (q.honorific, q.pronoun):
                g = _gender(word)
                if g and word == q.pronoun and _pronoun_ambiguous(ev, aid, q, person, g):
                    continue
                if g:
                    ref = q.reference or word or ""
                    evidence[person].append((g, f"'{ref}'", ev.cite_sentence_of(aid, q.start, q.end), True))
        text = ev.articles[aid].text
        for m in _HONORIFIC_MENTION.finditer(text):
            surname = m.group(2)
            # a surname shared by two people of the story ("Kim") cannot be placed
            owners = [p for p in people if name_key(surname) in name_tokens(p)]
            if len(owners) != 1:
                continue
            g = _gender(m.group(1))
            if g:
                evidence[owners[0]].append(
                    (g, f"'{m.group(0)}'", ev.cite_sentence_of(aid, m.start(), m.end()), False)
                )
    out = []
    for person, items in evidence.items():
        # Two reports must disagree: inside one article (an interview with a couple, a "she
        # said" after a paragraph about the man) the slip is more often our pronoun reading's.
        # And one side must attribute a quotation: "Lady Hillary" beside "Sir Edmund", or
        # "Mrs. Vander" beside "Mr. Vander", name a couple far more often than one person twice.
        if not any(
            gm == "m" and gf == "f" and cm.article_id != cf.article_id and (am or af)
            for gm, _, cm, am in items
            for gf, _, cf, af in items
        ):
            continue
        male = list(dict.fromkeys(w for g, w, _, _ in items if g == "m"))
        female = list(dict.fromkeys(w for g, w, _, _ in items if g == "f"))
        citations: list[Citation] = []
        for _, _, c, _ in items:
            if c not in citations:
                citations.append(c)
        out.append(
            Discrepancy(
                kind="attribution",
                description=(
                    f"{person} is referred to as {', '.join(male)} and also as {', '.join(female)}: "
                    "one of the reports has the speaker's pronoun or title wrong, or gives the words to "
                    "someone else."
                ),
                citations=citations,
            )
        )
    return out


def attribution_discrepancies(ev: StoryEvidence) -> list[Discrepancy]:
    """Same words, different speakers; and pronouns or honorifics that contradict the speaker."""
    return _same_words_conflicts(ev) + _gender_conflicts(ev)
