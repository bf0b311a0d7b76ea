"""Direct quotations and who said them.

Quotes are found per paragraph between curly or straight double quotation marks; an opening
mark that is never closed runs to the end of its paragraph (real articles do this). The
speaker comes from an attribution cue (said, told, added, stated, wrote, shouted, according to,
...) in the quote's sentence, before or after the quote: the name next to the cue, the subject
of the clause, or a pronoun ("he added") resolved to the nearest earlier speaker or sentence
subject that fits it. A quote with no cue that continues a quoted speaker's paragraph keeps
that speaker. The honorific and pronoun used are kept as data.

Choosing the subject: a relative clause ("X, who heads Y, said"; "Y, which handles Z,
emphasized") is skipped; a person named with a title or in apposition beats the organisation
beside it ("X, spokesperson for Y, said"); a modifier ("inter-Korean relations", "North Korean
soldiers") is never a speaker. A speaker given only as a description ("the authority said", "a
spokesperson for the ministry added") is resolved to the one organisation of the article with
that head word, and otherwise kept as ``speaker_description`` for the story to resolve; never a
guess between two candidates.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import Any

from newsloom.model import Span
from newsloom.pipeline.read.ner_rules import FAC_WORDS, LOC_WORDS, ORG_WORDS, TITLES
from newsloom.pipeline.read.sentences import paragraphs

CUES = (
    r"said|says|say|told|tells|added|adds|adding|stated|states|wrote|writes|shouted|shouts|asked|asks|"
    r"explained|explains|noted|notes|noting|mentioned|insisted|warned|claimed|argued|declared|announced|"
    r"suggested|emphasized|emphasised|stressed|replied|continued|confirmed|according to|tweeted|posted"
)
_CUE = re.compile(rf"\b({CUES})\b", re.IGNORECASE)
_PRONOUN = re.compile(r"\b(he|she|they|it|we|i)\b", re.IGNORECASE)
_HONORIFIC = re.compile(r"\b(Mr|Mrs|Ms|Miss|Dr|Prof|Sir|Dame)\.?\s+$")
_FEMALE = {"Mrs", "Mrs.", "Ms", "Ms.", "Miss", "Dame"}
_MALE = {"Mr", "Mr.", "Sir"}
_SPEAKER_TYPES = ("PERSON", "ORG", "GPE", "NORP", "MISC")
# How far from a quotation its cue and speaker are looked for, in characters. News sentences
# are far shorter (the longest in the seeds and examples/ are under 700 characters), so this
# only bounds the work on pathological text (tests/hostile/generate.py).
_CONTEXT_CHARS = 1000
# One to three capitalised words and nothing else between a quotation and its cue: a name.
# (?<!...) and *+: a match starts where its run of spaces and marks starts, and never gives
# the run back (a capital follows it), so a long run is read once (linear, not quadratic).
_BARE_NAME = re.compile(r"(?<![\s,”\"])[\s,”\"]*+((?:[A-Z][\w'’.-]*\s+){0,2}[A-Z][\w'’-]+)\s*")
_NOT_NAMES = (
    frozenset({"the", "a", "an", "this", "that", "one", "some", "many", "officials", "police"}) | ORG_WORDS
)
_POSSESSIVE = re.compile(r"['’](?:s\b|(?=\s+[a-z]))")
# Cues whose object is the listener, not the speaker: in '"...," the spokesman told Harbour
# Weekly' the name after the cue was told; after "said" it would be the speaker.
_TO_LISTENER = frozenset({"told", "tells", "asked", "asks"})
# Words that may follow a group named as the subject of an attribution ("Tessans have said").
_AUX = frozenset({"also", "have", "has", "had", "were", "was", "are", "is", "later", "then", "will", "would"})
# A relative clause after a name, up to the next comma (or the cue): ", who heads the RWA,".
_RELATIVE = re.compile(r",\s*(?:who|which|whose|whom|where|that)\b[^,]*(?:,|$)", re.IGNORECASE)
# A description that is the whole subject of the attribution: "the (regional) water authority",
# "a spokesperson for the ministry". Group "mods" holds the words before the head noun, "head"
# the noun; anything else in the subject ("residents who fled the authority") is no match.
_DESCRIPTION = re.compile(
    r"(?:(?i:a|an|the)\s+(?:spokesperson|spokesman|spokeswoman|official|representative)\s+"
    r"(?:for|of|from|at)\s+)?"
    r"(?i:the|an|a|its|their)\s+(?P<mods>(?:(?!(?:for|of|at|from|with)\b)[a-z][\w-]*\s+){0,3})"
    r"(?P<head>[a-z]+)"
)


def _opens(text: str, i: int, p_start: int, p_end: int) -> bool:
    """Whether the straight quotation mark at ``i`` can open a quotation.

    It opens at the start of the paragraph or after a space, bracket or dash, before a word. A
    mark after a comma or full stop closes a quotation whose opening mark is missing (text
    pasted one sentence per line loses it): read as an opening, it made the attribution that
    follows ("...area," Captain Nambiar said.) into a quotation of its own.
    """
    before = text[i - 1] if i > p_start else " "
    after = text[i + 1] if i + 1 < p_end else " "
    return (before.isspace() or before in "([{—–-‘'") and not after.isspace()


def _scan_marks(text: str, p_start: int, p_end: int) -> tuple[list[tuple[int, int]], int | None]:
    """The paragraph's closed quotations (inside of the marks), and where a quotation still open
    at the paragraph's end begins (None when every quotation closes)."""
    out = []
    open_at: int | None = None
    for i in range(p_start, p_end):
        ch = text[i]
        if ch == "“" or (ch == '"' and open_at is None and _opens(text, i, p_start, p_end)):
            if open_at is None:
                open_at = i + 1
        elif ch in '”"' and open_at is not None:
            out.append((open_at, i))
            open_at = None
    return out, open_at


