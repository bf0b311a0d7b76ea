"""Memoisation that lives as long as one story's analysis.

Cross-checking compares every sentence of a story with every other, and each detector re-reads
the same sentences, so pure per-sentence functions (folding, word tuples, 3-grams, quoted runs)
are cached. Kept for the whole run, those caches would fill to their bounds with sentences of
stories long finished: hundreds of MB per worker on a long run. ``story_cache`` registers such a
cache, and the runner calls ``clear_story_caches`` after each story, so what a worker holds is
what the story in hand needs. Caches keyed on single words (stems, spellings) are bounded by the
vocabulary and stay plain ``functools.lru_cache``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

_CACHES: list[Any] = []


def story_cache(maxsize: int) -> Callable[[F], F]:
    """``functools.lru_cache(maxsize)``, emptied by ``clear_story_caches``.

    >>> @story_cache(maxsize=8)
    ... def double(x: int) -> int:
    ...     return 2 * x
    >>> double(2), double.cache_info().currsize
    (4, 1)
    >>> clear_story_caches(); double.cache_info().currsize
    0
    """

    def wrap(function: F) -> F:
        cached = lru_cache(maxsize=maxsize)(function)
        _CACHES.append(cached)
        return cached  # type: ignore[return-value]

    return wrap


def clear_story_caches() -> None:
    """Empty every story cache (after a story's analysis, in whichever process ran it)."""
    for cached in _CACHES:
        cached.cache_clear()
