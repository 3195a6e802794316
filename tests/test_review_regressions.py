"""Regressions from the independent review: each is a case a user hit or would hit."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import findings, flagged
from tqcheck.checker import check_text
from tqcheck.cli import main
from tqcheck.fixer import fix_text


def test_report_may_not_overwrite_the_article(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("The plan costs $ 240 million.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(article), "-o", str(article)])
    assert result.exit_code == 2 and "also an input" in result.stderr
    assert article.read_text(encoding="utf-8") == "The plan costs $ 240 million.\n"


def test_a_headline_before_a_marker_is_not_joined_to_the_story() -> None:
    text = "Kremlin rejects new talks with Kyiv\n\nRT\n\nThe Kremlin said on Monday it saw no basis for talks.\n"
    assert fix_text(text, lang="en").startswith("Kremlin rejects new talks with Kyiv\n\nThe Kremlin said")
    assert findings(text, "ART002") == []


def test_markdown_list_of_agencies_is_a_list() -> None:
    text = "Sources used:\n\n- Reuters\n\n- AFP\n\n- Telegram\n\nThat is all.\n"
    assert findings(text, "ART001", "ART004") == []


def test_a_fact_list_before_a_credit_keeps_its_facts() -> None:
    text = "• The port will cost $1.2 billion.\n\n• Work starts in 2025.\n\n• A view of the port\n\n• © Reuters\n"
    assert flagged(text, "ART004") == ["• A view of the port", "• © Reuters"]


def test_headings_are_checked_word_by_word() -> None:
    assert flagged("Переговоры в Женеве\n\nThe minister said the talks went well.", "UNT001") == ["Переговоры в Женеве"]
    assert flagged("The Pеntagon plan\n\nThe minister said the talks went well.", "UNT002") == ["Pеntagon"]


def test_markdown_heading_line_does_not_swallow_the_next_line() -> None:
    assert flagged("# Talks resume\nThe the minister said it would cost $ 5 million.", "TYP004") == [" the"]
    assert findings("#MeToo activists said the law was weak.", "TYP004") == []


def test_markdown_code_front_matter_and_rules_are_not_text() -> None:
    text = "---\ntitle: Talks\n---\n\nThe talks resumed.\n\n```\nf( a , b )\n```\n\n---\n\nThey ended on Friday.\n"
    assert findings(text) == []


def test_list_items_ending_in_commas_are_not_split_sentences() -> None:
    assert (
        findings("The plan has three parts:\n\n- lower tariffs,\n\n- a new port,\n\n- an open border.", "ART002") == []
    )


def test_datelines_are_not_dash_attributions() -> None:
    text = "MOSCOW, March 3 (Reuters) - Russia said on Monday it would act.\n\nWASHINGTON (AP) — President Joe Biden said he would run."
    assert findings(text, "QUO003") == []


def test_quote_then_dash_is_a_dash_attribution() -> None:
    assert flagged("“We are ready” - said the minister.", "QUO003") == ["” - "]
    assert flagged('"We will not allow this", - Peskov said.', "QUO003") == ['", - ']


def test_equal_figures_in_different_notations_match() -> None:
    from tqcheck.figures import figures

    assert [f.value for f in figures("4.1 billion", "en")] == [f.value for f in figures("4,100,000,000", "en")]


def test_names_repeated_on_purpose_are_not_repeated_words() -> None:
    assert findings("They flew from Walla Walla to Bora Bora.", "TYP004") == []


def test_phone_numbers_are_not_fixed_as_thousands() -> None:
    got = findings("Call 800 555 1234 for details.", "TYP002")
    assert all(f.fix is None or not f.fix.safe for f in got)


@pytest.mark.parametrize(
    ("toml", "says"), [("max-file-size-mb = inf", "max-file-size-mb"), ("min-fidelity = nan", "min-fidelity")]
)
def test_non_finite_numbers_in_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, toml: str, says: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tqcheck.toml").write_text(toml + "\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Text.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "a.txt"])
    assert result.exit_code == 2 and says in result.stderr and "Traceback" not in result.stderr


def test_malformed_baseline_counts(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Text.\n", encoding="utf-8")
    (tmp_path / "b.json").write_text('{"schema_version": 1, "findings": {"a.txt": 5}}', encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(tmp_path / "a.txt"), "--baseline", str(tmp_path / "b.json")])
    assert result.exit_code == 2 and "not a tqcheck baseline" in result.stderr


def test_empty_path_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", ""])
    assert result.exit_code == 2 and "empty path" in result.stderr


def test_backup_never_overwrites_an_earlier_backup(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("The plan costs $ 240 million.\n", encoding="utf-8")
    (tmp_path / "a.txt.orig").write_text("the true original\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["fix", str(article), "--write", "--backup"])
    assert result.exit_code == 2 and (tmp_path / "a.txt.orig").read_text(encoding="utf-8") == "the true original\n"


def test_extra_agencies_are_markers_too() -> None:
    from tqcheck.checker import check_text
    from tqcheck.settings import Settings

    report = check_text(
        "The talks went on.\n\nFontanka\n\nThe talks ended.",
        settings=Settings(select=("ART001",), extra_agencies=("Fontanka",)),
    )
    assert [f.line for f in report.findings] == [3]


def test_two_photo_captions_in_a_row() -> None:
    """Each photo's caption line goes with its own credits."""
    text = "Talks began.\n\n  • A view of the port\n\n  • Reuters\n\n  • The minister in Baku\n\n  • © @handle\n\nThey ended."
    assert flagged(text, "ART004") == ["• A view of the port", "• Reuters", "• The minister in Baku", "• © @handle"]