def _quote_regions(text: str, p_start: int, p_end: int) -> list[tuple[int, int]]:
    """(start, end) of the words inside each pair of double quotation marks in one paragraph."""
    out, open_at = _scan_marks(text, p_start, p_end)
    if open_at is not None and p_end - open_at > 1:
        out.append((open_at, p_end))  # never closed: the quote runs to the paragraph's end
    cleaned = []
    for s, e in out:
        while s < e and text[s].isspace():
            s += 1
        while e > s and (text[e - 1].isspace() or text[e - 1] == ","):
            e -= 1
        if e > s:
            cleaned.append((s, e))
    return cleaned


def _starts_inside_quote(text: str, p_start: int, p_end: int) -> bool:
    """Whether the paragraph's first quotation mark closes a quotation (it opened earlier)."""
    for i in range(p_start, p_end):
        ch = text[i]
        if ch == "”":
            return True
        if ch == "“":
            return False
        if ch == '"':
            return not _opens(text, i, p_start, p_end)
    return False


def _quote_paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraphs, with a line break inside a quotation undone: a paragraph left inside an open
    quotation joins the next when that one's first mark closes it (scraped text often breaks a
    line mid-quotation, and the cue after the closing mark names the speaker of all of it). A
    next paragraph that opens a quotation of its own is the convention for a quote running over
    several paragraphs, and stays apart."""
    out: list[tuple[int, int]] = []
    for p_start, p_end in paragraphs(text):
        if out and _scan_marks(text, *out[-1])[1] is not None and _starts_inside_quote(text, p_start, p_end):
            out[-1] = (out[-1][0], p_end)
        else:
            out.append((p_start, p_end))
    return out


def _mask(sentence: str, offset: int, regions: Sequence[tuple[int, int]]) -> str:
    """``sentence`` (which starts at ``offset``) with each quotation and its marks blanked.

    ``regions`` are in text order and do not overlap, so only those that reach into the
    sentence are visited: a paragraph of thousands of quotations costs each call its own
    length, not the paragraph's.
    """
    end = offset + len(sentence)
    first = bisect_right(regions, offset, key=lambda r: r[1] + 1)
    chars: list[str] | None = None
    for s, e in regions[first:]:
        if s - 1 >= end:
            break
        lo, hi = max(s - 1, offset), min(e + 1, end)
        if lo < hi:
            chars = chars if chars is not None else list(sentence)
            chars[lo - offset : hi - offset] = " " * (hi - lo)
    return sentence if chars is None else "".join(chars)


class _Speakers:
    """Entity mentions of one article, for looking up who stands where."""

    def __init__(self, text: str, entities: Sequence[Span]) -> None:
        self.text = text
        self.mentions = sorted((e for e in entities if e.label in _SPEAKER_TYPES), key=lambda e: e.start)
        self._starts = [e.start for e in self.mentions]
        self._counts: dict[str, int] = {}
        for e in self.mentions:
            for word in {text[e.start : e.end].split()[0], text[e.start : e.end].split()[-1]}:
                self._counts[word] = self._counts.get(word, 0) + 1

    def salience(self, mention: Span) -> int:
        """How often the mention's last word names something in the article."""
        last = self.text[mention.start : mention.end].split()[-1]
        return self._counts.get(last, 0)

    def looks_like_person(self, mention: Span) -> bool:
        """A person by label, or a name the model typed otherwise that has a person's shape; never
        a name with a place or organisation head word ("Mill Lane", "Fire Service")."""
        words = self.text[mention.start : mention.end].split()
        if any(w.lower() in ORG_WORDS or w.lower() in FAC_WORDS or w.lower() in LOC_WORDS for w in words):
            return False
        if mention.label == "PERSON":
            return True
        return (
            mention.label in ("ORG", "MISC") and 2 <= len(words) <= 3 and all(w[:1].isupper() for w in words)
        )

    def is_modifier(self, mention: Span) -> bool:
        """A name used as an adjective, never a speaker: lower-case ("inter-Korean"), or a
        nationality followed by the lower-case noun it describes ("North Korean soldiers")."""
        name = self.text[mention.start : mention.end]
        if not name[:1].isupper():
            return True
        if mention.label != "NORP":
            return False
        # "Tessan fishermen told" describes the fishermen; "Tessans said" is a group speaking
        follows = re.match(r"\s+([a-z]+)", self.text[mention.end : mention.end + 30])
        return follows is not None and not _CUE.fullmatch(follows.group(1)) and follows.group(1) not in _AUX

    def is_possessor(self, mention: Span) -> bool:
        """A name in the possessive ("Reid's spokesman told", "statement on Jackson's arrest"):
        what it owns is the subject, never the name itself."""
        return bool(_POSSESSIVE.match(self.text, mention.end))

    def within(self, start: int, end: int) -> list[Span]:
        """Mentions inside [start, end) that may be a speaker (no modifiers, no possessors)."""
        lo, hi = bisect_left(self._starts, start), bisect_left(self._starts, end)
        return [
            e
            for e in self.mentions[lo:hi]
            if e.end <= end and not self.is_modifier(e) and not self.is_possessor(e)
        ]

    def subject_of(self, masked: str, offset: int, start: int, end: int) -> Span | None:
        """The speaker among the mentions of ``text[start:end]`` (``masked`` is the quote-free
        text of the context starting at ``offset``): relative clauses skipped, then the first
        person-shaped name, else the first organisation, else the first other mention."""
        segment = masked[start - offset : end - offset]
        skipped = [(start + m.start(), start + m.end()) for m in _RELATIVE.finditer(segment)]
        cands = [m for m in self.within(start, end) if not any(s <= m.start < e for s, e in skipped)]
        people = [m for m in cands if self.looks_like_person(m)]
        orgs = [m for m in cands if m.label == "ORG" and not self.looks_like_person(m)]
        return people[0] if people else orgs[0] if orgs else cands[0] if cands else None

    def described(self, words: str, cue: str | None) -> dict[str, Any] | None:
        """A speaker given as a description ("the water authority"): the article's one
        organisation whose name has the description's head noun (and its modifiers), else the
        description alone, kept for the story to resolve."""
        reference = words.rsplit(",", 1)[-1].strip().rstrip(":")
        m = _DESCRIPTION.fullmatch(reference)
        if m is None or m.group("head") not in ORG_WORDS:
            return None
        description = " ".join([*m.group("mods").split(), m.group("head")])
        names: dict[str, Span] = {}
        for e in self.mentions:
            if e.label == "ORG" and description_fits(description, self.text[e.start : e.end]):
                names.setdefault(self.text[e.start : e.end], e)
        if len(names) == 1:
            found = _from_mention(self, next(iter(names.values())), cue)
            found.update(speaker_reference=reference, speaker_description=description)
            return found
        return {**_speaker_attrs(cue, reference=reference), "speaker_description": description}

    def honorific(self, mention: Span) -> str | None:
        m = _HONORIFIC.search(self.text, max(0, mention.start - 8), mention.start)
        return m.group(0).strip() if m else None

    def reference(self, mention: Span) -> str:
        hon = self.honorific(mention)
        name = self.text[mention.start : mention.end]
        return f"{hon} {name}" if hon else name


