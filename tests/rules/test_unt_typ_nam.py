"""UNT, TYP and NAM rules: scripts, typography, numbers and names."""

from __future__ import annotations

from tests.conftest import findings, flagged


def test_cyrillic_run_in_english() -> None:
    assert flagged("The talks (переговоры продолжатся) went on.", "UNT001") == ["переговоры продолжатся"]


def test_russian_paragraph_in_english_article() -> None:
    text = "The talks went on for hours.\n\nПереговоры продолжались несколько часов, сообщили в министерстве иностранных дел."
    got = findings(text, "UNT001")
    assert len(got) == 1 and got[0].line == 3 and "Russian" in got[0].message


def test_latin_names_in_russian_are_not_untranslated() -> None:
    """Brand names in Latin script are normal in Russian; a whole English phrase is not."""
    assert findings("Компания Apple и сервис Twitter объявили о сделке.", "UNT001", lang="ru") == []
    assert flagged("Министр сказал, что the talks will continue завтра.", "UNT001", lang="ru") == [
        "the talks will continue"
    ]


def test_homoglyph_word_gets_a_fix() -> None:
    got = findings("The Pеntagon said so.", "UNT002")  # Cyrillic е
    assert len(got) == 1 and got[0].fix is not None and got[0].fix.replacement == "Pentagon"


def test_currency_spacing_and_postfix() -> None:
    assert flagged("It costs $ 240 million and € 3.5 billion.", "TYP001") == ["$ ", "€ "]
    assert flagged("It costs 240 $ in total.", "TYP001") == ["240 $"]


def test_correct_currency_is_clean() -> None:
    assert findings("It costs $240 million, €3.5 billion and £12.", "TYP001") == []


def test_number_formats() -> None:
    text = "The road is 1 200 km long, cost 2,5 million dollars and 40 mln rubles."
    assert flagged(text, "TYP002") == ["1 200", "2,5", " mln"]


def test_english_numbers_and_lists_are_clean() -> None:
    text = "The road is 1,200 km long and cost 2.5 million dollars in 2021, 2022 and 2023; options 1, 2 and 3."
    assert findings(text, "TYP002") == []


def test_russian_number_formats() -> None:
    assert flagged("Дорога стоила 2.5 млн рублей, или 1,200 долларов.", "TYP002", lang="ru") == ["2.5", "1,200"]


def test_spacing() -> None:
    text = 'The decision hurt the industry , officials said of the "plan" .  Twice  spaced.'
    assert flagged(text, "TYP003") == [" ", " ", "  ", "  "]


def test_ellipsis_and_dashes_are_not_spacing_errors() -> None:
    assert findings("Otherwise ... the system will fail - as it did in 2014.", "TYP003") == []


def test_repeated_word() -> None:
    assert flagged("The the minister came.", "TYP004") == [" the"]
    assert findings("He said that that decision had had no effect.", "TYP004") == []


def test_name_variants_point_at_the_main_spelling() -> None:
    text = "Zelensky spoke first. Later Zelensky left.\n\nZelenskiy returned on Monday."
    got = findings(text, "NAM001")
    assert [f.line for f in got] == [3] and "`Zelensky`" in got[0].message


def test_different_names_are_not_variants() -> None:
    """Russia/Russian, Kamilov/Kamilova and Austin/Austria are different words."""
    text = "Russia and the Russian side met. Kamilov and Kamilova came. Austin flew to Austria."
    assert findings(text, "NAM001") == []
