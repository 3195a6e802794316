"""`fix` for HTML and Word: edit the text, never the markup or the formatting.

The rules' fixes are offsets into the reader's text; the document's
:class:`~tqcheck.model.SourceMap` turns them into spans of the file. A fix is applied only when
its span holds text and nothing else: in HTML, no tag or comment inside it and the same text once
entities are decoded; in Word, inside one run whose only content is text (so its formatting, and
any picture or field next to it, stay). Anything else (removing a whole paragraph, joining two)
is left for a person and listed. Like the text fixer, it repeats passes until no fix applies.
"""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass, replace
from typing import Any

from tqcheck.model import Document, FileReport, Finding
from tqcheck.settings import Settings

MAX_PASSES = 5
_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class MarkupFixResult:
    """What fixing an HTML or Word file did; ``data`` are the new file bytes."""

    original: Document
    text: str  # the reader's text after the fixes
    data: bytes
    before: str  # what a diff shows: the HTML source, or Word paragraphs one per line
    after: str
    applied: tuple[Finding, ...]
    skipped: tuple[Finding, ...]  # fixes that cross markup or runs: not applied
    remaining: FileReport
    passes: int
    converged: bool

    @property
    def changed(self) -> bool:
        return self.before != self.after


def _todo(
    document: Document, settings: Settings, unsafe: bool, encoding: str | None
) -> tuple[FileReport, list[Finding]]:
    from tqcheck.checker import check_document
    from tqcheck.fixer import is_applicable, resolve

    report = check_document(document, settings)
    return report, resolve(f for f in report.findings if is_applicable(f, document.text, unsafe, encoding))


def _record(skipped: dict[tuple[str, str], Finding], findings: list[Finding]) -> None:
    for f in findings:
        skipped.setdefault((f.code, f.message), f)


def fix_html(data: bytes, path: str, settings: Settings, unsafe: bool = False) -> MarkupFixResult:
    """Apply fixes to the text of an HTML file; the markup stays byte-identical."""
    from tqcheck.fixer import encode_text
    from tqcheck.inputs.html import read_html
    from tqcheck.reading import DecodedText, decode

    decoded = decode(data, path)
    first = document = read_html(decoded, path, settings)
    settings = replace(settings, lang=document.language)
    raw = decoded.text
    applied: list[Finding] = []
    skipped: dict[tuple[str, str], Finding] = {}
    passes, converged = 0, False
    while True:
        # Any character can go into HTML: what the file's encoding lacks becomes `&#NNNN;`.
        report, todo = _todo(document, settings, unsafe, None)
        edits: list[tuple[int, int, str, Finding]] = []
        for f in todo:
            span = _html_span(document, raw, f)
            if span is None or f.fix is None:
                _record(skipped, [f])
            else:
                escaped = html.escape(f.fix.replacement, quote=False)
                escaped = escaped.encode(decoded.encoding, "xmlcharrefreplace").decode(decoded.encoding)
                edits.append((*span, escaped, f))
        if not edits:
            converged = True
            break
        if passes == MAX_PASSES:
            break
        passes += 1
        for start, end, replacement, f in sorted(edits, key=lambda e: e[0], reverse=True):
            raw = raw[:start] + replacement + raw[end:]
            applied.append(f)
        document = read_html(DecodedText(raw, decoded.encoding, decoded.newline), path, settings)
    new = encode_text(raw, decoded.encoding, decoded.newline, data) if raw != decoded.text else data
    remaining = FileReport(document, report.findings)
    live = tuple(f for key, f in skipped.items() if any((r.code, r.message) == key for r in report.findings))
    return MarkupFixResult(
        first, document.text, new, decoded.text, raw, tuple(applied), live, remaining, passes, converged
    )


def _html_span(document: Document, raw: str, f: Finding) -> tuple[int, int] | None:
    """The file span a fix replaces, or None when it is not text alone."""
    fix = f.fix
    origin = document.origin
    if fix is None or origin is None:
        return None
    start = origin.to_file(fix.start)
    end = origin.to_file_end(fix.end) if fix.end > fix.start else start
    piece = raw[start:end]
    if "<" in piece or "\n\n" in document.text[fix.start : fix.end]:
        return None
    # The span must read as the text the rule saw (white space collapsed as a browser does).
    if _WS.sub(" ", html.unescape(piece)) != _WS.sub(" ", document.text[fix.start : fix.end]):
        return None
    return start, end


