"""End-to-end throughput and peak memory of ``newsloom.analyze`` + ``write_report`` (JSON only).

Input: the 772 ECB+ dev articles (``bench/stories/articles.jsonl``, only ``id`` and ``text``
kept: topic labels must not leak into the run) plus the gold texts of the boilerplate set
(``bench/boilerplate/gold/*.txt``) as further JSONL records, >1,000 real articles in all, written
to a temporary directory (nothing is copied into the project). ``--quick`` uses the first 200.

Each configuration runs in a fresh subprocess, so peak RSS (``ru_maxrss``) belongs to that
configuration alone and model loading is part of the wall time; load time is also shown apart
(in a serial run only: with worker processes each worker loads its own copy inside the run).
``analyze`` runs with its default (automatic) number of workers; "worker MiB" is the peak RSS of
the largest worker process (``RUSAGE_CHILDREN``), so the run holds at most peak + workers x that.
Configurations: (a) spaCy reader + lexical vectors, the named baseline; (b) spaCy + the
sentence-embedding model; (c) the rule reader + lexical vectors, for reference.
Speed is printed as measured, with its ratio to (a), never asserted. For (a), writing
report.md and report.html as well (what the CLI does by default) is timed apart and printed
below the table.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
QUICK_N = 200

CONFIGS: list[tuple[str, str, str]] = [
    # (label, nlp, embeddings)
    ("(a) spacy + lexical [baseline]", "spacy", "lexical"),
    ("(b) spacy + model", "spacy", "model"),
    ("(c) rules + lexical", "rules", "lexical"),
]


def build_corpus(shared: Path, dest: Path, limit: int | None) -> int:
    """Write the benchmark JSONL to ``dest``; returns the number of records."""
    records: list[dict[str, str]] = []
    with (shared / "bench" / "stories" / "articles.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            records.append({"id": rec["id"], "text": rec["text"]})
    for path in sorted((shared / "bench" / "boilerplate" / "gold").glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        if text.strip():
            records.append({"id": f"gold-{path.stem}", "text": text})
    if limit is not None:
        records = records[:limit]
    with dest.open("w", encoding="utf-8") as out:
        for rec in records:
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return len(records)


def _child(nlp: str, embeddings: str, corpus: str, out_dir: str, profile: str | None) -> None:
    """One configuration, in this (fresh) process; prints one JSON line of figures."""
    import resource
    import time
    from collections import Counter

    t0 = time.perf_counter()
    from newsloom import AnalyzeConfig, analyze, write_report
    from newsloom.runners.local import resolve_workers

    config = AnalyzeConfig(nlp=nlp, embeddings=embeddings, formats=("json",))  # type: ignore[arg-type]
    # Load the models first so their cost can be shown apart; analyze reuses the cached copies.
    # With worker processes each worker loads its own copy, so the parent loads none.
    t_load = time.perf_counter()
    serial = resolve_workers(config) == 1
    if nlp == "spacy" and serial:
        from newsloom.pipeline.read.nlp import load_spacy

        load_spacy()
    if embeddings == "model" and serial:
        from newsloom.pipeline.compare.embeddings import load_encoder

        load_encoder()
    load_s = time.perf_counter() - t_load
    if profile:
        import cProfile

        prof = cProfile.Profile()
        prof.enable()
    report = analyze([corpus], config)
    write_report(report, out_dir, ["json"])
    if profile:
        prof.disable()
        prof.dump_stats(profile)
    total = time.perf_counter() - t0
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    other_formats = None
    if (nlp, embeddings) == ("spacy", "lexical"):
        # The CLI writes report.md and report.html too by default: timed apart, after the peak.
        t_write = time.perf_counter()
        write_report(report, out_dir, ["md", "html"])
        other_formats = time.perf_counter() - t_write
    # The largest single worker process (ru_maxrss of the reaped children is their maximum,
    # not their sum): with N workers the run holds at most parent + N x this.
    child_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(
        json.dumps(
            {
                "articles": report.stats["articles_read"],
                "stories": len(report.stories),
                "seconds": total,
                "load_seconds": load_s,
                "peak_mib": peak_kib / 1024,
                "worker_peak_mib": child_kib / 1024,
                "workers": resolve_workers(config),
                "md_html_seconds": other_formats,
                "discrepancies": dict(
                    sorted(Counter(d.kind for st in report.stories for d in st.discrepancies or []).items())
                ),
            }
        )
    )


def measure(
    nlp: str, embeddings: str, corpus: Path, tmp: Path, profile: Path | None = None
) -> dict[str, Any]:
    """Run one configuration in a fresh interpreter and return its figures."""
    out_dir = tmp / f"out-{nlp}-{embeddings}"
    cmd = [sys.executable, "-m", "bench.end_to_end", "--child", nlp, embeddings, str(corpus), str(out_dir)]
    if profile is not None:
        cmd.append(str(profile))
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{nlp}/{embeddings} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def run(shared: Path, quick: bool) -> None:
    """Print the table: configuration, articles, seconds, articles/s, peak RSS, ratio to (a)."""
    with tempfile.TemporaryDirectory(prefix="newsloom-e2e-") as tmp_name:
        tmp = Path(tmp_name)
        corpus = tmp / "articles.jsonl"
        n = build_corpus(shared, corpus, QUICK_N if quick else None)
        print(f"{n} articles (ECB+ dev + boilerplate gold texts); analyze + write_report(json) per run")
        rows = []
        for label, nlp, emb in CONFIGS:
            try:
                rows.append((label, measure(nlp, emb, corpus, tmp)))
            except RuntimeError as exc:
                print(f"{label}: {exc}")
        if not rows:
            return
        base = rows[0][1]["articles"] / rows[0][1]["seconds"]
        print(
            f"{'configuration':34} {'articles':>8} {'seconds':>8} {'load s':>7} "
            f"{'art/s':>7} {'peak MiB':>9} {'worker MiB':>10} {'vs (a)':>7}"
        )
        for label, r in rows:
            rate = r["articles"] / r["seconds"]
            print(
                f"{label:34} {int(r['articles']):8d} {r['seconds']:8.1f} {r['load_seconds']:7.1f} "
                f"{rate:7.1f} {r['peak_mib']:9.0f} {r.get('worker_peak_mib', 0):10.0f} {rate / base:6.2f}x"
            )
        extra = rows[0][1].get("md_html_seconds")
        if extra:
            total = rows[0][1]["seconds"] + extra
            print(
                f"{rows[0][0]} also writing report.md and report.html (the CLI default): +{extra:.1f} s, "
                f"{rows[0][1]['articles'] / total:.1f} articles/s overall"
            )
        # No gold exists for discrepancies on this corpus; the counts are read by hand (README).
        kinds = rows[0][1].get("discrepancies") or {}
        print_flag_counts(rows[0][0], kinds, None if quick else PREVIOUS_FLAGS)


# The flag counts by kind of the last full run, stored in the repository so each run prints its
# counts beside the previous one's (and then replaces them: commit the file with the change that
# moved them).
PREVIOUS_FLAGS = Path(__file__).with_name("end_to_end_flags.json")


def print_flag_counts(label: str, kinds: dict[str, int], stored: Path | None) -> None:
    """Discrepancies flagged by kind, beside the stored previous run's counts (when ``stored``)."""
    previous: dict[str, int] = json.loads(stored.read_text("utf-8")) if stored and stored.exists() else {}
    print(f"discrepancies flagged by kind, {label}: {'this run':>9} {'previous':>9}")
    for kind in sorted(set(kinds) | set(previous)):
        before = previous.get(kind)
        print(f"  {kind:24} {kinds.get(kind, 0):9d} {'-' if before is None else before:>9}")
    print(f"  {'total':24} {sum(kinds.values()):9d} {sum(previous.values()) if previous else '-':>9}")
    if stored is not None:
        stored.write_text(json.dumps(dict(sorted(kinds.items())), indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    # Internal entry point: ``python -m bench.end_to_end --child NLP EMB CORPUS OUT [PROFILE]``.
    if len(sys.argv) >= 6 and sys.argv[1] == "--child":
        _child(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6] if len(sys.argv) > 6 else None)
    else:
        print("run through the harness: python -m bench --only end_to_end", file=sys.stderr)
        sys.exit(2)
