"""Bad and awkward input on the command line: each case gets a clear answer, never a traceback.

The contract of `tqcheck check`: exit 0 (nothing at the gate level), 1 (the gate failed) or
2 (usage, input or config error, told in one line on stderr that starts with `tqcheck: error:`).
Files in odd encodings or with odd line ends are read, reported with the same lines and columns
as their UTF-8/LF twin, and never modified.

Every test runs in its own empty folder (an empty `tqcheck.toml` keeps any config of the
surrounding checkout out of the way).
"""

from __future__ import annotations

import codecs
import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tqcheck.cli import main

# --- helpers -------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "tqcheck.toml").write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")


def run(*args: str | Path, stdin: bytes | None = None) -> Result:
    """`tqcheck <args>`; an exception escaping the CLI is re-raised so pytest shows it."""
    result = CliRunner().invoke(main, [str(a) for a in args], input=stdin)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def assert_error(result: Result, *fragments: str) -> str:
    """Exit 2, no traceback, exactly one `tqcheck: error:` line on stderr containing fragments."""
    assert "Traceback" not in result.stderr
    assert result.exit_code == 2, (result.exit_code, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("tqcheck: error: "), lines[0]
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    return lines[0]


def json_report(result: Result) -> dict:
    assert "Traceback" not in result.stderr
    assert result.exit_code in (0, 1), (result.exit_code, result.stderr)
    return json.loads(result.stdout)


def positions(report: dict) -> list[tuple[str, int, int, int, int]]:
    return [(f["code"], f["line"], f["column"], f["end_line"], f["end_column"]) for f in report["files"][0]["findings"]]


# --- missing, empty, binary ----------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    """A path that does not exist: exit 2, `<path>: no such file`."""
    assert_error(run("check", tmp_path / "nope.txt"), "nope.txt", "no such file")


def test_missing_file_next_to_good_one_still_checks_the_good_one(tmp_path: Path) -> None:
    """One missing file among good ones: the good one is still reported, the run exits 2."""
    good = tmp_path / "good.txt"
    good.write_text("The minister said the port would open next year.\n", encoding="utf-8")
    result = run("check", "--format", "json", good, tmp_path / "nope.txt")
    assert_error(result, "nope.txt", "no such file")
    report = json.loads(result.stdout)
    assert [f["path"] for f in report["files"]] == [str(good)]
    assert [e["path"] for e in report["errors"]] == [str(tmp_path / "nope.txt")]


def test_folder_with_no_text_files(tmp_path: Path) -> None:
    """A folder holding only images, data and a README: exit 2, `no .txt, .md, .html or .docx files`."""
    folder = tmp_path / "photos"
    folder.mkdir()
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (folder / "data.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (folder / "README.md").write_text("# Photos\n", encoding="utf-8")
    assert_error(run("check", folder), "photos", "no .txt, .md, .html or .docx files")


def test_glob_matching_nothing(tmp_path: Path) -> None:
    """A glob that matches no file: exit 2, `no files match`."""
    assert_error(run("check", str(tmp_path / "*.txt")), "no files match")


def test_empty_file(tmp_path: Path) -> None:
    """A zero-byte file: exit 2, `empty file`."""
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert_error(run("check", path), "empty.txt", "empty file")


def test_whitespace_only_file(tmp_path: Path) -> None:
    """Spaces, tabs and blank lines only: exit 2, `empty file`."""
    path = tmp_path / "blank.txt"
    path.write_bytes(b"  \n\t\n\r\n   \n")
    assert_error(run("check", path), "blank.txt", "empty file")


def test_bom_only_file(tmp_path: Path) -> None:
    """A UTF-8 byte-order mark and nothing else is an empty file too."""
    path = tmp_path / "bom.txt"
    path.write_bytes(codecs.BOM_UTF8 + b"\n")
    assert_error(run("check", path), "bom.txt", "empty file")


def test_binary_png_file(tmp_path: Path) -> None:
    """A PNG (signature, IHDR chunk, pixel bytes) named .txt: exit 2, `binary file`."""
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x02" + bytes(range(256)))
    assert_error(run("check", path), "photo.txt", "binary file")


def test_nul_bytes_inside_text(tmp_path: Path) -> None:
    """Ordinary English with a few NUL bytes in it: exit 2, `binary file (contains NUL bytes)`."""
    path = tmp_path / "nul.txt"
    path.write_bytes(b"The minister said\x00 the port\x00 would open next year.\n")
    assert_error(run("check", path), "nul.txt", "NUL")


def test_control_characters_inside_text(tmp_path: Path) -> None:
    """Text sprinkled with control characters (no NULs): exit 2, `binary file`."""
    path = tmp_path / "ctrl.txt"
    path.write_bytes(b"The \x01minister \x02said \x03the \x1bport \x7fwould open.\n")
    assert_error(run("check", path), "ctrl.txt", "binary file")


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_undecodable_random_high_bytes(tmp_path: Path, seed: int) -> None:
    """4 KB of random bytes 0x80-0xFF (not UTF-8, no plausible legacy text): exit 2, `cannot decode`."""
    rng = random.Random(seed)
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(rng.randrange(0x80, 0x100) for _ in range(4096)))
    assert_error(run("check", path), "noise.txt", "cannot decode", "UTF-8")


def test_utf16_bom_with_broken_body(tmp_path: Path) -> None:
    """A UTF-16 byte-order mark followed by an odd number of bytes: exit 2 naming utf-16."""
    path = tmp_path / "broken16.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + "Hello world.".encode("utf-16-le") + b"\x00\xd8")
    assert_error(run("check", path), "broken16.txt", "utf-16")


# --- size ----------------------------------------------------------------------------------


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    """A 50 MB file (default limit 10 MB): exit 2 at once, naming the size and the setting."""
    line = b"The minister said the port would open next year.\n"
    path = tmp_path / "huge.txt"
    path.write_bytes(line * (50 * 1024 * 1024 // len(line) + 1))
    message = assert_error(run("check", path), "huge.txt", "file too large", "MB", "max-file-size-mb")
    assert "52.4 MB" in message or "50.0 MB" in message


def test_size_limit_message_states_the_configured_limit(tmp_path: Path) -> None:
    """The too-large message quotes the limit the user configured (default 10 MB), not 10.5 MB."""
    line = b"The minister said the port would open next year.\n"
    path = tmp_path / "huge.txt"
    path.write_bytes(line * (11 * 1024 * 1024 // len(line) + 1))
    message = assert_error(run("check", path), "file too large")
    assert "> 10.0 MB" in message or "> 10 MB" in message


def test_size_limit_comes_from_the_config(tmp_path: Path) -> None:
    """`max-file-size-mb` in tqcheck.toml lowers the limit: a 2 KB file over 0.001 MB is refused."""
    (tmp_path / "tqcheck.toml").write_text("max-file-size-mb = 0.001\n", encoding="utf-8")
    path = tmp_path / "small.txt"
    path.write_text("The minister said the port would open next year.\n" * 40, encoding="utf-8")
    assert_error(run("check", path), "small.txt", "file too large")


def test_100k_character_single_line(tmp_path: Path) -> None:
    """One line of over 100,000 characters of ordinary English gives a correct report (and does not hang)."""
    sentences = [
        "The minister said the port would open next year.",
        "Trade across the region is expected to grow.",
        "New ships will carry cargo to Europe and Asia.",
        "Officials signed the agreement on Tuesday.",
    ]
    planted = "Officials said the the deal was signed."
    parts: list[str] = []
    while sum(len(p) + 1 for p in parts) < 100_000 - len(planted):
        parts.append(sentences[len(parts) % len(sentences)])
    text = " ".join([*parts, planted])
    assert 100_000 <= len(text) < 100_100
    assert "\n" not in text
    path = tmp_path / "long.txt"
    path.write_text(text + "\n", encoding="utf-8")

    report = json_report(run("check", "--format", "json", path))

    assert report["files"][0]["language"] == "en"
    assert len(report["files"][0]["paragraphs"]) == 1
    repeated = text.index("the the") + len("the")  # the span is " the": the gap and the second word
    assert positions(report) == [("TYP004", 1, repeated + 1, 1, repeated + 5)]


# --- usage and config errors ---------------------------------------------------------------


def test_bad_option_exits_2_naming_the_option(tmp_path: Path) -> None:
    """An unknown option is a usage error: exit 2, the option named on stderr, no traceback."""
    result = run("check", "--colour", "red", tmp_path / "a.txt")
    assert "Traceback" not in result.stderr
    assert result.exit_code == 2
    assert "--colour" in result.stderr


def test_bad_option_is_one_tqcheck_error_line(tmp_path: Path) -> None:
    """An unknown option is reported like every other error: one `tqcheck: error:` line."""
    assert_error(run("check", "--colour", "red", tmp_path / "a.txt"), "--colour")


def test_bad_choice_for_format(tmp_path: Path) -> None:
    """`--format xml` is a usage error: exit 2, no traceback."""
    result = run("check", "--format", "xml", tmp_path / "a.txt")
    assert "Traceback" not in result.stderr
    assert result.exit_code == 2
    assert "xml" in result.stderr


def test_no_paths_at_all() -> None:
    """`tqcheck check` with no PATHS: usage error, exit 2."""
    result = run("check")
    assert "Traceback" not in result.stderr
    assert result.exit_code == 2
    assert "PATHS" in result.stderr


def test_unknown_select_code_exits_2_naming_the_code(tmp_path: Path) -> None:
    """`--select XYZ999`: exit 2, the bad code named on stderr, no traceback, nothing checked."""
    path = tmp_path / "a.txt"
    path.write_text("The the minister said.\n", encoding="utf-8")
    result = run("check", "--select", "ART001,XYZ999", path)
    assert "Traceback" not in result.stderr
    assert result.exit_code == 2
    assert "XYZ999" in result.stderr
    assert result.stdout == ""


def test_unknown_select_code_is_one_tqcheck_error_line(tmp_path: Path) -> None:
    """An unknown rule code on the command line is one `tqcheck: error:` line, like in the config."""
    path = tmp_path / "a.txt"
    path.write_text("The the minister said.\n", encoding="utf-8")
    assert_error(run("check", "--select", "XYZ999", path), "XYZ999")


def test_unsupported_lang(tmp_path: Path) -> None:
    """`--lang xx` (no such profile): exit 2, naming the language."""
    path = tmp_path / "a.txt"
    path.write_text("The minister said the port would open next year.\n", encoding="utf-8")
    assert_error(run("check", "--lang", "xx", path), "'xx'")


def test_output_to_unwritable_place(tmp_path: Path) -> None:
    """`-o` under a path that is a file, not a folder: exit 2, `cannot write`."""
    path = tmp_path / "a.txt"
    path.write_text("The minister said the port would open next year.\n", encoding="utf-8")
    assert_error(run("check", "-o", tmp_path / "a.txt" / "report.json", path), "cannot write")


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text("The minister said the port would open next year.\n", encoding="utf-8")
    return path


def test_config_with_invalid_toml(tmp_path: Path, article: Path) -> None:
    """`--config` pointing at broken TOML: exit 2, naming the file and `invalid TOML`."""
    cfg = tmp_path / "broken.toml"
    cfg.write_text('select = ["ART001"\n', encoding="utf-8")
    assert_error(run("check", "--config", cfg, article), "broken.toml", "invalid TOML")


def test_config_with_unknown_key(tmp_path: Path, article: Path) -> None:
    """`--config` with a key tqcheck does not know: exit 2, naming the file and the key."""
    cfg = tmp_path / "extra.toml"
    cfg.write_text('colour = "red"\n', encoding="utf-8")
    assert_error(run("check", "--config", cfg, article), "extra.toml", "'colour'")


def test_config_with_wrong_type(tmp_path: Path, article: Path) -> None:
    """`long-sentence-words = "forty"`: exit 2, naming the file, the key and the bad value."""
    cfg = tmp_path / "typed.toml"
    cfg.write_text('long-sentence-words = "forty"\n', encoding="utf-8")
    assert_error(run("check", "--config", cfg, article), "typed.toml", "long-sentence-words", "forty")


def test_config_with_unknown_rule_in_select(tmp_path: Path, article: Path) -> None:
    """`select = ["XYZ999"]` in the config: exit 2, naming the file, the key and the code."""
    cfg = tmp_path / "rules.toml"
    cfg.write_text('select = ["XYZ999"]\n', encoding="utf-8")
    assert_error(run("check", "--config", cfg, article), "rules.toml", "select", "XYZ999")


def test_config_file_missing(tmp_path: Path, article: Path) -> None:
    """`--config` naming a file that is not there: exit 2, `no such config file`."""
    assert_error(run("check", "--config", tmp_path / "gone.toml", article), "gone.toml", "no such config file")


def test_config_found_in_working_folder_is_validated(tmp_path: Path, article: Path) -> None:
    """A bad tqcheck.toml in the current folder is found without `--config` and reported."""
    (tmp_path / "tqcheck.toml").write_text("fail-on = 3\n", encoding="utf-8")
    assert_error(run("check", article), "tqcheck.toml", "fail-on")


def test_pyproject_tool_table_with_unknown_key(tmp_path: Path, article: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`[tool.tqcheck]` in pyproject.toml is validated like tqcheck.toml: unknown key, exit 2."""
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text("[tool.tqcheck]\nmax-size = 5\n", encoding="utf-8")
    monkeypatch.chdir(project)
    assert_error(run("check", article), "pyproject.toml", "'max-size'")


def test_pyproject_with_invalid_toml(tmp_path: Path, article: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A broken pyproject.toml in the working folder: exit 2, `invalid TOML`, no traceback."""
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text("[tool.tqcheck\nlang = 'en'\n", encoding="utf-8")
    monkeypatch.chdir(project)
    assert_error(run("check", article), "pyproject.toml", "invalid TOML")


# --- stdin ---------------------------------------------------------------------------------


def test_dash_reads_stdin() -> None:
    """`tqcheck check -` checks what arrives on stdin, reported as `<stdin>`."""
    result = run("check", "--format", "json", "-", stdin=b"The the minister said it.\n")
    report = json_report(result)
    assert result.exit_code == 0  # a repeated word is a warning; the gate is at error
    assert report["files"][0]["path"] == "<stdin>"
    assert positions(report) == [("TYP004", 1, 4, 1, 8)]


def test_dash_reads_legacy_encoded_stdin() -> None:
    """Bytes on stdin are decoded like a file's: cp1251 Russian is read as cp1251."""
    text = (
        "Министр транспорта заявил во вторник, что новый терминал откроется в следующем году. "
        "По словам чиновников, объём грузов вырастет на двадцать процентов.\n"
    )
    report = json_report(run("check", "--format", "json", "-", stdin=text.encode("cp1251")))
    assert report["files"][0]["encoding"] == "cp1251"
    assert report["files"][0]["language"] == "ru"


def test_empty_stdin() -> None:
    """Nothing on stdin: exit 2, `<stdin>: empty file`."""
    assert_error(run("check", "-", stdin=b""), "<stdin>", "empty file")


def test_binary_stdin() -> None:
    """PNG bytes on stdin: exit 2, `<stdin>: binary file`."""
    assert_error(run("check", "-", stdin=b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "<stdin>", "binary file")


# --- encodings and line ends ---------------------------------------------------------------

# An English article with a Cyrillic company name left untranslated (UNT001), a doubled word
# (TYP004) and a bracket never closed (ART003).
ENGLISH = (
    "Port deal signed\n"
    "\n"
    "The the minister of transport said on Tuesday that the new terminal would open next year.\n"
    "\n"
    "Officials from the company Транссервис said that the cargo volume would grow by 20 percent "
    "(compared with last year.\n"
    "\n"
    '"We are ready," the director said.\n'
)
# A Russian article (so legacy-encoding detection has enough to go on) with a word spelled with a
# Latin `M` (UNT002) and a bracket never closed (ART003).
RUSSIAN = (
    "Порт Курык\n"
    "\n"
    "Министр транспорта заявил во вторник, что новый терминал откроется в следующем году.\n"
    "\n"
    "По словам чиновников, объём грузов вырастет на 20 процентов (по сравнению с прошлым годом.\n"
    "\n"
    "Директор компании сказал, что делегация прибыла из Mосквы. Строительство обойдётся в два "
    "миллиарда рублей.\n"
)


def _span_text(text: str, line: int, column: int, end_column: int) -> str:
    return text.split("\n")[line - 1][column - 1 : end_column - 1]


def test_reference_findings_of_the_utf8_english_article(tmp_path: Path) -> None:
    """The UTF-8/LF English article: the three planted problems, at the right places."""
    path = tmp_path / "en.txt"
    path.write_bytes(ENGLISH.encode("utf-8"))
    report = json_report(run("check", "--format", "json", path))
    found = {code: _span_text(ENGLISH, line, col, end_col) for code, line, col, _, end_col in positions(report)}
    assert found == {"TYP004": " the", "UNT001": "Транссервис", "ART003": "("}
    assert (report["files"][0]["encoding"], report["files"][0]["newline"]) == ("utf-8", "lf")


def test_reference_findings_of_the_utf8_russian_article(tmp_path: Path) -> None:
    """The UTF-8/LF Russian article: the mixed-script word and the open bracket."""
    path = tmp_path / "ru.txt"
    path.write_bytes(RUSSIAN.encode("utf-8"))
    report = json_report(run("check", "--format", "json", path))
    found = {code: _span_text(RUSSIAN, line, col, end_col) for code, line, col, _, end_col in positions(report)}
    assert found == {"UNT002": "Mосквы", "ART003": "("}
    assert report["files"][0]["language"] == "ru"


ENCODED = [
    pytest.param(ENGLISH, lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), "utf-8-sig", "lf", id="en-utf8-bom"),
    pytest.param(ENGLISH, lambda t: t.encode("utf-16"), "utf-16", "lf", id="en-utf16-bom"),
    pytest.param(ENGLISH, lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), "utf-16", "lf", id="en-utf16be-bom"),
    pytest.param(ENGLISH, lambda t: t.encode("utf-32"), "utf-32", "lf", id="en-utf32-bom"),
    pytest.param(ENGLISH, lambda t: t.replace("\n", "\r\n").encode("utf-8"), "utf-8", "crlf", id="en-utf8-crlf"),
    pytest.param(ENGLISH, lambda t: t.replace("\n", "\r").encode("utf-8"), "utf-8", "cr", id="en-utf8-cr"),
    pytest.param(
        ENGLISH,
        lambda t: codecs.BOM_UTF8 + t.replace("\n", "\r\n").encode("utf-8"),
        "utf-8-sig",
        "crlf",
        id="en-utf8-bom-crlf",
    ),
    pytest.param(ENGLISH, lambda t: t.replace("\n", "\r\n").encode("utf-16"), "utf-16", "crlf", id="en-utf16-bom-crlf"),
    pytest.param(RUSSIAN, lambda t: t.encode("cp1251"), "cp1251", "lf", id="ru-cp1251"),
    pytest.param(RUSSIAN, lambda t: t.encode("koi8-r"), "koi8-r", "lf", id="ru-koi8r"),
    pytest.param(RUSSIAN, lambda t: t.replace("\n", "\r\n").encode("cp1251"), "cp1251", "crlf", id="ru-cp1251-crlf"),
    pytest.param(RUSSIAN, lambda t: t.replace("\n", "\r\n").encode("koi8-r"), "koi8-r", "crlf", id="ru-koi8r-crlf"),
    pytest.param(RUSSIAN, lambda t: t.encode("utf-16"), "utf-16", "lf", id="ru-utf16-bom"),
]


@pytest.mark.parametrize(("text", "encode", "encoding", "newline"), ENCODED)
def test_encoding_and_line_ends_give_the_same_findings(
    tmp_path: Path, text: str, encode, encoding: str, newline: str
) -> None:
    """The same article in another encoding or with other line ends: the JSON names the encoding
    and line-end style, and every finding sits at the same line and column as in UTF-8/LF."""
    reference = tmp_path / "reference.txt"
    reference.write_bytes(text.encode("utf-8"))
    expected = positions(json_report(run("check", "--format", "json", reference)))
    assert expected

    path = tmp_path / f"article.{encoding}.txt"
    path.write_bytes(encode(text))
    report = json_report(run("check", "--format", "json", path))

    assert report["files"][0]["encoding"] == encoding
    assert report["files"][0]["newline"] == newline
    assert positions(report) == expected


@pytest.mark.parametrize(("text", "encode", "encoding", "newline"), ENCODED)
def test_checked_file_is_never_modified(tmp_path: Path, text: str, encode, encoding: str, newline: str) -> None:
    """Checking a file leaves its bytes and its modification time alone and creates no new files."""
    path = tmp_path / "article.txt"
    data = encode(text)
    path.write_bytes(data)
    before = (path.stat().st_mtime_ns, sorted(p.name for p in tmp_path.iterdir()))

    result = run("check", path)

    assert "Traceback" not in result.stderr
    assert result.exit_code == 1  # ART003 and UNT00x are errors
    assert path.read_bytes() == data
    assert (path.stat().st_mtime_ns, sorted(p.name for p in tmp_path.iterdir())) == before
