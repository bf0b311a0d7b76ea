"""Bytes to text: refuse what is not text, then find the encoding of what is.

The order matters and follows what holds up on real crawls:

1. a byte-order mark says the encoding outright;
   UTF-32 and UTF-16 without one are recognised by where their NUL bytes fall (see
   ``_wide_unicode``), before NUL bytes are taken to mean binary data;
2. known binary formats (by magic number), NUL bytes or many control bytes mean "not text";
3. UTF-8 is tried first whatever is declared: text in a legacy encoding is almost never valid
   UTF-8 by accident, while servers that declare ISO-8859-1 for UTF-8 pages are common;
4. a declared charset (HTTP ``Content-Type``, HTML ``<meta charset>``) is tried next;
5. windows-1252, the most common legacy encoding of Western news sites, is taken when its
   reading is plausible (see ``_plausible_cp1252``): charset-normalizer misreads short Western
   texts as Baltic or Central European code pages;
6. charset-normalizer decides the rest; when it finds nothing, or its reading is mostly
   garbage, the input is ``UndecodableInput``.
"""

from __future__ import annotations

import codecs
import re

from newsloom.errors import BinaryInput, EmptyInput, UndecodableInput

# Magic numbers of formats people drop into article folders by mistake, with what to do instead.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.odt/.epub document)"),
    (b"\x1f\x8b", "gzip-compressed data (name it .gz so newsloom decompresses it)"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x7fELF", "an executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"OggS", "an Ogg audio/video file"),
    (b"ID3", "an MP3 audio file"),
    (b"wOFF", "a web font"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# UTF-16 without a byte-order mark is considered when at least this many, and this share, of
# the units in its first bytes have a NUL high byte (and almost none a NUL low byte).
_MIN_WIDE_NULS = 4
_MIN_WIDE_NUL_SHARE = 0.05
# How much of the start of an input the binary sniffing looks at.
_SNIFF_BYTES = 8192
# Control bytes other than tab, newline, vertical tab, form feed and carriage return.
_CONTROL_BYTES = bytes(sorted(set(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D}))
# Text written by people has practically no control bytes; uniformly random bytes (compressed
# or encrypted data) have about 10% (27 of 256 values). 5% sits between the two with room on
# both sides; checked on the hand-made samples in tests/unit/pipeline/ingest/test_decode.py.
_MAX_CONTROL_RATIO = 0.05
# windows-1252 is accepted only when under this share of its letters are non-ASCII. Western
# European news text has 1-8% (French, Portuguese and Spanish highest; measured on the
# samples in the unit tests); Cyrillic or Greek bytes read as windows-1252 give 80-100%.
_MAX_NON_ASCII_LETTER_RATIO = 0.3
# A decoded text with more than this share of control, unassigned, private-use or replacement
# characters is garbage, whatever the detector said. Real text has none of them.
_MAX_GARBAGE_RATIO = 0.02

# Non-ASCII symbols that Western text uses next to letters: quotes, apostrophes, dashes,
# currency, the ellipsis. Any other non-letter glued to a letter ("powiedzia³", "bêd¹") is
# the mark of a Central European page read as windows-1252.
_WESTERN_PUNCTUATION = frozenset("\u00a0\u00ad‘’‚“”„«»‹›–—…•·€£¥¢©®™°§¶¡¿±×÷†‡‰")

# Control characters (other than whitespace), C1 controls, private-use characters, surrogates
# and the replacement character: what a wrong decoding leaves behind.
_GARBAGE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff\ufffd]")
# windows-1252 plausibility is judged on the start of a text: enough to see its language, and
# a large file is not walked character by character.
_PLAUSIBILITY_SAMPLE = 100_000

_LETTER = re.compile(r"[^\W\d_]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HTML_START = re.compile(
    r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|article|div|p|section|main|h[1-6])\b",
    re.IGNORECASE | re.DOTALL,
)
_HTML_TAG = re.compile(
    r"</?(?:html|head|body|div|p|span|a|article|section|br|h[1-6]|meta|script)\b[^>]*>", re.I
)


