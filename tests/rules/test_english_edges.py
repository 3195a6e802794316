"""English edge cases from real text and a proofreader's examples: doubled words, spacing, marks."""

from __future__ import annotations

import pytest

from tests.conftest import findings


@pytest.mark.parametrize(
    ("text", "word"),
    [("This is is an example.", "is"), ("I I am here.", "I"), ("The the minister came.", "the")],
)
def test_doubled_words_are_flagged(text: str, word: str) -> None:
    (f,) = findings(text, "TYP004")
    assert f.fix is not None and f.fix.replacement == "" and text[f.start : f.end].strip() == word


@pytest.mark.parametrize(
    "text",
    [
        "He said that that decision had had no effect.",
        "Ha ha, bye bye, it was so so.",
        "You log in in the morning; she logged in in time.",
        "He moved to Walla Walla in May.",
        "Так так, да да, сказал он.",
    ],
)
def test_grammatical_doublings_reduplications_and_names_are_not(text: str) -> None:
    assert findings(text, "TYP004", lang="ru" if text.startswith("Так") else "en") == []
