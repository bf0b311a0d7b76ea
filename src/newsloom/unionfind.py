"""Disjoint sets over the indices ``0..n-1``: the "join what belongs together" step shared by
derivation (origin groups), cross-checking (claim groups) and the timeline (entries of one event)."""

from __future__ import annotations

from collections.abc import Iterable


class UnionFind:
    """Union-find with path halving; a set's root is its smallest index.

    >>> uf = UnionFind(5)
    >>> uf.union(3, 1); uf.union(4, 3)
    >>> uf.groups()
    [[0], [1, 3, 4], [2]]
    """

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, x: int, y: int) -> None:
        rx, ry = self.find(x), self.find(y)
        if rx != ry:
            self.parent[max(rx, ry)] = min(rx, ry)

    def groups(self) -> list[list[int]]:
        """The sets, each in ascending order, listed by their smallest index."""
        members: dict[int, list[int]] = {}
        for i in range(len(self.parent)):
            members.setdefault(self.find(i), []).append(i)
        return list(members.values())


def groups_with_conflict(n: int, links: Iterable[tuple[int, int, bool]]) -> list[list[int]]:
    """The sets that ``links`` (``(x, y, disagree)``) join over ``0..n-1`` holding at least one
    disagreeing link, in ``UnionFind.groups`` order: the grouping of the discrepancy detectors,
    which link every pair of mentions of one thing and report the things some pair disagrees on.

    >>> groups_with_conflict(5, [(0, 1, False), (1, 2, True), (3, 4, False)])
    [[0, 1, 2]]
    """
    uf = UnionFind(n)
    kept = list(links)
    for x, y, _ in kept:
        uf.union(x, y)
    conflicted = {uf.find(x) for x, _, disagree in kept if disagree}
    return [members for members in uf.groups() if uf.find(members[0]) in conflicted]
