"""The HTML report in a real browser: Debian's chromium driven by Playwright.

One browser for the whole module. Skipped only when chromium or the playwright package is truly
absent (`.ci/run` installs both and sets TQCHECK_REQUIRE_BROWSER=1, which turns the skip into a
failure). Never run `playwright install`: it downloads its own browser.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.conftest import ROOT, SAMPLES
from tests.test_html import HOSTILE_ARTICLE, HOSTILE_REFERENCE, PAYLOADS
from tqcheck.checker import check_file
from tqcheck.cli import main
from tqcheck.model import Report

try:
    from playwright.sync_api import Browser, Page, sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None  # type: ignore[assignment]

CHROMIUM = shutil.which("chromium")
MISSING = (
    "playwright is not installed (pip install playwright)"
    if sync_playwright is None
    else "Debian's chromium is not installed (apt-get install chromium)"
    if CHROMIUM is None
    else None
)
if MISSING and os.environ.get("TQCHECK_REQUIRE_BROWSER") == "1":
    raise RuntimeError(f"browser tests are required here but {MISSING}")
pytestmark = pytest.mark.skipif(MISSING is not None, reason=f"no real browser: {MISSING}")

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]  # fmt: skip
SAMPLE = SAMPLES / "caspian-port.en.txt"
SAMPLE_REF = SAMPLES / "caspian-port.ref.en.txt"
SCREENSHOT = ROOT / "reports" / "caspian-port.png"
IN_VIEWPORT = (
    "id => { const r = document.getElementById(id).getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }"
)


@dataclass
class Tab:
    """A page and everything suspicious it did: console errors, dialogs, network requests."""

    page: Page
    problems: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def open(self, path: Path) -> Page:
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")
        return self.page


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    assert sync_playwright is not None and CHROMIUM is not None
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _tab(browser: Browser, **options: Any) -> Iterator[Tab]:
    # Reduced motion: anchor jumps are instant instead of smooth (the page honours the setting).
    context = browser.new_context(viewport={"width": 1400, "height": 900}, reduced_motion="reduce", **options)
    page = context.new_page()
    tab = Tab(page)
    page.on("console", lambda m: tab.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: tab.problems.append(f"page error: {e}"))

    def on_dialog(dialog: Any) -> None:
        tab.problems.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)

    def route(r: Any) -> None:
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            tab.requests.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    yield tab
    context.close()


@pytest.fixture
def tab(browser: Browser) -> Iterator[Tab]:
    yield from _tab(browser)


@pytest.fixture
def tab_no_js(browser: Browser) -> Iterator[Tab]:
    yield from _tab(browser, java_script_enabled=False)


@pytest.fixture(scope="module")
def sample_report() -> Report:
    return check_file(SAMPLE, reference=SAMPLE_REF if SAMPLE_REF.is_file() else None)


@pytest.fixture(scope="module")
def sample_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("html") / "caspian-port.html"
    # Relative paths (samples/...) when run from the project, as the page shows them.
    args = ["check", os.path.relpath(SAMPLE), "--format", "html", "-o", str(out)]
    if SAMPLE_REF.is_file():
        args += ["--reference", os.path.relpath(SAMPLE_REF)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output  # the sample fails the gate
    return out


def _inside(inner: dict[str, float] | None, outer: dict[str, float] | None) -> bool:
    assert inner is not None and outer is not None
    return (
        inner["x"] >= outer["x"] - 0.5
        and inner["y"] >= outer["y"] - 0.5
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 0.5
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + 0.5
    )


def test_highlights_are_where_the_findings_are(tab: Tab, sample_html: Path, sample_report: Report) -> None:
    page = tab.open(sample_html)
    fr = sample_report.files[0]
    tass = [f for f in fr.findings if f.code == "ART001" and fr.document.text[f.start : f.end] == "TASS"]
    assert tass
    marks = page.locator('mark.hl.first[data-code="ART001"]')
    texts = marks.all_text_contents()
    assert texts.count("TASS") == len(tass)
    for f in tass:
        paragraph = page.locator(f"#p-{f.paragraph}")
        mark = paragraph.locator('mark.hl.first[data-code="ART001"]')
        assert mark.text_content() == "TASS"
        assert _inside(mark.bounding_box(), paragraph.bounding_box())
    # Every highlight is drawn inside the paragraph block it belongs to, and is visible.
    misplaced = page.evaluate(
        """() => Array.from(document.querySelectorAll('mark.hl')).filter(m => {
            const p = m.closest('.para'); const a = m.getBoundingClientRect(), b = p.getBoundingClientRect();
            return !(a.left >= b.left - 1 && a.right <= b.right + 1 && a.top >= b.top - 1 && a.bottom <= b.bottom + 1);
        }).map(m => m.dataset.finding)"""
    )
    assert misplaced == []
    assert page.locator("mark.hl.first").count() == len(fr.findings)
    assert tab.problems == [] and tab.requests == []


def test_tooltip_shows_on_hover_and_on_focus(tab: Tab, sample_html: Path) -> None:
    page = tab.open(sample_html)
    mark = page.locator('mark.hl.first[data-code="ART001"]').first
    after = "el => { const s = getComputedStyle(el, '::after'); return [s.display, s.content]; }"
    assert mark.evaluate(after)[0] == "none"
    mark.focus()
    display, content = mark.evaluate(after)
    assert display == "block" and "ART001" in content and "Fix:" in content
    page.evaluate("document.activeElement.blur()")
    assert mark.evaluate(after)[0] == "none"
    other = page.locator('mark.hl.first[data-code="TYP001"]').first
    other.hover()
    display, content = other.evaluate(after)
    assert display == "block" and "TYP001" in content
    # Keyboard: Tab reaches the highlights.
    page.locator("#p-1 .pnum").focus()
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('mark.hl')"):
            break
    assert page.evaluate("document.activeElement.matches('mark.hl.first')")


def test_filters_hide_what_they_should(tab: Tab, sample_html: Path, sample_report: Report) -> None:
    page = tab.open(sample_html)
    fr = sample_report.files[0]
    infos = page.locator('mark.hl[data-severity="info"]')
    assert infos.count() > 0
    style = "el => { const s = getComputedStyle(el); return [s.backgroundColor, s.textDecorationLine]; }"
    assert infos.first.evaluate(style)[1] == "underline"
    page.locator('label.filter:has(input[value="info"])').click()
    for i in range(infos.count()):
        assert infos.nth(i).evaluate(style) == ["rgba(0, 0, 0, 0)", "none"]
        if infos.nth(i).get_attribute("tabindex") is not None:
            assert infos.nth(i).get_attribute("tabindex") == "-1"
    entries = page.locator('li.finding[data-severity="info"]')
    assert all(entries.nth(i).is_hidden() for i in range(entries.count()))
    errors = page.locator('mark.hl[data-severity="error"]')
    assert errors.first.evaluate(style)[1] == "underline"
    assert page.locator('li.finding[data-severity="error"]').first.is_visible()
    shown = len(fr.findings) - sum(1 for f in fr.findings if f.severity.label == "info")
    assert page.locator("#filter-status").text_content() == f"Showing {shown} of {len(fr.findings)} findings"
    # A rule filter: ART001 off.
    page.locator("details.rule-menu > summary").click()
    page.locator('input[data-filter="rule"][value="ART001"]').uncheck()
    assert all(e.is_hidden() for e in page.locator('li.finding[data-code="ART001"]').all())
    assert page.locator('li.finding[data-code="ART002"]').first.is_visible()
    # Only paragraphs with findings: the quiet rows go.
    page.keyboard.press("Escape")
    page.locator("#only-flagged").check()
    quiet = page.locator(".row.quiet")
    assert quiet.count() > 0 and quiet.first.is_hidden()
    assert tab.problems == []


def test_clicking_a_chart_bar_scrolls_to_its_paragraph(tab: Tab, sample_html: Path, sample_report: Report) -> None:
    page = tab.open(sample_html)
    last = sample_report.files[0].document.paragraphs[-1].index
    target = page.locator(f"#p-{last}")
    assert not _in_viewport(page, f"p-{last}")
    page.locator(f'svg a[data-paragraph="{last}"]').click()
    _wait_until_in_viewport(page, f"p-{last}")  # (wait_for_function does not poll with JavaScript off)
    assert page.evaluate("location.hash") == f"#p-{last}"
    assert target.is_visible() and _in_viewport(page, f"p-{last}")
    page.evaluate("document.activeElement.blur(); history.replaceState(null, '', location.pathname)")
    page.mouse.move(0, 0)
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_function("scrollY === 0")
    page.screenshot(path=str(_screenshot_path()))  # the report's top as an editor first sees it
    assert SCREENSHOT.stat().st_size > 10_000


def _screenshot_path() -> Path:
    SCREENSHOT.parent.mkdir(exist_ok=True)
    return SCREENSHOT


def _wait_until_in_viewport(page: Page, ident: str, seconds: float = 5.0) -> None:
    """Smooth scrolling takes a moment: poll until the element's top is on screen."""
    for _ in range(int(seconds * 10)):
        if _in_viewport(page, ident):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"#{ident} did not scroll into view")


