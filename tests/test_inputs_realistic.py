"""The seed article as editors have it: a CMS export and a Word file edited by a translator.

The HTML has site chrome, entities, inline links and emphasis across words, source lines wrapped
inside paragraphs, a figure with alt text and a credit in its caption; the .docx has a Title, a
heading, list paragraphs, a Caption, runs split mid-word with mixed formatting (as Word leaves
them after edits) and a table. Both must give the findings of the .txt, located in the file.
"""

from __future__ import annotations

import html
import random
import re
import time
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.shared import Pt
from lxml import etree

from tests.conftest import ROOT
from tqcheck.checker import check_file
from tqcheck.cli import main
from tqcheck.inputs.docx import word_paragraphs
from tqcheck.paragraphs import split_blocks

SEED = ROOT.parent / "shared" / "seed" / "rt-central-asia-bases.en.txt"
pytestmark = pytest.mark.skipif(not SEED.is_file(), reason="the seed article is in ../shared")
_NUMBERS = re.compile(r"(line|column|paragraph) \d+")
_ENTITIES = {"“": "&#8220;", "”": "&rdquo;", "—": "&mdash;", "'": "&#39;", "&": "&amp;", "<": "&lt;", '"': "&quot;"}
_ENTITIES |= {"©": "&copy;", "•": "&bull;", ">": "&gt;"}
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _inline(text: str, rng: random.Random) -> str:
    """Entities, links and emphasis around pairs of words, source lines wrapped every nine words."""
    words = "".join(_ENTITIES.get(c, c) for c in text).split(" ")
    out: list[str] = []
    i = 0
    while i < len(words):
        if rng.random() < 0.08 and i + 1 < len(words):
            tag = rng.choice(['a href="/x?a=1&amp;b=2"', "em", "strong"])
            out.append(f"<{tag}>{words[i]} {words[i + 1]}</{tag.split()[0]}>")
            i += 2
        else:
            out.append(words[i])
            i += 1
    return "".join(w + ("\n      " if k % 9 == 8 else " ") for k, w in enumerate(out)).rstrip()


def cms_export(text: str, seed: int = 1) -> str:
    rng = random.Random(seed)
    parts = [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>RT: bases</title>\n'
        '<style>p{margin:0} .x>a{}</style>\n<script>if (a < b && c) { document.write("<p>RT</p>"); }</script>\n'
        '</head>\n<body>\n<header class="site"><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a>'
        '</li></ul></nav></header>\n<main>\n<article class="story">\n'
    ]
    for block in split_blocks(text):
        t = block.text
        if t == "In an effort to retain influence":
            parts.append(f"<h2>{_inline(t, rng)}</h2>\n")
        elif t.lstrip().startswith("•"):
            parts.append(f'<p class="credit">{_inline(t.strip(), rng)}</p>\n')
        else:
            parts.append(f"<p>{_inline(t, rng)}</p>\n")
    parts.append(
        '<figure class="img"><img src="/i/1.jpg" alt="Lloyd Austin &amp; Abdulaziz Kamilov">'
        "<figcaption>Pentagon Chief Lloyd Austin &mdash; &copy; Reuters</figcaption></figure>\n"
        "</article>\n</main>\n<footer><p>&copy; 2021 RT. All rights reserved.</p><script>track()</script></footer>\n"
        "</body>\n</html>\n"
    )
    return "".join(parts)


def _split_runs(paragraph: docx.text.paragraph.Paragraph, text: str, rng: random.Random) -> None:
    i = k = 0
    while i < len(text):
        n = rng.randint(3, 17)
        run = paragraph.add_run(text[i : i + n])
        run.bold = k % 5 == 2 or None
        if k % 7 == 3:
            run.font.size = Pt(13)
        i, k = i + n, k + 1


def word_file(text: str, path: Path, seed: int = 1) -> Path:
    rng = random.Random(seed)
    document = docx.Document()
    document.add_paragraph("US looks for bases in Central Asia", style="Title")
    for block in split_blocks(text):
        t = block.text
        if t == "In an effort to retain influence":
            document.add_heading(t, 2)
        elif t.lstrip().startswith("•"):
            _split_runs(document.add_paragraph(style="List Bullet"), t.strip().lstrip("•").strip(), rng)
        else:
            _split_runs(document.add_paragraph(), t, rng)
    document.add_paragraph("Pentagon Chief Lloyd Austin. Photo: Reuters", style="Caption")
    table = document.add_table(rows=2, cols=2)
    for (r, c), value in {(0, 0): "Country", (0, 1): "Base", (1, 0): "Uzbekistan", (1, 1): "Karshi-Khanabad"}.items():
        table.cell(r, c).text = value
    document.save(str(path))
    return path


def _masked(path: Path) -> list[tuple[str, str]]:
    """Codes and messages; numbers that differ between formats masked, a Word list's bullet as text."""
    findings = check_file(path).files[0].findings
    return sorted((f.code, _NUMBERS.sub(r"\1 N", f.message).replace("`• ", "`")) for f in findings)


