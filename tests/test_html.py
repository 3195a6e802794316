"""The HTML report: structure read back with html.parser, highlights against findings, escaping of
hostile article/reference text, size and speed, and the batch index (a page per article)."""

from __future__ import annotations

import time
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import SAMPLES
from tqcheck.checker import check_file, check_text
from tqcheck.cli import main
from tqcheck.model import FileReport, Finding, Report, Severity
from tqcheck.render import FORMATS, RenderOptions, renderer
from tqcheck.render.html import _assets, code_parts, highlight, page_names, render_html, write_html_reports

SAMPLE = SAMPLES / "caspian-port.en.txt"
SAMPLE_REF = SAMPLES / "caspian-port.ref.en.txt"
VOID = {"meta", "input", "br", "img", "link", "hr", "source", "area", "base", "col", "embed", "wbr", "track"}

PAYLOADS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "{{ 7*7 }}",
    "{% raw %}",
    "</textarea></style></mark>",
)
HOSTILE_ARTICLE = (
    "The minister said <script>alert(1)</script> in Astana on Tuesday, and the port costs $ 240 million.\n\n"
    'A link "><img src=x onerror=alert(1)> was sent: javascript:alert(1) and the the template {{ 7*7 }} stayed.\n\n'
    "RT\n\n"
    "The end {% raw %} of the </textarea></style></mark> story «quoted» here.\n"
)
HOSTILE_REFERENCE = (
    "The minister said <script>alert(1)</script> in Astana on Tuesday, and the port costs $240 million.\n\n"
    'A link "><img src=x onerror=alert(1)> was sent: javascript:alert(1) and the template {{ 7*7 }} stayed.\n\n'
    "The end {% raw %} of the </textarea></style></mark> story “quoted” here.\n"
)


class Element:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Element | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Element | str] = []

    @property
    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text for c in self.children)

    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def ancestors(self) -> list[Element]:
        out, node = [], self.parent
        while node is not None:
            out.append(node)
            node = node.parent
        return out


class Tree(HTMLParser):
    """Every element with its attributes, parent and text; end tags must match (well-formed)."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {}, None)
        self.stack = [self.root]
        self.elements: list[Element] = []
        self.feed(html)
        self.close()
        assert len(self.stack) == 1, f"unclosed: {[e.tag for e in self.stack[1:]]}"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        el = Element(tag, dict(attrs), self.stack[-1])
        self.stack[-1].children.append(el)
        self.elements.append(el)
        if tag not in VOID:
            self.stack.append(el)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        el = Element(tag, dict(attrs), self.stack[-1])
        self.stack[-1].children.append(el)
        self.elements.append(el)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)

    def find(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Element]:
        return [
            e
            for e in self.elements
            if (tag is None or e.tag == tag)
            and (cls is None or cls in e.classes())
            and all(e.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]

    def by_id(self, ident: str) -> Element:
        found = [e for e in self.elements if e.attrs.get("id") == ident]
        assert len(found) == 1, ident
        return found[0]


def expected_text(fr: FileReport, f: Finding) -> str:
    """The finding's text as the page shows it: its span, clipped to each paragraph it touches."""
    doc = fr.document
    parts = [doc.text[max(f.start, p.start) : min(f.end, p.end)] for p in doc.paragraphs]
    return "".join(parts)


def finding_ids(fr: FileReport) -> dict[str, Finding]:
    return {f"f-{n}": f for n, f in enumerate(sorted(fr.findings, key=lambda f: f.sort_key), 1)}


@pytest.fixture(scope="module")
def sample() -> Report:
    return check_file(SAMPLE, reference=SAMPLE_REF if SAMPLE_REF.is_file() else None)


@pytest.fixture(scope="module")
def sample_tree(sample: Report) -> Tree:
    return Tree(render_html(sample))


# ----------------------------------------------------------------------------------------------
# Highlights and lists