# Adjectives a reporter adds to a description that the organisation's name often lacks ("the
# regional water authority" for "Brenn Water Authority"); they are not required to match.
_LOOSE_MODIFIERS = frozenset({"regional", "local", "national", "state", "federal", "city", "county"})


def description_fits(description: str, name: str) -> bool:
    """Whether an organisation called ``name`` fits a description such as "water authority":
    the name has the description's head noun and its other words (loose adjectives aside).

    >>> description_fits("water authority", "Tessa Valley Water Authority")
    True
    >>> description_fits("water authority", "Tessa Power Authority")
    False
    """
    words = description.lower().split()
    if not words:
        return False
    head, mods = words[-1], [w for w in words[:-1] if w not in _LOOSE_MODIFIERS]
    lowered = [w.strip(".,'’") for w in name.lower().split()]
    return head in lowered and all(w in lowered for w in mods)


def _prefer(mentions: Sequence[Span]) -> Span | None:
    for label in _SPEAKER_TYPES:
        for m in mentions:
            if m.label == label:
                return m
    return None


def find_quotes(text: str, sentences: Sequence[tuple[int, int]], entities: Sequence[Span]) -> list[Span]:
    """Quote spans of ``text`` (marks excluded) with speaker attributes (see the Article docstring)."""
    speakers = _Speakers(text, entities)
    out: list[Span] = []
    prev: dict[str, Any] | None = None  # the last attributed quote, for continuations
    prev_par: int | None = None
    starts = [s[0] for s in sentences]
    for p_index, (p_start, p_end) in enumerate(_quote_paragraphs(text)):
        regions = _quote_regions(text, p_start, p_end)
        if not regions:
            continue
        par_sents = sentences[bisect_left(starts, p_start) : bisect_left(starts, p_end)]
        for q_start, q_end in regions:
            words = re.findall(r"[\w’'-]+", text[q_start:q_end])
            sent = next((s for s in par_sents if s[0] <= q_start - 1 < s[1] or s[0] <= q_start < s[1]), None)
            if sent is None:
                sent = (p_start, p_end)
            last_sent = next((s for s in par_sents if s[0] < q_end <= s[1]), sent)
            # The cue is looked for near the quotation, never further than _CONTEXT_CHARS: a
            # "sentence" of a hundred thousand characters (a page of figures and marks with no
            # full stop) would otherwise be read once for each quotation in it.
            context_start = max(sent[0], q_start - _CONTEXT_CHARS)
            context_end = min(max(sent[1], last_sent[1]), q_end + _CONTEXT_CHARS)
            found = _attribute(text, speakers, regions, (q_start, q_end), (context_start, context_end))
            if found is None:
                found = _introduced(text, speakers, regions, q_start)
            if found is None and prev is not None and prev_par is not None and p_index - prev_par <= 1:
                # continues the last speaker: "... ," Mr. Moon said. "They are also ..."
                head = max(sent[0], q_start - _CONTEXT_CHARS)
                before = _mask(text[head:q_start], head, regions).strip(' “"')
                if not before:
                    found = {**prev, "cue": None, "continued": True}
            if found is None:
                found = _subject_without_cue(text, speakers, regions, sent, out)
            if len(words) < 2 and (found is None or found.get("cue") is None):
                continue  # a single word in quotes is a term or a title, not a quotation
            attrs: dict[str, Any] = {
                "speaker": None,
                "speaker_reference": None,
                "speaker_span": None,
                "honorific": None,
                "pronoun": None,
                "cue": None,
                "sentence": [sent[0], last_sent[1]],
            }
            if found:
                attrs.update({k: v for k, v in found.items() if k != "continued"})
                if attrs.get("cue") is not None or found.get("continued"):
                    prev, prev_par = dict(found), p_index
            out.append(Span(start=q_start, end=q_end, label="quote", attrs=attrs))
    return out


