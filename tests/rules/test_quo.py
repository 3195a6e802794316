"""QUO rules: quotation marks across paragraphs, styles and Russian attribution punctuation."""

from __future__ import annotations

from tests.conftest import findings, flagged


def test_correct_quotations_pass() -> None:
    """Curly, straight, nested-in-sentence and re-opened multi-paragraph quotations are fine."""
    text = (
        "“We will go on,” he said.\n\n"
        '"It is done," she said, calling it "a good day".\n\n'
        "“The first stage starts now.\n\n"
        "“The second follows in spring,” the minister said."
    )
    assert findings(text, "QUO") == []


def test_quotation_not_reopened_in_the_next_paragraph() -> None:
    text = "“No decisions have been made yet.\n\nIt is unlikely that guessing will help,” he said."
    got = findings(text, "QUO001")
    assert len(got) == 1 and got[0].line == 1 and "does not re-open" in got[0].message


def test_quotation_never_closed() -> None:
    got = findings("“We will go on, he said.\n\nThe talks ended.", "QUO001")
    assert [f.line for f in got] == [1]


def test_closing_mark_without_opening() -> None:
    assert "without an opening" in findings("The plan is good,” he said.", "QUO001")[0].message


def test_mixed_styles_get_the_matching_closer() -> None:
    got = findings('“It is unlikely to help," the spokesman said.', "QUO002")
    assert len(got) == 1 and got[0].fix is not None and got[0].fix.replacement == "”"


def test_dash_attribution_variants() -> None:
    """The Russian `», — сказал он` in its English MT disguises."""
    cases = {
        '"We will win," - said the minister.': '," - ',
        "“We will win, ”the analyst said.": ", ”",
        '“We will win, "- he said.': ', "- ',
        "“We will win, - Abascal said.": " - ",
    }
    for text, span in cases.items():
        got = flagged(text, "QUO003")
        assert got and got[0] == span, (text, got)


def test_dash_in_ordinary_prose_is_not_attribution() -> None:
    """A parenthetical dash, or a quotation introduced after a comma, is not flagged."""
    text = (
        "The two sides - Russia and Ukraine - said nothing.\n\n"
        'He told reporters, "the minister said nothing new."\n\n'
        "Prices rose - officials said the rise was temporary."
    )
    assert findings(text, "QUO003") == []


def test_guillemets_in_english() -> None:
    got = findings("The expert called it «a risky gamble».", "QUO004")
    assert [f.fix.replacement for f in got if f.fix] == ["“", "”"]


def test_russian_target_accepts_guillemets_and_flags_english_closer() -> None:
    text = "Эксперт назвал план «рискованной авантюрой», а министр — „хорошим“ и “плохим”."
    assert flagged(text, "QUO004", lang="ru") == ["”"]


def test_russian_target_keeps_its_own_punctuation() -> None:
    """In Russian, `«…», — сказал он`, a quotation running over paragraphs and `(… — ТАСС)` are correct."""
    text = (
        "«Решений пока нет, — сказал он. — Мы ждём (с партнёрами. — ТАСС) ответа.\n\n"
        "Переговоры продолжатся», — добавил министр."
    )
    assert findings(text, "QUO", "ART001", lang="ru") == []
