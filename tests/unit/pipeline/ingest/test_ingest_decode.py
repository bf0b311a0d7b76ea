"""Bytes to text: encodings, binary sniffing, empty input, HTML sniffing."""

from __future__ import annotations

import codecs
import random

import pytest

from newsloom.errors import BinaryInput, EmptyInput, UndecodableInput
from newsloom.pipeline.ingest.decode import (
    canonical_charset,
    declared_html_charset,
    decode_bytes,
    looks_like_html,
    normalise_newlines,
)

# Hand-written sentences in Western European languages, as news sites in windows-1252 publish them.
WESTERN = {
    "fr": "Le maire a déclaré mardi que les écoles resteront fermées jusqu’à vendredi. « C’est une décision difficile », a-t-il ajouté.",
    "de": "Die Straße am Flussufer blieb gesperrt, sagte die Polizei am Dienstag. Über 300 Menschen mussten ihre Häuser verlassen.",
    "es": "¿Qué pasó? El alcalde dijo el martes que las escuelas seguirán cerradas. «Es una decisión difícil», añadió.",
    "pt": "O presidente afirmou na terça-feira que as negociações continuarão, disse o ministro da Economia à imprensa.",
    "en": "The mayor said on Tuesday — “after much thought” — that the café would reopen; tickets cost €5.",
}


@pytest.mark.parametrize("language", sorted(WESTERN))
def test_windows_1252_text_decodes_correctly(language: str) -> None:
    text = WESTERN[language]
    assert decode_bytes(text.encode("cp1252"), "a.txt") == text


@pytest.mark.parametrize("language", ["de", "es", "pt"])
def test_latin_1_text_decodes_correctly(language: str) -> None:
    text = WESTERN[language]
    assert decode_bytes(text.encode("latin-1"), "a.txt") == text


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Prezydent powiedział we wtorek, że rozmowy będą kontynuowane w przyszłym tygodniu.", "cp1250"),
        ("Президент заявил во вторник, что переговоры продолжатся на следующей неделе.", "cp1251"),
        ("Ο πρόεδρος δήλωσε την Τρίτη ότι οι συνομιλίες θα συνεχιστούν.", "cp1253"),
    ],
)
def test_other_legacy_encodings_are_not_mistaken_for_windows_1252(text: str, encoding: str) -> None:
    assert decode_bytes(text.encode(encoding), "a.txt") == text


def test_utf8_wins_over_a_wrong_declaration() -> None:
    text = "Zoë’s café"
    assert decode_bytes(text.encode("utf-8"), "a.html", ("iso-8859-1",)) == text


def test_declared_charset_is_used_when_not_utf8() -> None:
    text = "Ο πρόεδρος δήλωσε"
    assert decode_bytes(text.encode("iso-8859-7"), "a.html", ("iso-8859-7",)) == text


@pytest.mark.parametrize(
    "bom",
    [codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE],
)
def test_byte_order_marks_are_honoured_and_stripped(bom: bytes) -> None:
    encoding = {
        codecs.BOM_UTF8: "utf-8",
        codecs.BOM_UTF16_LE: "utf-16-le",
        codecs.BOM_UTF16_BE: "utf-16-be",
        codecs.BOM_UTF32_LE: "utf-32-le",
    }[bom]
    assert decode_bytes(bom + "héllo\r\nwörld".encode(encoding), "a.txt") == "héllo\nwörld"


def test_newlines_are_normalised_and_nothing_else_changes() -> None:
    assert normalise_newlines("a\r\nb\rc\n  d\t") == "a\nb\nc\n  d\t"
    assert decode_bytes(b"  one\r\n\r\ntwo  \r\n", "a.txt") == "  one\n\ntwo  \n"


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n", "\ufeff \n".encode()])
def test_whitespace_only_is_empty(data: bytes) -> None:
    with pytest.raises(EmptyInput):
        decode_bytes(data, "a.txt")


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "PNG"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        (b"PK\x03\x04\x14\x00", "ZIP"),
        (b"\x7fELF\x02\x01\x01", "executable"),
        (b"some text\x00with a NUL", "NUL"),
    ],
)
def test_binary_inputs_are_refused_with_what_they_are(data: bytes, what: str) -> None:
    with pytest.raises(BinaryInput, match=what):
        decode_bytes(data, "a.txt")


