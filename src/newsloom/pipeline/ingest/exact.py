"""Recognise inputs whose normalised text is identical, so each is analysed once."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from newsloom.model import Article, ExactDuplicate

_QUOTES = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)


def normalised_text_key(text: str) -> str:
    """A hash of the text with case, Unicode form, quote style and whitespace folded."""
    folded = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    folded = re.sub(r"\s+", " ", folded).strip()
    return hashlib.blake2b(folded.encode("utf-8"), digest_size=16).hexdigest()


class ExactDuplicateFilter:
    """Keeps the first article of each normalised text and records the others as duplicates.

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
        key = normalised_text_key(article.text or article.raw_text)
        first = self._seen.get(key)
        if first is not None:
            self.duplicates.append(ExactDuplicate(id=article.id, source=article.source, duplicate_of=first))
            return None
        self._seen[key] = article.id
        return article
