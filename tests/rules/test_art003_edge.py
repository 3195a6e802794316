"""ART003 on real-text edge cases: list markers and emoticons are not brackets."""

from __future__ import annotations

import pytest

from tests.conftest import findings, flagged


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The parties agreed: 1a) trade, 1b) security, iv) transit, A) one, B) two.", "en"),
        ("Стороны договорились: а) о торговле, б) о безопасности, 2.1) о транзите.", "ru"),
        ("а), б), Д)..., ДД), аа) и 1а)", "ru"),
        ("Nice :-) and sad :( and a wink ;) and =) and :'( all in one post.", "en"),
        ("Спасибо всем)))", "ru"),
        ("He said (see note 2) it works (and (more) again).", "en"),
        ("We discussed this in Chapter 1) and in section iv), then in 1a).", "en"),
        ("The jury recommended that: (1) Four deputies be employed.", "en"),
        ("a) item one\nb) item two\nc) item three", "en"),
        ("The plan has two parts: a) trade and b) transit.", "en"),
        ("The plight caused a surge of support.[90] (([20] [20] [20]))", "en"),
    ],
)
def test_list_markers_and_emoticons_are_not_brackets(text: str, lang: str) -> None:
    assert findings(text, "ART003", lang=lang) == []


@pytest.mark.parametrize(
    ("text", "bracket"),
    [
        ("The talks with the neighbouring (with Afghanistan countries went on.", "("),
        ("The talks went on) for a week.", ")"),
        ("The civil) war ended.", ")"),
        ("This is not so neither a nor b)", ")"),
    ],
)
def test_real_unbalanced_brackets_are_still_flagged(text: str, bracket: str) -> None:
    assert flagged(text, "ART003") == [bracket]
