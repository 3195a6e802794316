"""Quotation analysis shared by the QUO rules.

Resolves every double quotation mark of a document to an opener or a closer, pairs them, and
follows quotations across paragraphs by the English convention: a quotation that runs over
several paragraphs is re-opened at the start of each continuing paragraph and closed only at
its end. A paragraph split by an artefact (no terminal punctuation, a source marker between)
is one paragraph for this purpose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tqcheck.lang.profiles import LanguageProfile
from tqcheck.model import Document, Paragraph, ParagraphKind
from tqcheck.text import ends_sentence

OPENERS = "“«„"
CLOSERS = "”»"
AMBIGUOUS = '"'
QUOTE_CHARS = OPENERS + CLOSERS + AMBIGUOUS
_QUOTE_RE = re.compile(f"[{QUOTE_CHARS}]")
_LEFT_OPEN = " \t\n([{—–-/"  # a straight quote after these opens
_RIGHT_CLOSE = " \t\n.,;:!?)]}…—–-"  # a straight quote before these closes


@dataclass(frozen=True)
class Mark:
    """One quotation mark at a document offset, and the role we resolved for it."""

    offset: int
    char: str
    paragraph: int
    opens: bool


@dataclass(frozen=True)
class Unclosed:
    """A quotation that is not closed where it should be."""

    opener: Mark
    reason: str  # "never-closed" | "not-reopened" | "attribution"
    at: int  # document offset of the place that shows it (the next paragraph, the attribution)
    at_paragraph: int


@dataclass(frozen=True)
class QuoteAnalysis:
    marks: tuple[Mark, ...]
    pairs: tuple[tuple[Mark, Mark], ...]
    unclosed: tuple[Unclosed, ...]
    unopened: tuple[Mark, ...]


@lru_cache(maxsize=8)
def attribution_re(profile: LanguageProfile) -> re.Pattern[str]:
    """Text that starts a speech attribution: ``said X``, ``the analyst said``, ``he stressed``."""
    verbs = "|".join(re.escape(v) for v in profile.speech_verbs)
    return re.compile(rf"\s*[-–—]?\s*(?:(?:{verbs})\b|(?:[^\W\d_][\w.'’-]*\s+){{1,4}}?(?:{verbs})\b)")


@lru_cache(maxsize=8)
def dash_attribution_re(profile: LanguageProfile) -> re.Pattern[str]:
    """A closing punctuation then a dash then an attribution: ``) - Kirby said``, ``, - he added``."""
    verbs = "|".join(re.escape(v) for v in profile.speech_verbs)
    return re.compile(rf"(?<=[,.!?…)])(\s*[-–—]\s+)(?=(?:{verbs})\b|(?:[^\W\d_][\w.'’-]*\s+){{1,4}}?(?:{verbs})\b)")


def _is_prose(p: Paragraph) -> bool:
    return p.kind in (ParagraphKind.BODY, ParagraphKind.BULLET, ParagraphKind.HEADING)


def analyse(document: Document, profile: LanguageProfile) -> QuoteAnalysis:
    """Resolve, pair and follow every double quotation mark of the document."""
    attribution = attribution_re(profile)
    dash_attr = dash_attribution_re(profile)
    marks: list[Mark] = []
    pairs: list[tuple[Mark, Mark]] = []
    unclosed: list[Unclosed] = []
    unopened: list[Mark] = []
    reported: set[int] = set()
    stack: list[Mark] = []
    prose = [p for p in document.paragraphs if _is_prose(p)]

    def report(opener: Mark, reason: str, at: int, at_paragraph: int) -> None:
        if opener.offset not in reported:
            reported.add(opener.offset)
            unclosed.append(Unclosed(opener, reason, at, at_paragraph))

    for i, para in enumerate(prose):
        prev = prose[i - 1] if i else None
        continues = prev is not None and prev.kind is not ParagraphKind.HEADING and not ends_sentence(prev.text)
        if para.kind is ParagraphKind.HEADING or (prev is not None and prev.kind is ParagraphKind.HEADING):
            for opener in stack:
                report(opener, "never-closed", para.start, para.index)
            stack.clear()
            continues = False
        text = para.text
        first = len(text) - len(text.lstrip())
        reopened = False
        if stack and not continues:
            if text[first : first + 1] in OPENERS + AMBIGUOUS:
                # Re-opened at the new paragraph: English convention, and common in Russian copy too.
                reopened = True
            elif profile.reopen_quotes_per_paragraph:
                report(stack[-1], "not-reopened", para.start, para.index)
            # else: in Russian the quotation may simply run on
        # In Russian `«…, — сказал он. — …»` interrupts a quotation without closing it.
        attr_stops = [m.start() for m in dash_attr.finditer(text)] if profile.dash_attribution_is_foreign else []
        for q in _QUOTE_RE.finditer(text):
            j, ch = q.start(), q.group()
            if stack and attr_stops and j >= attr_stops[0]:
                # A dash attribution ends any open quotation: its closing mark is missing.
                for opener in stack:
                    report(opener, "attribution", para.start + attr_stops[0], para.index)
                stack.clear()
            while attr_stops and j >= attr_stops[0]:
                attr_stops.pop(0)
            offset = para.start + j
            if ch == AMBIGUOUS and _inch_mark(text, j, stack):
                continue  # `a 20" screen`, `5'10"`: a unit, not a quotation mark
            if reopened and j == first:
                marks.append(Mark(offset, ch, para.index, True))
                continue
            opens = _resolve(ch, text, j, stack[-1].char if stack else None, attribution)
            mark = Mark(offset, ch, para.index, opens)
            marks.append(mark)
            if opens:
                stack.append(mark)
            elif stack:
                pairs.append((stack.pop(), mark))
            else:
                unopened.append(mark)
        if stack and attr_stops:
            for opener in stack:
                report(opener, "attribution", para.start + attr_stops[0], para.index)
            stack.clear()
    for opener in stack:
        report(opener, "never-closed", len(document.text), prose[-1].index if prose else 0)
    return QuoteAnalysis(
        tuple(marks), tuple(pairs), tuple(sorted(unclosed, key=lambda u: u.opener.offset)), tuple(unopened)
    )


def _resolve(ch: str, text: str, j: int, top: str | None, attribution: re.Pattern[str]) -> bool:
    """True when the mark at ``text[j]`` opens a quotation (``top``: the innermost open mark)."""
    is_open = top is not None
    if ch == "“" and top == "„":  # German/Russian „…“
        return False
    if ch in OPENERS:
        return True
    if ch in CLOSERS:
        return False
    left = text[j - 1] if j else " "
    right = text[j + 1] if j + 1 < len(text) else " "
    left_open = left in _LEFT_OPEN
    right_close = right in _RIGHT_CLOSE
    if left_open and not right_close:
        # `, "the expert said` after an open quotation: a closer glued to the attribution.
        return not (is_open and left.isspace() and j >= 2 and text[j - 2] in ",.!?…" and attribution.match(text, j + 1))
    if right_close and not left_open:
        return False
    return not is_open


def _inch_mark(text: str, j: int, stack: list[Mark]) -> bool:
    """A straight double quote right after a figure, with no straight quotation open: inches."""
    if not (j and text[j - 1].isdigit()) or any(m.char == AMBIGUOUS for m in stack):
        return False
    after = text[j + 1 : j + 2]
    return not after or not after.isalnum()


def closer_for(opener: str) -> str:
    return {"“": "”", "«": "»", "„": "“", '"': '"'}.get(opener, '"')
