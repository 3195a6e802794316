"""ENC001 mojibake: the three usual wrong decodings are found and undone exactly; real text is not."""

from __future__ import annotations

import pytest

from tests.conftest import findings
from tqcheck.fixer import fix_text
from tqcheck.settings import Settings

ENGLISH = "“We won’t go back,” the minister said — café owners in Zürich agreed."
RUSSIAN = "«Правительство одобрило план», — сказал Мухриддин, добавив: «Это №1»."


def _cp1252_sloppy(data: bytes) -> str:
    """UTF-8 bytes shown as Windows-1252, undefined bytes as Latin-1 (what CMS pipelines do)."""
    out = []
    for b in data:
        try:
            out.append(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(b))
    return "".join(out)


GARBLINGS = {
    "utf8-as-cp1252": lambda t: _cp1252_sloppy(t.encode("utf-8")),
    "utf8-as-cp1251": lambda t: t.encode("utf-8").decode("cp1251"),
    "cp1251-as-latin1": lambda t: t.encode("cp1251").decode("latin-1"),
}


@pytest.mark.parametrize(
    ("how", "text", "lang"),
    [
        ("utf8-as-cp1252", ENGLISH, "en"),
        ("utf8-as-cp1252", RUSSIAN, "ru"),
        ("utf8-as-cp1251", ENGLISH, "en"),
        ("utf8-as-cp1251", RUSSIAN, "ru"),
        ("cp1251-as-latin1", RUSSIAN, "ru"),
        ("cp1251-as-latin1", "Путин", "ru"),
    ],
)
def test_mojibake_is_found_and_restored_exactly(how: str, text: str, lang: str) -> None:
    bad = GARBLINGS[how](text)
    assert bad != text
    assert findings(bad, "ENC001", lang=lang), bad
    assert fix_text(bad, lang=lang, settings=Settings(select=("ENC001",))) == text


def test_message_names_the_kind_and_the_repair() -> None:
    (f,) = findings("The countryâ€™s budget.", "ENC001")
    assert f.message == "`â€™` should read `’` (UTF-8 read as Windows-1252)"
    assert f.fix is not None and f.fix.safe


@pytest.mark.parametrize(
    "text",
    [
        "The café in Zürich, Łódź and São Paulo: Müller’s naïve façade, Ærøskøbing, Dvořák.",
        "À la carte, ÉTÉ, Ça va — « Où est-il ? » demanda-t-il.",
        "Правительство одобрило «план» — Січ, Їжак, ёлка, №5, 5 °C, §3, © РИА.",
        "Ελληνικά, 日本語, العربية and עברית are not mojibake.",
    ],
)
def test_real_text_is_not_mojibake(text: str) -> None:
    assert findings(text, "ENC001", lang="en") == []
    assert findings(text, "ENC001", lang="ru") == []


def test_garbled_russian_is_not_also_reported_as_untranslated() -> None:
    """One cause, one report: a cp1251 article read as Latin-1 is ENC001's, not UNT001's."""
    bad = "Ïðàâèòåëüñòâî îäîáðèëî ïëàí ðàçâèòèÿ òðàíñïîðòà íà áëèæàéøèå ïÿòü ëåò."
    got = findings(bad, lang="ru")
    assert {f.code for f in got if f.severity.label == "error"} == {"ENC001"}