def test_every_finding_is_highlighted_on_its_exact_span(sample: Report, sample_tree: Tree) -> None:
    fr = sample.files[0]
    ids = finding_ids(fr)
    assert ids
    marks = sample_tree.find("mark", cls="hl")
    firsts = [m for m in marks if "first" in m.classes()]
    assert len(firsts) == len(fr.findings)  # one focusable highlight per finding
    for fid, f in ids.items():
        pieces = [m for m in marks if m.attrs["data-finding"] == fid]
        assert pieces, fid
        assert {m.attrs["data-code"] for m in pieces} == {f.code}
        assert {m.attrs["data-severity"] for m in pieces} == {f.severity.label}
        # The pieces of one finding add up to its text (nested marks: count only the own text).
        assert "".join(m.text for m in pieces if not any(a in pieces for a in m.ancestors())) == expected_text(fr, f)
        first = sample_tree.by_id(f"{fid}-m")
        assert first.attrs["tabindex"] == "0"
        label = first.attrs["aria-label"] or ""
        assert f.code in label and f.message in label
        if f.fix is not None:
            assert f.fix.description in label
        # The highlight sits in its paragraph's block.
        paragraph = next(a for a in first.ancestors() if "para" in a.classes())
        assert paragraph.attrs["id"].startswith("p-")


def test_findings_are_listed_under_their_paragraph(sample: Report, sample_tree: Tree) -> None:
    fr = sample.files[0]
    entries = sample_tree.find("li", cls="finding")
    assert len(entries) == len(fr.findings)
    for fid, f in finding_ids(fr).items():
        entry = sample_tree.by_id(fid)
        assert entry.attrs["data-code"] == f.code
        assert entry.attrs["data-severity"] == f.severity.label
        assert f"line {f.line}, col {f.column}" in entry.text
        assert "".join(text for text, _ in code_parts(f.message)) in entry.text
        block = next(a for a in entry.ancestors() if "para" in a.classes())
        assert block.attrs["id"] == f"p-{f.paragraph}"


def test_sample_is_shown_side_by_side_with_its_reference(sample: Report, sample_tree: Tree) -> None:
    fr = sample.files[0]
    if fr.fidelity is None:
        pytest.skip("no reference for the sample")
    doc = fr.document
    for p in doc.paragraphs:  # every paragraph once, its text intact
        block = sample_tree.by_id(f"p-{p.index}")
        text = next(c for c in block.children if isinstance(c, Element) and c.tag == "p")
        assert text.text == doc.text[p.start : p.end]
        assert ("furniture" in block.classes()) == p.kind.is_furniture
    ref = fr.fidelity.reference
    for p in ref.paragraphs:
        block = sample_tree.by_id(f"r-{p.index}")
        assert block.text.endswith(ref.text[p.start : p.end] + "\n") or ref.text[p.start : p.end] in block.text
    # A pair of 3 MT paragraphs (split by markers) sits in one row with its one reference paragraph.
    rows = sample_tree.find("div", cls="row")
    for pair in fr.fidelity.pairs:
        if pair.mt and pair.ref:
            row = next(a for a in sample_tree.by_id(f"p-{pair.mt[0]}").ancestors() if "row" in a.classes())
            assert row in rows
            for j in pair.ref:
                assert row in sample_tree.by_id(f"r-{j}").ancestors()
    # Header: verdict in words, counts, fidelity and readability.
    verdict = sample_tree.find("div", cls="verdict")[0]
    assert verdict.attrs["data-verdict"] == "fail" and "verdict-fail" in verdict.classes()
    page = sample_tree.root.text
    assert f"{fr.count(Severity.ERROR)} errors" in page
    assert f"{fr.fidelity.fidelity:.1f}" in page
    assert "chrF" in page and "BLEU" in page and "TER" in page
    assert "Reading ease" in page or "reading ease" in page


def test_chart_bars_link_to_their_paragraphs(sample: Report, sample_tree: Tree) -> None:
    doc = sample.files[0].document
    links = [a for a in sample_tree.find("a") if a.attrs.get("data-paragraph")]
    assert [a.attrs["href"] for a in links] == [f"#p-{p.index}" for p in doc.paragraphs]
    failing = {a.attrs["data-paragraph"] for a in links if "failing" in a.classes()}
    for f in sample.files[0].findings:
        if f.severity == Severity.ERROR:
            assert str(f.paragraph) in failing
    for a in links:
        assert any(isinstance(c, Element) and c.tag == "title" for c in a.children)


