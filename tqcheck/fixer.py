"""Applying the rules' fixes: findings -> edited text -> bytes on disk. Pure logic, no files.

A :class:`~tqcheck.model.Fix` replaces ``text[start:end]`` of the decoded, newline-normalised
text. Fixing a document is a loop of passes: check the text, take the applicable fixes, resolve
overlaps, apply them, and check the result again, until no applicable fix remains (or
:data:`MAX_PASSES` is reached). So the result is a fixed point: fixing it again changes nothing.

Overlaps are resolved deterministically: fixes are sorted by ``(start, end, code)`` and taken left
to right; a fix that overlaps one already taken (or starts where it starts) waits for the next
pass, where it is recomputed on the edited text if it still applies.
"""

from __future__ import annotations

import codecs
import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from tqcheck.model import Document, FileReport, Finding
from tqcheck.reading import BOMS, DecodedText
from tqcheck.settings import Settings

MAX_PASSES = 5


@dataclass(frozen=True)
class FixResult:
    """What fixing one document did.

    ``applied`` are the findings whose fixes were applied, pass by pass (offsets of each refer to
    the text as it was in that pass). ``remaining`` is the check of the fixed text. ``converged``
    is False only when :data:`MAX_PASSES` passes still left an applicable fix.
    """

    original: Document
    text: str
    applied: tuple[Finding, ...]
    passes: int
    remaining: FileReport
    converged: bool

    @property
    def changed(self) -> bool:
        return self.text != self.original.text


def is_applicable(finding: Finding, text: str, unsafe: bool = False, encoding: str | None = None) -> bool:
    """True when the finding has a fix that is allowed, changes the text and can be encoded."""
    fix = finding.fix
    if fix is None or not (fix.safe or unsafe):
        return False
    if not 0 <= fix.start <= fix.end <= len(text) or text[fix.start : fix.end] == fix.replacement:
        return False
    if encoding is not None:
        try:
            fix.replacement.encode(encoding)
        except UnicodeEncodeError:
            return False  # e.g. a curly quote in a KOI8-R file: leave it for a person
    return True


def resolve(findings: Iterable[Finding]) -> list[Finding]:
    """The fixes of one pass: sorted by (start, end, code), overlapping ones dropped.

    A fix is dropped when it starts before the end of the last one taken, or at the same offset as
    it (two insertions at one point, or an insertion and a replacement there, would otherwise
    depend on order).
    """
    chosen: list[Finding] = []
    for f in sorted(
        (f for f in findings if f.fix is not None),
        key=lambda f: (f.fix.start, f.fix.end, f.code, f.fix.replacement),  # type: ignore[union-attr]
    ):
        fix = f.fix
        assert fix is not None
        if chosen:
            last = chosen[-1].fix
            assert last is not None
            if fix.start < last.end or fix.start == last.start:
                continue
        chosen.append(f)
    return chosen


def apply_fixes(text: str, findings: Sequence[Finding]) -> str:
    """Apply non-overlapping fixes (as :func:`resolve` returns them) to ``text``."""
    out: list[str] = []
    pos = 0
    for f in findings:
        fix = f.fix
        assert fix is not None and fix.start >= pos, "fixes must be sorted and must not overlap"
        out.append(text[pos : fix.start])
        out.append(fix.replacement)
        pos = fix.end
    out.append(text[pos:])
    return "".join(out)


def fix_document(
    document: Document, settings: Settings, unsafe: bool = False, max_passes: int = MAX_PASSES
) -> FixResult:
    """Apply fixes to a document until none applies (at most ``max_passes`` passes).

    The language is pinned to the document's for every pass, so that an edit cannot change which
    profile the rules use.
    """
    from tqcheck.checker import build_document, check_document

    settings = replace(settings, lang=document.language)
    current = document
    report = check_document(current, settings)
    applied: list[Finding] = []
    passes = 0
    converged = False
    while True:
        todo = resolve(f for f in report.findings if is_applicable(f, current.text, unsafe, document.encoding))
        if not todo:
            converged = True
            break
        if passes == max_passes:
            break
        passes += 1
        applied.extend(todo)
        text = apply_fixes(current.text, todo)
        current = build_document(DecodedText(text, document.encoding, document.newline), document.path, settings)
        report = check_document(current, settings)
    final = FileReport(replace(current, path=document.path), report.findings)
    return FixResult(document, current.text, tuple(applied), passes, final, converged)


def fix_text(text: str, lang: str | None = None, settings: Settings | None = None, unsafe: bool = False) -> str:
    """Fix an article given as a string (newlines are normalised to ``\\n``)."""
    from tqcheck.checker import build_document
    from tqcheck.reading import from_string

    settings = settings or Settings()
    if lang is not None:
        settings = replace(settings, lang=lang)
    return fix_document(build_document(from_string(text), "<text>", settings), settings, unsafe).text


def encode_text(text: str, encoding: str, newline: str, original: bytes | None = None) -> bytes:
    """The bytes of a fixed text as the original file stored it.

    Line ends are re-expanded to ``newline``. A byte-order mark the original started with is kept
    with its byte order (the decoder reports UTF-16/32 without one); a file without a mark gets
    none.
    """
    if newline != "\n":
        text = text.replace("\n", newline)
    name = codecs.lookup(encoding).name
    if original is not None:
        for bom, codec in BOMS:
            if original.startswith(bom):
                return bom + text.encode(codec)
    return text.encode(name)  # utf-8-sig, utf-16 and utf-32 write their own byte-order mark


def unified_diff(before: str, after: str, path: str) -> str:
    """A unified diff between two normalised texts, with ``a/`` and ``b/`` file names."""
    a, b = before.splitlines(keepends=True), after.splitlines(keepends=True)
    name = path.replace("\\", "/").lstrip("/")
    lines = difflib.unified_diff(a, b, fromfile=f"a/{name}", tofile=f"b/{name}")
    out: list[str] = []
    for line in lines:
        if line.endswith("\n"):
            out.append(line)
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)