def _in_viewport(page: Page, ident: str) -> bool:
    return bool(page.evaluate(IN_VIEWPORT, ident))


def test_without_javascript_everything_is_readable(tab_no_js: Tab, sample_html: Path, sample_report: Report) -> None:
    page = tab_no_js.open(sample_html)
    assert page.locator("nav.toolbar").is_hidden()  # filters need JavaScript: not shown at all
    fr = sample_report.files[0]
    assert page.locator("li.finding").count() == len(fr.findings)
    assert all(e.is_visible() for e in page.locator("li.finding").all()[:10])
    mark = page.locator('mark.hl.first[data-code="ART001"]').first
    mark.focus()
    assert mark.evaluate("el => getComputedStyle(el, '::after').display") == "block"  # CSS only
    last = fr.document.paragraphs[-1].index
    page.locator(f'svg a[data-paragraph="{last}"]').click()  # a plain anchor link
    _wait_until_in_viewport(page, f"p-{last}")  # (wait_for_function does not poll with JavaScript off)
    assert page.evaluate("location.hash") == f"#p-{last}"


def test_hostile_text_stays_text(tab: Tab, tmp_path: Path) -> None:
    article = tmp_path / '"><img src=x onerror=alert(1)>.en.txt'
    article.write_text(HOSTILE_ARTICLE, encoding="utf-8")
    ref = tmp_path / "ref.txt"
    ref.write_text(HOSTILE_REFERENCE, encoding="utf-8")
    out = tmp_path / "hostile.html"
    result = CliRunner().invoke(
        main, ["check", str(article), "--reference", str(ref), "--format", "html", "-o", str(out)]
    )
    assert result.exit_code == 1, result.output
    page = tab.open(out)
    for m in page.locator("mark.hl.first").all()[:8]:  # hover and focus: nothing fires
        m.hover()
        m.focus()
    for payload in PAYLOADS:
        found = page.get_by_text(payload, exact=False)
        assert found.count() >= 2, payload
        assert found.first.is_visible(), payload
    assert page.locator("img").count() == 0
    assert page.locator("script").count() == 1
    assert str(article) in page.evaluate("document.title")
    assert tab.problems == [] and tab.requests == []
    # The batch index of the same article: also inert.
    folder = tmp_path / "batch"
    result = CliRunner().invoke(main, ["check", str(article), "--format", "html", "-o", f"{folder}/"])
    assert result.exit_code == 1, result.output
    page = tab.open(folder / "index.html")
    assert page.get_by_text('"><img src=x onerror=alert(1)>', exact=False).first.is_visible()
    assert page.locator("img").count() == 0
    assert tab.problems == [] and tab.requests == []


