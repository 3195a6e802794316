"""Word articles (.docx), read with python-docx: paragraphs with their number and style.

Locations: a Word file has no lines, so tqcheck counts paragraphs. A finding's ``line`` is the
paragraph number (1-based, every paragraph of the body and of its tables in reading order, empty
ones included, as Word's navigation counts them) and ``column`` the character in that paragraph
(1-based). Internally the document is mapped to a *virtual file* with one paragraph per line, so
the same :class:`~tqcheck.model.SourceMap` serves HTML and Word.

Kinds come from the style: `Title`/`Heading N` are headings, `List …` styles and numbered
paragraphs are list items, `Caption` is a declared caption (kind ``figure``, never ART004);
the rest is classified by its text, as in a .txt file (a credit typed into a body paragraph is
caption residue).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from tqcheck.errors import InputError
from tqcheck.inputs.annotated import BREAK, RawBlock, structured_document
from tqcheck.model import Document
from tqcheck.settings import Settings

_SIMPLE_RUN = frozenset(("rPr", "t"))  # a run python-docx can rewrite without losing anything


@dataclass(frozen=True)
class RunSpan:
    """Where one run's text sits in its paragraph (character offsets)."""

    run: Any
    start: int
    end: int

    @property
    def editable(self) -> bool:
        return all(child.tag.rsplit("}", 1)[-1] in _SIMPLE_RUN for child in self.run._r)


@dataclass(frozen=True)
class WordParagraph:
    """One paragraph of the document: its number, style, text and runs."""

    number: int
    style: str
    text: str
    runs: tuple[RunSpan, ...]
    numbered: bool


def open_docx(data: bytes, path: str) -> Any:
    try:
        import docx
    except ImportError:  # pragma: no cover - a core dependency; guards a partial install
        raise InputError(f"{path}: reading .docx needs python-docx: pip install python-docx") from None
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises zipfile, lxml and KeyError alike for broken files
        raise InputError(
            f"{path}: not a readable .docx file ({type(exc).__name__}); open and re-save it in Word"
        ) from None


def _paragraphs(container: Any) -> Iterator[Any]:
    """Paragraphs of the body and of its tables, in reading order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for item in container.iter_inner_content():
        if isinstance(item, Paragraph):
            yield item
        elif isinstance(item, Table):
            for row in item.rows:
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell repeats
                        continue
                    seen.add(id(cell._tc))
                    yield from _paragraphs(cell)


def word_paragraphs(document: Any) -> list[WordParagraph]:
    from docx.text.hyperlink import Hyperlink

    out: list[WordParagraph] = []
    for number, paragraph in enumerate(_paragraphs(document), start=1):
        runs: list[RunSpan] = []
        pos = 0
        for item in paragraph.iter_inner_content():
            for run in item.runs if isinstance(item, Hyperlink) else [item]:
                text = run.text
                runs.append(RunSpan(run, pos, pos + len(text)))
                pos += len(text)
        text = "".join(r.run.text for r in runs)
        style = paragraph.style.name if paragraph.style is not None else ""
        ppr = paragraph._p.pPr
        numbered = ppr is not None and ppr.numPr is not None
        out.append(WordParagraph(number, style or "", text, tuple(runs), numbered))
    return out


def _hint(p: WordParagraph) -> str | None:
    style = p.style.lower()
    if style in ("title", "subtitle") or style.startswith("heading"):
        return "heading"
    if style == "caption":
        return "figure"
    if style.startswith("list") or p.numbered:
        return "bullet"
    return None


def docx_blocks(paragraphs: list[WordParagraph]) -> tuple[list[RawBlock], tuple[int, ...]]:
    """Blocks over the virtual file (one paragraph per line) and that file's line starts."""
    blocks: list[RawBlock] = []
    line_starts: list[int] = []
    offset = 0
    for p in paragraphs:
        line_starts.append(offset)
        block = RawBlock(_hint(p))
        # Word's line break (Shift+Enter) is a break inside the paragraph, as `<br>` is in HTML.
        block.add(p.text.replace("\n", BREAK), [(offset + i, offset + i + 1) for i in range(len(p.text))])
        blocks.append(block)
        offset += len(p.text) + 1
    return blocks, tuple(line_starts or [0])


def read_docx(data: bytes, path: str, settings: Settings, lang: str | None = None) -> Document:
    """A .docx file as a Document; a finding's line is its paragraph number."""
    paragraphs = word_paragraphs(open_docx(data, path))
    blocks, line_starts = docx_blocks(paragraphs)
    if not any(b.text.strip() for b in blocks):
        raise InputError(f"{path}: no text in this Word document")
    return structured_document(
        blocks,
        path,
        settings,
        encoding="utf-8",
        newline="\n",
        line_starts=line_starts,
        input_format="docx",
        lang=lang,
    )
