"""Input formats: plain text and Markdown, HTML, Word (.docx); refusals for the rest.

:func:`load_document` is the one entry point: bytes of a file -> :class:`~tqcheck.model.Document`,
in the format named by ``--input-format`` (``auto``: by the file name, then by the content).
"""

from __future__ import annotations

from pathlib import Path

from tqcheck.errors import InputError
from tqcheck.model import Document
from tqcheck.settings import Settings

FORMATS = ("auto", "text", "markdown", "html", "docx")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
DOCX_SUFFIXES = (".docx",)
# Formats people send that tqcheck does not read, by magic bytes: (what it is, what to do).
_OTHER_BINARY: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF", "a PDF file", "export the article as .docx or HTML, or copy its text into a .txt file"),
    (b"\xd0\xcf\x11\xe0", "a Word 97-2003 .doc file", "save it as .docx (File > Save As) and check that"),
    (b"{\\rtf", "an RTF file", "save it as .docx (File > Save As) and check that"),
)
_SUFFIX_NAMES = {
    ".pdf": ("a PDF file", "export the article as .docx or HTML, or copy its text into a .txt file"),
    ".doc": ("a Word 97-2003 .doc file", "save it as .docx (File > Save As) and check that"),
    ".odt": ("an OpenDocument text (.odt) file", "save it as .docx or export it as HTML and check that"),
    ".rtf": ("an RTF file", "save it as .docx (File > Save As) and check that"),
    ".pages": ("a Pages file", "export it as .docx and check that"),
}


def detect_format(path: str, data: bytes, requested: str = "auto") -> str:
    """``text``, ``html`` or ``docx`` for these bytes; InputError naming a format we do not read."""
    if not data.strip():
        raise InputError(f"{path}: empty file")
    if requested == "markdown":
        return "text"
    if requested != "auto":
        return requested
    suffix = Path(path).suffix.lower()
    # What the bytes are wins over the name: a PDF renamed to .docx is named as the PDF it is.
    for magic, what, todo in _OTHER_BINARY:
        if data.startswith(magic):
            raise InputError(f"{path}: {what}; tqcheck reads plain text, Markdown, HTML and .docx: {todo}")
    if suffix in DOCX_SUFFIXES:
        return "docx"
    if suffix in _SUFFIX_NAMES:
        what, todo = _SUFFIX_NAMES[suffix]
        raise InputError(f"{path}: {what}; tqcheck reads plain text, Markdown, HTML and .docx: {todo}")
    if data.startswith(b"PK\x03\x04"):
        if b"word/" in data[:65536] or (b"[Content_Types].xml" in data[:2048] and suffix != ".odt"):
            return "docx"
        if b"opendocument" in data[:256]:
            what, todo = _SUFFIX_NAMES[".odt"]
            raise InputError(f"{path}: {what}; tqcheck reads plain text, Markdown, HTML and .docx: {todo}")
        raise InputError(f"{path}: a ZIP archive, not an article; unpack it and check the files inside")
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in (".txt", ".md", ".markdown"):
        return "text"
    return "sniff"


def build(data: bytes, path: str, settings: Settings, lang: str | None = None) -> Document:
    """Decode and parse one input in its format (``settings.input_format``, default auto)."""
    from tqcheck.checker import build_document
    from tqcheck.reading import decode

    fmt = detect_format(path, data, settings.input_format)
    if fmt == "docx":
        from tqcheck.inputs.docx import read_docx

        return read_docx(data, path, settings, lang)
    decoded = decode(data, path)
    if fmt == "sniff":
        from tqcheck.inputs.html import looks_like_html

        fmt = "html" if looks_like_html(decoded.text) else "text"
    if fmt == "html":
        from tqcheck.inputs.html import read_html

        return read_html(decoded, path, settings, lang)
    return build_document(decoded, path, settings, lang)


def load_document(path: str | Path, settings: Settings, lang: str | None = None) -> Document:
    """Read one file and build its Document in whatever format it is in."""
    from tqcheck.reading import read_bytes

    data = read_bytes(Path(path), int(settings.max_file_size_mb * 1_000_000))
    return build(data, str(path), settings, lang)
