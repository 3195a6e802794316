"""HTML articles (CMS exports): the text a reader reads, with a map back to the file.

Parsed with selectolax's Lexbor engine, an HTML5 parser (the same tree a browser builds from
broken markup: unclosed `<p>`, `<li>` without `<ul>`, entities without `;`); it is the fastest of
the three candidates measured in ``benchmarks/bench_html.py``. No HTML parser reports where a text
node sits in the file, so :class:`RawCursor` walks the file alongside the tree: each text node is
found at the cursor, skipping tags and comments, matching entities to the characters they decode
to. Positions are therefore exact, and `fix` can edit the text of the file and leave every byte of
markup as it was.

Blocks: `p`, `h1`–`h6`, `li`, `blockquote`, `td`/`th`, `figcaption`, `dt`/`dd`, `pre`, `div` and
the sectioning elements; `<br>` is a line break inside a block. Headings keep the heading kind, list
items are bullets, `<figcaption>`, table `<caption>` and `alt` text are declared captions (kind
``figure``, never ART004). Skipped: `head`, `script`, `style`, `noscript`, `template`, `nav`,
`svg`, `iframe`, and `header`/`footer` outside `<article>`/`<main>` (site chrome).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tqcheck.errors import InputError
from tqcheck.inputs.annotated import BREAK, RawBlock, structured_document
from tqcheck.model import Document
from tqcheck.reading import DecodedText, line_starts
from tqcheck.settings import Settings

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

BLOCKS = frozenset(
    "p h1 h2 h3 h4 h5 h6 li blockquote td th figcaption caption dt dd pre div section article main aside "
    "ul ol dl table thead tbody tfoot tr figure body html form address hr header footer fieldset legend "
    "details summary".split()
)
HINTS = {
    **{f"h{i}": "heading" for i in range(1, 7)},
    "li": "bullet",
    "figcaption": "figure",
    "caption": "figure",
}
SKIP = frozenset("head script style noscript template nav svg math iframe object canvas select button".split())
CHROME = frozenset(("header", "footer"))

_ENTITY = re.compile(r"&(?:#[0-9]{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};?)")
_MARKUP = re.compile(
    r"<!--.*?(?:-->|\Z)|<!\[CDATA\[.*?(?:\]\]>|\Z)|<[!?][^>]*>|</?[A-Za-z][^>\"'\s/]*(?:[^>\"']|\"[^\"]*\"|'[^']*')*>",
    re.S,
)
_TAG_NAME = re.compile(r"<([A-Za-z][^\s/>]*)")
_ALT = re.compile(r"""\salt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.I)
_SNIFF = re.compile(
    r"\A(?:\ufeff)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|article|p|div|h[1-6])[\s>]", re.I | re.S
)


def looks_like_html(text: str) -> bool:
    """A file that starts like an HTML page or fragment (for files without an .html name)."""
    return bool(_SNIFF.match(text[:4096]))


class RawCursor:
    """Finds the parser's text nodes in the raw file, in order, with the span of every character."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.pos = 0

    def _skip_markup(self) -> bool:
        m = _MARKUP.match(self.raw, self.pos) if self.raw.startswith("<", self.pos) else None
        if m:
            self.pos = m.end()
        return m is not None

    def _match(self, ch: str, at: int) -> int:
        """Length of the raw form of ``ch`` at ``at`` (0: no match)."""
        raw = self.raw
        if at >= len(raw):
            return 0
        if raw[at] == "&":
            m = _ENTITY.match(raw, at)
            if m and html.unescape(m.group()) == ch:
                return m.end() - at
            if m and m.group()[1] != "#":
                # A legacy entity without `;` runs into the next word (`&copysaid` is `©said`):
                # the longest known name at the start is the entity.
                from html.entities import html5

                name = m.group()[1:]
                for k in range(len(name), 1, -1):
                    if html5.get(name[:k]) == ch:
                        return 1 + k
        return 1 if raw[at] == ch else 0

    def text(self, decoded: str) -> list[tuple[int, int]]:
        """Spans of ``decoded``'s characters; characters not found map to an empty span."""
        if not decoded:
            return []
        raw = self.raw
        while self.pos < len(raw):  # the node's first character: skip markup and dropped bytes
            if self._skip_markup():
                continue
            if self._match(decoded[0], self.pos):
                break
            self.pos += 1
        spans: list[tuple[int, int]] = []
        for ch in decoded:
            n = self._match(ch, self.pos)
            # A parser joins text across markup it ignores (a stray `</h2>`, a comment): skip it.
            while n == 0 and self.raw.startswith("<", self.pos) and self._skip_markup():
                n = self._match(ch, self.pos)
            if n == 0 and ch in "\n\t " and self.pos < len(raw) and raw[self.pos] in "\n\t ":
                n = 1
            spans.append((self.pos, self.pos + n))
            self.pos += n
        return spans

    def alt(self, value: str) -> list[tuple[int, int]] | None:
        """Spans of the next `<img>` tag's alt value; the cursor moves past the tag."""
        raw = self.raw
        while self.pos < len(raw):
            m = _MARKUP.match(raw, self.pos) if raw.startswith("<", self.pos) else None
            if m is None:
                self.pos += 1
                continue
            self.pos = m.end()
            name = _TAG_NAME.match(m.group())
            if name and name.group(1).lower() == "img":
                a = _ALT.search(m.group())
                if a is None:
                    return None
                group = next(g for g in (1, 2, 3) if a.group(g) is not None)
                sub = RawCursor(raw[: m.start() + a.end(group)])
                sub.pos = m.start() + a.start(group)
                return sub.text(value)
        return None


