"""decode_bytes: transport charset, BOM, <meta charset>, detection; never raises."""
from __future__ import annotations

import codecs

import pytest

from cleaner.decode import decode_bytes, normalize_encoding

RUSSIAN = "<p>Привет мир, это тест страницы на русском языке. Сегодня хорошая погода.</p>"


def test_bom_wins_over_meta_label() -> None:
    data = codecs.BOM_UTF8 + '<meta charset="windows-1251"><p>Привет</p>'.encode()
    decoded = decode_bytes(data)
    assert decoded.method == "bom" and decoded.encoding == "utf-8"
    assert "Привет" in decoded.text and not decoded.text.startswith("\ufeff")


def test_utf16_bom() -> None:
    decoded = decode_bytes("<p>Grüße</p>".encode("utf-16"))
    assert decoded.method == "bom" and decoded.encoding.startswith("utf-16")
    assert decoded.text == "<p>Grüße</p>"


def test_meta_charset_windows_1251() -> None:
    data = f'<meta charset="windows-1251">{RUSSIAN}'.encode("cp1251")
    decoded = decode_bytes(data)
    assert decoded.method == "meta" and decoded.encoding == "cp1251"
    assert "Привет мир" in decoded.text and not decoded.replaced


def test_windows_1251_detected_without_label() -> None:
    decoded = decode_bytes((RUSSIAN * 5).encode("cp1251"))
    assert decoded.method == "detected"
    assert "Привет мир" in decoded.text


def test_latin1_label_decodes_as_windows_1252() -> None:
    data = '<meta charset="iso-8859-1"><p>café – “quoted”</p>'.encode("cp1252")
    decoded = decode_bytes(data)
    assert decoded.encoding == "cp1252" and decoded.method == "meta"
    assert "café – “quoted”" in decoded.text


def test_http_charset_takes_precedence_over_meta() -> None:
    data = '<meta charset="utf-8"><p>café</p>'.encode("latin-1")
    decoded = decode_bytes(data, http_charset="ISO-8859-1")
    assert decoded.method == "http" and "café" in decoded.text


def test_valid_utf8_beats_a_stale_legacy_label() -> None:
    data = '<meta charset="iso-8859-1"><p>café naïve</p>'.encode()
    decoded = decode_bytes(data)
    assert decoded.encoding == "utf-8" and decoded.method == "meta-overridden-by-utf8"
    assert "café naïve" in decoded.text


@pytest.mark.parametrize("data", [b"<p>ok \xff\xfe\x80 bad</p>", b"\xc3", b"\x00\x01\x02\xff" * 100, b""])
def test_undecodable_bytes_never_raise(data: bytes) -> None:
    decoded = decode_bytes(data, http_charset="utf-8")
    assert isinstance(decoded.text, str)


def test_undecodable_bytes_become_replacement_characters() -> None:
    decoded = decode_bytes(b"<p>ok \xff\xfe\x80 bad</p>", http_charset="utf-8")
    assert decoded.text == "<p>ok \ufffd\ufffd\ufffd bad</p>" and decoded.replaced


def test_unknown_labels_are_ignored() -> None:
    assert normalize_encoding("no-such-charset") is None
    assert normalize_encoding(" 'Latin-1' ") == "cp1252"
    decoded = decode_bytes(b"<p>plain ascii</p>", http_charset="no-such-charset")
    assert decoded.text == "<p>plain ascii</p>"
