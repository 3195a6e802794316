"""Russian targets: Latin script that belongs in Russian news, and English that does not."""

from __future__ import annotations

import pytest

from tests.conftest import findings, flagged


@pytest.mark.parametrize(
    "text",
    [
        "Об этом сообщает The Mail on Sunday.",
        "Ведущий программы «Face the Nation» задал вопрос.",
        "Акции прошли под лозунгами движения Black Lives Matter.",
        "Как передаёт CBS Los Angeles, пожар потушен.",
        "Правила въезда опубликованы на сайте travel.gov.gr и на портале стопкоронавирус.рф.",
        "Вопросы можно присылать на press@kremlin.ru или в @kremlin_news.",
        "Вакцина BNT162b2 компании Pfizer, смартфон iPhone 13 Pro и сеть 5G.",
        "Частота 5 GHz, мощность 3 kW, сериал «Game of Thrones», клуб Manchester United.",
        "Глава Еврокомиссии Урсула фон дер Ляйен (Ursula von der Leyen) выступила в Брюсселе.",
        "Компания предлагает услуги online и по e-mail.",
        "Группа исполнила «The Show Must Go On» на концерте.",
        "Скорость 10 mph, вес 5 kg; это решение de facto принято.",
        "Карантин длится 10 www.bbc.co.uk дней, пишет 5 news.sky.com сайт.",
    ],
)
def test_latin_that_belongs_in_russian_news_is_not_untranslated(text: str) -> None:
    assert findings(text, "UNT001", lang="ru") == []


@pytest.mark.parametrize(
    ("text", "leftover"),
    [
        ("Совет директоров обсудит это next month.", "next month"),
        ("Министр said, что переговоры продолжатся.", "said"),
        ("По данным полиции, workers вышли на улицы.", "workers"),
        ("Борис Джонсон заявил, что the government примет решение.", "the government"),
        ("Сделка будет закрыта soon, сообщили в компании.", "soon"),
        ("Он ответил «we will win» и ушёл.", "we will win"),
    ],
)
def test_one_english_word_in_russian_is_enough(text: str, leftover: str) -> None:
    assert flagged(text, "UNT001", lang="ru") == [leftover]


def test_lowercase_word_after_a_name_is_a_leftover_but_inside_a_title_is_not() -> None:
    assert flagged("Как сообщил Boris Johnson said журналистам.", "UNT001", lang="ru") == ["said"]
    assert flagged("Как сообщила газета The Mail on Sunday журналистам.", "UNT001", lang="ru") == []


@pytest.mark.parametrize(
    ("text", "word", "fixed"),
    [
        ("B лесу было темно.", "B", "В"),
        ("Книга o Львове вышла в мае.", "o", "о"),
        ("Он рассказал прo жизнь.", "прo", "про"),
        ("Cпрос на суперяхты вырос.", "Cпрос", "Спрос"),
        ("The cat sat on а mat.", "а", "a"),
    ],
)
def test_lookalike_letters_and_words(text: str, word: str, fixed: str) -> None:
    lang = "en" if text.startswith("The") else "ru"
    got = findings(text, "UNT002", lang=lang)
    assert [(text[f.start : f.end], f.fix.replacement if f.fix else None) for f in got] == [(word, fixed)]
    assert findings(text, "UNT001", lang=lang) == []  # one cause, one report


@pytest.mark.parametrize(
    "text",
    [
        "QR-код, SMS-сообщение и IT-компания — обычные слова.",
        "Витамин C и водительские права категории B.",
        "Пункт а) и пункт б) договора.",
    ],
)
def test_russian_compounds_and_grades_are_not_mixed_script(text: str) -> None:
    assert findings(text, "UNT002", lang="ru") == []


def test_paragraph_of_latin_names_is_not_english() -> None:
    text = (
        "Среди гостей были The New York Times, The Wall Street Journal, Financial Times, "
        "Bloomberg, CNN, BBC News, Sky News, Fox News и NBC."
    )
    assert findings(text, "UNT001", lang="ru") == []


@pytest.mark.parametrize(
    ("text", "lang", "word", "fixed"),
    [
        ("It works from -50 to 50°С.", "en", "°С", "°C"),
        ("Это было в ХХ веке.", "ru", "ХХ", "XX"),
        ("Глава ХIХ и глава VIIІ.", "ru", "ХIХ", "XIX"),
        ("The Х century.", "en", "Х", "X"),
    ],
)
def test_celsius_sign_and_roman_numerals_typed_in_cyrillic(text: str, lang: str, word: str, fixed: str) -> None:
    got = findings(text, "UNT001", "UNT002", lang=lang)
    assert got and got[0].code == "UNT002" and text[got[0].start : got[0].end] == word
    assert got[0].fix is not None and got[0].fix.replacement == fixed


@pytest.mark.parametrize("text", ["Температура выросла на 0,6°С.", "Днём до 25 °С, ночью до 12 °С."])
def test_celsius_sign_in_cyrillic_is_the_russian_designation(text: str) -> None:
    """GOST 8.417 gives `°С` with a Cyrillic `С` as the Russian designation of the degree Celsius."""
    assert findings(text, "UNT001", "UNT002", lang="ru") == []


@pytest.mark.parametrize(
    "text",
    ["Сковорода, d=22 см, разъём 15-pin.", "Привет, r/Military!", 'Строки: "Летят птицы\\nУшедшее лето искать.'],
)
def test_code_like_tokens_are_not_words(text: str) -> None:
    assert findings(text, "UNT001", "UNT002", lang="ru") == []