def test_folder_walks_do_not_follow_symlinks(tmp_path: Path) -> None:
    """`fix --write DIR` rewrites only files inside DIR, never a link's target elsewhere."""
    outside = tmp_path / "outside.txt"
    outside.write_text("The plan costs $ 240 million.\n", encoding="utf-8")
    folder = tmp_path / "desk"
    folder.mkdir()
    (folder / "a.txt").write_text("The plan costs $ 240 million.\n", encoding="utf-8")
    (folder / "link.txt").symlink_to(outside)
    result = CliRunner().invoke(main, ["fix", str(folder), "--write"])
    assert result.exit_code == 0, result.stderr
    assert (folder / "a.txt").read_text(encoding="utf-8") == "The plan costs $240 million.\n"
    assert outside.read_text(encoding="utf-8") == "The plan costs $ 240 million.\n"


def test_garbled_letters_are_reported_once_as_mojibake() -> None:
    garbled = "Министерство обороны".encode().decode("cp1251")  # `РњРёРЅРёСЃС‚РµСЂСЃС‚РІРѕ РѕР±РѕСЂРѕРЅС‹`
    text = f"{garbled} США сообщило об этом в пятницу (Reuters).\n"
    codes = [f.code for f in findings(text, "ENC001", "UNT002", "QUO004", lang="ru")]
    assert codes == ["ENC001", "ENC001"]


def test_a_russian_paragraph_with_an_english_tail_is_russian() -> None:
    from tqcheck.lang.detect import detect_language

    text = "Эксперт сказал, что это «неблагодарное дело» и Вашингтону стоит учесть позицию Москвы. Read more at the website."
    assert detect_language(text) == "ru"
    # the article stays Russian: its « » are not "foreign quotes" to rewrite as “ ”
    article = "Во время брифинга официальный представитель Пентагона не исключил размещения баз.\n\n" + text + "\n"
    assert fix_text(article) == article
    assert [f.code for f in check_text(article).findings] == ["UNT001"]


def test_an_unknown_lang_is_one_error_not_one_per_article(tmp_path: Path) -> None:
    for name in ("a.en.txt", "b.en.txt"):
        (tmp_path / name).write_text("The minister said the talks went well.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(tmp_path), "--lang", "xx", "-q"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == ["tqcheck: error: lang: no profile for 'xx' (have: en, ru)"]


def test_a_marker_on_its_own_line_is_quoted_on_one_line() -> None:
    text = "We are negotiating with neighboring (with Afghanistan. -\nRT\n) countries and studying the prospects.\n"
    assert [f.message for f in findings(text, "ART001")] == ["source marker `. - RT` left inside the text"]


def test_a_quote_over_two_lines_stays_on_the_finding_line(tmp_path: Path) -> None:
    article = tmp_path / "n.en.txt"
    article.write_text("The minister said the talks (переговоры\nпродолжатся) would continue.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(article), "--select", "UNT001"])
    finding_lines = [line for line in result.stdout.splitlines() if "UNT001" in line]
    assert finding_lines and finding_lines[0].endswith("untranslated text `переговоры продолжатся`")


def test_score_refuses_a_word_file_in_its_own_words(tmp_path: Path) -> None:
    (tmp_path / "hyp.docx").write_bytes(b"PK\x03\x04\x00\x00binary")
    (tmp_path / "ref.txt").write_text("One line.\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["score", "--hyp", str(tmp_path / "hyp.docx"), "--ref", str(tmp_path / "ref.txt")]
    )
    assert result.exit_code == 2
    assert "one segment per line" in result.stderr and "or .docx" not in result.stderr
