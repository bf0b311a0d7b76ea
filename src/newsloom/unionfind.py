"""Disjoint sets over the indices ``0..n-1``: the "join what belongs together" step shared by
derivation (origin groups), cross-checking (claim groups) and the timeline (entries of one event)."""

from __future__ import annotations


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