def test_index_sorts_and_links(tab: Tab, tmp_path: Path) -> None:
    desk = tmp_path / "desk"
    desk.mkdir()
    (desk / "a-clean.en.txt").write_text("The railway opens in May.\n", encoding="utf-8")
    (desk / "b-dirty.en.txt").write_text(
        "The plan costs $ 240 million.\n\nRT\n\nWork starts in March.\n", encoding="utf-8"
    )
    (desk / "c-mid.en.txt").write_text("The cost is $ 240 million.\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    result = CliRunner().invoke(main, ["check", str(desk), "--format", "html", "-o", str(out)])
    assert result.exit_code == 1, result.output
    page = tab.open(out / "index.html")

    def order() -> list[str]:
        return [
            Path(p).name for p in page.locator("#articles tbody tr").evaluate_all("rs => rs.map(r => r.dataset.path)")
        ]

    # Worst first: the failing article, then by errors (c-mid has only a warning), the clean one last.
    assert order() == ["b-dirty.en.txt", "c-mid.en.txt", "a-clean.en.txt"]
    assert page.locator("#articles tbody tr td.main-problem").first.inner_text() == "ART001 source-marker"
    header = page.locator("#articles th", has_text="Errors")
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    assert order()[-1] == "b-dirty.en.txt"
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "descending"
    assert order()[0] == "b-dirty.en.txt"
    page.locator("#articles a", has_text="b-dirty.en.txt").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/b-dirty.html")
    assert page.locator(".verdict").get_attribute("data-verdict") == "fail"
    page.locator(".topbar a", has_text="All articles").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/index.html")
    assert tab.problems == [] and tab.requests == []


def test_what_to_fix_is_first_on_screen_and_its_links_jump_to_the_finding(tab: Tab, sample_html: Path) -> None:
    """An editor sees the to-do list before the article; each entry jumps to its highlighted place."""
    page = tab.open(sample_html)
    panel = page.locator("#todo")
    assert panel.is_visible() and _in_viewport(page, "todo")
    first_group = panel.locator("details.todo-group").first
    assert "Error" in first_group.locator("summary").inner_text()
    entry = panel.locator("li[data-code='ART001']").first
    assert "Fix:" in entry.inner_text()
    target = entry.get_attribute("data-finding")
    assert target is not None and not _in_viewport(page, f"{target}-m")
    entry.locator("a.todo-where").click()
    _wait_until_in_viewport(page, f"{target}-m")
    assert page.evaluate("location.hash") == f"#{target}-m"
    # The severity filter applies to the list too.
    page.locator('input[data-filter="severity"][value="error"]').uncheck()
    assert panel.locator("details.todo-group[data-severity='error']").first.is_hidden()
    assert panel.locator("details.todo-group[data-severity='warning']").first.is_visible()
    page.locator('input[data-filter="severity"][value="error"]').check()
    # Whole-paragraph findings are a thin line, not a fill: no background colour.
    whole = page.locator("mark.hl.whole").first
    if whole.count():
        assert whole.evaluate("m => getComputedStyle(m).backgroundColor") in ("rgba(0, 0, 0, 0)", "transparent")
    assert tab.problems == [] and tab.requests == []


def test_an_html_article_renders_with_its_own_positions(tab: Tab, tmp_path: Path) -> None:
    """An HTML article's report: the reader's text (no tags), lines of the HTML file."""
    article = tmp_path / "port.en.html"
    article.write_text(
        "<!doctype html>\n<html><body>\n<h1>Port expands</h1>\n<p>The deal is worth $ 240 million, officials said.</p>\n"
        "<p>RT</p>\n<p>Work starts in March.</p>\n</body></html>\n",
        encoding="utf-8",
    )
    out = tmp_path / "port.html"
    result = CliRunner().invoke(main, ["check", str(article), "--format", "html", "-o", str(out)])
    assert result.exit_code == 1, result.output
    page = tab.open(out)
    text = page.locator(".doc").inner_text()
    assert "Port expands" in text and "<p>" not in text and "<h1>" not in text
    assert "line 4, col" in page.locator("li.finding[data-code='TYP001']").inner_text()
    assert tab.problems == []
