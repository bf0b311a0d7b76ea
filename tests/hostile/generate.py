"""Write the hostile corpus: inputs that are odd, broken or built to be slow, all generated here.

Nothing of it is checked in: ``python tests/hostile/generate.py DIR`` writes it (about 75 MB,
in a few seconds), and the integration test and ``python -m bench --only hostile`` call
``generate(DIR)``. Every text is fictional and made up here, from a fixed random seed, so the
corpus is the same on every run.

``generate`` returns, for each file, what ``newsloom analyze`` must make of it: ``"article"``
(it is read and analysed), ``"error"`` (it is listed in ``report.errors``) or ``"either"``
(analysed or listed, both are honest outcomes: a pathological page may be read or may run out
of its time budget). A file that yields several inputs (JSONL, WARC) is listed once per line
or record it holds.
"""

from __future__ import annotations

import gzip
import io
import json
import random
import sys
from pathlib import Path
from typing import Literal

Outcome = Literal["article", "error", "either"]

_SEED = 20261127
_WORDS = [
    "council",
    "river",
    "bridge",
    "mayor",
    "budget",
    "vote",
    "school",
    "harbour",
    "ferry",
    "storm",
    "minister",
    "report",
    "hospital",
    "workers",
    "union",
    "strike",
    "museum",
    "library",
    "station",
    "tram",
    "road",
    "water",
    "price",
]

STORY = (
    "Harbour ferry returns after the storm\n\n"
    "The harbour ferry returned to service on Tuesday after a storm closed the crossing for three days, "
    "the port authority said.\n\n"
    "About 1,200 passengers use the ferry each day, and the operator said 14 sailings were cancelled. "
    "\u201cWe are glad to be back,\u201d the captain, Mara Lindqvist, told reporters.\n"
)


def _sentences(rng: random.Random, n: int) -> str:
    out = []
    for _ in range(n):
        words = [rng.choice(_WORDS) for _ in range(rng.randint(6, 14))]
        out.append(" ".join(words).capitalize() + ".")
    return " ".join(out)


def _warc(records: list[tuple[str, bytes]]) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for url, body in records:
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), length=len(body), http_headers=http
        )
        writer.write_record(record)
    return buf.getvalue()


def _page(title: str, body: str) -> bytes:
    return f"<html><head><title>{title}</title></head><body><article><p>{body}</p></article></body></html>".encode()


