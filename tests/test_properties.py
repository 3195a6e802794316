"""Property tests: whatever text comes in, the checker answers with a well-formed report.

Hypothesis feeds `check_text` (and the byte-level `decode`/`check_bytes`) texts built from an
alphabet that is heavy on what machine-translated news and this tool care about: quotes of every
kind, brackets, dashes, Cyrillic, agency names and markers, plus the awkward corners of Unicode
(emoji with modifiers and ZWJ, right-to-left scripts and marks, combining accents, odd spaces,
carriage returns, form feeds, NULs). For every text:

* no exception escapes;
* every finding's span lies inside the normalised document text, and its 1-based line and
  column agree with its offset (``check_text`` turns ``\\r\\n`` and ``\\r`` into ``\\n`` first,
  so positions are checked against ``document.text``);
* findings come sorted, and the JSON rendering is valid JSON that says the same thing.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tqcheck.checker import check_bytes, check_text
from tqcheck.errors import InputError
from tqcheck.model import Document, Report
from tqcheck.reading import decode
from tqcheck.render.json import render_json
from tqcheck.settings import Settings

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

QUOTES = "\"'“”„‟«»‘’‚‛‹›「」『』〝〞＂"
BRACKETS = "()[]{}<>（）［］"
DASHES = "-‐‑‒–—―−⸺"
CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯіїєґ"
LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéèçñß"
LOOKALIKES = "аеорсхАВЕКМНОРСТХaeopcxABEKMHOPCTX"  # Cyrillic/Latin homoglyphs, for mixed-script words
DIGITS = "0123456789٠١٢"
PUNCT = ".,;:!?…·•*#@©%$€₽£/\\&+="
SPACES = " \t\n\n\n\r\r\n\f\u00a0\u2009\u202f\u200b\u3000"
RTL = "שלוםمرحبا\u200f\u200e\u202b\u202e\u202c\u2066\u2069"
COMBINING = "\u0301\u0300\u0308\u0327\u20dd\ufe0f"
EMOJI = ["😀", "👍🏽", "👨‍👩‍👧", "🇷🇺", "🏳️‍🌈", "❤️", "\U0001f9d1\u200d\U0001f680"]
OTHER = "αβγΩ中文字日本語한국"

CHARS = QUOTES + BRACKETS + DASHES + CYRILLIC + LATIN + LOOKALIKES + DIGITS + PUNCT + SPACES + RTL + COMBINING + OTHER

# Whole tokens that make rules fire: agency markers, captions, attributions, numbers, currency.
# fmt: off
TOKENS = [
    "TASS", "RIA Novosti", "Interfax", "Reuters", "RT", "- TASS", "(TASS)", "ТАСС", "РИА Новости",
    "© Global Look Press / Ivan Petrov", "  • Reuters", "• ", "- ", "1. ", "# ",
    "the the", "said", "the minister said.", "said the minister.", "\" - said", ", ”the expert said.",
    "“We are ready,\" he said.", "«Газпром»", "„Quote“", "$ 100", "100 $", "5 000 000", "1,5 million",
    "3.14", "20 %", "Moscow", "Москва", "Mосква", "Kazakhstan", "Казахстан", "Алматы", "(near Aktau. - Interfax)",
    "\n\n", "\n", "\r\n\r\n", "  ", " .", " ,", "..", "!!", "((", "))", "“", "”", "«", "»",
    # issue 8's rules: mojibake, leftovers and names in Russian, look-alikes, emoticons, list markers,
    # inch marks, misplaced spaces, scraped captions
    "Ïðàâèòåëüñòâî", "â€œ", "â€™", "РџСЂР°РІ", "cafÃ©", "next month", "The Mail on Sunday", "QR-код",
    "S-генов", "Sтрана", "B лесу", "o", "k", "°С", "ХХ", ":-)", ":(", "(:", "a)", "iv)", "A)", "12\"",
    "5'10\"", ",”said", "word .Next", "This ,is", "• Photo: Reuters", "© AP Photo/John Doe",
    "Фото: пресс-служба", "стопкоронавирус.рф", "press@kremlin.ru", "10 a.m.",
]
# fmt: on

# Single characters and multi-code-point emoji (skin tones, ZWJ families, flags) mixed freely.
alphabet_text = st.lists(st.sampled_from(list(CHARS) + EMOJI), max_size=400).map("".join)
token_text = st.lists(
    st.one_of(st.sampled_from(TOKENS), st.sampled_from(EMOJI), st.text(alphabet=CHARS, max_size=12)),
    max_size=60,
).map(" ".join)
# Runs of real words with spelling variants of names, so name, readability and sentence rules fire.
_WORDS = (
    "the minister said that port would open next year and trade grow . . , ; “ ” « » ( ) - — "
    "Moscow Moskva Moskow Kuryk Kuryq Aliyev Aliev Алиев Zhaksylyk Zhaksilik Petrov Petroff Петров"
)
WORDS = _WORDS.split()
word_text = st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(TOKENS)), max_size=250).map(" ".join)
article_like = st.one_of(alphabet_text, token_text, word_text)


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def assert_well_formed(report: Report) -> None:
    """Every invariant a consumer of a report relies on."""
    assert len(report.files) == 1
    fr = report.files[0]
    doc: Document = fr.document
    text = doc.text
    assert "\r" not in text
    for p in doc.paragraphs:
        assert 0 <= p.start <= p.end <= len(text)
        assert text[p.start : p.end] == p.text
        assert p.line == text.count("\n", 0, p.start) + 1
        assert p.end_line == text.count("\n", 0, p.end) + 1
    for f in fr.findings:
        assert 0 <= f.start <= f.end <= len(text), f
        assert (f.line, f.column) == _line_col(text, f.start), f
        assert (f.end_line, f.end_column) == _line_col(text, f.end), f
        assert 1 <= f.paragraph <= len(doc.paragraphs), f
        if f.fix is not None:
            assert 0 <= f.fix.start <= f.fix.end <= len(text), f
    keys = [f.sort_key for f in fr.findings]
    assert keys == sorted(keys)
    data = json.loads(render_json(report))
    rendered = data["files"][0]["findings"]
    assert [(d["code"], d["line"], d["column"], d["end_line"], d["end_column"]) for d in rendered] == [
        (f.code, f.line, f.column, f.end_line, f.end_column) for f in fr.findings
    ]
    assert data["summary"]["findings"] == len(fr.findings)


@FAST
@given(article_like)
def test_any_text_gives_a_well_formed_report(text: str) -> None:
    """Quotes, brackets, dashes, Cyrillic, emoji, RTL and combining marks never break a check."""
    assert_well_formed(check_text(text))


@FAST
@given(article_like, st.sampled_from(["en", "ru"]))
def test_any_text_in_either_language_profile(text: str, lang: str) -> None:
    """Forcing the English or the Russian profile gives a well-formed report too."""
    assert_well_formed(check_text(text, lang=lang))


@FAST
@given(st.text(max_size=300))
def test_arbitrary_unicode_gives_a_well_formed_report(text: str) -> None:
    """Any Unicode string at all (every plane, control characters included) checks cleanly."""
    assert_well_formed(check_text(text))


@FAST
@given(st.lists(st.one_of(article_like, st.just("\x00"), st.just("\x00\x00")), max_size=6).map("".join))
def test_text_with_nul_characters_gives_a_well_formed_report(text: str) -> None:
    """The library API takes a str as is: NULs in it are just characters, not a crash."""
    assert_well_formed(check_text(text))


@FAST
@given(article_like)
def test_positions_are_those_of_the_normalised_text(text: str) -> None:
    """A text with \\r\\n or lone \\r line ends reports exactly what its \\n version reports."""
    lf = text.replace("\r\n", "\n").replace("\r", "\n")
    crlf = lf.replace("\n", "\r\n")
    expected = [(f.code, f.start, f.end, f.line, f.column) for f in check_text(lf).findings]
    for variant in (text, crlf, lf.replace("\n", "\r")):
        report = check_text(variant)
        assert report.files[0].document.text == lf
        assert [(f.code, f.start, f.end, f.line, f.column) for f in report.findings] == expected


@FAST
@given(article_like)
def test_checking_is_deterministic(text: str) -> None:
    """The same text checked twice gives byte-identical JSON."""
    assert render_json(check_text(text)) == render_json(check_text(text))


@FAST
@given(st.binary(max_size=600))
def test_arbitrary_bytes_decode_or_raise_input_error(data: bytes) -> None:
    """Any bytes at all are either decoded to text or refused with an InputError, nothing else."""
    try:
        decoded = decode(data, "<bytes>")
    except InputError as exc:
        assert str(exc).startswith("<bytes>: ")
        return
    assert "\r" not in decoded.text
    assert decoded.text.strip()
    assert decoded.newline in ("\n", "\r\n", "\r")


@FAST
@given(
    article_like,
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1251", "koi8-r"]),
)
def test_encoded_text_checks_cleanly_or_is_refused(text: str, encoding: str) -> None:
    """Text stored in any supported encoding gives a well-formed report or a clean InputError."""
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode(encoding, errors="replace")
    try:
        fr = check_bytes(data, "<bytes>", Settings())
    except InputError:
        return
    assert_well_formed(Report((fr,), Settings().fail_on))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n",
        "\r",
        "\r\n\r\n",
        "\x00",
        "“",
        "«»",
        "(",
        ")",
        "—",
        "TASS",
        "\u0301",
        "👨‍👩‍👧",
        "\u202e" + "TASS",
        "Москва\r\rMосква",
        "“" * 500,
        "(" * 500 + ")" * 499,
    ],
)
def test_edge_case_texts_give_a_well_formed_report(text: str) -> None:
    """Hand-picked corner cases that random generation might reach only rarely."""
    assert_well_formed(check_text(text))
