"""Recognise inputs whose normalised text is identical, so each is analysed once.

Two inputs are exact duplicates when their texts differ only in what publishing systems change
without an editor: letter case, Unicode form (NFKC: full-width letters, ligatures, non-breaking
spaces), quote and dash style, invisible characters (zero-width spaces, soft hyphens, BOMs) and
whitespace. Anything else, a changed word or number, makes a different text: near-duplicates
are the compare stage's job, with evidence.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from newsloom.model import Article, ExactDuplicate

_QUOTES_AND_DASHES = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4\u0060\u02bc", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\u2039\u203a", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
        # Invisible characters that CMSs insert or strip at will.
        **dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff\u00ad", ""),
    }
)
_WHITESPACE = re.compile(r"\s+")


def normalised_text(text: str) -> str:
    """The text with case, Unicode form, quote and dash style, invisible characters and
    whitespace folded: what two copies of one text have in common.

    >>> normalised_text("  “Hello”\u00a0 —  WORLD ")
    '"hello" - world'
    """
    folded = unicodedata.normalize("NFKC", text).translate(_QUOTES_AND_DASHES).casefold()
    # NFKC and casefold can produce new quote-like characters; a second pass settles them.
    folded = unicodedata.normalize("NFKC", folded).translate(_QUOTES_AND_DASHES)
    return _WHITESPACE.sub(" ", folded).strip()


def normalised_text_key(text: str) -> str:
    """A hash of ``normalised_text(text)``: equal for texts that are exact duplicates."""
    return hashlib.blake2b(normalised_text(text).encode("utf-8"), digest_size=16).hexdigest()


class ExactDuplicateFilter:
    """Keeps the first article of each normalised text and records the others as duplicates.

    Articles with no text at all are always admitted: an empty cleaning result says nothing
    about being a copy, and the later stages report it.

    >>> f = ExactDuplicateFilter()
    >>> f.admit(Article(id="a", source="a.txt", text="Hello  world")) is not None
    True
    >>> f.admit(Article(id="b", source="b.txt", text="hello world")) is None
    True
    >>> f.duplicates[0].duplicate_of
    'a'
    """

    def __init__(self) -> None:
        self._seen: dict[str, str] = {}
        self.duplicates: list[ExactDuplicate] = []

    def admit(self, article: Article) -> Article | None:
        """The article if its text is new, else ``None`` (and the duplicate is recorded)."""
        text = article.text or article.raw_text
        if not normalised_text(text):
            return article
        key = normalised_text_key(text)
        first = self._seen.get(key)
        if first is not None:
            self.duplicates.append(ExactDuplicate(id=article.id, source=article.source, duplicate_of=first))
            return None
        self._seen[key] = article.id
        return article
