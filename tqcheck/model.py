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

    @property
    def is_furniture(self) -> bool:
        """Blocks that are not running text of the article (markers, captions, headings)."""
        return self in (ParagraphKind.MARKER, ParagraphKind.CAPTION, ParagraphKind.HEADING)


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
class Document:
    """A decoded article split into paragraphs."""

    path: str
    text: str
    encoding: str
    newline: str
    language: str
    paragraphs: tuple[Paragraph, ...]
    line_starts: tuple[int, ...] = field(repr=False, default=())

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a document offset."""
        import bisect

        i = bisect.bisect_right(self.line_starts, offset) - 1
        return i + 1, offset - self.line_starts[i] + 1


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
    def sort_key(self) -> tuple[int, int, str, int]:
        return (self.start, self.end, self.code, len(self.message))


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
