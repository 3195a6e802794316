"""ART rules: markers, split paragraphs, brackets, captions."""

from __future__ import annotations

import pytest

from tests.conftest import findings, flagged


def test_marker_variants_are_flagged() -> None:
    """`RT`, `- Interfax`, `(TASS)` and `RIA Novosti` on their own lines are markers."""
    for marker in ("RT", "- Interfax", "(TASS)", "RIA Novosti", "— Sputnik"):
        text = f"The talks went on.\n\n{marker}\n\nThe ministers met again on Friday."
        assert flagged(text, "ART001") == [marker], marker


def test_inline_editor_note_is_flagged() -> None:
    """`(near Aktau. - Interfax)` keeps the place and loses the marker."""
    text = "The terminal (near Aktau. - Interfax) will open in May."
    got = findings(text, "ART001")
    assert [text[f.start : f.end] for f in got] == [". - Interfax"]
    assert got[0].fix is not None and got[0].fix.replacement == ""


def test_mentions_of_outlets_are_not_markers() -> None:
    """Naming an outlet in a sentence, or a dateline, is legitimate."""
    text = (
        "The expert said in an interview with RT that the plan would fail.\n\n"
        "MOSCOW (Reuters) - Oil prices rose on Monday.\n\n"
        "TASS reported the figures later."
    )
    assert findings(text, "ART001") == []


def test_split_sentence_after_lowercase_continuation() -> None:
    """A paragraph without a full stop followed by one starting in lower case is one sentence."""
    text = "The ministry said the talks with its neighbours\n\nwill resume in the autumn."
    got = findings(text, "ART002")
    assert len(got) == 1 and got[0].line == 1


def test_heading_before_a_paragraph_is_not_a_split() -> None:
    """A short title line followed by a capitalised paragraph is a heading."""
    text = "The talks ended.\n\nIn an effort to retain influence\n\nLast week the minister flew to Tashkent."
    assert findings(text, "ART002") == []


def test_unclosed_bracket_in_one_paragraph() -> None:
    assert flagged("Officials (from both sides met on Monday.", "ART003") == ["("]


def test_stray_closer_but_not_enumerations_or_smileys() -> None:
    """`a)` and `2)` enumerate; `:)` smiles; a lone `)` after a word is an error."""
    assert findings("The plan has two parts: a) trade and b) transit. Good news :)", "ART003") == []
    assert flagged("The plan) was approved.", "ART003") == [")"]


def test_split_bracket_reported_once() -> None:
    """A `(` closed only by the `)` that starts the next paragraph is one finding, at the `(`."""
    text = "They met the neighbouring (with Kazakhstan. -\n\nRT\n\n) countries."
    got = findings(text, "ART003")
    assert len(got) == 1 and got[0].line == 1 and "paragraph 3" in got[0].message


def test_caption_block_and_credit_lines() -> None:
    """Caption text bulleted with credit lines goes; an ordinary bullet list stays."""
    text = (
        "The minister arrived.\n\n  • The port of Aktau\n\n  • Reuters\n\n  • © @port_news\n\n"
        "© Global Look Press / Kremlin Pool\n\n• Wages rose.\n\n• Prices fell."
    )
    assert flagged(text, "ART004") == [
        "• The port of Aktau", "• Reuters", "• © @port_news", "© Global Look Press / Kremlin Pool",
    ]  # fmt: skip


def test_caption_fix_removes_the_line_and_its_blank_line() -> None:
    text = "One.\n\n  • Reuters\n\nTwo."
    fix = findings(text, "ART004")[0].fix
    assert fix is not None
    assert text[: fix.start] + fix.replacement + text[fix.end :] == "One.\n\nTwo."


def fixed(text: str, lang: str = "en") -> str:
    from tqcheck.fixer import fix_text

    return fix_text(text, lang=lang)


