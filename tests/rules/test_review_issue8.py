"""Issue 8 review: the rule kinds a proofreader's own examples cover (quotes, brackets, spacing,
doubled words, currency, mixed scripts), with new sentences, flagged and not flagged; fixes that
must not change correct text; long lines that must stay linear."""

from __future__ import annotations

import time

import pytest

from tests.conftest import findings
from tqcheck.checker import check_text
from tqcheck.fixer import fix_text

_IGNORED = ("RDB001", "RDB002")


def _codes(text: str, lang: str) -> set[str]:
    return {f.code for f in check_text(text, lang=lang).findings if f.code not in _IGNORED}


@pytest.mark.parametrize(
    ("lang", "text", "code"),
    [
        ("en", "She said it was was the best day of her life.", "TYP004"),
        ("en", "We we decided to leave early on Monday.", "TYP004"),
        ("en", "She gave a talk about about climate.", "TYP004"),
        ("en", "Sales rose 5% in May , the company said.", "TYP003"),
        ("en", "Prices rose sharply ;the bank blamed energy costs.", "TYP003"),
        ("en", "The talks failed .Officials left the room.", "TYP003"),
        ("en", "“We will not give up,”shouted the mayor.", "TYP003"),
        ("en", "The company's shares ( and bonds ) fell.", "TYP003"),
        ("en", "Inflation reached 8 % in April, the bank said.", "TYP003"),
        ("en", "The plan (approved in 2020 was never funded.", "ART003"),
        ("en", "He left (and never came back].", "ART003"),
        ("en", "She said “I am done and walked out.", "QUO001"),
        ("en", "The ticket costs $ 40 at the door.", "TYP001"),
        ("en", "It costs 5.99$ in the shop.", "TYP001"),
        ("en", "The minister visited Kиев on Tuesday.", "UNT002"),
        ("ru", "Мы встретились c друзьями в парке.", "UNT002"),
        ("ru", "Он живёт y моря уже давно.", "UNT002"),
        ("ru", "Я пошёл k врачу вчера утром.", "UNT002"),
        ("ru", "Это стaтья о политике.", "UNT002"),
        ("ru", "Пресс-секретарь Kремля ответил на вопросы.", "UNT002"),
        ("ru", "Мы мы решили уехать рано утром.", "TYP004"),
        ("ru", "Цена выросла до 500 рублей , сообщили в компании.", "TYP003"),
        ("ru", "Он пришёл ,а она ушла.", "TYP003"),
        ("ru", "Компания (основанная в 1990 году работает до сих пор.", "ART003"),
        ("ru", "Совет директоров обсудит это next week.", "UNT001"),
        ("ru", "Он сказал, что meeting перенесли.", "UNT001"),
        ("ru", "Вице-премьер заявил, что the deal is done.", "UNT001"),
        ("ru", "Он сказал, что Boris Johnson said это вчера.", "UNT001"),
        ("ru", "Комикс отнесли к категории Mint condition.", "UNT001"),
    ],
)
def test_flagged(lang: str, text: str, code: str) -> None:
    assert code in _codes(text, lang)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "He knew that that answer would upset them."),
        ("en", "They had had enough of the delays by then."),
        ("en", "It was a so-so season, and the fans knew it."),
        ("en", "The spa town of Baden Baden hosted the meeting."),
        ("en", "Bye bye, said the child, waving."),
        ("en", "The options are: a) stay, b) leave, or c) wait."),
        ("en", "Choose A) yes or B) no before Friday."),
        ("en", "Steps: i) register, ii) pay, iii) attend."),
        ("en", "The list: (1) bread, (2) milk, (3) eggs."),
        ("en", "Great news :) see you tomorrow."),
        ("en", "Not again :( I hate Mondays."),
        ("en", "That hurt :-( but we move on."),
        ("en", "Sad news :'( for all of us."),
        ("en", "I love it (: really."),
        ("en", "Smile :] it helps."),
        ("en", "Thanks a lot ;-) see you soon."),
        ("en", 'The board measures 12" by 8" and weighs 3 lb.'),
        ("en", "The pipe is 3/4\" wide and 10' long."),
        ("en", "The player is 6'2\" tall and fast."),
        ("en", "Rock 'n' roll was born in the 1950s, and the '90s were different."),
        ("en", 'He called the "deal of the century" a failure.'),
        ("en", "The U.S. and the U.K. signed it; use Node.js and ASP.NET."),
        ("en", "The score was 3:1 after extra time, a 2-2 draw before."),
        ("en", "He said the figure was small (see table 3:) and moved on."),
        ("ru", "Он сказал: «Я устал» — и ушёл."),
        ("ru", "«Мы „Спартак“ поддерживаем», — сказал он."),
        ("ru", "Встреча пройдёт в кафе на улице Ленина."),
        ("ru", "Он купил SIM-карту и USB-накопитель."),
        ("ru", "Клетки T-лимфоциты и B-клетки изучали долго, как и S-белок."),
        ("ru", "Температура составила 25 °С днём."),
        ("ru", "В XXI веке многое изменилось."),
        ("ru", "Варианты: а) остаться, б) уехать."),
        ("ru", "Смотри :) это смешно."),
        ("ru", "Пункты: 1) хлеб; 2) молоко."),
        ("ru", "Рост составил 5 % за год."),
        ("ru", "Журнал The Economist опубликовал статью."),
        ("ru", "Подробнее на сайте mos.ru и в Telegram."),
        ("ru", "Сериал «Breaking Bad» снова в топе."),
        ("ru", "Новый iPhone представили в Купертино."),
        ("ru", "Сотрудник ООО «Ромашка» пришёл."),
        ("ru", "Мы встретились в 10 a.m. по Москве, а расстались в 5 p.m."),
        ("ru", "Матрас Sontelle Vivre Dual royal 70x200 в наличии."),
        ("ru", "Доставка — Royal Mail International Signed for."),
    ],
)
def test_not_flagged(lang: str, text: str) -> None:
    assert _codes(text, lang) == set()


