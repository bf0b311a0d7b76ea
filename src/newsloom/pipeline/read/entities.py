"""Entity mentions per article, and their merge into story-level entities.

Per article, ``entity_spans`` turns an engine's raw entities into clean mention spans (no
leading "the", possessive "’s" or title; "Seoul’s National Intelligence Service" keeps only the
organisation) and adds every later use of an acronym the article defines.

Per story, ``merge_entities`` groups mentions whose names are the same up to case, hyphens,
spaces, diacritics and transliterated endings ("Zelenskyy" / "Zelensky" / "Zelenskiy"), word
order ("Ministry of Unification" / "Unification Ministry"), acronyms defined in the text, a
small table of general-knowledge equivalences, bare or titled surnames ("Mr. Koo", "Koo said")
that match exactly one full name of the story, and descriptions in apposition ("South Korea's
spy agency, the National Intelligence Service"). Merges that would join a person with an
organisation, or a place with an organisation, are refused, except through the curated table.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import cast

from newsloom.model import Article, Citation, Entity, Span
from newsloom.model.story import EntityType
from newsloom.pipeline.read.ner_rules import ORG_WORDS, TITLES
from newsloom.pipeline.read.nlp import RawEntity

_KEEP_LABELS: dict[str, EntityType] = {
    "PERSON": "PERSON",
    "PER": "PERSON",
    "ORG": "ORG",
    "GPE": "GPE",
    "LOC": "LOC",
    "NORP": "NORP",
    "EVENT": "EVENT",
    "FAC": "FAC",
    "PRODUCT": "PRODUCT",
    "WORK_OF_ART": "WORK_OF_ART",
    "LAW": "LAW",
    "LANGUAGE": "MISC",
    "MISC": "MISC",
}
HONORIFICS = ("Mr.", "Mrs.", "Ms.", "Miss", "Dr.", "Prof.", "Mr", "Mrs", "Ms", "Dr", "Sir", "Dame")
_HONORIFIC_BEFORE = re.compile(r"\b(Mr|Mrs|Ms|Miss|Dr|Prof|Sir|Dame)\.?\s+$")
_ACRONYM = re.compile(r"^[A-Z][A-Z&]{1,6}s?$")

# General-knowledge equivalences that no spelling rule can find. Keys as produced by name_key.
_EQUIVALENT_NAMES = [
    ("North Korea", "DPRK", "Democratic People's Republic of Korea"),
    ("South Korea", "ROK", "Republic of Korea"),
    ("United States", "US", "U.S.", "USA", "United States of America", "America"),
    ("United Kingdom", "UK", "U.K.", "Britain", "Great Britain"),
    ("United Nations", "UN", "U.N."),
    ("European Union", "EU", "E.U."),
    ("China", "PRC", "People's Republic of China"),
    ("Soviet Union", "USSR"),
    ("United Arab Emirates", "UAE"),
    ("Turkey", "Turkiye", "Türkiye"),
]


def _fold_token(token: str) -> str:
    # Transliterations of the same name differ mostly in the final vowel: Zelenskyy / Zelensky /
    # Zelenskiy / Zelenskii, Sergey / Sergei. Short words keep their ending ("Li" is not "Ly").
    if len(token) >= 4:
        return re.sub(r"(?:iy|yy|ij|ii|y|i)$", "i", token)
    return token


def name_key(name: str) -> str:
    """A name reduced to what spelling variants share: case, diacritics, hyphens, spaces, endings.

    >>> name_key("Zelenskyy") == name_key("Zelenskiy") == name_key("zelensky")
    True
    >>> name_key("Koo Byoung-sam") == name_key("Koo Byoungsam")
    True
    """
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold().replace("’", "'")
    s = re.sub(r"'s$", "", s)
    return "".join(_fold_token(t) for t in re.split(r"[\s\-.'_]+", s) if t)


def _tokens(name: str) -> list[str]:
    return [t for t in re.split(r"[\s]+", name.strip()) if t]


_COARSE = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "place", "NORP": "norp"}


def _compatible(a: str, b: str) -> bool:
    ca, cb = _COARSE.get(a, "other"), _COARSE.get(b, "other")
    return ca == cb or "other" in (ca, cb)


# ---------------------------------------------------------------- per-article mentions


def _clean_mention(text: str, ent: RawEntity) -> tuple[int, int] | None:
    """Trim an engine's entity to the name itself."""
    start, end = ent.start, ent.end
    while True:
        span = text[start:end]
        m = re.match(r"(?:the|The)\s+", span)
        if m:
            start += m.end()
            continue
        # "Seoul’s National Intelligence Service": the name is what follows the possessive
        m = re.match(r"[^’']+[’']s\s+(?=[A-Z])", span)
        if m:
            start += m.end()
            continue
        first = span.split(maxsplit=1)
        if len(first) == 2 and first[0].lower() in TITLES and first[1][:1].isupper():
            start += len(span) - len(span[len(first[0]) :].lstrip())
            continue
        break
    span = text[start:end]
    m = re.search(r"[’']s?$", span)
    if m:
        end = start + m.start()
    while end > start and text[end - 1] in '.,;:-–—)("“”‘’ ':
        end -= 1
    while start < end and text[start] in '"“”‘’( ':
        start += 1
    if end - start < 2 or not any(c.isupper() for c in text[start:end]):
        return None
    return start, end


