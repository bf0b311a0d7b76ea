"""Run every benchmark, or those named with --only; each prints its figures beside its baseline.

A benchmark is a module ``bench/<name>.py`` with ``run(shared: pathlib.Path, quick: bool) -> None``.
Speed is always printed as a ratio against a baseline measured in the same run, never asserted.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from pathlib import Path

# In data-flow order; a module that does not exist yet is reported and skipped.
BENCHMARKS = [
    "language",
    "boilerplate",
    "read",
    "stories",
    "realnews",
    "crawl",
    "dedup",
    "end_to_end",
    "store",
    "serve",
    "corpus",
    "hostile",
]


def main() -> int:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    ap.add_argument(
        "--shared", type=Path, default=Path("../shared"), help="the shared/ folder with bench data"
    )
    ap.add_argument("--only", action="append", choices=BENCHMARKS, help="run only these (repeatable)")
    ap.add_argument("--quick", action="store_true", help="smaller samples, for a smoke run")
    args = ap.parse_args()
    # Absolute, because benchmarks link gold files into temporary folders and run scorers there.
    args.shared = args.shared.resolve()
    if not (args.shared / "bench").is_dir():
        print(f"no benchmark data under {args.shared}/bench; pass --shared PATH", file=sys.stderr)
        return 2
    for name in args.only or BENCHMARKS:
        try:
            module = importlib.import_module(f"bench.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"bench.{name}":
                print(f"\n== {name}: not written yet")
                continue
            raise
        print(f"\n== {name}")
        t0 = time.perf_counter()
        module.run(args.shared, args.quick)
        print(f"({name} took {time.perf_counter() - t0:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