def normalise_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` become ``\\n``; nothing else in the text changes."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def sniff_binary(data: bytes, path: str) -> None:
    """Raise ``BinaryInput`` when ``data`` is a known binary format or is not text at all."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise BinaryInput(path, f"is {what}, not text; extract its text first and give newsloom that")
    head = data[:_SNIFF_BYTES]
    if b"\x00" in head:
        raise BinaryInput(path, "is binary data (it holds NUL bytes), not text; give newsloom text or HTML")
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if head and controls / len(head) > _MAX_CONTROL_RATIO:
        raise BinaryInput(
            path, f"is binary data ({controls} control bytes in its first {len(head)}), not text or HTML"
        )


def canonical_charset(label: str | None) -> str | None:
    """The Python codec for a declared charset label, or ``None`` when it is unknown.

    ISO-8859-1 and ASCII labels mean windows-1252, as browsers read them (WHATWG Encoding):
    pages that declare them routinely use the curly quotes only windows-1252 has.
    """
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None
    return "cp1252" if name in {"iso8859-1", "ascii", "latin-1"} else name


def declared_html_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` tag near its start."""
    match = _META_CHARSET.search(data[:4096])
    return canonical_charset(match.group(1).decode("ascii", "ignore")) if match else None


def looks_like_html(text: str) -> bool:
    """Whether text of unknown type (stdin, a JSONL ``text`` field) is an HTML page."""
    if _HTML_START.match(text[:4096]):
        return True
    # A fragment without a document head: count tags in the first few kilobytes.
    return len(_HTML_TAG.findall(text[:8192])) >= 3


def _garbage_ratio(text: str) -> float:
    if not text:
        return 0.0
    return len(_GARBAGE.findall(text)) / len(text)


def _plausible_cp1252(decoded: str) -> bool:
    """Whether a windows-1252 reading looks like Western European text rather than mojibake."""
    text = decoded[:_PLAUSIBILITY_SAMPLE]
    letters = len(_LETTER.findall(text))
    if not letters:
        return False
    non_ascii = [(m.start(), m.group()) for m in _NON_ASCII.finditer(text)]
    non_ascii_letters = sum(1 for _, ch in non_ascii if ch.isalpha())
    if non_ascii_letters / letters > _MAX_NON_ASCII_LETTER_RATIO:
        return False
    for i, ch in non_ascii:
        if ch.isalpha() or ch in _WESTERN_PUNCTUATION:
            continue
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if before.isalpha() or after.isalpha():
            return False
    return True


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _detect(data: bytes, declared: tuple[str | None, ...]) -> str | None:
    for _bom, encoding in _BOMS:
        if data.startswith(_bom):
            return _strict(data, encoding)
    text = _strict(data, "utf-8")
    if text is not None:
        return text
    for label in declared:
        codec = canonical_charset(label)
        declared_text = _strict(data, codec) if codec else None
        if declared_text is not None and _garbage_ratio(declared_text) == 0:
            return declared_text
    western = _strict(data, "cp1252")
    if western is not None and _plausible_cp1252(western):
        return western
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return None if best is None else str(best)


def _wide_unicode(data: bytes) -> str | None:
    """UTF-32 or UTF-16 text without a byte-order mark, or ``None``.

    Text in these encodings is full of NUL bytes, and they fall in fixed places: every UTF-32
    character has a zero high byte, and a UTF-16 character of Latin script a zero high byte,
    at the end (little-endian) or the start (big-endian) of each unit. The candidate that the
    NUL bytes point to is accepted only when all of the data decodes strictly to text with no
    control, private-use or replacement character; binary data that happens to hold NUL
    bytes in the same places fails that.
    """
    head = data[: _SNIFF_BYTES - _SNIFF_BYTES % 4]
    candidates = []
    if len(data) % 4 == 0:
        units = len(head) // 4
        if head[3::4].count(0) == units:
            candidates.append("utf-32-le")
        if head[0::4].count(0) == units:
            candidates.append("utf-32-be")
    if len(data) % 2 == 0:
        even, odd = head[0::2].count(0), head[1::2].count(0)
        # UTF-16 of Latin script has a NUL in nearly every unit, of Cyrillic or Greek one in
        # each space and figure (15-20%); a few stray NUL bytes in UTF-8 text are neither. The
        # other byte of a unit is NUL only for rare characters (U+0100, U+4E00 "一").
        high, low = max(even, odd), min(even, odd)
        if high >= max(_MIN_WIDE_NULS, _MIN_WIDE_NUL_SHARE * len(head) / 2) and low <= high / 20:
            candidates.append("utf-16-le" if odd > even else "utf-16-be")
    for encoding in candidates:
        text = _strict(data, encoding)
        if text is not None and text.strip() and _garbage_ratio(text) == 0:
            return text
    return None


def decode_bytes(data: bytes, path: str, declared: tuple[str | None, ...] = ()) -> str:
    """Decode one document's bytes to text with newlines normalised.

    ``declared`` are charsets the container states (HTTP header, HTML meta), best first.
    Raises ``EmptyInput``, ``BinaryInput`` or ``UndecodableInput``.

    >>> decode_bytes("Café".encode("cp1252"), "a.txt")
    'Café'
    """
    if not data.strip():
        raise EmptyInput(path, "is empty (nothing but whitespace); remove it or fill it")
    wide = None
    if not any(data.startswith(bom) for bom, _ in _BOMS):
        wide = _wide_unicode(data) if b"\x00" in data[:_SNIFF_BYTES] else None
        if wide is None:
            sniff_binary(data, path)
    text = wide if wide is not None else _detect(data, declared)
    if text is None or (not text.isascii() and _garbage_ratio(text) > _MAX_GARBAGE_RATIO):
        raise UndecodableInput(
            path,
            "is not UTF-8 and its encoding could not be recognised; convert it to UTF-8 "
            "(for example: iconv -f ENCODING -t UTF-8 FILE)",
        )
    text = normalise_newlines(text.removeprefix("\ufeff"))
    if not text.strip():
        raise EmptyInput(path, "is empty (nothing but whitespace); remove it or fill it")
    return text