def test_a_cms_export_gets_the_findings_of_the_text(tmp_path: Path) -> None:
    page = tmp_path / "story.html"
    page.write_text(cms_export(SEED.read_text(encoding="utf-8")), encoding="utf-8")
    txt = tmp_path / "story.txt"
    txt.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    expected = _masked(txt)
    assert len(expected) > 40 and {"ART001", "ART002", "ART003", "ART004", "QUO003", "TYP001", "NAM001"} <= {
        c for c, _ in expected
    }
    assert _masked(page) == expected  # the figure's alt text and credit are captions, the chrome is skipped


def test_every_html_finding_slices_to_its_text_in_the_source(tmp_path: Path) -> None:
    source = cms_export(SEED.read_text(encoding="utf-8"))
    page = tmp_path / "story.html"
    page.write_text(source, encoding="utf-8")
    report = check_file(page).files[0]
    starts = [0]
    for line in source.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    for f in report.findings:
        piece = source[starts[f.line - 1] + f.column - 1 : starts[f.end_line - 1] + f.end_column - 1]
        reader = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]*>", "", piece)))
        assert reader == re.sub(r"\s+", " ", report.document.text[f.start : f.end]), (f.code, piece)


def test_a_word_file_gets_the_findings_of_the_text_at_paragraph_and_character(tmp_path: Path) -> None:
    path = word_file(SEED.read_text(encoding="utf-8"), tmp_path / "story.docx")
    txt = tmp_path / "story.txt"
    txt.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    assert _masked(path) == [(c, m.replace("`• ", "`")) for c, m in _masked(txt)]
    report = check_file(path).files[0]
    paragraphs = word_paragraphs(docx.Document(str(path)))
    for f in report.findings:
        if f.line == f.end_line:
            assert paragraphs[f.line - 1].text[f.column - 1 : f.end_column - 1] == report.document.text[f.start : f.end]
    kinds = {p.text: p.kind.value for p in report.document.paragraphs}
    assert kinds["US looks for bases in Central Asia"] == "heading"
    assert kinds["Pentagon Chief Lloyd Austin. Photo: Reuters"] == "figure"
    assert kinds["Karshi-Khanabad"] == "body"  # table cells are read, in order


def _tags(text: str) -> list[str]:
    return re.findall(r"<[^>]*>", text)


def test_fix_on_the_cms_export_changes_text_only(tmp_path: Path) -> None:
    source = cms_export(SEED.read_text(encoding="utf-8"))
    page = tmp_path / "story.html"
    page.write_text(source, encoding="utf-8")
    result = CliRunner().invoke(main, ["fix", "--write", str(page)])
    assert result.exit_code == 0, result.output
    after = page.read_text(encoding="utf-8")
    assert _tags(after) == _tags(source)
    assert "allocate $240 million" in after
    # Outside the edited characters the file is the same, line for line.
    changed = [(a, b) for a, b in zip(source.split("\n"), after.split("\n"), strict=True) if a != b]
    assert 0 < len(changed) <= 6


def _formats(path: Path) -> list[tuple[bytes, list[bytes]]]:
    body = docx.Document(str(path)).element.body
    out = []
    for p in body.iter(f"{_W}p"):
        ppr = p.find(f"{_W}pPr")
        runs = [r.find(f"{_W}rPr") for r in p.iter(f"{_W}r")]
        out.append(
            (
                etree.tostring(ppr) if ppr is not None else b"",
                [etree.tostring(r) if r is not None else b"" for r in runs],
            )
        )
    return out


def test_fix_on_the_word_file_keeps_formatting_and_crosses_split_runs(tmp_path: Path) -> None:
    path = word_file(SEED.read_text(encoding="utf-8"), tmp_path / "story.docx")
    before = path.read_bytes()
    result = CliRunner().invoke(main, ["fix", "--write", "--unsafe-fixes", str(path)])
    assert result.exit_code == 0, result.output
    assert _formats(path) == _formats_of(before, tmp_path)
    with zipfile.ZipFile(path) as new, zipfile.ZipFile(tmp_path / "before.docx") as old:
        assert [n for n in old.namelist() if old.read(n) != new.read(n)] == ["word/document.xml"]
    texts = [p.text for p in docx.Document(str(path)).paragraphs]
    # `$ 240` was split by Word as `… $` + ` 240 …`: removing the space still applies.
    assert any("allocate $240 million." in t for t in texts)
    assert any(t.endswith("extremism increases,” he stressed.") for t in texts)
    assert "TYP001 fix not applied" not in result.stderr


def _formats_of(data: bytes, tmp_path: Path) -> list[tuple[bytes, list[bytes]]]:
    (tmp_path / "before.docx").write_bytes(data)
    return _formats(tmp_path / "before.docx")


