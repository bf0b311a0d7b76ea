"""Cross-checking replayed on cached story inputs: the end-to-end corpus's discrepancy flags by
kind, and each flag's text, in seconds instead of a full run.

The end-to-end corpus (1,393 articles of ECB+ and L3S-GN1, see ``end_to_end.build_corpus``) has
no discrepancy gold, so a change to a detector is judged there by listing the flags it adds or
removes. ``cache`` runs ``analyze`` once, serially (spaCy + lexical, the end-to-end baseline), and
pickles what each story hands to cross-checking (the story after comparing, and its articles);
``replay`` runs only ``crosscheck_story`` on those inputs with the code as it is now. The cache
holds the reading and comparing stages of the code that made it: make it again after those change.

    python -m bench.crosscheck_replay cache --shared ../shared --cache /tmp/e2e-crosscheck.pkl
    python -m bench.crosscheck_replay replay --cache /tmp/e2e-crosscheck.pkl --out flags.json
    python -m bench.crosscheck_replay diff before.json after.json
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from bench.end_to_end import build_corpus


def _config() -> Any:
    from newsloom import AnalyzeConfig

    return AnalyzeConfig(nlp="spacy", embeddings="lexical", workers=1, formats=("json",))


def cache(shared: Path, path: Path) -> None:
    """Analyze the corpus serially and pickle each story's input to cross-checking."""
    import newsloom.runners.local as local
    from newsloom import analyze

    inputs: list[tuple[Any, list[Any]]] = []
    crosscheck = local.crosscheck_story

    def recording(story: Any, articles: Any, config: Any) -> Any:
        inputs.append((story, list(articles)))
        return crosscheck(story, articles, config)

    # serial (workers=1), so the runner in this process is the one that calls cross-checking
    local.crosscheck_story = recording
    try:
        with tempfile.TemporaryDirectory(prefix="newsloom-replay-") as tmp:
            corpus = Path(tmp) / "articles.jsonl"
            build_corpus(shared, corpus, None)
            analyze([str(corpus)], _config())
    finally:
        local.crosscheck_story = crosscheck
    with path.open("wb") as fh:
        pickle.dump(inputs, fh, protocol=pickle.HIGHEST_PROTOCOL)
    print(f"{len(inputs)} stories cached in {path}")


def replay(path: Path, out: Path | None) -> dict[str, list[list[str]]]:
    """Cross-check every cached story; print the flags by kind; return {kind: [[story, text]]}."""
    from newsloom.pipeline.crosscheck import crosscheck_story
    from newsloom.pipeline.memo import clear_story_caches

    with path.open("rb") as fh:
        inputs = pickle.load(fh)  # a file cache() wrote
    config = _config()
    flags: dict[str, list[list[str]]] = {}
    for story, articles in inputs:
        done = crosscheck_story(story, articles, config)
        clear_story_caches()
        for d in done.discrepancies or []:
            flags.setdefault(d.kind, []).append([story.id, d.description])
    counts = Counter({kind: len(found) for kind, found in flags.items()})
    print(f"{sum(counts.values())} flags: {dict(sorted(counts.items()))}")
    if out is not None:
        out.write_text(json.dumps(dict(sorted(flags.items())), indent=1), "utf-8")
    return flags


def diff(before: Path, after: Path) -> None:
    """The flags one replay has and the other has not, by kind."""
    a, b = (json.loads(p.read_text("utf-8")) for p in (before, after))
    for kind in sorted(set(a) | set(b)):
        old = {tuple(x) for x in a.get(kind, [])}
        new = {tuple(x) for x in b.get(kind, [])}
        print(f"{kind:20} {len(old):5d} -> {len(new):5d}")
        for sign, rows in (("-", old - new), ("+", new - old)):
            for story, text in sorted(rows):
                print(f"  {sign} {story}: {text}")


def main() -> int:
    ap = argparse.ArgumentParser(
        prog="python -m bench.crosscheck_replay", description=__doc__.splitlines()[0]
    )
    sub = ap.add_subparsers(dest="command", required=True)
    c = sub.add_parser("cache", help="analyze the corpus once and keep cross-checking's inputs")
    c.add_argument("--shared", type=Path, default=Path("../shared"))
    c.add_argument("--cache", type=Path, required=True)
    r = sub.add_parser("replay", help="cross-check the cached inputs with the current code")
    r.add_argument("--cache", type=Path, required=True)
    r.add_argument("--out", type=Path, help="write the flags (kind -> [story, text]) as JSON")
    d = sub.add_parser("diff", help="the flags two replays differ in")
    d.add_argument("before", type=Path)
    d.add_argument("after", type=Path)
    args = ap.parse_args()
    if args.command == "cache":
        cache(args.shared.resolve(), args.cache)
    elif args.command == "replay":
        replay(args.cache, args.out)
    else:
        diff(args.before, args.after)
    return 0


if __name__ == "__main__":
    sys.exit(main())