@pytest.mark.parametrize(
    "text",
    [
        "Омикрон даёт слабый сигнал для S-генов в ПЦР-тестах.",
        "Это Sтрана, где Jема и Iван живут.",
        "Слово сIла набрано с ошибкой.",
    ],
)
def test_a_fix_never_writes_a_letter_russian_does_not_use(text: str) -> None:
    """`Sтрана` is reported, but its fix must not guess Macedonian `Ѕ`, Serbian `Ј` or Ukrainian `І`
    in a Russian text; `S-генов` (a Latin letter before a hyphen) is Russian practice."""
    fixed = fix_text(text, lang="ru")
    assert not set("ЅЈІѕјі") & set(fixed)
    assert "S-генов" not in text or fixed == text


@pytest.mark.parametrize("text", ["В. Можно ли вернуть товар?\n\nA. Да, в течение месяца.\n", "B. Где мой заказ?\n"])
def test_a_capital_letter_label_is_reported_but_not_fixed_by_default(text: str) -> None:
    """`B.` made Cyrillic is `В.`, the Russian "question" label: a label's fix is unsafe."""
    got = findings(text, "UNT002", lang="ru")
    assert got and all(f.fix is not None and not f.fix.safe for f in got)
    assert fix_text(text, lang="ru") == text


def test_a_word_already_in_ukrainian_letters_is_still_fixed() -> None:
    got = findings("Столиця — Kиїв, і це відомо.", "UNT002", lang="ru")
    assert got and got[0].fix is not None and got[0].fix.replacement == "Київ"


def test_a_bracket_closed_later_in_the_next_paragraph_is_one_split() -> None:
    text = "It was paper plates (or something near them... plastic forks?\n\nstraws?). Then I left.\n"
    got = findings(text, "ART003")
    assert len(got) == 1 and "split across paragraphs" in got[0].message and got[0].line == 1


def _seconds(text: str, lang: str) -> float:
    started = time.perf_counter()
    check_text(text, lang=lang)
    return time.perf_counter() - started


@pytest.mark.parametrize(
    ("piece", "lang"),
    [
        ("5 000 000 $ 100 12 % 3.14 ", "en"),
        ("Ã\x8fÃ°Ã\xa0Ã¢ Ã¢â\x82¬Å\x93 Ð\xa0Ñ\x9f cafÃ\x83Â© ", "en"),  # mojibake of mojibake
        ("Ïðàâèòåëüñòâî â€œ РџСЂР°РІ cafÃ© ", "ru"),
        ("а", "ru"),  # one Cyrillic word as long as the line
        ("x", "ru"),
        ("x-", "ru"),
        ("xа", "en"),
    ],
)
def test_a_long_line_is_checked_in_linear_time(piece: str, lang: str) -> None:
    """Once quadratic: TYP002 sliced the whole text per number; ENC001 ran difflib on the paragraph
    and tried its candidate runs at every offset; UNT001 tried its token patterns at every offset.
    Eight times the text may take about eight times as long (quadratic would be 64), and a
    100,000-character line stays within seconds."""
    small, big = ((piece * (n // len(piece) + 1))[:n] for n in (10_000, 80_000))
    t_small = min(_seconds(small, lang) for _ in range(2))
    assert _seconds(big, lang) < 24 * t_small + 0.5