def test_overlapping_and_nested_spans_are_deterministic() -> None:
    fr = check_text("Alpha beta gamma delta epsilon.\n", lang="en").files[0]
    base = Finding("TYP003", "spacing", Severity.WARNING, "m", 1, 0, 0, 1, 1, 1, 1)

    def f(code: str, s: int, e: int, sev: Severity = Severity.WARNING) -> Finding:
        return replace(base, code=code, start=s, end=e, severity=sev, message=f"{code} {s}-{e}")

    findings = [
        f("AAA001", 0, 16),  # Alpha beta gamma
        f("BBB001", 6, 22, Severity.ERROR),  # beta gamma delta: crosses the first
        f("CCC001", 6, 10),  # beta: nested in both
        f("DDD001", 6, 10, Severity.INFO),  # the same span again
        f("EEE001", 17, 17),  # zero width
    ]
    fr = replace(fr, findings=tuple(findings))
    one = render_html(Report((fr,), Severity.ERROR))
    two = render_html(Report((replace(fr, findings=tuple(reversed(findings))),), Severity.ERROR))
    assert one == two
    tree = Tree(one)
    ids = finding_ids(fr)
    for fid, finding in ids.items():
        pieces = [m for m in tree.find("mark") if m.attrs["data-finding"] == fid]
        own = [m for m in pieces if not any(a in pieces for a in m.ancestors())]
        assert "".join(m.text for m in own) == expected_text(fr, finding), finding.code
        assert sum(1 for m in pieces if "first" in m.classes()) == 1
    crossing = next(fid for fid, x in ids.items() if x.code == "BBB001")
    assert len([m for m in tree.find("mark") if m.attrs["data-finding"] == crossing]) == 2  # split once
    pin = next(m for m in tree.find("mark") if "pin" in m.classes())
    assert pin.text == "" and pin.attrs["data-code"] == "EEE001"


def test_a_finding_over_two_paragraphs_is_clipped_to_each() -> None:
    fr = check_text("First paragraph here.\n\nSecond one there.\n", lang="en").files[0]
    p1, p2 = fr.document.paragraphs
    span = Finding(
        "QUO001", "unbalanced-quotes", Severity.WARNING, "runs on", 1, p1.start + 6, p2.start + 6, 1, 7, 3, 7
    )
    fr = replace(fr, findings=(span,))
    tree = Tree(render_html(Report((fr,), Severity.ERROR)))
    pieces = tree.find("mark", data_finding="f-1")
    assert [m.text for m in pieces] == ["paragraph here.", "Second"]
    assert [next(a for a in m.ancestors() if "para" in a.classes()).attrs["id"] for m in pieces] == ["p-1", "p-2"]
    assert len(tree.find("li", cls="finding")) == 1  # listed once, under its own paragraph
    assert "runs over several paragraphs" in tree.by_id("f-1").text


def test_highlight_escapes_every_piece() -> None:
    fr = check_text("a <b> & c\n", lang="en").files[0]
    f = Finding("X", "x", Severity.ERROR, 'say "<hi>"', 1, 2, 5, 1, 3, 1, 6)
    markup = str(highlight("a <b> & c", 0, [(2, 5, f, _view(f))]))
    assert markup == (
        'a <mark class="hl first" data-severity="error" data-code="X" data-finding="f-1" id="f-1-m" tabindex="0" '
        'aria-label="Error X: say &#34;&lt;hi&gt;&#34;">&lt;b&gt;</mark> &amp; c'
    )
    assert fr.document.text.startswith("a <b>")


def _view(f: Finding):  # type: ignore[no-untyped-def]
    from tqcheck.render.html import _finding_view

    return _finding_view(f, "f-1", False)


# ----------------------------------------------------------------------------------------------
# Escaping: hostile text in the article, the reference and the file name


def _hostile(tmp_path: Path) -> tuple[Report, Path]:
    name = tmp_path / '"><img src=x onerror=alert(1)>{{ 7*7 }}.en.txt'
    name.write_text(HOSTILE_ARTICLE, encoding="utf-8")
    ref = tmp_path / "ref.txt"
    ref.write_text(HOSTILE_REFERENCE, encoding="utf-8")
    return check_file(name, lang="en", reference=ref), name


