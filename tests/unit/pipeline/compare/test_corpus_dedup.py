"""Corpus near-duplicates: MinHash LSH groups, survivor choice, CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsloom.cli.app import app
from newsloom.errors import ConfigError
from newsloom.pipeline.compare.dedup import DedupConfig, NearDuplicateFinder, lsh_bands

BASE = "the harbour authority closed the northern pier on friday after a cargo ship struck it during a storm and damaged two cranes"


def test_near_copies_grouped_and_longest_survives() -> None:
    finder = NearDuplicateFinder()
    finder.add("short", BASE)
    finder.add("long", BASE + " last week")
    finder.add(
        "other", "a new library opened downtown with a reading garden and a cafe for students and families"
    )
    (group,) = finder.groups()
    assert group.members == ["short", "long"] and group.survivor == "long"
    assert group.pairs and 0.0 < group.pairs[0][2] <= 1.0


def test_documents_alone_in_their_buckets_change_no_group() -> None:
    """Unrelated documents between the copies (each alone in its LSH buckets) leave the groups,
    their survivors and their verified pairs as they are."""
    copies = [("first", BASE), ("second", BASE + " last week"), ("third", BASE.replace("two", "three"))]
    alone = [
        (f"other-{k}", f"council meeting number {k} discussed budget item {k * 7} and road {k * 13}")
        for k in range(40)
    ]

    def groups(documents: list[tuple[str, str]]) -> list[dict[str, object]]:
        finder = NearDuplicateFinder()
        for doc_id, text in documents:
            finder.add(doc_id, text)
        return [g.to_json() for g in finder.groups()]

    mixed = [*alone[:15], copies[0], *alone[15:30], copies[1], *alone[30:], copies[2]]
    assert groups(mixed) == groups(copies)
    assert [g["members"] for g in groups(copies)] == [["first", "second", "third"]]


def test_thousand_identical_documents_make_one_group() -> None:
    finder = NearDuplicateFinder()
    for i in range(1000):
        finder.add(f"d{i:04d}", BASE)
    (group,) = finder.groups()
    assert len(group.members) == 1000 and group.survivor == "d0000"


def test_empty_and_single_documents() -> None:
    finder = NearDuplicateFinder()
    assert finder.groups() == []
    finder.add("empty", "")
    finder.add("x", BASE)
    assert finder.groups() == []


def test_bad_threshold_refused() -> None:
    with pytest.raises(ConfigError):
        DedupConfig(threshold=1.5)
    assert lsh_bands(0.8, 128) == (9, 13)


def test_cli_writes_groups(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BASE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(BASE + " again", encoding="utf-8")
    (tmp_path / "c.txt").write_text(
        "entirely unrelated words about a garden show in spring", encoding="utf-8"
    )
    out = tmp_path / "groups.jsonl"
    result = CliRunner().invoke(app, ["dedup", str(tmp_path), "--threshold", "0.7", "--out", str(out)])
    assert result.exit_code == 0, result.output
    groups = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert groups == [
        {
            "survivor": "b",
            "members": ["a", "b"],
            "pairs": [{"a": "a", "b": "b", "similarity": groups[0]["pairs"][0]["similarity"]}],
        }
    ]
    bad = CliRunner().invoke(app, ["dedup", str(tmp_path), "--threshold", "2"])
    assert bad.exit_code == 2


def test_cli_missing_path_is_reported_with_exit_1(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BASE, encoding="utf-8")
    result = CliRunner().invoke(app, ["dedup", str(tmp_path), str(tmp_path / "missing.txt")])
    assert result.exit_code == 1
