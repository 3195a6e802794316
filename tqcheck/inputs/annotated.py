"""Markup in, reader's text out, positions back to the file: the AnnotatedText pattern.

An HTML or Word reader feeds :class:`AnnotatedBuilder` the characters a reader reads, each with the
span of the file it came from, block by block. The builder collapses white space the way a browser
does, separates blocks by a blank line, and compresses the per-character spans into a
:class:`~tqcheck.model.SourceMap`. :func:`structured_document` then makes the usual
:class:`~tqcheck.model.Document` of it, so rules never see a tag and findings point into the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tqcheck.model import Document, ParagraphKind, SourceMap
from tqcheck.settings import Settings

BREAK = "\x00"  # a hard line break (`<br>`, Word's line break): becomes "\n", not a space
_SPACE = frozenset(" \t\n\r\f\u200b")  # what HTML collapses; a no-break space is kept


@dataclass
class RawBlock:
    """One block of reader text with the file span ``(start, end)`` of each character."""

    hint: str | None  # "heading" | "bullet" | "figure" | None (decided by the text, as for .txt)
    chars: list[str] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)

    def add(self, text: str, spans: list[tuple[int, int]]) -> None:
        if len(text) != len(spans):
            raise ValueError("a span for every character")
        self.chars.extend(text)
        self.starts.extend(s for s, _ in spans)
        self.ends.extend(e for _, e in spans)

    def collapsed(self) -> RawBlock:
        """White space runs as one space (or one line break), trimmed at both ends."""
        out = RawBlock(self.hint)
        i, n = 0, len(self.chars)
        while i < n:
            ch = self.chars[i]
            if ch in _SPACE or ch == BREAK:
                j = i
                hard = False
                while j < n and (self.chars[j] in _SPACE or self.chars[j] == BREAK):
                    hard = hard or self.chars[j] == BREAK
                    j += 1
                if out.chars and j < n:  # not leading, not trailing
                    out.chars.append("\n" if hard else " ")
                    out.starts.append(self.starts[i])
                    out.ends.append(self.ends[j - 1])
                i = j
            else:
                out.chars.append(ch)
                out.starts.append(self.starts[i])
                out.ends.append(self.ends[i])
                i += 1
        return out

    @property
    def text(self) -> str:
        return "".join(self.chars)


def build_map(blocks: list[RawBlock], line_starts: tuple[int, ...]) -> tuple[str, SourceMap, list[tuple[int, int]]]:
    """The reader text, its map to the file and each block's (start, end) text offsets."""
    text_starts: list[int] = []
    file_starts: list[int] = []
    file_lengths: list[int] = []
    pieces: list[str] = []
    offsets: list[tuple[int, int]] = []
    pos = 0

    def segment(at: int, fstart: int, flen: int) -> None:
        text_starts.append(at)
        file_starts.append(fstart)
        file_lengths.append(flen)

    for b, block in enumerate(blocks):
        if b:
            pieces.append("\n\n")
            end = blocks[b - 1].ends[-1]
            segment(pos, end, 0)  # the separator sits where the previous block's text ends
            pos += 2
        offsets.append((pos, pos + len(block.chars)))
        run_text = run_file = -1  # the open linear segment: its text start and file start
        for ch_pos, (s, e) in enumerate(zip(block.starts, block.ends, strict=True)):
            at = pos + ch_pos
            linear = e - s == 1
            if linear and run_text >= 0 and s == run_file + (at - run_text):
                file_lengths[-1] += 1
                continue
            segment(at, s, e - s)
            run_text, run_file = (at, s) if linear else (-1, -1)
        pieces.append(block.text)
        pos += len(block.chars)
    return (
        "".join(pieces),
        SourceMap(tuple(text_starts), tuple(file_starts), tuple(file_lengths), pos, line_starts),
        offsets,
    )


def structured_document(
    blocks: list[RawBlock],
    path: str,
    settings: Settings,
    *,
    encoding: str,
    newline: str,
    line_starts: tuple[int, ...],
    input_format: str,
    lang: str | None = None,
) -> Document:
    """A Document from blocks whose kinds the markup states (or the text decides, as in .txt)."""
    from tqcheck.checker import detect_languages, make_paragraph
    from tqcheck.lang.profiles import get_profile
    from tqcheck.paragraphs import Block, classify
    from tqcheck.reading import line_starts as line_starts_of

    blocks = [c for c in (b.collapsed() for b in blocks) if c.chars]
    text, origin, offsets = build_map(blocks, line_starts)
    # Language as for the same text in a .txt file: fixed, or the longest-weighted detected one.
    detected, doc_lang = detect_languages([b.text for b in blocks], settings, lang)
    profile = get_profile(doc_lang)
    # A list item is classified as the bulleted line it is in a text export (`• Reuters` is a caption).
    probe = [
        Block(s, e, i + 1, i + 1, ("• " + b.text) if b.hint == "bullet" else b.text)
        for i, (b, (s, e)) in enumerate(zip(blocks, offsets, strict=True))
    ]
    kinds = classify(probe, profile, settings.extra_agencies)
    paragraphs = []
    for i, (block, (s, e), kind, language) in enumerate(zip(blocks, offsets, kinds, detected, strict=True), start=1):
        if block.hint == "heading":
            kind = ParagraphKind.HEADING
        elif block.hint == "figure":
            kind = ParagraphKind.FIGURE
        elif block.hint == "bullet" and kind not in (ParagraphKind.CAPTION, ParagraphKind.MARKER):
            kind = ParagraphKind.BULLET
        line = origin.file_position(origin.to_file(s))[0]
        end_line = origin.file_position(origin.to_file_end(e))[0]
        paragraphs.append(make_paragraph(i, Block(s, e, line, end_line, block.text), kind, language, profile))
    return Document(
        path,
        text,
        encoding,
        newline,
        doc_lang,
        tuple(paragraphs),
        line_starts_of(text),
        origin=origin,
        input_format=input_format,
    )