def _assert_inert(html: str, with_text: bool = True) -> None:
    tree = Tree(html)
    scripts = tree.find("script")
    assert len(scripts) == 1 and scripts[0].text == _assets()[1]  # only our own script
    assert not tree.find("img") and not tree.find("iframe") and not tree.find("object")
    for el in tree.elements:
        for key, value in el.attrs.items():
            assert not key.startswith("on"), (el.tag, key)
            if key in ("href", "src", "action", "formaction", "xlink:href"):
                assert value is not None and not value.lower().startswith("javascript:"), value
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "template 49" not in html  # {{ 7*7 }} was never evaluated
    assert "{{ 7*7 }}" in tree.root.text  # in the file name, and in the text
    assert "{% raw %}" in tree.root.text or not with_text


def test_hostile_article_and_reference_render_literally(tmp_path: Path) -> None:
    report, name = _hostile(tmp_path)
    fr = report.files[0]
    assert fr.fidelity is not None and fr.findings
    html = render_html(report)
    _assert_inert(html)
    tree = Tree(html)
    text = tree.root.text
    for payload in PAYLOADS:
        assert text.count(payload) >= 2, payload  # in the article and in the reference
    assert name.name in text  # the file name too, as text
    for p in fr.document.paragraphs:
        block = tree.by_id(f"p-{p.index}")
        assert next(c for c in block.children if isinstance(c, Element) and c.tag == "p").text == p.text


def test_hostile_batch_pages_and_index_are_inert(tmp_path: Path) -> None:
    report, _ = _hostile(tmp_path)
    written = write_html_reports(report, tmp_path / "out")
    assert [p.name for p in written] == ["img-src-x-onerror-alert-1-7-7.html", "index.html"]
    for page in written:
        _assert_inert(page.read_text(encoding="utf-8"), with_text=page.name != "index.html")


# ----------------------------------------------------------------------------------------------
# Self-contained, deterministic, small and fast


def test_page_is_self_contained_and_deterministic(sample: Report) -> None:
    html = render_html(sample)
    assert html == render_html(sample)
    lowered = html.lower()
    for needle in ("http://", "https://", "<link", "@import", "url(http", "src=", "//cdn", "@font-face"):
        assert needle not in lowered, needle
    tree = Tree(html)
    csp = tree.find("meta", http_equiv="Content-Security-Policy")[0].attrs["content"] or ""
    assert "default-src 'none'" in csp and f"'{_assets()[2]}'" in csp
    assert tree.find("html")[0].attrs["class"] == "no-js"  # the script upgrades it; without it all is shown
    assert "@media print" in html


def test_fidelity_unavailable_says_why() -> None:
    report = check_text("The port will cost $1.2 billion.\n", lang="en", reference="The port costs $1.2 billion.\n")
    fr = report.files[0]
    assert fr.fidelity is not None
    fr = replace(fr, fidelity=replace(fr.fidelity, fidelity=None, corpus=None, unavailable="no MarianMT model found"))
    text = Tree(render_html(Report((fr,), Severity.ERROR))).root.text
    assert "Unavailable: no MarianMT model found." in text


def test_back_translation_shows_the_source_and_its_back_translation() -> None:
    report = check_text("The port will cost $1.2 billion.\n", lang="en", reference="The port costs $1.2 billion.\n")
    fr = report.files[0]
    assert fr.fidelity is not None
    back = tuple(f"<b>back {p.index}</b>" for p in fr.fidelity.reference.paragraphs)
    fr = replace(
        fr, fidelity=replace(fr.fidelity, kind="back-translation", model="opus-mt-ru-en", back_translation=back)
    )
    tree = Tree(render_html(Report((fr,), Severity.ERROR)))
    text = tree.root.text
    assert "Source, back-translated" in text and "opus-mt-ru-en" in text
    for p in fr.fidelity.reference.paragraphs:  # the source text, then its back-translation, as text
        block = tree.by_id(f"r-{p.index}")
        assert fr.fidelity.reference.text[p.start : p.end] in block.text
        assert f"<b>back {p.index}</b>" in block.text
    assert not tree.find("b", cls=None) or all("back" not in b.text for b in tree.find("b"))