@dataclass(frozen=True)
class _Event:
    kind: str  # "enter" | "exit" | "text" | "alt" | "br" | "skip-text"
    tag: str
    text: str = ""


def _events(root: LexborNode) -> Iterator[_Event]:
    """The tree in document order, as enter/exit/text events (iterative: deep pages are fine)."""
    stack: list[tuple[LexborNode, bool, bool]] = [(root, False, False)]  # (node, exiting, skipped)
    while stack:
        node, exiting, skipped = stack.pop()
        tag = node.tag or ""
        if exiting:
            yield _Event("exit", tag)
            continue
        if tag == "-text":
            yield _Event("skip-text" if skipped else "text", tag, node.text_content or "")
            continue
        if tag.startswith(("-", "_")):
            continue  # comments, doctype
        inner_skip = skipped or tag in SKIP or (tag in CHROME and not _inside_article(node))
        if not inner_skip:
            if tag == "br":
                yield _Event("br", tag)
            elif tag == "img":
                alt = node.attributes.get("alt") or ""
                if alt.strip():
                    yield _Event("alt", tag, alt)
            yield _Event("enter", tag)
            stack.append((node, True, inner_skip))
        children = []
        child = node.child
        while child is not None:
            children.append(child)
            child = child.next
        stack.extend((c, False, inner_skip) for c in reversed(children))


def _inside_article(node: LexborNode) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag in ("article", "main"):
            return True
        parent = parent.parent
    return False


def html_blocks(raw: str) -> list[RawBlock]:
    """The blocks of an HTML page with the file span of every character."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(raw)
    cursor = RawCursor(raw)
    blocks: list[RawBlock] = []
    open_hints: list[str | None] = []
    current = RawBlock(None)
    # Alt text waits for the end of the block it sits in: an inline image must not split a sentence.
    pending: list[RawBlock] = []

    def flush() -> None:
        nonlocal current
        if any(not c.isspace() for c in current.chars):
            current.hint = next((h for h in reversed(open_hints) if h is not None), None) if open_hints else None
            blocks.append(current)
        blocks.extend(pending)
        pending.clear()
        current = RawBlock(None)

    root = tree.root
    if root is None:
        return []
    for event in _events(root):
        if event.kind == "text":
            current.add(event.text, cursor.text(event.text))
        elif event.kind == "skip-text":
            cursor.text(event.text)  # keep the cursor in step through scripts and navigation
        elif event.kind == "br":
            current.add(BREAK, [(cursor.pos, cursor.pos)])
        elif event.kind == "alt":
            spans = cursor.alt(event.text)
            if spans is not None:
                block = RawBlock("figure")
                block.add(event.text, spans)
                pending.append(block)
        elif event.tag in BLOCKS:
            flush()
            if event.kind == "enter":
                open_hints.append(HINTS.get(event.tag))
            elif open_hints:
                open_hints.pop()
    flush()
    return blocks


def read_html(decoded: DecodedText, path: str, settings: Settings, lang: str | None = None) -> Document:
    """An HTML file as a Document of the text a reader reads; positions are the file's."""
    raw = decoded.text
    blocks = html_blocks(raw)
    if not any(b.text.strip() for b in blocks):
        raise InputError(f"{path}: no text in this HTML page (only markup, scripts or navigation)")
    return structured_document(
        blocks,
        path,
        settings,
        encoding=decoded.encoding,
        newline=decoded.newline,
        line_starts=line_starts(raw),
        input_format="html",
        lang=lang,
    )
