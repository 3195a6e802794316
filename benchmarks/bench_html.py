"""HTML input: which parser, and what reading an HTML article costs.

    .venv/bin/python benchmarks/bench_html.py [--quick]

Speed: one CMS-style page (real WMT news paragraphs in `<p>`, with navigation, scripts, figures,
entities) parsed and walked for its text nodes by each candidate: selectolax (Lexbor), lxml.html
(libxml2) and BeautifulSoup (html.parser), against Python's own ``html.parser`` as the baseline
in the same run. A parser that is not installed is reported as such (only selectolax is a
dependency). Then the whole of ``read_html`` (parse + map to the file + paragraphs) against the
same text as .txt.

Correctness: tag soup whose HTML5 tree (what a browser builds) is known (unclosed `<p>` and `<li>`, an entity without
`;`, a table, `</p>` without `<p>`): how many of the expected blocks each parser's tree gives.
"""

from __future__ import annotations

import argparse
import html
import sys
import time
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BLOCK = {"p", "li", "td", "h1", "h2", "figcaption"}
# (markup, the text of each block element in the tree a browser (HTML5) builds)
SOUP = [
    ("<p>One<p>Two", ["One", "Two"]),
    ("<ul><li>A<li>B</ul>", ["A", "B"]),
    ("<p>&copy 2026 Agency &amp; Co</p>", ["© 2026 Agency & Co"]),
    ("<table><tr><td>Cell one<td>Cell two</table>", ["Cell one", "Cell two"]),
    ("<p>Start</p></p><p>End", ["Start", "End"]),
    ("<h1>Title<p>Body text", ["TitleBody text", "Body text"]),  # HTML5 nests the <p> in the open <h1>
    ("<p>One<div>Two</div>Three</p>", ["One"]),  # a <div> closes the <p>; the stray </p> is an empty one
    ("<li>Loose item<p>Para</p>", ["Loose itemPara", "Para"]),
]


def page(paragraphs: list[str]) -> str:
    body = []
    for i, p in enumerate(paragraphs):
        body.append(f"<p class='x{i % 3}'>{html.escape(p)} &laquo;quoted&raquo;</p>")
        if i % 7 == 3:
            body.append('<figure><img src="a.jpg" alt="A photo"><figcaption>Caption &amp; credit</figcaption></figure>')
        if i % 11 == 5:
            body.append("<script>var x = '<p>not text</p>';</script>")
    nav = "<nav>" + "".join(f"<a href='/s{i}'>Section {i}</a>" for i in range(30)) + "</nav>"
    return f"<!doctype html><html><head><title>t</title><style>p{{}}</style></head><body>{nav}<article>{''.join(body)}</article></body></html>"


def stdlib_blocks(markup: str) -> list[str]:
    class Walker(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.blocks: list[str] = []
            self.current: list[str] = []
            self.skip = 0

        def handle_starttag(self, tag: str, attrs: object) -> None:
            if tag in ("script", "style"):
                self.skip += 1
            elif tag in BLOCK:
                self.flush()

        def handle_endtag(self, tag: str) -> None:
            if tag in ("script", "style"):
                self.skip -= 1
            elif tag in BLOCK:
                self.flush()

        def handle_data(self, data: str) -> None:
            if not self.skip:
                self.current.append(data)

        def flush(self) -> None:
            text = " ".join("".join(self.current).split())
            if text:
                self.blocks.append(text)
            self.current = []

    w = Walker()
    w.feed(markup)
    w.close()
    w.flush()
    return w.blocks


def selectolax_blocks(markup: str) -> list[str]:
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(markup)
    return [" ".join(n.text(deep=True).split()) for n in tree.css(",".join(sorted(BLOCK))) if n.text(deep=True).strip()]


def lxml_blocks(markup: str) -> list[str]:
    import lxml.html

    root = lxml.html.document_fromstring(markup)
    return [" ".join(e.text_content().split()) for e in root.iter(*BLOCK) if e.text_content().strip()]


def bs4_blocks(markup: str) -> list[str]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "html.parser")
    return [" ".join(e.get_text().split()) for e in soup.find_all(list(BLOCK)) if e.get_text().strip()]


CANDIDATES: dict[str, Callable[[str], list[str]]] = {
    "html.parser (baseline)": stdlib_blocks,
    "selectolax": selectolax_blocks,
    "lxml": lxml_blocks,
    "beautifulsoup4": bs4_blocks,
}


def timed(fn: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a small page, few repeats (seconds)")
    args = parser.parse_args()
    n, repeat = (60, 3) if args.quick else (600, 7)
    paragraphs = [
        f"Paragraph {i}: the minister said talks on the Caspian port went well, officials said." for i in range(n)
    ]
    markup = page(paragraphs)
    print(f"page: {len(markup) / 1000:.0f} kB, {n} paragraphs; best of {repeat}")
    base = timed(lambda: stdlib_blocks(markup), repeat)
    failed = False
    for name, fn in CANDIDATES.items():
        try:
            fn("<p>x</p>")
        except ImportError:
            print(f"  {name:24s} not installed")
            continue
        t = base if fn is stdlib_blocks else timed(lambda fn=fn: fn(markup), repeat)  # type: ignore[misc]
        right = sum(fn(soup) == expected for soup, expected in SOUP)
        print(
            f"  {name:24s} {t * 1000:7.1f} ms  {base / t:5.1f}x the baseline's speed   tag soup right: {right}/{len(SOUP)}"
        )
        if name == "selectolax" and right != len(SOUP):
            failed = True

    from tqcheck.checker import build_document
    from tqcheck.inputs.html import read_html
    from tqcheck.reading import from_string
    from tqcheck.settings import Settings

    settings = Settings(lang="en")
    text = "\n\n".join(f"{p} «quoted»" for p in paragraphs)
    t_text = timed(lambda: build_document(from_string(text), "a.txt", settings), repeat)
    t_html = timed(lambda: read_html(from_string(markup), "a.html", settings), repeat)
    doc = read_html(from_string(markup), "a.html", settings)
    print(
        f"  read_html (parse + map + paragraphs) {t_html * 1000:.0f} ms vs the same text as .txt {t_text * 1000:.0f} ms: {t_html / t_text:.2f}x"
    )
    body = [p for p in doc.paragraphs if p.text.startswith("Paragraph")]
    if len(body) != n:
        print(f"FAIL: {len(body)} body paragraphs, expected {n}")
        failed = True
    for p in body[:5]:
        line, column = doc.position(p.start)
        if not markup.split("\n")[line - 1][column - 1 :].startswith("Paragraph"):
            print("FAIL: a paragraph's position does not point at its text")
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