def test_no_gate_is_not_called_a_pass(sample: Report) -> None:
    tree = Tree(render_html(Report(sample.files, None)))
    verdict = tree.find("div", cls="verdict")[0]
    assert verdict.attrs["data-verdict"] == "not gated" and "verdict-none" in verdict.classes()


def _big_article(paragraphs: int = 200) -> str:
    lines = []
    for i in range(paragraphs):
        lines.append(
            f"Paragraph {i}: the ministry said that the the port will cost $ {i + 1}.5 million , and «Caspian Gate» "
            f"will handle 2,5 million tonnes a year from Kuryk to Alat by the end of {2000 + i}."
        )
        if i % 25 == 0:
            lines.append("TASS")
    return "\n\n".join(lines) + "\n"


def test_200_paragraphs_render_without_blow_up_and_under_a_megabyte() -> None:
    report = check_text(_big_article(), lang="en")
    fr = report.files[0]
    assert len(fr.document.paragraphs) >= 200 and len(fr.findings) >= 800
    render_html(report)  # warm: templates compiled once per process
    start = time.perf_counter()
    html = render_html(report)
    elapsed = time.perf_counter() - start
    size = len(html.encode("utf-8"))
    assert elapsed < 5.0, elapsed  # a guard against blow-ups (~0.2 s when idle); speed is in the benchmarks
    assert size < 1_000_000, size
    assert len(Tree(html).find("li", cls="finding")) == len(fr.findings)


def test_cold_render_is_fast_too() -> None:
    from tqcheck.render import html as module

    module._environment.cache_clear()
    module._assets.cache_clear()
    report = check_text(_big_article(50), lang="en")
    start = time.perf_counter()
    render_html(report)
    assert time.perf_counter() - start < 5.0  # a guard against blow-ups, not a speed measurement


# ----------------------------------------------------------------------------------------------
# Batch: a page per article and an index


def test_batch_writes_a_page_per_article_and_an_index(tmp_path: Path) -> None:
    (tmp_path / "desk").mkdir()
    a = tmp_path / "desk" / "port.en.txt"
    a.write_text("The plan costs $ 240 million.\n\nRT\n\nWork starts in March.\n", encoding="utf-8")
    b = tmp_path / "desk" / "rail.en.txt"
    b.write_text("The railway opens in May.\n", encoding="utf-8")
    report = Report(check_file(a).files + check_file(b).files, Severity.ERROR)
    written = write_html_reports(
        report, tmp_path / "out", RenderOptions(errors=(("gone.txt", "gone.txt: no such file"),))
    )
    assert [p.name for p in written] == ["port.html", "rail.html", "index.html"]
    index = Tree(written[-1].read_text(encoding="utf-8"))
    rows = index.find("tr", data_path=str(a)) + index.find("tr", data_path=str(b))
    assert len(rows) == 2
    links = [e.attrs["href"] for e in index.find("a") if e.attrs.get("href", "").endswith(".html")]
    assert links == ["port.html", "rail.html"]
    assert index.find("table", cls="sortable") and len(index.find("th")) == 10  # with "Main problem"
    text = index.root.text
    assert "gone.txt: no such file" in text and "1 failing" in text
    port = Tree(written[0].read_text(encoding="utf-8"))
    assert port.find("a", href="index.html")  # back to the index
    assert port.find("div", cls="verdict")[0].attrs["data-verdict"] == "fail"
    rail = Tree(written[1].read_text(encoding="utf-8"))
    assert rail.find("div", cls="verdict")[0].attrs["data-verdict"] == "pass"


def test_page_names_are_unique() -> None:
    texts = ["One.\n", "Two.\n", "Three.\n", "Four.\n", "Five.\n"]
    paths = ["a/x.en.txt", "b/x.en.txt", "x.ru.txt", "index.txt", "<stdin>"]
    report = Report(
        tuple(check_text(t, lang="en", path=p).files[0] for t, p in zip(texts, paths, strict=True)), Severity.ERROR
    )
    assert page_names(report) == ["x.html", "x.en.html", "x.ru.html", "index-2.html", "stdin.html"]