def fix_docx(data: bytes, path: str, settings: Settings, unsafe: bool = False) -> MarkupFixResult:
    """Apply fixes that lie inside one text run of a .docx; formatting and everything else stay."""
    from tqcheck.inputs.annotated import structured_document
    from tqcheck.inputs.docx import docx_blocks, open_docx, word_paragraphs

    word = open_docx(data, path)

    def build(paragraphs: list[Any]) -> Document:
        blocks, line_starts = docx_blocks(paragraphs)
        return structured_document(
            blocks, path, settings, encoding="utf-8", newline="\n", line_starts=line_starts, input_format="docx"
        )

    paragraphs = word_paragraphs(word)
    before = "\n".join(p.text for p in paragraphs) + "\n"
    first = document = build(paragraphs)
    settings = replace(settings, lang=document.language)
    applied: list[Finding] = []
    skipped: dict[tuple[str, str], Finding] = {}
    passes, converged = 0, False
    while True:
        report, todo = _todo(document, settings, unsafe, "utf-8")
        edits = []
        for f in todo:
            edit = _docx_edit(document, paragraphs, f)
            if edit is None:
                _record(skipped, [f])
            else:
                edits.append(edit)
        if not edits:
            converged = True
            break
        if passes == MAX_PASSES:
            break
        passes += 1
        # Right to left, so that earlier offsets in the same run stay valid.
        pieces = [(run_span, a, b, replacement) for edit in edits for run_span, a, b, replacement in edit[0]]
        for run_span, a, b, replacement in sorted(pieces, key=lambda e: (id(e[0].run._r), e[1]), reverse=True):
            text = run_span.run.text
            run_span.run.text = text[:a] + replacement + text[b:]
        applied.extend(edit[1] for edit in edits)
        paragraphs = word_paragraphs(word)
        document = build(paragraphs)
    after = "\n".join(p.text for p in paragraphs) + "\n"
    new = data
    if applied:
        buffer = io.BytesIO()
        word.save(buffer)
        new = buffer.getvalue()
    remaining = FileReport(document, report.findings)
    live = tuple(f for key, f in skipped.items() if any((r.code, r.message) == key for r in report.findings))
    return MarkupFixResult(first, document.text, new, before, after, tuple(applied), live, remaining, passes, converged)


RunEdit = tuple[Any, int, int, str]  # (run span, start, end in the run's text, replacement)


def _trim(old: str, new: str) -> tuple[int, int]:
    """Lengths of the common prefix and suffix of ``old`` and ``new`` (not overlapping)."""
    head = 0
    limit = min(len(old), len(new))
    while head < limit and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < limit - head and old[len(old) - 1 - tail] == new[len(new) - 1 - tail]:
        tail += 1
    return head, tail


def _docx_edit(document: Document, paragraphs: list[Any], f: Finding) -> tuple[list[RunEdit], Finding] | None:
    """The run edits that apply ``f``'s fix, or None when it cannot keep the formatting.

    Only the characters the fix changes count (`$ 240` -> `$240` removes one space), so a fix
    whose span crosses runs that Word split mid-word still applies when its change lies in one
    run, removes characters only, or spans runs formatted alike. Anything else is left.
    """
    import bisect

    fix = f.fix
    origin = document.origin
    if fix is None or origin is None or "\n\n" in document.text[fix.start : fix.end]:
        return None
    start = origin.to_file(fix.start)
    end = origin.to_file_end(fix.end) if fix.end > fix.start else start
    line = bisect.bisect_right(origin.line_starts, start) - 1
    c0, c1 = start - origin.line_starts[line], end - origin.line_starts[line]
    paragraph = paragraphs[line]
    if c1 > len(paragraph.text) or "\n" in fix.replacement:
        return None
    old = paragraph.text[c0:c1]
    head, tail = _trim(old, fix.replacement)
    c0, c1 = c0 + head, c1 - tail
    replacement = fix.replacement[head : len(fix.replacement) - tail]
    if c0 == c1:  # an insertion: into the run before it (or the first run at the paragraph start)
        for run_span in paragraph.runs:
            if run_span.start < c0 <= run_span.end or (c0 == 0 and run_span.end > 0):
                if not run_span.editable:
                    return None
                return [(run_span, c0 - run_span.start, c0 - run_span.start, replacement)], f
        return None
    touched = [r for r in paragraph.runs if r.start < c1 and c0 < r.end]
    if not touched or not all(r.editable for r in touched):
        return None
    if len(touched) > 1 and replacement:
        formats = {str(r.run._r.rPr.xml) if r.run._r.rPr is not None else "" for r in touched}
        if len(formats) > 1:
            return None  # the new text would take one run's formatting: leave it to a person
    edits: list[RunEdit] = []
    for k, r in enumerate(touched):
        a, b = max(c0, r.start) - r.start, min(c1, r.end) - r.start
        edits.append((r, a, b, replacement if k == 0 else ""))
    return edits, f