def test_only_the_changed_characters_decide_which_runs_a_fix_touches(tmp_path: Path) -> None:
    """`$` bold, ` 240` plain: the space goes and `$` stays bold; a new quotation mark that would
    replace characters of a bold and a plain run is left for a person (it would take one's format)."""
    path = tmp_path / "a.docx"
    document = docx.Document()
    paragraph = document.add_paragraph("The plan costs ")
    paragraph.add_run("$").bold = True
    paragraph.add_run(" 240 million, officials said.")
    paragraph = document.add_paragraph("“No decision has been made yet, ")
    paragraph.add_run('"').bold = True
    paragraph.add_run("- said a spokesman for the Pentagon.")
    document.save(str(path))
    result = CliRunner().invoke(main, ["fix", "--write", "--unsafe-fixes", str(path)])
    assert result.exit_code == 0, result.output
    runs = [[(r.text, r.bold) for r in p.runs] for p in docx.Document(str(path)).paragraphs]
    assert runs[0] == [("The plan costs ", None), ("$", True), ("240 million, officials said.", None)]
    assert runs[1][1] == ('"', True)
    assert "QUO003 fix not applied" in result.stderr


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("binary.html", bytes(range(256)) * 8, "binary file"),
        ("empty.docx", b"", "empty file"),
        ("renamed.docx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "a PDF file"),
        ("zip.docx", b"PK\x05\x06" + b"\x00" * 18, "not a readable .docx"),
    ],
)
def test_bad_inputs_are_one_line_and_exit_2(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    for command in (["check"], ["fix"]):
        result = CliRunner().invoke(main, [*command, str(path)])
        errors = [line for line in result.stderr.splitlines() if line.startswith("tqcheck: error:")]
        assert result.exit_code == 2 and len(errors) == 1 and message in errors[0], result.output
        assert "Traceback" not in result.output


def test_legacy_charset_bom_and_xhtml_read_right(tmp_path: Path) -> None:
    cp = tmp_path / "ru.html"
    cp.write_bytes(
        '<html><head><meta charset="windows-1251"></head><body><p>Президент сказал, что «всё хорошо».</p>'
        "<p>RT</p><p>Переговоры продолжатся.</p></body></html>".encode("cp1251")
    )
    report = check_file(cp).files[0]
    assert report.document.paragraphs[0].text == "Президент сказал, что «всё хорошо»."
    assert report.document.encoding in ("cp1251", "windows-1251")
    bom = tmp_path / "bom.html"
    bom.write_bytes("\ufeff<html><body><p>It costs $ 240 million.</p></body></html>".encode())
    f = check_file(bom).files[0].findings[0]
    assert (f.code, f.line, f.column) == ("TYP001", 1, 25)  # the BOM is not a column
    xhtml = tmp_path / "a.xhtml"
    xhtml.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml"><body>'
        "<p>It costs $ 240 million.<br/>It was signed.</p><p>RT</p></body></html>",
        encoding="utf-8",
    )
    report = check_file(xhtml).files[0]
    assert [p.text for p in report.document.paragraphs] == ["It costs $ 240 million.\nIt was signed.", "RT"]


def test_a_huge_single_line_page_is_fast(tmp_path: Path) -> None:
    sentence = "<span>The talks went well, officials said on Monday in <b>Moscow</b>.</span> "
    page = tmp_path / "one-line.html"
    page.write_text(
        "<html><body>"
        + "".join(f"<p>{sentence * 3}It costs $ {i} million.</p>" for i in range(500))
        + "</body></html>",
        encoding="utf-8",
    )
    assert page.stat().st_size > 100_000 and page.read_text(encoding="utf-8").count("\n") == 0
    started = time.perf_counter()
    report = check_file(page).files[0]
    assert time.perf_counter() - started < 10
    assert sum(f.code == "TYP001" for f in report.findings) == 500
    assert report.findings[-1].line == 1 and report.findings[-1].column > 100_000


def test_article_text_from_word_and_html_is_escaped_in_the_report(tmp_path: Path) -> None:
    from tqcheck.render.html import render_html

    word = tmp_path / "h.docx"
    document = docx.Document()
    document.add_paragraph('<script>alert("docx")</script> The deal is worth $ 240 million.')
    document.add_paragraph("<b onmouseover=alert(5)>RT</b>", style="Caption")
    document.save(str(word))
    page = tmp_path / "h.html"
    page.write_text(
        '<p>&lt;script&gt;alert("html")&lt;/script&gt; costs $ 240 million.</p><p><a href="javascript:alert(6)">'
        'javascript:alert(7)</a> RT</p><figure><img src=x alt="&lt;img src=x onerror=alert(9)&gt;"></figure>',
        encoding="utf-8",
    )
    for path in (word, page):
        out = render_html(check_file(path))
        assert "<script>alert" not in out and "<b onmouseover" not in out and "<img src=x" not in out
        assert 'href="javascript' not in out and "&lt;script&gt;alert(" in out


def test_the_report_of_a_word_file_says_paragraph_not_line(tmp_path: Path) -> None:
    from tqcheck.render.html import render_html

    path = tmp_path / "a.docx"
    document = docx.Document()
    document.add_paragraph("")
    document.add_paragraph("The plan costs $ 240 million, officials said.")
    document.save(str(path))
    out = render_html(check_file(path))
    assert "Word ¶ 2, char 16" in out and "line 2" not in out
    text = tmp_path / "a.txt"
    text.write_text("The plan costs $ 240 million, officials said.\n", encoding="utf-8")
    assert "line 1, col 16" in render_html(check_file(text))