def test_cli_html_to_a_file_a_folder_and_stdout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("a.en.txt").write_text("The plan costs $ 240 million.\n\nRT\n\nWork starts in March.\n", encoding="utf-8")
    Path("b.en.txt").write_text("The railway opens in May.\n", encoding="utf-8")
    assert "html" in FORMATS and renderer("html") is render_html
    runner = CliRunner()
    one = runner.invoke(main, ["check", "a.en.txt", "--format", "html", "-o", "reports/a.html"])
    assert one.exit_code == 1, one.output
    assert Tree(Path("reports/a.html").read_text(encoding="utf-8")).find("mark", data_code="ART001")
    many = runner.invoke(main, ["check", "a.en.txt", "b.en.txt", "--format", "html", "-o", "batch/"])
    assert many.exit_code == 1, many.output
    assert sorted(p.name for p in Path("batch").iterdir()) == ["a.html", "b.html", "index.html"]
    Path("existing").mkdir()
    again = runner.invoke(
        main, ["check", "a.en.txt", "b.en.txt", "--format", "html", "-o", "existing", "--fail-on", "never"]
    )
    assert again.exit_code == 0, again.output
    assert sorted(p.name for p in Path("existing").iterdir()) == ["a.html", "b.html", "index.html"]
    out = runner.invoke(main, ["check", "b.en.txt", "--format", "html"])
    assert out.exit_code == 0 and out.output.startswith("<!DOCTYPE html>")


def test_several_articles_in_one_page_keep_their_ids_apart(tmp_path: Path) -> None:
    a = check_text("The plan costs $ 240 million.\n\nRT\n", lang="en", path="a.txt").files[0]
    b = check_text("The the railway opens in May.\n", lang="en", path="b.txt").files[0]
    tree = Tree(render_html(Report((a, b), Severity.ERROR)))
    ids = [e.attrs["id"] for e in tree.elements if e.attrs.get("id")]
    assert len(ids) == len(set(ids))
    assert tree.by_id("a1-p-1") and tree.by_id("a2-p-1") and tree.by_id("a2-f-1-m")
    hrefs = {e.attrs["href"] for e in tree.find("a") if (e.attrs.get("href") or "").startswith("#")}
    assert hrefs <= {f"#{i}" for i in ids}  # every in-page link has its target
    assert [e.attrs["href"] for e in tree.find("a") if e.attrs.get("href", "").endswith("article")] == [
        "#a1-article",
        "#a2-article",
    ]


# ----------------------------------------------------------------------------------------------
# What to fix, lighter whole-paragraph marks, worst-first batches, heading kinds on both sides


def test_what_to_fix_lists_errors_then_warnings_by_rule_with_links_and_fixes() -> None:
    report = check_file(SAMPLE, reference=SAMPLE_REF)
    fr = report.files[0]
    tree = Tree(render_html(report))
    panel = tree.by_id("todo")
    groups = [e for e in tree.find("details", cls="todo-group") if panel in e.ancestors()]
    severities = [e.attrs["class"].split("sev-")[1] for e in groups]
    assert severities == sorted(severities, key=["error", "warning"].index)  # errors first
    assert "info" not in severities
    codes = [e.attrs["data-code"] for e in groups]
    assert len(codes) == len(set(codes))  # one group per rule
    expected = {f.code for f in fr.findings if f.severity >= Severity.WARNING}
    assert set(codes) == expected
    # Every entry links to a highlight that exists in the page; entries with a fix show it.
    ids = {e.attrs.get("id") for e in tree.elements}
    entries = [e for e in tree.find("li") if e.attrs.get("data-finding") and panel in e.ancestors()]
    assert entries and all(f"{e.attrs['data-finding']}-m" in ids for e in entries)
    marker = next(e for e in entries if e.attrs["data-code"] == "ART001")
    assert "Fix:" in marker.text and "¶" in marker.text


def test_whole_paragraph_findings_are_drawn_lightly() -> None:
    """ALN004 covers its whole paragraph: class `whole`; a word-level mark in it is not."""
    ref = "Pentagon spokesman John Kirby did not rule out new bases in Uzbekistan, costing $240 million.\n"
    mt = "The spokesman did not rule out new bases in Uzbekistan, costing $ 240 million.\n"
    tree = Tree(render_html(check_text(mt, "en", reference=ref)))
    whole = [m.attrs["data-code"] for m in tree.find("mark", cls="whole")]
    assert "ALN004" in whole and "TYP001" not in whole
    assert [m for m in tree.find("mark", cls="hl") if m.attrs["data-code"] == "TYP001"]


