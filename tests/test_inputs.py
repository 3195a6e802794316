"""HTML and Word articles: the same findings as the same text in .txt, located in the file itself."""

from __future__ import annotations

import html
import re
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT
from tqcheck.checker import check_file
from tqcheck.cli import main
from tqcheck.errors import InputError
from tqcheck.model import ParagraphKind
from tqcheck.paragraphs import split_blocks
from tqcheck.settings import Settings

SAMPLE = ROOT / "samples" / "caspian-port.en.txt"
_NUMBERS = re.compile(r"(line|column|paragraph) \d+")


def _masked(path: Path) -> list[tuple[str, str]]:
    """Codes and messages, with the line/column/paragraph numbers that differ between formats masked."""
    return sorted((f.code, _NUMBERS.sub(r"\1 N", f.message)) for f in check_file(path).files[0].findings)


def _as_html(text: str) -> str:
    blocks = [b.text for b in split_blocks(text)]
    body = "\n".join("<p>" + html.escape(b).replace("\n", "<br>\n") + "</p>" for b in blocks)
    return f"<!doctype html>\n<html><head><title>t</title><script>var RT = 1;</script></head><body>\n{body}\n</body></html>\n"


def _as_docx(text: str, path: Path) -> Path:
    document = docx.Document()
    for block in split_blocks(text):
        document.add_paragraph(block.text)
    document.save(str(path))
    return path


def test_html_and_docx_get_the_same_findings_as_text(tmp_path: Path) -> None:
    """The real sample article as a CMS export and as a Word file: every finding of the .txt, no other."""
    text = SAMPLE.read_text(encoding="utf-8")
    page = tmp_path / "a.html"
    page.write_text(_as_html(text), encoding="utf-8")
    word = _as_docx(text, tmp_path / "a.docx")
    expected = _masked(SAMPLE)
    assert len(expected) > 20
    assert _masked(page) == expected
    assert _masked(word) == expected


def test_html_findings_point_into_the_html_file(tmp_path: Path) -> None:
    """line:col of every finding is where its text starts in the HTML source (entities included)."""
    text = SAMPLE.read_text(encoding="utf-8")
    page = tmp_path / "a.html"
    source = _as_html(text)
    page.write_text(source, encoding="utf-8")
    report = check_file(page).files[0]
    lines = source.split("\n")
    checked = 0
    for f in report.findings:
        flagged = report.document.text[f.start : f.end]
        if not flagged or "\n" in flagged:
            continue
        at = lines[f.line - 1][f.column - 1 :]
        assert html.unescape(at).startswith(flagged[:1]), (f.code, flagged, at[:40])
        checked += 1
    assert checked > 10


def test_html_structure(tmp_path: Path) -> None:
    """Blocks from markup; headings keep their kind; declared captions are furniture, not residue."""
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><style>p { color: red }</style></head><body>\n"
        "<header><nav><a>Home</a> <a>World</a></nav></header>\n"
        "<article><h1>Port &laquo;expands&raquo; again</h1>\n"
        "<p>The port handled more cargo this year.<p>Officials said the new berth opens in May.\n"
        '<figure><img src="a.jpg" alt="Cranes at the port"><figcaption>Cranes at dusk. Photo: Reuters</figcaption></figure>\n'
        "<p>© Global Look Press / Kremlin Pool</p>\n"
        "<ul><li>Cargo rose by a third.</li><li>Wages rose too.</li></ul>\n"
        "</article><footer>© Site 2026</footer><script>document.write('RT')</script></body></html>\n",
        encoding="utf-8",
    )
    report = check_file(page).files[0]
    paragraphs = report.document.paragraphs
    kinds = [(p.kind, p.text) for p in paragraphs]
    assert kinds[0] == (ParagraphKind.HEADING, "Port «expands» again")
    assert (ParagraphKind.BODY, "The port handled more cargo this year.") in kinds  # an unclosed <p> ends at the next
    assert (ParagraphKind.FIGURE, "Cranes at the port") in kinds  # alt text
    assert (ParagraphKind.FIGURE, "Cranes at dusk. Photo: Reuters") in kinds
    assert (ParagraphKind.BULLET, "Cargo rose by a third.") in kinds
    assert not any("Home" in t or "Site" in t or "color" in t or "document" in t for _, t in kinds)
    art004 = [report.document.text[f.start : f.end] for f in report.findings if f.code == "ART004"]
    assert art004 == ["© Global Look Press / Kremlin Pool"]  # the credit in a <p> only, never the figure
    credit = next(f for f in report.findings if f.code == "ART004")
    assert (credit.line, credit.column) == (6, 4)


