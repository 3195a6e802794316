"""The data that flows through tqcheck: Document -> Paragraph -> Finding -> Report.

Everything here is an immutable value. Offsets are character offsets into the decoded,
newline-normalised text of a document; lines and columns are 1-based and count characters of
the original file (a byte-order mark is not counted, a CRLF pair is one line end).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field


class Severity(enum.IntEnum):
    """How bad a finding is. Ordered so that ``ERROR > WARNING > INFO``."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str) -> Severity:
        try:
            return cls[value.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {value!r} (expected error, warning or info)") from None


class ParagraphKind(enum.Enum):
    """What a blank-line-separated block is; rules treat each kind differently."""

    BODY = "body"
    HEADING = "heading"
    BULLET = "bullet"
    CAPTION = "caption"
    MARKER = "marker"
    # A caption the markup declares (`<figcaption>`, `alt` text, Word's Caption style): it belongs
    # under its picture, so it is furniture but never caption residue (ART004).
    FIGURE = "figure"

    @property
    def is_furniture(self) -> bool:
        """Blocks that are not running text of the article (markers, captions, headings)."""
        return self in (ParagraphKind.MARKER, ParagraphKind.CAPTION, ParagraphKind.HEADING, ParagraphKind.FIGURE)


@dataclass(frozen=True)
class Readability:
    """Readability of one paragraph: Flesch reading ease from our own sentence split."""

    reading_ease: float
    words: int
    sentences: int
    syllables: int

    def as_dict(self) -> dict[str, float | int]:
        return {
            "reading_ease": round(self.reading_ease, 1),
            "words": self.words,
            "sentences": self.sentences,
            "syllables": self.syllables,
        }


@dataclass(frozen=True)
class Paragraph:
    """A blank-line-separated block. ``start``/``end`` are document offsets of its text."""

    index: int
    start: int
    end: int
    line: int
    end_line: int
    text: str
    kind: ParagraphKind
    language: str | None = None
    readability: Readability | None = None


@dataclass(frozen=True)
class SourceMap:
    """Where a document's text came from in its file (LanguageTool's AnnotatedText offset map).

    An HTML or Word document's ``text`` is what a reader reads: markup dropped, entities decoded,
    white space collapsed, blocks separated by a blank line. The map sends each text offset back
    to an offset in the file's decoded text, whose lines are ``line_starts``. It is a list of
    segments: segment ``k`` starts at text offset ``text_starts[k]`` and at file offset
    ``file_starts[k]`` and covers ``file_lengths[k]`` characters of the file. A segment whose text
    and file lengths are equal maps character by character; any other (an entity, collapsed
    white space, a block separator of file length 0) maps as one unit.
    """

    text_starts: tuple[int, ...]
    file_starts: tuple[int, ...]
    file_lengths: tuple[int, ...]
    text_length: int
    line_starts: tuple[int, ...] = field(repr=False, default=(0,))

    def _segment(self, offset: int) -> int:
        import bisect

        return max(0, bisect.bisect_right(self.text_starts, offset) - 1)

    def _text_length(self, k: int) -> int:
        nxt = self.text_starts[k + 1] if k + 1 < len(self.text_starts) else self.text_length
        return nxt - self.text_starts[k]

    def to_file(self, offset: int) -> int:
        """The file offset where the character at text ``offset`` begins."""
        if not self.text_starts:
            return 0
        k = self._segment(offset)
        return self.file_starts[k] + min(offset - self.text_starts[k], self.file_lengths[k])

    def to_file_end(self, end: int) -> int:
        """The file offset just after the character at text ``end - 1`` (an exclusive end)."""
        if end <= 0 or not self.text_starts:
            return self.to_file(end)
        k = self._segment(end - 1)
        if self._text_length(k) == self.file_lengths[k]:
            return self.file_starts[k] + (end - self.text_starts[k])
        return self.file_starts[k] + self.file_lengths[k]

    def file_position(self, file_offset: int) -> tuple[int, int]:
        import bisect

        i = max(0, bisect.bisect_right(self.line_starts, file_offset) - 1)
        return i + 1, file_offset - self.line_starts[i] + 1


@dataclass(frozen=True)
class Document:
    """A decoded article split into paragraphs."""

    path: str
    text: str
    encoding: str
    newline: str
    language: str
    paragraphs: tuple[Paragraph, ...]
    line_starts: tuple[int, ...] = field(repr=False, default=())
    # For HTML and Word input: the map from ``text`` back to the file (None: text is the file).
    origin: SourceMap | None = field(repr=False, default=None)
    input_format: str = "text"

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a document offset (in the original file for HTML and Word)."""
        import bisect

        if self.origin is not None:
            return self.origin.file_position(self.origin.to_file(offset))
        i = bisect.bisect_right(self.line_starts, offset) - 1
        return i + 1, offset - self.line_starts[i] + 1

    def end_position(self, end: int) -> tuple[int, int]:
        """1-based (line, column) just after the character before ``end`` (an exclusive end)."""
        if self.origin is not None:
            return self.origin.file_position(self.origin.to_file_end(end))
        return self.position(end)


@dataclass(frozen=True)
class Fix:
    """Replace ``text[start:end]`` with ``replacement``. Unsafe fixes may change meaning."""

    start: int
    end: int
    replacement: str
    description: str
    safe: bool = True


@dataclass(frozen=True)
class Finding:
    """One problem at one place. ``start``/``end`` are document offsets (end exclusive)."""

    code: str
    rule: str
    severity: Severity
    message: str
    paragraph: int
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    fix: Fix | None = None

    @property
    def sort_key(self) -> tuple[int, int, str]:
        """Document order; findings of one rule at one span keep the order the rule gave them
        (names in the order of the reference, omitted sentences in reading order)."""
        return (self.start, self.end, self.code)


@dataclass(frozen=True)
class PairScores:
    """sacrebleu scores of a hypothesis against a reference (0-100; TER: lower is better)."""

    chrf: float
    chrf_pp: float
    bleu: float
    ter: float

    def as_dict(self) -> dict[str, float]:
        return {k: round(v, 2) for k, v in vars(self).items()}


@dataclass(frozen=True)
class AlignedPair:
    """MT paragraphs joined to reference paragraphs (``Paragraph.index`` values of each side).

    One side is empty for an omission (``mt == ()``) or an addition (``ref == ()``).
    """

    mt: tuple[int, ...]
    ref: tuple[int, ...]
    similarity: float
    confidence: float
    scores: PairScores | None = None
    fidelity: float | None = None
    length_ratio: float | None = None
    missing_figures: tuple[str, ...] = ()  # in the reference/source, not in the MT
    extra_figures: tuple[tuple[int, int, str], ...] = ()  # (start, end, text) document offsets in the MT
    missing_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Fidelity:
    """How the MT compares with its reference: alignment, per-pair and document scores."""

    reference: Document  # what was aligned with: the reference, or the back-translated source
    kind: str  # "reference" | "back-translation" | "source"
    source: Document | None
    pairs: tuple[AlignedPair, ...]
    mt_furniture: tuple[int, ...]
    ref_furniture: tuple[int, ...]
    corpus: PairScores | None
    fidelity: float | None
    signatures: dict[str, str]
    model: str | None = None
    unavailable: str | None = None  # why there are no scores (no model, ...)
    # For kind "back-translation": the MT model's rendering of each reference (source) paragraph.
    back_translation: tuple[str, ...] | None = None
    threshold: float = 35.0  # `min-fidelity`: a pair below it is low (FID001, the HTML chart)
    backend: str | None = None  # kind "back-translation": what ran the model (ctranslate2, transformers)
    quantization: str | None = None  # ... and at which precision (int8, float32, ...)

    @property
    def side(self) -> str:
        """What the MT was compared with, in words: "reference" or "source"."""
        return "reference" if self.kind == "reference" else "source"


@dataclass(frozen=True)
class FileReport:
    """The findings for one document."""

    document: Document
    findings: tuple[Finding, ...]
    fidelity: Fidelity | None = None

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)


@dataclass(frozen=True)
class Report:
    """A whole run: every file's findings and the gate it was judged by."""

    files: tuple[FileReport, ...]
    fail_on: Severity | None

    @property
    def findings(self) -> Sequence[Finding]:
        return [f for fr in self.files for f in fr.findings]

    @property
    def failed(self) -> bool:
        """True when any finding is at or above the gate level."""
        gate = self.fail_on
        return gate is not None and any(f.severity >= gate for f in self.findings)