def _speaker_attrs(
    cue: str | None,
    speaker: str | None = None,
    span: list[int] | None = None,
    reference: str | None = None,
    honorific: str | None = None,
    pronoun: str | None = None,
) -> dict[str, Any]:
    """The speaker attributes of a quotation (see the Article docstring); all None but the cue
    when the speaker cannot be read ("one of them said"), which also keeps the quotation from
    continuing the previous speaker."""
    return {
        "speaker": speaker,
        "speaker_span": span,
        "speaker_reference": reference,
        "honorific": honorific,
        "pronoun": pronoun,
        "cue": cue,
    }


def _from_mention(speakers: _Speakers, mention: Span, cue: str | None) -> dict[str, Any]:
    return _speaker_attrs(
        cue,
        speaker=speakers.text[mention.start : mention.end],
        span=[mention.start, mention.end],
        reference=speakers.reference(mention),
        honorific=speakers.honorific(mention),
    )


def _attribute(
    text: str,
    speakers: _Speakers,
    regions: Sequence[tuple[int, int]],
    quote: tuple[int, int],
    context: tuple[int, int],
) -> dict[str, Any] | None:
    c_start, c_end = context
    masked = _mask(text[c_start:c_end], c_start, regions)
    cues = [(c_start + m.start(), c_start + m.end(), m.group(1).lower()) for m in _CUE.finditer(masked)]
    if not cues:
        return None
    q_start, q_end = quote

    def distance(c: tuple[int, int, str]) -> int:
        return c[0] - q_end if c[0] >= q_end else q_start - c[1]

    cue_start, cue_end, cue = min(cues, key=distance)
    if cue == "according to":
        after = speakers.within(cue_end, min(c_end, cue_end + 80))
        m = _prefer([a for a in after if a.start - cue_end < 10]) if after else None
        return _from_mention(speakers, m, cue) if m else None
    if cue_start >= q_end:
        # '"...," Mr. Koo said' / '"...," said Mr. Moon'
        subject = speakers.subject_of(masked, c_start, q_end, cue_start)
        if subject is not None:
            return _from_mention(speakers, subject, cue)
        gap = masked[q_end - c_start : cue_start - c_start]
        pron = _PRONOUN.search(gap)
        if pron:
            return _pronoun(text, speakers, pron.group(1), q_start, cue)
        # '"...," said Mayor Ines Carrow': only the article or titles may stand between cue and name
        after = [
            a
            for a in speakers.within(cue_end, min(c_end, cue_end + 60))
            if all(w.lower() in TITLES or w == "the" for w in text[cue_end : a.start].split())
            and cue not in _TO_LISTENER
        ]
        if after:
            return _from_mention(speakers, after[0], cue)
        name = _BARE_NAME.fullmatch(gap)
        if name and not any(w.lower() in _NOT_NAMES for w in name.group(1).split()):
            # '"...," Reavey said': a name the entity reader missed, right against the cue
            start, end = q_end + name.start(1), q_end + name.end(1)
            return _speaker_attrs(cue, speaker=text[start:end], span=[start, end], reference=text[start:end])
        return speakers.described(gap, cue) or _speaker_attrs(cue)
    # the cue comes first: the speaker is the subject of the clause before it
    left = masked[: cue_start - c_start]
    # A name right against the cue is its subject, whatever clause it sits in ("Terry White told
    # the Post after a hearing where lawyer Mark Heller said she was ensconced").
    adjacent = [
        a
        for a in speakers.within(max(c_start, cue_start - 80), cue_start)
        if not text[a.end : cue_start].strip()
    ]
    if adjacent:
        return _from_mention(speakers, adjacent[-1], cue)
    pron = re.search(
        r"\b(he|she|they|it|we|i)\s+(?:\w+ly\s+|also\s+|then\s+|later\s+|had\s+|has\s+|have\s+)*$", left, re.I
    )
    if pron:
        return _pronoun(text, speakers, pron.group(1), c_start, cue)
    # The subject of the clause. A name right before the cue, after the last comma, is it
    # ("After meeting Brandt, Elsa Lind said"). Otherwise the cue follows an apposition or a
    # relative clause ("Koo, spokesperson for the Ministry, said"; "the Ministry, which handles
    # ..., emphasized"): the first person named before the cue, relative clauses skipped, else
    # the first organisation.
    clause_start = c_start + left.rfind(",") + 1
    subject = speakers.subject_of(masked, c_start, clause_start, cue_start)
    if subject is None:
        subject = speakers.subject_of(masked, c_start, c_start, cue_start)
    if subject is not None:
        return _from_mention(speakers, subject, cue)
    return speakers.described(left, cue) or _speaker_attrs(cue)