def test_html_without_blank_lines_is_many_paragraphs(tmp_path: Path) -> None:
    """The bug report: a one-line CMS export was one giant paragraph and `&laquo;` went unseen."""
    body = "".join(f"<p>Paragraph {i} says the talks went well, officials said.</p>" for i in range(12))
    page = tmp_path / "x.html"
    page.write_text(f"<html><body>{body}<p>He called it &laquo;a success&raquo;.</p></body></html>", encoding="utf-8")
    report = check_file(page).files[0]
    assert len(report.document.paragraphs) == 13
    assert any(f.code == "QUO004" for f in report.findings)


def test_sniffed_html_and_input_format_override(tmp_path: Path) -> None:
    page = tmp_path / "export"  # no suffix: recognised by its content
    page.write_text("<!DOCTYPE html><html><body><p>Talks ended.</p><p>RT</p><p>They resume today.</p></body></html>")
    assert [p.text for p in check_file(page).files[0].document.paragraphs] == [
        "Talks ended.",
        "RT",
        "They resume today.",
    ]
    result = CliRunner().invoke(main, ["check", "--input-format", "text", "--format", "json", str(page)])
    import json

    assert len(json.loads(result.stdout)["files"][0]["paragraphs"]) == 1  # the markup read as one text block


def test_fix_html_edits_text_only(tmp_path: Path) -> None:
    """`fix --write` on HTML: the text changes, every tag stays byte-identical; a cross-markup fix is listed."""
    page = tmp_path / "a.html"
    source = (
        '<html><body><p class="lead">The deal is worth $ 240 million, &laquo;a record&raquo;.</p>\n'
        "<p>RT</p>\n<p>It closes in <b>May</b>.</p></body></html>\n"
    )
    page.write_text(source, encoding="utf-8")
    result = CliRunner().invoke(main, ["fix", "--write", str(page)])
    assert result.exit_code == 0, result.output
    after = page.read_text(encoding="utf-8")
    assert re.findall(r"<[^>]*>", after) == re.findall(r"<[^>]*>", source)
    assert "$240 million" in after
    assert "ART001 fix not applied" in result.stderr  # removing the <p>RT</p> block crosses markup
    assert "<p>RT</p>" in after
    again = CliRunner().invoke(main, ["fix", "--write", str(page)])
    assert page.read_text(encoding="utf-8") == after and again.exit_code == 0  # a fixed point


def test_docx_paragraph_numbers_styles_and_fix_keeps_formatting(tmp_path: Path) -> None:
    path = tmp_path / "a.docx"
    document = docx.Document()
    document.add_heading("Port expands", 1)
    paragraph = document.add_paragraph("The port handled ")
    bold = paragraph.add_run("$ 240 million")
    bold.bold = True
    paragraph.add_run(" of cargo this year, officials said.")
    document.add_paragraph("")
    document.add_paragraph("RT")
    document.add_paragraph("Cranes at the port. Photo: Reuters", style="Caption")
    document.add_paragraph("Cargo rose by a third.", style="List Bullet")
    document.save(str(path))
    report = check_file(path).files[0]
    kinds = {p.text: p.kind for p in report.document.paragraphs}
    assert kinds["Port expands"] is ParagraphKind.HEADING
    assert kinds["Cranes at the port. Photo: Reuters"] is ParagraphKind.FIGURE
    assert kinds["Cargo rose by a third."] is ParagraphKind.BULLET
    where = {f.code: (f.line, f.column) for f in report.findings}
    assert where["TYP001"] == (2, 18)  # paragraph 2, character 18
    assert where["ART001"] == (4, 1)  # the empty paragraph 3 counts, as in Word
    result = CliRunner().invoke(main, ["fix", "--write", str(path)])
    assert result.exit_code == 0 and "1 fix applied" in result.stderr
    assert "ART001 fix not applied" in result.stderr
    fixed = docx.Document(str(path))
    runs = fixed.paragraphs[1].runs
    assert [r.text for r in runs] == ["The port handled ", "$240 million", " of cargo this year, officials said."]
    assert runs[1].bold and not runs[0].bold
    assert fixed.paragraphs[4].style.name == "Caption"