def test_batch_index_is_worst_first_and_names_the_main_problem(tmp_path: Path) -> None:
    clean = tmp_path / "a-clean.en.txt"
    clean.write_text("The railway opens in May.\n", encoding="utf-8")
    bad = tmp_path / "b-bad.en.txt"
    bad.write_text("The plan costs $ 240 million.\n\nRT\n\nWork starts in March.\n\nTASS\n\nIt ends soon.\n")
    worse = tmp_path / "c-worse.en.txt"
    worse.write_text("The plan costs $ 240 million.\n\nRT\n\nWork starts in March.\n")
    report = Report(check_file(clean).files + check_file(bad).files + check_file(worse).files, Severity.ERROR)
    written = write_html_reports(report, tmp_path / "out")
    index = Tree(written[-1].read_text(encoding="utf-8"))
    order = [Path(e.attrs["data-path"]).name for e in index.find("tr") if e.attrs.get("data-path")]
    assert order == ["b-bad.en.txt", "c-worse.en.txt", "a-clean.en.txt"]  # failing, most errors first
    problems = [e.text for e in index.find("td", cls="main-problem")]
    assert problems[0] == "ART001 source-marker ×2" and problems[-1] == "—"
    one_page = Tree(render_html(report))
    assert next(e.text for e in one_page.find("td", cls="main-problem")) == "ART001 source-marker ×2"


def test_a_headline_is_a_heading_on_both_sides() -> None:
    """The MT headline ends with a full stop, so its text reads as body; beside the reference's heading it is one."""
    ref = "Caspian port expands\n\nThe port handled more cargo this year, officials said on Monday.\n"
    mt = "The Caspian port expands.\n\nThe port handled more cargo this year, officials said on Monday.\n"
    report = check_text(mt, "en", reference=ref)
    assert report.files[0].document.paragraphs[0].kind.value == "body"
    tree = Tree(render_html(report))
    assert "kind-heading" in tree.by_id("p-1").classes() and "kind-heading" in tree.by_id("r-1").classes()


def test_report_pages_never_overwrite_an_html_article(tmp_path: Path) -> None:
    """`check desk/ --format html -o desk/`: the page for `story.html` is `story.report.html`."""
    article = tmp_path / "story.html"
    source = "<html><body><p>The plan costs $ 240 million.</p><p>RT</p><p>Work starts in March.</p></body></html>\n"
    article.write_text(source, encoding="utf-8")
    report = Report(check_file(article).files, Severity.ERROR)
    written = write_html_reports(report, tmp_path)
    assert [p.name for p in written] == ["story.report.html", "index.html"]
    assert article.read_text(encoding="utf-8") == source


def test_an_index_html_article_is_not_replaced_by_the_index(tmp_path: Path) -> None:
    article = tmp_path / "index.html"
    article.write_text("<html><body><p>The plan costs $ 240 million.</p></body></html>", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(tmp_path), "--format", "html", "-o", f"{tmp_path}/"])
    assert result.exit_code == 2 and "is an input article" in result.stderr
    assert article.read_text(encoding="utf-8").startswith("<html><body><p>The plan")


def test_what_to_fix_does_not_repeat_text_the_message_quotes() -> None:
    """`Muhriddin here; spelt …` needs no `Muhriddin` excerpt before it."""
    mt = (
        "Kirby met Sirojiddin Mukhriddin in Tashkent on Monday, officials said.\n\n"
        "Austin negotiated with Muhriddin the next day, the ministry said.\n"
    )
    tree = Tree(render_html(check_text(mt, "en")))
    panel = tree.by_id("todo")
    entries = {
        e.attrs["data-code"]: e for e in tree.find("li") if e.attrs.get("data-finding") and panel in e.ancestors()
    }
    excerpts = [e for e in tree.find("code", cls="todo-excerpt") if entries["NAM001"] in e.ancestors()]
    assert excerpts == [] and entries["NAM001"].text.count("Muhriddin") == 1