def _introduced(
    text: str, speakers: _Speakers, regions: Sequence[tuple[int, int]], q_start: int
) -> dict[str, Any] | None:
    """The speaker of a quotation introduced by a colon ("Andrew Wetzler ... was blunt: “We will
    see them in court.”"): the subject of the sentence the colon ends, even across a line break."""
    # Both looks back stop _CONTEXT_CHARS before the quotation: a copy of all the text before
    # each quotation made a text of many quotations quadratic.
    floor = max(0, q_start - 1 - _CONTEXT_CHARS)
    before = text[floor : max(0, q_start - 1)].rstrip(' \t\n“"')
    if not before.endswith(":"):
        return None
    colon = floor + len(before) - 1
    lowest = max(floor, colon - _CONTEXT_CHARS)
    marks = (text.rfind(". ", lowest, colon), text.rfind("\n", lowest, colon), text.rfind("”", lowest, colon))
    start = max(*marks, lowest - 1) + 1
    masked = _mask(text[start:colon], start, regions)
    subject = speakers.subject_of(masked, start, start, colon)
    return _from_mention(speakers, subject, None) if subject is not None else None


def _subject_without_cue(
    text: str,
    speakers: _Speakers,
    regions: Sequence[tuple[int, int]],
    sent: tuple[int, int],
    done: list[Span],
) -> dict[str, Any] | None:
    """A sentence with no cue but a named or pronoun subject: "He allowed for "other options"."""
    # Only the sentence's first words matter: its subject.
    masked = _mask(text[sent[0] : min(sent[1], sent[0] + 200)], sent[0], regions)
    m = re.match(r"\s*(He|She|They|It)\b", masked)
    if m:
        found = _pronoun(text, speakers, m.group(1), sent[0], None)
        return found
    first = speakers.within(sent[0], sent[0] + 40)
    if first and first[0].start == sent[0] and first[0].label == "PERSON":
        return _from_mention(speakers, first[0], None)
    return None