@pytest.mark.parametrize(
    ("name", "data", "what"),
    [
        ("a.pdf", b"%PDF-1.7\n", "a PDF file"),
        ("a.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40, "Word 97-2003 .doc"),
        ("a.odt", b"PK\x03\x04mimetypeapplication/vnd.oasis.opendocument.text", "OpenDocument"),
        ("a.rtf", b"{\\rtf1\\ansi hello}", "an RTF file"),
        ("renamed.txt", b"%PDF-1.4\n%\xe2\xe3", "a PDF file"),
    ],
)
def test_other_binary_formats_one_line_and_exit_2(tmp_path: Path, name: str, data: bytes, what: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("tqcheck: error:")]
    assert len(errors) == 1 and what in errors[0] and ".docx" in errors[0]


def test_batch_pairs_html_and_docx_by_name(tmp_path: Path) -> None:
    """`x.en.html` is checked against `x.ref.en.docx`; folders pick up both formats."""
    text = SAMPLE.read_text(encoding="utf-8")
    (tmp_path / "x.en.html").write_text(_as_html(text), encoding="utf-8")
    ref = (ROOT / "samples" / "caspian-port.ref.en.txt").read_text(encoding="utf-8")
    _as_docx(ref, tmp_path / "x.ref.en.docx")
    result = CliRunner().invoke(main, ["check", str(tmp_path), "--format", "json", "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    import json

    files = json.loads(result.stdout)["files"]
    assert [Path(f["path"]).name for f in files] == ["x.en.html"]
    assert files[0]["fidelity"]["kind"] == "reference"


PIECES = [
    "<p>", "</p>", "<h2>", "</h2>", "<li>", "<br>", "<b>", "</b>", "<!-- c -->", "<script>x<y</script>",
    '<img alt="A &amp; B">', "&laquo;", "&raquo;", "&amp;", "&nbsp;", "&copy", "&#8212;", "Moscow", "RT", " ",
    "\n", "said.", "$ 240", "«", "Кремль", "<", ">", "&", "<figure><figcaption>Photo: Reuters</figcaption></figure>",
    '<p class="x>y">', "<!-- <p>hidden</p> -->", "<TEXTAREA>a &amp; b</TEXTAREA>", "<noscript><p>no</p></noscript>",
    "&#x41;", "&unknownentity;", "<table><td>cell", "<pre>  spaced  </pre>", "<P>", "</div>", "<nav>Home</nav>",
]  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_any_html_reads_and_every_paragraph_points_at_its_text(pieces: list[str]) -> None:
    """Tag soup never crashes the reader, and each paragraph's line:col is where its first character is."""
    from tqcheck.inputs.html import read_html
    from tqcheck.reading import from_string

    raw = "<html><body>" + "".join(pieces) + "</body></html>"
    try:
        document = read_html(from_string(raw), "x.html", Settings(lang="en"))
    except InputError:
        return  # no text at all
    lines = raw.split("\n")
    for p in document.paragraphs:
        line, column = document.position(p.start)
        at = lines[line - 1][column - 1 :]
        assert at, (p.text, line, column)
        first = p.text[0]
        assert html.unescape(at[:8]).startswith(first) or at.startswith(first), (p.text, at[:20])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from([p for p in PIECES if p not in ("<", ">")] + ["the the", " ,", "$ 5"]), max_size=30))
def test_fixing_any_html_keeps_every_tag(pieces: list[str]) -> None:
    from tqcheck.inputs.fixing import fix_html

    raw = "<html><body><p>" + "".join(pieces) + "</p></body></html>"
    try:
        result = fix_html(raw.encode("utf-8"), "x.html", Settings(lang="en"))
    except InputError:
        return
    after = result.data.decode("utf-8")
    assert re.findall(r"<[^>]*>", after) == re.findall(r"<[^>]*>", raw)


def test_input_format_names_the_format_of_a_misnamed_file(tmp_path: Path) -> None:
    """`--input-format html` reads a `.txt` that holds HTML as HTML (and its reference too)."""
    article = tmp_path / "a.txt"
    article.write_text("<p>The deal is worth $ 240 million.</p><p>RT</p><p>Work starts in March.</p>", encoding="utf-8")
    reference = tmp_path / "ref.txt"
    reference.write_text("<p>The deal is worth $240 million.</p><p>Work starts in March.</p>", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["check", "--input-format", "html", str(article), "--reference", str(reference), "--format", "json"]
    )
    import json

    data = json.loads(result.stdout)["files"][0]
    assert len(data["paragraphs"]) == 3 and data["fidelity"]["kind"] == "reference"
    assert {f["code"] for f in data["findings"]} >= {"ART001", "TYP001"}


def test_fix_diff_on_docx_changes_nothing_and_shows_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "a.docx"
    document = docx.Document()
    document.add_paragraph("The deal is worth $ 240 million.")
    document.save(str(path))
    before = path.read_bytes()
    result = CliRunner().invoke(main, ["fix", str(path)])
    assert result.exit_code == 0
    assert "-The deal is worth $ 240 million.\n+The deal is worth $240 million.\n" in result.stdout
    assert path.read_bytes() == before


def test_a_broken_docx_is_one_line_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "a.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 2 and "not a readable .docx file" in result.stderr and "Traceback" not in result.output


def test_an_inline_image_does_not_split_its_sentence(tmp_path: Path) -> None:
    """`<p>… <img alt> …</p>`: one paragraph (no ART002), the alt text a caption after it."""
    page = tmp_path / "a.html"
    page.write_text(
        '<html><body><p>The minister <img src="flag.png" alt="Flag of Uzbekistan"> arrived in Tashkent '
        "on Monday, officials said.</p><p>Talks begin today.</p></body></html>",
        encoding="utf-8",
    )
    report = check_file(page).files[0]
    texts = [(p.kind, p.text) for p in report.document.paragraphs]
    assert texts[0] == (ParagraphKind.BODY, "The minister arrived in Tashkent on Monday, officials said.")
    assert texts[1] == (ParagraphKind.FIGURE, "Flag of Uzbekistan")
    assert not report.findings


def test_fix_html_in_a_legacy_encoding_writes_character_references(tmp_path: Path) -> None:
    """A KOI8-R page gets `&#8220;` where the encoding has no curly quote; the rest keeps its bytes."""
    page = tmp_path / "a.html"
    source = (
        "<html><body><p>The minister called it &laquo;a good deal&raquo; on Monday in Moscow.</p>"
        "<p>Второй абзац.</p></body></html>\n"
    )
    page.write_bytes(source.encode("koi8_r"))
    result = CliRunner().invoke(main, ["fix", "--write", "--lang", "en", str(page)])
    assert result.exit_code == 0, result.output
    after = page.read_bytes().decode("koi8_r")
    assert re.findall(r"<[^>]*>", after) == re.findall(r"<[^>]*>", source)
    assert "&#8220;a good deal&#8221;" in after and "Второй абзац." in after


def test_a_folder_checked_again_skips_the_reports_written_into_it(tmp_path: Path) -> None:
    (tmp_path / "story.html").write_text(
        "<html><body><p>The plan costs $ 240 million.</p><p>Work starts in March.</p></body></html>", encoding="utf-8"
    )
    first = CliRunner().invoke(main, ["check", str(tmp_path), "--format", "html", "-o", f"{tmp_path}/"])
    assert first.exit_code == 0, first.output
    assert (tmp_path / "story.report.html").is_file() and (tmp_path / "index.html").is_file()
    again = CliRunner().invoke(main, ["check", str(tmp_path), "--format", "html", "-o", f"{tmp_path}/"])
    assert again.exit_code == 0, again.output  # the pages written the first time are not articles
