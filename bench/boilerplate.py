"""Boilerplate removal on L3S-GN1 (621 news pages, ../shared/bench/boilerplate).

HTML pages: our HTML route (trafilatura + our post-pass; its prediction is what we present as
the article: title, the byline/dateline/credit lines lifted into metadata, and the clean body,
since the gold holds headline, text and those "supplemental" lines) against trafilatura ``extract()`` with defaults
and ``include_comments=False``. Plain-text dumps of the same pages: our line cleaner against
keeping every line and keeping lines of 20 or more words. Every system runs in this process,
on the same pages, in the same run; F1 comes from the dataset's own ``score.py``.

The data is under a research-only licence: it is read from the shared folder at run time and
never copied into the project; thresholds tuned on it are documented where they are defined.
"""

from __future__ import annotations

import gzip
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from newsloom.errors import NewsloomError
from newsloom.model import Article
from newsloom.pipeline.clean import clean_article

QUICK_PAGES = 100


def _pages(data: Path, quick: bool) -> list[str]:
    ids = sorted(p.name[: -len(".txt")] for p in (data / "gold").glob("*.txt"))
    if quick:
        # An evenly spread sample, the same on every run.
        step = max(1, len(ids) // QUICK_PAGES)
        ids = ids[::step][:QUICK_PAGES]
    return ids


# Lines the cleaner lifts out of the body as metadata but that a reader sees as part of the
# article, and that the gold counts as "supplemental" content (bylines, datelines, credits).
METADATA_REASONS = frozenset({"byline", "dateline", "credit_line"})


def reader_view(article: Article) -> str:
    """What we present as the article: the title, the byline/dateline/credit lines that the
    cleaner turned into metadata (those next to the kept text), and the clean body."""
    kept = [r for r in article.removed if r.reason == "title_repeat"]
    lo = min((r.start for r in kept), default=0)
    hi = len(article.raw_text)
    if article.markup == "text" and article.text:
        # The body's extent in the raw text: metadata lines far from it belong to other items.
        first_line = article.text.split("\n", 1)[0]
        last_line = article.text.rsplit("\n", 1)[-1]
        start = article.raw_text.find(first_line)
        end = article.raw_text.rfind(last_line)
        if start != -1 and end != -1:
            lo = min(lo, start) if kept else start
            hi = end + len(last_line)
    meta = [
        r.text
        for r in article.removed
        if r.reason in METADATA_REASONS and (article.markup == "html" or lo - 400 <= r.start <= hi + 200)
    ]
    # The title as the page shows it; a <title> that never appears on the page (a site name,
    # say) is metadata the reader does not see.
    title = article.title if article.title and article.title in article.raw_text else ""
    return "\n".join(part for part in (title, *meta, article.text) if part)


def _ours(article: Article) -> str:
    try:
        cleaned = clean_article(article)
    except NewsloomError:
        return ""
    return reader_view(cleaned)


def ours_plaintext(page_id: str, text: str) -> str:
    return _ours(Article(id=page_id, source=page_id, raw=text, raw_text=text))


def ours_html(page_id: str, html: str) -> str:
    return _ours(Article(id=page_id, source=page_id, format="html", markup="html", raw=html))


def keep_all(page_id: str, text: str) -> str:
    return text


def keep_long_lines(page_id: str, text: str) -> str:
    return "\n".join(ln for ln in text.split("\n") if len(ln.split()) >= 20)


def trafilatura_extract(page_id: str, html: str) -> str:
    import trafilatura

    return trafilatura.extract(html, include_comments=False) or ""


def _run(system: Callable[[str, str], str], inputs: dict[str, str], out: Path) -> float:
    """Write the system's prediction for every page into ``out``; return pages per second."""
    out.mkdir(parents=True, exist_ok=True)
    predictions: dict[str, str] = {}
    t0 = time.perf_counter()
    for page_id, content in inputs.items():
        predictions[page_id] = system(page_id, content)
    elapsed = time.perf_counter() - t0
    for page_id, text in predictions.items():
        (out / f"{page_id}.txt").write_text(text, encoding="utf-8")
    return len(inputs) / elapsed if elapsed > 0 else float("inf")


def score(data: Path, pred: Path, gold: Path) -> dict[str, float]:
    """Precision, recall and F1 from the dataset's scorer (its printed lines, parsed)."""
    proc = subprocess.run(
        [sys.executable, str(data / "score.py"), str(pred), "--gold", str(gold)],
        capture_output=True,
        text=True,
        check=True,
    )
    figures: dict[str, float] = {}
    for line in proc.stdout.splitlines():
        m = re.match(r"^(precision|recall|f1)\s+([0-9.]+)", line)
        if m:
            figures[m.group(1)] = float(m.group(2))
    return figures


def run(shared: Path, quick: bool) -> None:
    """Print one table: P, R, F1 and pages/s for each system on each input kind."""
    data = shared / "bench" / "boilerplate"
    ids = _pages(data, quick)
    plaintext = {i: (data / "plaintext" / f"{i}.txt").read_text(encoding="utf-8") for i in ids}
    # Decode as UTF-8 ourselves: many pages declare another charset in <meta> but are UTF-8.
    html = {
        i: gzip.decompress((data / "html" / f"{i}.html.gz").read_bytes()).decode("utf-8", errors="replace")
        for i in ids
    }
    rows: list[tuple[str, str, dict[str, float], float]] = []
    with tempfile.TemporaryDirectory(prefix="newsloom-bench-") as tmp:
        root = Path(tmp)
        gold = root / "gold"
        gold.mkdir()
        for i in ids:
            (gold / f"{i}.txt").symlink_to(data / "gold" / f"{i}.txt")
        systems: list[tuple[str, str, Callable[[str, str], str], dict[str, str]]] = [
            ("html", "newsloom HTML route", ours_html, html),
            ("html", "trafilatura extract(), comments off", trafilatura_extract, html),
            ("plaintext", "newsloom line cleaner", ours_plaintext, plaintext),
            ("plaintext", "keep every line", keep_all, plaintext),
            ("plaintext", "keep lines of >= 20 words", keep_long_lines, plaintext),
        ]
        for n, (kind, name, system, inputs) in enumerate(systems):
            pred = root / f"pred{n}"
            speed = _run(system, inputs, pred)
            rows.append((kind, name, score(data, pred, gold), speed))
    print(f"{len(ids)} pages{' (quick sample)' if quick else ''}; gold = headline + text + supplemental")
    print(f"{'input':<10} {'system':<40} {'P':>6} {'R':>6} {'F1':>6} {'pages/s':>9}")
    for kind, name, fig, speed in rows:
        rate = f"{speed:9.1f}" if speed < 100_000 else f"{'>100000':>9}"
        print(
            f"{kind:<10} {name:<40} {fig.get('precision', 0):6.3f} {fig.get('recall', 0):6.3f} "
            f"{fig.get('f1', 0):6.3f} {rate}"
        )
