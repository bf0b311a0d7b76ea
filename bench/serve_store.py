"""A large store for the serve bench, built in minutes instead of hours.

Running 100,000 articles through the whole pipeline takes hours on the bench machine, so the
large store is built this way instead: a small set of fictional articles
(``tests/integration/fictional_news.py``) goes through ``add`` for real (cleaned, read,
clustered, compared, cross-checked), and its analysed stories are then copied, each copy under
new story and article ids, with one fictional sentence of made-up words at the end of every
article's text, so that every copy has its own text, hashes and search words. The copies are the
rows ``add`` wrote for the originals (articles, stories, claims, derivation, discrepancies,
briefing), renamed and inserted in bulk under the store's write lock, one transaction per 50
copies. Their stories have the shape and size of real ones (briefing,
claims, derivation, discrepancies); the story index's postings are not copied, so articles added
later cluster among themselves, not with the copies.
"""

from __future__ import annotations

import json
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert, select

from newsloom.config import AnalyzeConfig
from newsloom.pipeline.ingest.exact import normalised_text_key
from newsloom.runners.incremental import add_to_store
from newsloom.storage import Store
from newsloom.storage.repository import url_key
from newsloom.storage.tables import ArticleRow, BriefingRow, ClaimRow, DerivationRow, DiscrepancyRow, StoryRow

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "integration"))
from fictional_news import fictional_articles

TEMPLATE_ARTICLES = 64
_SYLLABLES = [
    "bra",
    "vel",
    "tor",
    "mun",
    "sil",
    "kae",
    "dro",
    "pim",
    "zar",
    "lou",
    "fen",
    "gri",
    "hob",
    "nex",
]


def made_up_words(rng: random.Random, n: int) -> list[str]:
    """``n`` pronounceable made-up words (three syllables: 2,744 of them)."""
    return ["".join(rng.choice(_SYLLABLES) for _ in range(3)) for _ in range(n)]


def _rename(value: Any, ids: dict[str, str]) -> Any:
    """``value`` (JSON data) with every string that is a key of ``ids`` replaced by its value."""
    if isinstance(value, str):
        return ids.get(value, value)
    if isinstance(value, list):
        return [_rename(v, ids) for v in value]
    if isinstance(value, dict):
        return {k: _rename(v, ids) for k, v in value.items()}
    return value


_SECTION_TABLES = (DerivationRow, ClaimRow, DiscrepancyRow, BriefingRow)


def _rows(conn: Connection, table: Any) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute(select(table.__table__)).mappings()]


def _copy_article(row: dict[str, Any], ids: dict[str, str], tail: str) -> dict[str, Any]:
    new_id = ids[row["article_id"]]
    out = {k: _rename(v, ids) for k, v in row.items() if k != "pk"}
    out["text"] = row["text"] + tail
    out["raw_text"] = row["raw_text"] + tail
    out["raw"] = row["raw"] + tail
    out["text_hash"] = normalised_text_key(out["text"])
    out["source"] = row["source"] + "#" + new_id
    out["url"] = (row["url"] + "/" + new_id) if row["url"] else None
    out["url_hash"] = url_key(out["url"]) if out["url"] else None
    for meta in ("meta", "analysed_meta"):
        if out[meta] is not None:
            out[meta] = {**out[meta], "source": out["source"], "url": out["url"]}
    # The story index's features are not copied (see the module docstring).
    out["features"] = {}
    return out


def build_large_store(db: str, n: int, *, seed: int = 11) -> dict[str, Any]:
    """Fill the empty store ``db`` with about ``n`` articles; return what was built."""
    t0 = time.perf_counter()
    folder = Path(db).parent
    template_file = folder / "template.jsonl"
    records = fictional_articles(TEMPLATE_ARTICLES, seed=seed)
    template_file.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    rng = random.Random(seed)
    with Store(db) as store:
        add_to_store(store, [str(template_file)], AnalyzeConfig(workers=1, nlp="rules", embeddings="lexical"))
        with store.engine.connect() as conn:
            articles = _rows(conn, ArticleRow)
            stories = [r for r in _rows(conn, StoryRow) if r["size"] > 0]
            sections = {t: _rows(conn, t) for t in _SECTION_TABLES}
        copies = max(0, (n - len(articles)) // len(articles))
        now = datetime.now(UTC)
        rare: list[str] = []
        for start in range(0, copies, 50):
            batch_articles: list[dict[str, Any]] = []
            batch_stories: list[dict[str, Any]] = []
            batch_sections: dict[Any, list[dict[str, Any]]] = {t: [] for t in _SECTION_TABLES}
            for c in range(start, min(copies, start + 50)):
                words = made_up_words(rng, 6)
                rare.append(words[0])
                when = now - timedelta(minutes=copies - c)
                ids = {a["article_id"]: f"{a['article_id']}-c{c}" for a in articles}
                ids.update({st["story_id"]: f"{st['story_id']}-c{c}" for st in stories})
                for st in stories:
                    batch_stories.append(
                        {**_rename(st, ids), "created_at": when, "updated_at": when, "analysed_at": when}
                    )
                for a in articles:
                    tail = f"\n\nFiled with {' '.join(rng.sample(words, 4))} notes."
                    batch_articles.append({**_copy_article(a, ids, tail), "added_at": when})
                for table, rows in sections.items():
                    batch_sections[table] += [
                        {k: _rename(v, ids) for k, v in r.items() if k != "pk"} for r in rows
                    ]
            with store.write() as conn:
                conn.execute(insert(StoryRow.__table__), batch_stories)
                conn.execute(insert(ArticleRow.__table__), batch_articles)
                for table, rows in batch_sections.items():
                    if rows:
                        conn.execute(insert(table.__table__), rows)
        built = store.count_articles()
    return {
        "articles": built,
        "template_stories": len(stories),
        "copies": copies,
        "rare_words": rare,
        "seconds": time.perf_counter() - t0,
    }