def test_many_control_bytes_mean_binary() -> None:
    rng = random.Random(7)
    data = bytes(rng.randrange(1, 256) for _ in range(4000))
    with pytest.raises(BinaryInput, match="control bytes"):
        decode_bytes(data, "a.txt")


def test_undecodable_garbage_is_reported() -> None:
    rng = random.Random(11)
    data = bytes(rng.randrange(0x80, 0x100) for _ in range(4000))
    with pytest.raises(UndecodableInput, match="convert it to UTF-8"):
        decode_bytes(data, "a.txt")


def test_charset_labels() -> None:
    assert canonical_charset("ISO-8859-1") == "cp1252"
    assert canonical_charset("us-ascii") == "cp1252"
    assert canonical_charset("Shift_JIS") == "shift_jis"
    assert canonical_charset("no-such-charset") is None
    assert canonical_charset(None) is None


def test_meta_charset_is_found() -> None:
    assert declared_html_charset(b'<html><head><meta charset="windows-1251">') == "cp1251"
    assert (
        declared_html_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-2">')
        == "iso8859-2"
    )
    assert declared_html_charset(b"<html><body>no declaration</body></html>") is None


@pytest.mark.parametrize(
    "text",
    [
        "<!DOCTYPE html><html><body><p>Hi</p></body></html>",
        "  \n<html lang='en'><head><title>x</title></head></html>",
        "<!-- saved page --><body><p>Story</p></body>",
        "<div><p>One</p><p>Two</p></div>",
    ],
)
def test_html_is_recognised(text: str) -> None:
    assert looks_like_html(text)


@pytest.mark.parametrize(
    "text",
    [
        "A plain report. The council met on Tuesday.",
        "Prices rose <5% in the year to March, the office said.",
        "# A markdown heading\n\nSome text with a <b>bold</b> word.",
    ],
)
def test_plain_text_is_not_html(text: str) -> None:
    assert not looks_like_html(text)


WIDE_SAMPLES = [
    "The ferry returned on Tuesday, the port said.\nAbout 1,200 people use it.",
    "Le traversier est revenu mardi, a déclaré le port. « Enfin », dit-elle.",
    "Паром вернулся во вторник, сообщил порт.",
    "Emoji 🚢 and a dash — in a sentence.",
]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
@pytest.mark.parametrize("text", WIDE_SAMPLES)
def test_utf16_and_utf32_without_a_byte_order_mark_are_decoded(text: str, encoding: str) -> None:
    assert decode_bytes(text.encode(encoding), "a.txt") == text


@pytest.mark.parametrize(
    "data",
    [
        b"some text\x00with NULs\x00 in it, of even length",  # UTF-8 with stray NULs
        bytes(range(1, 40)) * 10 + b"\x00\x00",  # control bytes and NULs
        b"".join(i.to_bytes(2, "little") for i in range(0, 3000, 7)),  # an array of small integers
        b"".join(i.to_bytes(4, "little") for i in range(0, 900)),  # 32-bit integers
    ],
)
def test_binary_data_with_nul_bytes_in_regular_places_stays_binary(data: bytes) -> None:
    with pytest.raises(BinaryInput):
        decode_bytes(data, "a.txt")


def test_random_bytes_with_every_other_byte_nul_stay_binary() -> None:
    rng = random.Random(5)
    data = b"".join(bytes([rng.randrange(256), 0]) for _ in range(2000))
    with pytest.raises(BinaryInput):
        decode_bytes(data, "a.txt")