@pytest.mark.parametrize(
    ("caption", "lang"),
    [
        ("  • Construction of the bridge over the strait\n  • © Reuters", "en"),  # no blank line
        ("• Construction of the bridge over the strait\n• Photo: Ivan Petrov", "en"),  # not indented
        ("  • Construction of the bridge\n\n  • Kremlin press service\n  • © Sputnik / Ivan Petrov", "en"),
        ("Kremlin press service\n© Sputnik / Ivan Petrov", "en"),  # a two-line credit
        ("  • Construction of the bridge\n\n  • Kremlin press service\n\n  • © Sputnik / Ivan Petrov", "en"),
        ("© Global Look Press / Kremlin Pool", "en"),
        ("AP Photo/Pavel Golovkin", "en"),
        ("• The port of Aktau\n• Getty Images", "en"),
        ("Фото: пресс-служба мэрии Москвы", "ru"),
        ("  • Строительство моста через пролив\n  • Фото: Иван Петров", "ru"),
        ("Фото: Getty Images", "ru"),
        ("Фото пресс-службы Кремля", "ru"),
        ("Фото из открытых источников", "ru"),
        ("Getty Images", "en"),
        ("  • Construction of the bridge over the strait © Reuters", "en"),  # caption and credit, one bullet
        ("• Construction of the bridge. Photo: Ivan Petrov / TASS\n• The old ferry © Sputnik", "en"),
        ("Image: Ivan Petrov / Reuters", "en"),
        ("Credit: Kremlin Pool", "en"),
        ("Photo courtesy of the Ministry of Transport", "en"),
    ],
)
def test_captions_in_their_scraped_forms_are_removed(caption: str, lang: str) -> None:
    """Bullets on consecutive lines, indented or not, one- and two-line credits, Russian credits."""
    if lang == "ru":
        before, after = "Министр прилетел в Ташкент в понедельник.", "Переговоры начались через час."
    else:
        before, after = "The minister arrived in Tashkent on Monday.", "Talks began an hour later."
    text = f"{before}\n\n{caption}\n\n{after}\n"
    assert findings(text, "ART004", lang=lang)
    assert fixed(text, lang) == f"{before}\n\n{after}\n"


def test_credit_ending_a_caption_paragraph_is_removed_and_the_text_kept() -> None:
    """Caption and credit in one paragraph: the credit is proven furniture, the caption text may be
    story, so only the credit goes."""
    text = "The port opened.\n\nConstruction of the bridge began in 2019. Photo: Reuters\n\nTalks began.\n"
    assert flagged(text, "ART004") == ["Photo: Reuters"]
    assert fixed(text) == "The port opened.\n\nConstruction of the bridge began in 2019.\n\nTalks began.\n"


def test_credit_line_inside_a_paragraph_goes_with_its_line() -> None:
    text = "The port opened.\n\nThe bridge under construction over the strait\n© Reuters\n\nTalks began.\n"
    assert flagged(text, "ART004") == ["© Reuters"]
    assert fixed(text) == "The port opened.\n\nThe bridge under construction over the strait\n\nTalks began.\n"


@pytest.mark.parametrize(
    "story",
    [
        "Sanctions on the bank were lifted on Friday, according to Interfax / TASS.",
        "MOSCOW, March 3. /TASS/. The government approved the plan.",
        "The Kremlin press service said the talks had been productive.",
        "Reuters / Ipsos polls show support fell to 40 percent.",
        "Getty Images reported record revenue in the third quarter.",
        "Photo by photo, the archive was rebuilt by volunteers over many years.",
        "The agency's photo: a crowd at the gate, and the police standing by.",
        "Credit: the bank's rating was cut.",
        "MOSCOW, March 3. /TASS/.",  # a dateline the translation put in a paragraph of its own
        "MOSCOW, March 3 /TASS/",
        "Image: a man alone in the square.",
    ],
)
def test_story_text_mentioning_agencies_or_photos_is_not_a_caption(story: str) -> None:
    text = f"The port opened.\n\n{story}\n\nTalks began.\n"
    assert findings(text, "ART004") == []


@pytest.mark.parametrize(
    "story",
    [
        "Фото ребенка опубликовали в сети, и его увидели тысячи людей.",
        "Пресс-служба Кремля сообщила, что переговоры продолжатся.",
        "Фото: так выглядел мост до ремонта, рассказали жители, которые ждали его десять лет.",
        "Фото пресс-службы опубликовали газеты.",
        "Фото пресс-службы Кремля опубликовали все газеты страны в понедельник.",
    ],
)
def test_russian_story_text_about_photos_is_not_a_caption(story: str) -> None:
    text = f"Порт открылся.\n\n{story}\n\nПереговоры начались.\n"
    assert findings(text, "ART004", lang="ru") == []


def test_inline_agency_attribution_is_flagged_with_an_unsafe_fix() -> None:
    """`(RIA Novosti)` after a sentence names the source in Russian style; removing it would lose
    who said it, so the fix is unsafe. A dateline `MOSCOW (Reuters) -` is English style."""
    text = (
        "The ministry approved the plan on Monday (RIA Novosti). Work starts in May.\n\n"
        "MOSCOW (Reuters) - Oil prices rose.\n\nA British agency (Reuters) said so on Monday."
    )
    got = findings(text, "ART001")
    assert [text[f.start : f.end] for f in got] == ["(RIA Novosti)"]
    assert got[0].fix is not None and not got[0].fix.safe
    assert fixed(text) == text
    from tqcheck.fixer import fix_text

    assert fix_text(text, lang="en", unsafe=True).startswith("The ministry approved the plan on Monday. Work")


