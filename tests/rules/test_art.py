"""ART rules: markers, split paragraphs, brackets, captions."""

from __future__ import annotations

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