def _pronoun(text: str, speakers: _Speakers, pronoun: str, before: int, cue: str | None) -> dict[str, Any]:
    """Resolve "he" / "she" / "it" / "they" to the nearest earlier mention that fits it."""
    p = pronoun.lower()
    wanted = (
        ("PERSON",)
        if p in ("he", "she", "i", "we")
        else ("ORG", "GPE", "NORP")
        if p == "it"
        else ("ORG", "NORP", "PERSON")
    )
    antecedent: Span | None = None

    def fits(m: Span) -> bool:
        if speakers.is_modifier(m):
            return False
        if wanted == ("PERSON",):
            # the model often types a person's full name as an organisation: accept its shape
            return speakers.looks_like_person(m)
        return m.label in wanted

    # the subject of the nearest earlier sentence that has a fitting mention
    earlier = [m for m in speakers.mentions if m.end <= before and fits(m)]
    for m in reversed(earlier):
        hon = speakers.honorific(m)
        if (p == "he" and hon in _FEMALE) or (p == "she" and hon in _MALE):
            continue
        # prefer the first fitting mention of that sentence: the subject more often than not
        sent_start = max(text.rfind(". ", 0, m.start), text.rfind("\n", 0, m.start)) + 1
        same = [o for o in earlier if sent_start <= o.start <= m.start] or [m]
        # the most salient fitting mention of that sentence (mentioned most in the article),
        # the first on ties: the subject more often than not
        antecedent = max(same, key=lambda o: (speakers.salience(o), -o.start))
        break
    result = _speaker_attrs(cue, reference=pronoun, pronoun=pronoun.lower())
    if antecedent is not None:
        result.update(
            speaker=text[antecedent.start : antecedent.end],
            speaker_span=[antecedent.start, antecedent.end],
            honorific=speakers.honorific(antecedent),
        )
    return result
