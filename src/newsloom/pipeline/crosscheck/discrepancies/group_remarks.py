"""One person's remark given to a group: a report quotes one named witness ("It was 'like a
carnival parade', one visitor, Ilse Marrow, told reporters") and another report gives the same
words to many ("Witnesses described the scene as a carnival parade").

The same-words attribution check compares quotations of eight words or more between two named
speakers; a short remark retold without its speaker, as the view of witnesses, visitors or
residents, escapes it. Here a short quotation (``MAX_REMARK_WORDS``) of a named person with at
least two content words is looked for in the sentences of the other reports (copies too): all
its content words in a row there, after a word that makes them a likeness or a description
("like", "as", "of", "to"), in a sentence whose subject is a group that speaks or describes
("Witnesses described", "Visitors said").

What is not flagged: a report that names the speaker too (anywhere in it), one person described
("One visitor described ..."), a group's remark of other words, and the same words in another role
("Witnesses said a carnival parade had blocked the street").
"""

from __future__ import annotations

import re

from newsloom.model import Discrepancy
from newsloom.pipeline.crosscheck.discrepancies.attribution import _named
from newsloom.pipeline.crosscheck.discrepancies.quotes import _content, tokens
from newsloom.pipeline.crosscheck.evidence import StoryEvidence
from newsloom.pipeline.crosscheck.quotes import name_key

# A remark, not a statement: the longer quotations are the same-words check's.
MAX_REMARK_WORDS = 8
# A group that speaks or describes, as the subject of its sentence's verb of saying.
_GROUP = re.compile(
    r"\b(?:witnesses|onlookers|bystanders|residents|locals|visitors|tourists|observers|spectators|"
    r"passers-by|passersby|eyewitnesses|survivors|neighbours|neighbors)\s+(?:\w+\s+)?"
    r"(?:said|say|says|described|describe|describes|called|likened|compared|told|recalled|spoke)\b",
    re.IGNORECASE,
)
# Words that make what follows a likeness or a description of what was seen.
_LIKENESS = frozenset({"like", "as", "of", "to"})


def _retold(words: list[str], remark: list[str]) -> bool:
    """Whether the remark's content words stand in a row among the content words of ``words``,
    with a likeness word among the three words before the first of them."""
    at = [i for i, w in enumerate(words) if _content([w])]
    content = [words[i] for i in at]
    n = len(remark)
    for k in range(len(content) - n + 1):
        first = at[k]
        if content[k : k + n] == remark and _LIKENESS & set(words[max(0, first - 3) : first]):
            return True
    return False


def group_remark_discrepancies(ev: StoryEvidence) -> list[Discrepancy]:
    """One discrepancy per named person's short remark another report gives to a group."""
    # Read once per article: the words it names (for the speaker test) and its sentences with a
    # group subject (few), so each remark is looked for in those sentences only.
    names = {aid: {name_key(w) for w in re.findall(r"[\w'’-]+", ev.articles[aid].text)} for aid in ev.order}
    groups = {
        aid: [
            (s, g, [t.word for t in tokens(s.text[g.start() :])])
            for s in ev.sentences[aid]
            if (g := _GROUP.search(s.text))
        ]
        for aid in ev.order
    }
    out = []
    done: set[tuple[str, str]] = set()
    for aid in ev.order:
        for q in ev.quotes[aid]:
            ws = [t.word for t in tokens(q.text)]
            remark = _content(ws)
            if not q.speaker or len(ws) > MAX_REMARK_WORDS or len(remark) < 2 or not _named(q, ev):
                continue
            last = name_key(q.speaker.split()[-1])
            for other in ev.order:
                # a copy too: a rewrite that gives the words to a group changed the text
                if other == aid or not groups[other] or (other, " ".join(remark)) in done:
                    continue
                if last in names[other]:
                    continue  # the report names the speaker: its group is another remark
                for s, group, after in groups[other]:
                    if not _retold(after, remark):
                        continue
                    done.add((other, " ".join(remark)))
                    out.append(
                        Discrepancy(
                            kind="attribution",
                            description=(
                                f"{ev.label(aid)} quotes one person, {q.speaker}, saying '{q.text}'; "
                                f"{ev.label(other)} gives the words to a group ('{group.group(0)}')."
                            ),
                            citations=[
                                ev.cite_sentence_of(aid, q.start, q.end),
                                ev.cite(other, s.start, s.end),
                            ],
                            severity="likely_error",
                        )
                    )
                    break
    return out


__all__ = ["group_remark_discrepancies"]