def acronym_links(text: str, mentions: Sequence[Span]) -> list[tuple[Span, Span]]:
    """``(acronym, long form)`` pairs the text defines: "Long Name (LN)", "LN (Long Name)",
    "LN, the Long Name", "Long Name, or LN".

    >>> t = "the Security Service of Ukraine (SBU) said"
    >>> [(t[a.start:a.end], t[b.start:b.end]) for a, b in acronym_links(t, [Span(start=4, end=31, label="ORG")])]
    [('SBU', 'Security Service of Ukraine')]
    """
    out: list[tuple[Span, Span]] = []
    for m in mentions:
        after = text[m.end : m.end + 14]
        a = re.match(r"\s*\(([A-Z][A-Z&]{1,6})\)", after)
        if a and not _ACRONYM.match(text[m.start : m.end]):
            out.append((Span(start=m.end + a.start(1), end=m.end + a.end(1), label=m.label), m))
            continue
        a = re.match(r",\s+(?:or\s+)?([A-Z][A-Z&]{1,6})\b", after)
        if a and not _ACRONYM.match(text[m.start : m.end]):
            out.append((Span(start=m.end + a.start(1), end=m.end + a.end(1), label=m.label), m))
            continue
    by_start = {(m.start, m.end): m for m in mentions}
    for m in mentions:
        if not _ACRONYM.match(text[m.start : m.end]):
            continue
        after = text[m.end : m.end + 8]
        a = re.match(r"\s*\(\s*|,\s+the\s+", after)
        if not a:
            continue
        nxt = next((o for o in mentions if o.start == m.end + a.end()), None)
        if (
            nxt is not None
            and (nxt.start, nxt.end) in by_start
            and not _ACRONYM.match(text[nxt.start : nxt.end])
        ):
            if _COARSE.get(nxt.label) == "norp":
                continue  # "DPRK (North Korean) troops": a gloss of the adjective, not the name
            out.append((m, nxt))
    return out


def entity_spans(text: str, raw: Sequence[RawEntity]) -> list[Span]:
    """Clean mention spans of one article, plus later uses of the acronyms it defines."""
    spans: dict[tuple[int, int], Span] = {}
    for ent in raw:
        label = _KEEP_LABELS.get(ent.label)
        if label is None:
            continue
        cleaned = _clean_mention(text, ent)
        if cleaned is None:
            continue
        start, end = cleaned
        attrs: dict[str, object] = {}
        hon = _HONORIFIC_BEFORE.search(text, max(0, start - 8), start)
        if hon:
            attrs["honorific"] = hon.group(0).strip()
        if _ACRONYM.match(text[start:end]) and label == "PERSON":
            label = "ORG"  # "SBU" tagged as a person by the statistical model
        spans[(start, end)] = Span(start=start, end=end, label=label, attrs=attrs)
    ordered = sorted(spans.values(), key=lambda s: (s.start, s.end))
    covered = [(s.start, s.end) for s in ordered]
    for acr, long in acronym_links(text, ordered):
        word = text[acr.start : acr.end]
        for m in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text):
            if not any(s <= m.start() < e for s, e in covered):
                spans[(m.start(), m.end())] = Span(start=m.start(), end=m.end(), label=long.label)
                covered.append((m.start(), m.end()))
        if (acr.start, acr.end) not in spans:
            spans[(acr.start, acr.end)] = Span(start=acr.start, end=acr.end, label=long.label)
    return sorted(spans.values(), key=lambda s: (s.start, s.end))


# ---------------------------------------------------------------- story-level merge


@dataclass
class _Node:
    key: str
    surfaces: Counter[str] = field(default_factory=Counter)
    types: Counter[str] = field(default_factory=Counter)
    mentions: list[tuple[str, int, int]] = field(default_factory=list)

    @property
    def type(self) -> str:
        return self.types.most_common(1)[0][0]

    @property
    def surface(self) -> str:
        return self.surfaces.most_common(1)[0][0]