def generate(directory: Path) -> dict[str, Outcome]:
    """Write the hostile corpus into ``directory``; return each input's expected outcome.

    The keys are the paths (relative to ``directory``) as ``report.errors`` names them, with
    ``:N`` for line N of a JSONL file; WARC files are keyed by the file alone and count once
    per page or problem they yield (``expected_counts`` gives the number).
    """
    rng = random.Random(_SEED)
    directory.mkdir(parents=True, exist_ok=True)
    expect: dict[str, Outcome] = {}

    def write(name: str, data: bytes, outcome: Outcome) -> None:
        (directory / name).write_bytes(data)
        expect[name] = outcome

    # A good article, so the batch has something to analyse beside the hostile inputs.
    write("good-ferry.txt", STORY.encode(), "article")
    # Random bytes under a text name.
    write("binary.txt", rng.randbytes(64_000), "error")
    # A gzip file cut in half.
    whole = gzip.compress((STORY + _sentences(rng, 400)).encode())
    write("truncated.txt.gz", whole[: len(whole) // 2], "error")
    # A WARC of three pages cut in the middle of the third: two pages, then one problem.
    pages = [(f"http://example.org/news/{i}", _page(f"Story {i}", _sentences(rng, 30))) for i in range(3)]
    warc = _warc(pages)
    write("truncated.warc.gz", warc[: len(warc) - 200], "either")
    # A gzip bomb: 50 MB of one letter in about 49 KB (ratio over 1,000).
    write("bomb.txt.gz", gzip.compress(b"a" * 50_000_000, compresslevel=9), "error")
    # Invalid UTF-8: lone continuation bytes and an over-long encoding inside English text.
    write("invalid-utf8.txt", STORY.encode().replace(b"ferry", b"fe\x80\xc0\xafrry"), "either")
    # UTF-16 and UTF-32 without a byte-order mark (NUL bytes in every other character).
    write("utf16le-nobom.txt", STORY.encode("utf-16-le"), "article")
    write("utf16be-nobom.txt", STORY.encode("utf-16-be"), "article")
    write("utf32le-nobom.txt", STORY.encode("utf-32-le"), "article")
    # NUL bytes scattered through UTF-8 text.
    write("nul-bytes.txt", STORY.encode().replace(b" ", b" \x00", 5), "either")
    # A 20 MB single line: over the default 20,000,000-byte limit, so refused up front.
    write(
        "single-line-20mb.txt",
        (" ".join(rng.choice(_WORDS) for _ in range(3_500_000))).encode()[: 20 * 2**20],
        "error",
    )
    # 200,000 one-word lines (1 MB).
    write("one-word-lines.txt", "\n".join(rng.choice(_WORDS) for _ in range(200_000)).encode(), "either")
    # HTML nested 100,000 elements deep.
    write(
        "nested.html",
        ("<html><body>" + "<div>" * 100_000 + "Deep text." + "</div>" * 100_000 + "</body></html>").encode(),
        "either",
    )
    # A page of 10,000 small tables.
    table = "<table><tr><td>Cell {0}</td><td>{0}</td></tr></table>"
    write(
        "tables.html",
        (
            "<html><body><h1>Results</h1>"
            + "".join(table.format(i) for i in range(10_000))
            + "</body></html>"
        ).encode(),
        "either",
    )
    # JSONL: a 10 MB line, a 100,000-character title, a line that is not JSON, a good line.
    big = json.dumps({"id": "big-line", "text": _sentences(rng, 150_000)[:10_000_000]})
    long_title = json.dumps({"id": "long-title", "title": "Storm " * 16_667, "text": STORY})
    lines = [big, long_title, '{"text": "unterminated', json.dumps({"id": "jsonl-good", "text": STORY})]
    write("records.jsonl", "\n".join(lines).encode() + b"\n", "either")
    expect.pop("records.jsonl")
    expect.update({"records.jsonl:1": "either", "records.jsonl:2": "article", "records.jsonl:3": "error"})
    expect["records.jsonl:4"] = "article"
    # Right-to-left text, bidi overrides and zero-width characters.
    rtl = "\u05d4\u05e2\u05d9\u05e8\u05d9\u05d9\u05d4 \u05d0\u05d9\u05e9\u05e8\u05d4 \u202e\u05d2\u05e9\u05e8\u202c \u200b\u200c\u200d\u2060\ufeff "
    write("rtl-zero-width.txt", (STORY + (rtl * 200) + "\n").encode(), "article")
    # Combining marks piled on letters ("zalgo" text).
    zalgo = "".join(ch + "".join(chr(0x300 + rng.randrange(0x70)) for _ in range(20)) for ch in STORY)
    write("combining.txt", zalgo.encode(), "either")
    # Emoji only.
    write("emoji.txt", "".join(chr(0x1F600 + rng.randrange(80)) for _ in range(5_000)).encode(), "either")
    # Control characters (C0 and C1) sprinkled in the text; few enough not to look binary.
    controls = "".join(
        ch + ("\x07" if i % 97 == 0 else "\x85" if i % 89 == 0 else "") for i, ch in enumerate(STORY)
    )
    write("control-chars.txt", controls.encode(), "either")
    # 175 KB of nothing but quotation marks and digits.
    marks = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb0123456789 "
    write("quotes-digits.txt", "".join(rng.choice(marks) for _ in range(115_000)).encode(), "either")
    return expect


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: python tests/hostile/generate.py DIR", file=sys.stderr)
        return 2
    for name, outcome in generate(Path(sys.argv[1])).items():
        print(f"{outcome:8} {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
