"""What a rule is and what it sees.

A rule is a pure function from a :class:`Context` (one document, its language profile and the
settings) to :class:`Hit` values; the checker turns hits into located findings. Its docstring
is its documentation, in the sections *What it does*, *Why is this bad?*, *Example* and
*Use instead* (the registry test runs both examples).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from tqcheck.lang.profiles import LanguageProfile
from tqcheck.model import Document, Fidelity, Fix, Paragraph, ParagraphKind, Severity
from tqcheck.settings import Settings

if TYPE_CHECKING:
    from tqcheck.quotes import QuoteAnalysis


@dataclass(frozen=True)
class Hit:
    """A rule's raw result: a span of document offsets, a message and maybe a fix."""

    paragraph: int
    start: int
    end: int
    message: str
    fix: Fix | None = None


@dataclass(frozen=True)
class Context:
    """What a rule may look at."""

    document: Document
    profile: LanguageProfile
    settings: Settings
    fidelity: Fidelity | None = None

    @cached_property
    def quotes(self) -> QuoteAnalysis:
        """The document's quotation marks, resolved and paired once for all QUO rules."""
        from tqcheck.quotes import analyse

        return analyse(self.document, self.profile)

    def paragraph(self, index: int) -> Paragraph:
        return self.document.paragraphs[index - 1]

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return self.document.paragraphs

    def of_kind(self, *kinds: ParagraphKind) -> Iterator[Paragraph]:
        return (p for p in self.document.paragraphs if p.kind in kinds)

    def prose(self) -> Iterator[Paragraph]:
        """Paragraphs of text to check word by word: body, bullet items and headings."""
        return self.of_kind(ParagraphKind.BODY, ParagraphKind.BULLET, ParagraphKind.HEADING)

    def hit(
        self,
        paragraph: Paragraph,
        start: int,
        end: int,
        message: str,
        replacement: str | None = None,
        description: str = "",
        safe: bool = True,
    ) -> Hit:
        """A hit at paragraph-relative offsets, with an optional replacement of that span."""
        fix = None
        if replacement is not None:
            fix = Fix(paragraph.start + start, paragraph.start + end, replacement, description, safe)
        return Hit(paragraph.index, paragraph.start + start, paragraph.start + end, message, fix)


Check = Callable[[Context], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    """A row of the rule table."""

    code: str
    name: str
    severity: Severity
    check: Check

    @property
    def doc(self) -> str:
        import inspect

        return inspect.cleandoc(self.check.__doc__ or "")

    @property
    def summary(self) -> str:
        """The first sentence of *What it does*."""
        section = self.section("What it does")
        return re.split(r"(?<=\.)\s", " ".join(section.split()), maxsplit=1)[0]

    def section(self, title: str) -> str:
        """The text of one docstring section (without the fence lines of examples)."""
        lines = self.doc.splitlines()
        out: list[str] = []
        inside = False
        for line in lines:
            if line.rstrip().rstrip(":?") == title.rstrip(":?") and line.rstrip().endswith((":", "?")):
                inside = True
                continue
            if inside and line and not line.startswith(" ") and line.rstrip().endswith((":", "?")):
                break
            if inside:
                out.append(line)
        text = "\n".join(out).strip("\n")
        import textwrap

        return textwrap.dedent(text).strip()

    def example(self, title: str) -> str:
        """The (first) fenced text of *Example* or *Use instead*: the article."""
        body = self.section(title)
        m = re.search(r"```[a-z]*\n(.*?)\n```", body, re.S)
        return m.group(1) if m else body

    def example_reference(self, title: str) -> str | None:
        """The fenced block tagged ``reference`` of *Example* or *Use instead*, for ALN/FID rules."""
        m = re.search(r"```reference\n(.*?)\n```", self.section(title), re.S)
        return m.group(1) if m else None