class _Union:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


def _person_like(node: _Node) -> bool:
    """A person, or a name the model typed as an organisation or other without any sign of one
    ("Holub said" tagged ORG): no organisation head word, every word capitalised."""
    if node.type == "PERSON":
        return True
    if node.type not in ("ORG", "MISC"):
        return False
    words = node.surface.split()
    return (
        not any(w.lower() in ORG_WORDS for w in words)
        and all(w[:1].isupper() for w in words)
        and len(words) <= 3
    )


def _word_order_key(name: str) -> str | None:
    """ "Ministry of Unification" -> the key of "Unification Ministry"."""
    m = re.match(r"^(\w+)\s+of\s+(?:the\s+)?([A-Z][\w-]*)$", name.strip())
    return name_key(f"{m.group(2)} {m.group(1)}") if m else None


_DESCRIPTION_HEADS = frozenset(
    [
        "agency",
        "ministry",
        "service",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "leader",
        "president",
        "minister",
        "company",
        "firm",
        "group",
        "regulator",
        "watchdog",
        "broadcaster",
        "newspaper",
        "military",
        "army",
        "police",
        "court",
        "party",
        "government",
        "bank",
        "body",
        "authority",
        "office",
        "department",
        "official",
        "lawmaker",
        "prosecutor",
        "operator",
        "carrier",
        "airline",
        "manufacturer",
        "maker",
    ]
)
# "South Korea's spy agency, the National Intelligence Service" / "South Korean spy agency the NIS"
_DESCRIPTION = re.compile(
    r"([A-Z][\w-]*(?:\s+[A-Z][\w-]*)*(?:['’]s)?\s+(?:[a-z-]+\s+){0,2}([a-z-]+)),?\s+the\s+$"
)


def _description_key(desc: str) -> str:
    return re.sub(r"\s+", " ", desc.replace("’", "'")).strip().casefold()


@dataclass
class MergedEntities:
    """The story's entities, and the canonical name of every mention and every name used."""

    entities: list[Entity]
    canonical_by_mention: dict[tuple[str, int, int], str]
    canonical_by_key: dict[str, str]

    def canonical(self, name: str) -> str | None:
        """The canonical name of the entity called ``name`` in this story, if any."""
        return self.canonical_by_key.get(name_key(name))