@pytest.mark.parametrize("brand", ["iPhone", "eBay", "oOh!media", "iOS"])
def test_heading_before_a_lowercase_brand_is_not_a_split(brand: str) -> None:
    text = f"The market grew.\n\nNew phones and old habits\n\n{brand} sales rose by a third in the quarter."
    assert findings(text, "ART002") == []


def test_verse_and_lists_ending_in_commas_are_not_splits() -> None:
    """A comma before a capitalised paragraph is how verse and product lists end their lines."""
    text = "My friend, my friend,\n\nHow sick I am.\n\nHigh-quality paper,\n\nPosters are sent in a tube."
    assert findings(text, "ART002") == []


def test_chat_written_in_lower_case_is_not_split() -> None:
    """A writer who starts sentences in lower case: a missing stop is style, not a split."""
    text = (
        "did you sign out and sign in on your app?\n\ndid you do the 2 procedures?\n\n"
        "that way you can buy the book now.\n\nwould that be okay\n\nare you there?\n"
    )
    assert findings(text, "ART002") == []


@pytest.mark.parametrize(
    "items",
    [
        "• Ministry of Defence\n• Kremlin press service\n• Foreign Ministry",
        "• Kremlin press service\n\n• Foreign Ministry",
        "• Rosstat\n• Reuters / Ipsos polls show support fell",
        "- Reuters\n- AFP\n- TASS",  # a Markdown list of agencies
        "- Interfax\n- Getty Images",
    ],
)
def test_a_list_that_names_a_press_service_is_not_a_caption(items: str) -> None:
    """`Kremlin press service` is a credit only beside another credit or under a lone caption."""
    text = f"The sources were these.\n\n{items}\n\nTalks began."
    assert findings(text, "ART004") == []
    assert fixed(text) == text


def test_a_lone_bullet_above_a_press_service_is_a_caption_fixed_only_when_unsafe() -> None:
    """`• X` / `• Press service of Y` is probably a photo and its credit, but it could be a list:
    flagged, and removed only with `--unsafe`."""
    from tqcheck.fixer import fix_text

    text = "The port opened.\n\n  • Construction of the bridge\n  • Press service of the Ministry\n\nTalks began.\n"
    got = findings(text, "ART004")
    assert len(got) == 1 and got[0].fix is not None and not got[0].fix.safe
    assert fixed(text) == text
    assert fix_text(text, lang="en", unsafe=True) == "The port opened.\n\nTalks began.\n"


def test_credit_in_brackets_ending_a_caption_is_removed() -> None:
    text = (
        "The port opened.\n\nThe bridge under construction (Photo: Reuters)\n\nHe showed a photo (the photo was old).\n"
    )
    assert flagged(text, "ART004") == ["(Photo: Reuters)"]
    assert (
        fixed(text) == "The port opened.\n\nThe bridge under construction\n\nHe showed a photo (the photo was old).\n"
    )


@pytest.mark.parametrize("credit", ["© Reuters", "Photo: Ivan Petrov / TASS", "© Sputnik / Ivan Petrov"])
def test_credit_on_the_caption_line_without_a_full_stop(credit: str) -> None:
    text = f"The port opened.\n\nThe bridge under construction {credit}\n\nTalks began.\n"
    assert flagged(text, "ART004") == [credit]
    assert fixed(text) == "The port opened.\n\nThe bridge under construction\n\nTalks began.\n"


def test_a_comma_before_a_lowercase_continuation_is_still_a_split() -> None:
    """The evidence is the next paragraph carrying the sentence on, with or without a comma."""
    text = "The ministry said the talks with its neighbours,\n\nwhich stalled in May, will resume.\n\nIt gave no date."
    got = findings(text, "ART002")
    assert len(got) == 1 and got[0].line == 1


def test_one_lowercase_paragraph_in_news_is_still_a_split() -> None:
    """A single lower-case start after a finished sentence does not make an article informal."""
    text = (
        "Prices rose.\n\nthe ministry said nothing.\n\nThe ministry said the talks with its neighbours\n\n"
        "will resume in the autumn."
    )
    assert [f.line for f in findings(text, "ART002")] == [5]
