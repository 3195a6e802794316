"""English edge cases from real text and a proofreader's examples: doubled words, spacing, marks."""

from __future__ import annotations

import pytest

from tests.conftest import findings, flagged


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


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("This ,is an example.", "This, is an example."),
        ("It ended with a word .Next came another.", "It ended with a word. Next came another."),
        ("“Good morning, Frank,”said Hal.", "“Good morning, Frank,” said Hal."),
        ("Prices rose 12 % in May.", "Prices rose 12% in May."),
        ("Behind the zip,to keep heat in.", "Behind the zip, to keep heat in."),
        ("The talks ended.Next came the vote.", "The talks ended. Next came the vote."),
    ],
)
def test_misplaced_spaces_are_flagged_and_fixed(text: str, fixed: str) -> None:
    from tqcheck.fixer import fix_text
    from tqcheck.settings import Settings

    assert findings(text, "TYP003")
    assert fix_text(text, lang="en", settings=Settings(select=("TYP003",))) == fixed


def test_russian_percent_spacing_and_dotted_names_are_left_alone() -> None:
    assert findings("Рост составил 12 %.", "TYP003", lang="ru") == []
    assert findings("They use .NET and Node.js daily, see Lenta.ru, 1,000 U.S. troops, e.g. ASP.NET.", "TYP003") == []


@pytest.mark.parametrize("text", ['He bought a 20" screen.', "He is 5'10\" tall and 6' 2\" with shoes."])
def test_inch_and_foot_marks_are_not_quotes(text: str) -> None:
    assert findings(text, "QUO001", "QUO002") == []


def test_a_quotation_ending_in_a_figure_still_closes() -> None:
    assert findings('He said "the score was 20" and left.', "QUO001") == []


def test_title_case_headlines_do_not_feed_name_variants() -> None:
    text = "Zelenskiy Meets Biden In Washington\n\nZelensky met Biden on Monday. Later Zelensky left."
    assert findings(text, "NAM001") == []


def test_russian_quotation_reopened_at_each_paragraph_is_not_never_closed() -> None:
    text = "«Мы готовы к переговорам.\n\n«Мы ждём ответа от Киева», — сказал он.\n\n«Он сказал: „Нет“», — пишет газета."
    assert findings(text, "QUO001", "QUO002", lang="ru") == []


def test_a_word_doubled_across_a_line_break_is_flagged() -> None:
    assert flagged("He said the\nthe minister came.", "TYP004") == ["\nthe"]


@pytest.mark.parametrize(
    "text",
    [
        'Ten " incorrect " examples.',
        "Some “ marks ” here.",
        'You " fixed" it.',
        'You "fixed " it.',
        "This { foo bar} is odd.",
    ],
)
def test_spaces_just_inside_quotation_marks_and_brackets(text: str) -> None:
    assert findings(text, "TYP003")


def test_correct_quotes_and_figures_have_no_spacing_findings() -> None:
    text = 'A sentence with "correct" and “curly” marks, $1,000,000, 1,5 and .5 in it; run ./validate.sh.'
    assert findings(text, "TYP003") == []