def merge_entities(articles: Sequence[Article]) -> MergedEntities:
    """Merge the entity mentions of a story's articles into entities (see the module docstring)."""
    nodes: dict[str, _Node] = {}
    texts = {a.id: a.text for a in articles}
    order = {a.id: i for i, a in enumerate(articles)}
    mention_key: dict[tuple[str, int, int], str] = {}
    mention_label: dict[tuple[str, int, int], str] = {}
    for art in articles:
        for sp in art.annotations.get("entities", []):
            surface = art.text[sp.start : sp.end]
            mention_label[(art.id, sp.start, sp.end)] = sp.label
            key = name_key(surface)
            if not key:
                continue
            node = nodes.setdefault(key, _Node(key))
            node.surfaces[surface] += 1
            node.types[sp.label] += 1
            node.mentions.append((art.id, sp.start, sp.end))
            mention_key[(art.id, sp.start, sp.end)] = key
    uf = _Union()
    for key in nodes:
        uf.find(key)

    def join(a: str, b: str, force: bool = False) -> None:
        if a in nodes and b in nodes and (force or _compatible(nodes[a].type, nodes[b].type)):
            uf.union(a, b)

    # word order: "Ministry of Unification" = "Unification Ministry"
    for key, node in nodes.items():
        for surface in node.surfaces:
            alt = _word_order_key(surface)
            if alt:
                join(key, alt)
    # curated general-knowledge equivalences
    for group in _EQUIVALENT_NAMES:
        keys = [name_key(n) for n in group if name_key(n) in nodes]
        for k in keys[1:]:
            join(keys[0], k, force=True)
    # acronyms defined in the text; an acronym defined two ways in one story is left alone
    defined: dict[str, set[str]] = defaultdict(set)
    for art in articles:
        for acr, long in acronym_links(art.text, art.annotations.get("entities", [])):
            defined[name_key(art.text[acr.start : acr.end])].add(name_key(art.text[long.start : long.end]))
    for acr_key, longs in defined.items():
        if len({uf.find(k) for k in longs if k in nodes}) == 1:
            join(acr_key, next(iter(longs)), force=True)
    # bare or titled surnames back to the one full name of the story that has them
    full_names: dict[str, set[str]] = defaultdict(set)
    for key, node in nodes.items():
        toks = _tokens(node.surface)
        if len(toks) >= 2 and _person_like(node):
            # family name first (Koo Byoungsam) or last (Volodymyr Zelenskyy)
            for tok in (toks[0], toks[-1]):
                full_names[name_key(tok)].add(key)
    reassigned: dict[tuple[str, int, int], str] = {}
    for key, node in nodes.items():
        if len(_tokens(node.surface)) != 1 or not _person_like(node) or _ACRONYM.match(node.surface):
            continue
        targets = {uf.find(k) for k in full_names.get(key, set())}
        if len(targets) == 1:
            join(next(iter(full_names[key])), key, force=True)
        elif len(targets) > 1:
            # Two people share the name: each mention goes to the nearest full name before it
            # in the same article, or stays on its own.
            for aid, start, _end in node.mentions:
                best: tuple[int, str] | None = None
                for cand in full_names[key]:
                    for caid, cstart, _ in nodes[cand].mentions:
                        if caid == aid and cstart < start and (best is None or cstart > best[0]):
                            best = (cstart, cand)
                if best is not None:
                    reassigned[(aid, start, _end)] = best[1]
    # descriptions in apposition, then every other use of that description
    descriptions: dict[str, set[str]] = defaultdict(set)
    for art in articles:
        for sp in art.annotations.get("entities", []):
            if sp.label not in ("ORG", "PERSON"):
                continue
            m = _DESCRIPTION.search(art.text, max(0, sp.start - 80), sp.start)
            if m and m.group(2) in _DESCRIPTION_HEADS:
                descriptions[_description_key(m.group(1))].add(uf.find(name_key(art.text[sp.start : sp.end])))
    desc_mentions: dict[str, list[tuple[str, int, int, str]]] = defaultdict(list)
    for desc, roots in descriptions.items():
        if len(roots) != 1:
            continue
        root = next(iter(roots))
        pattern = re.compile(re.escape(desc).replace("'", "['’]").replace(r"\ ", r"\s+"), re.IGNORECASE)
        for art in articles:
            for m in pattern.finditer(art.text):
                desc_mentions[root].append((art.id, m.start(), m.end(), m.group(0)))

    # assemble components
    groups: dict[str, list[str]] = defaultdict(list)
    for key in nodes:
        groups[uf.find(key)].append(key)
    for (aid, start, end), target in reassigned.items():
        mention_key[(aid, start, end)] = target
    entities: list[Entity] = []
    canonical_by_mention: dict[tuple[str, int, int], str] = {}
    canonical_by_key: dict[str, str] = {}
    mentions_by_root: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for mk, key in mention_key.items():
        mentions_by_root[uf.find(key)].append(mk)
    for root, keys in groups.items():
        mentions = sorted(mentions_by_root.get(root, []), key=lambda m: (order[m[0]], m[1]))
        extra = desc_mentions.get(root, [])
        if not mentions:
            continue  # every mention of these names went to other entities (an ambiguous surname)
        surfaces = Counter(texts[a][s:e] for a, s, e in mentions)
        types = Counter(mention_label[m] for m in mentions)
        name = _canonical_name(surfaces)
        aliases = sorted({s for s in surfaces if s != name} | {d[3] for d in extra})
        cites = [Citation(article_id=a, start=s, end=e, text=texts[a][s:e]) for a, s, e in mentions]
        cites += [Citation(article_id=a, start=s, end=e, text=t) for a, s, e, t in extra]
        entities.append(
            Entity(
                name=name, type=cast(EntityType, types.most_common(1)[0][0]), aliases=aliases, mentions=cites
            )
        )
        for mention in mentions:
            canonical_by_mention[mention] = name
        for k in keys:
            canonical_by_key[k] = name
        for d in extra:
            canonical_by_key[name_key(d[3])] = name
    entities.sort(key=lambda e: (-len(e.mentions), e.name))
    return MergedEntities(entities, canonical_by_mention, canonical_by_key)


def _canonical_name(surfaces: Counter[str]) -> str:
    """The fullest well-formed variant: most words, then most letters, then most used."""

    def score(s: str) -> tuple[int, int, int, int]:
        well_formed = int(not _ACRONYM.match(s) and s[:1].isupper() and not s.isupper())
        return (well_formed, len(_tokens(s)), sum(c.isalpha() for c in s), surfaces[s])

    return max(surfaces, key=score)
