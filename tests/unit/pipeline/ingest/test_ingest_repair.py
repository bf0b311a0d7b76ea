"""Mojibake repaired at ingest and recorded on the article; clean text and other scripts untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsloom.model import Article
from newsloom.pipeline.ingest import load_inputs
from newsloom.pipeline.ingest.repair import parse_repair, repair_mojibake, repair_text


@pytest.mark.parametrize(
    ("garbled", "fixed"),
    [
        ("The ferry companyâ€™s owner said", "The ferry company’s owner said"),  # windows-1252
        ("The ferry companyโ€™s owner said", "The ferry company’s owner said"),  # Thai code page
        ("the â€œharbour boardâ€\x9d met", "the “harbour board” met"),
        ("CafÃ© owners in MÃ¡laga", "Café owners in Málaga"),
    ],
)
def test_mojibake_is_repaired(garbled: str, fixed: str) -> None:
    text, pairs = repair_text(garbled)
    assert text == fixed
    assert pairs


@pytest.mark.parametrize(
    "clean",
    [
        "Café owners in Málaga and São Paulo met Łukasz in Zürich – “calmly”.",
        "Жители Москвы вышли на улицы.",
        "ชาวบ้านในกรุงเทพฯ ออกมาเดินขบวน",  # Thai prose is not Thai-code-page mojibake
        "The ferry company's owner said 5 boats sank.",
        "Fares rose to £5 and €7 (about ¥900).",
    ],
)
def test_clean_text_in_any_script_is_left_alone(clean: str) -> None:
    assert repair_text(clean) == (clean, [])


def test_the_repair_is_recorded_on_the_article() -> None:
    art = Article(id="a", source="a.txt", raw="The companyâ€™s owner", raw_text="The companyâ€™s owner")
    out = repair_mojibake(art)
    assert out.raw_text == "The company’s owner"
    assert [parse_repair(r) for r in out.repairs] == [("companyâ€™s", "company’s")]
    untouched = Article(id="b", source="b.txt", raw="Plain text.", raw_text="Plain text.")
    assert repair_mojibake(untouched).repairs == []


def test_ingest_repairs_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The ferry companyâ€™s owner said the boats sank.", "utf-8")
    [art] = list(load_inputs([tmp_path]))
    assert isinstance(art, Article)
    assert "company’s" in art.raw_text and art.repairs
