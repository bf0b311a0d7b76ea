"""A batch with a German page among English articles, end to end: the German page is cleaned in
its own language, recorded as German and not read; the English articles are read as before."""

from __future__ import annotations

from pathlib import Path

from newsloom.config import AnalyzeConfig
from newsloom.pipeline.report.markdown import render_markdown
from newsloom.runners import local

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "languages"

EN_A = (
    "The harbour bridge in Kleinhafen will stay closed until March, the city said on Tuesday.\n"
    "Engineers found cracks in two of its pillars during an inspection in October, and the repair "
    "will now cost 15 million euros, the city's mayor, Ilse Dorfner, told the council.\n"
)
EN_B = (
    "Kleinhafen's harbour bridge stays shut until March after engineers found cracks in two of "
    "its pillars in October, the city said on Tuesday.\n"
    "Mayor Ilse Dorfner told the council the repair would now cost 15 million euros.\n"
)


def test_a_german_page_among_english_articles(tmp_path: Path) -> None:
    page = "\n".join(
        ln for ln in (FIXTURES / "de.txt").read_text(encoding="utf-8").splitlines() if not ln.startswith("@@")
    )
    (tmp_path / "de.txt").write_text(page, encoding="utf-8")
    (tmp_path / "a.txt").write_text(EN_A, encoding="utf-8")
    (tmp_path / "b.txt").write_text(EN_B, encoding="utf-8")
    report = local.analyze([tmp_path], AnalyzeConfig(workers=1, nlp="rules", embeddings="lexical"))
    by_source = {Path(a.source).name: a for a in report.articles}
    german = by_source["de.txt"]
    assert (german.language, german.read) == ("de", False)
    assert "Artikel teilen" not in german.text and "Impressum" not in german.text
    assert all(german.annotations.get(k) == [] for k in ("entities", "quantities", "dates", "quotes"))
    assert by_source["a.txt"].read and by_source["b.txt"].read
    cited = {
        c.article_id for story in report.stories for claim in story.claims or [] for c in claim.citations
    }
    assert german.id not in cited and cited
    assert report.stats["articles_not_read"] == 1
    assert report.stats["languages"]["de"] == 1
    assert "(not read: newsloom reads English only)" in render_markdown(report)
