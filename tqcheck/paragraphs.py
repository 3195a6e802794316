"""Splitting a document into paragraphs and telling what kind each one is."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from tqcheck.lang.profiles import LanguageProfile
from tqcheck.model import ParagraphKind
from tqcheck.text import TERMINAL, ends_sentence, words

BULLET_RE = re.compile(r"^(?:[•·●▪◦‣]|[-*+](?=\s)|\d{1,2}[.)](?=\s))\s*")
HEADING_MAX_WORDS = 10


@dataclass(frozen=True)
class Block:
    """A raw blank-line-separated block: its text and where it sits in the document."""

    start: int
    end: int
    line: int
    end_line: int
    text: str


def split_blocks(text: str) -> Iterator[Block]:
    """Blank-line-separated blocks, trimmed of surrounding white space, with exact positions."""
    offset = 0
    block_start: int | None = None
    block_line = 0
    last_end = 0
    last_line = 0
    for lineno, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            if block_start is None:
                block_start = offset + (len(line) - len(line.lstrip()))
                block_line = lineno
            last_end = offset + len(line.rstrip())
            last_line = lineno
        elif block_start is not None:
            yield Block(block_start, last_end, block_line, last_line, text[block_start:last_end])
            block_start = None
        offset += len(line) + 1
    if block_start is not None:
        yield Block(block_start, last_end, block_line, last_line, text[block_start:last_end])


def bullet_content(text: str) -> str | None:
    """The text after a bullet sign, or None when the block is not a bullet item."""
    m = BULLET_RE.match(text)
    return text[m.end() :] if m else None


def _marker_re(profile: LanguageProfile) -> re.Pattern[str]:
    names = "|".join(re.escape(a) for a in sorted(profile.agencies, key=len, reverse=True))
    return re.compile(rf"^[(\[]?\s*(?:[-–—]\s*)?(?:{names})\s*[)\]]?\s*[.,]?$")


_MARKER_CACHE: dict[str, re.Pattern[str]] = {}


def is_marker(text: str, profile: LanguageProfile) -> bool:
    """A block that is nothing but an agency name, e.g. ``RT``, ``- Interfax``, ``(TASS)``."""
    pattern = _MARKER_CACHE.get(profile.code)
    if pattern is None:
        pattern = _MARKER_CACHE[profile.code] = _marker_re(profile)
    return len(text) <= 40 and bool(pattern.match(text))


def is_credit(text: str, profile: LanguageProfile) -> bool:
    """A photo credit or source line: ``© @handle``, ``Reuters``, ``Global Look Press / X``."""
    content = text.strip().rstrip(".")
    if not content:
        return False
    lowered = content.lower()
    if content[0] == "©" or lowered.startswith(("(c) ", "photo:", "photo by", "фото:", "фото ")):
        return True
    if re.fullmatch(r"@\w[\w.]*", content):
        return True
    sources = {s.lower() for s in profile.credit_sources}
    parts = [p.strip().lower() for p in re.split(r"\s*/\s*", content)]
    if lowered in sources:
        return True
    return len(parts) > 1 and any(p in sources for p in parts) and len(content) <= 120


def _starts_upper(text: str) -> bool:
    stripped = text.lstrip("\"'“«„‘(#* ")
    return bool(stripped) and (stripped[0].isupper() or stripped[0].isdigit())


def classify(blocks: list[Block], profile: LanguageProfile) -> list[ParagraphKind]:
    """The kind of every block, using its neighbours (a caption is a group of bullets)."""
    kinds: list[ParagraphKind] = []
    for block in blocks:
        content = bullet_content(block.text)
        if is_marker(block.text, profile):
            kinds.append(ParagraphKind.MARKER)
        elif content is not None:
            kinds.append(ParagraphKind.CAPTION if is_credit(content, profile) else ParagraphKind.BULLET)
        elif is_credit(block.text, profile):
            kinds.append(ParagraphKind.CAPTION)
        else:
            kinds.append(ParagraphKind.BODY)
    _spread_captions(kinds)
    for i in range(len(blocks)):
        if kinds[i] is ParagraphKind.BODY and _is_heading(blocks, kinds, i):
            kinds[i] = ParagraphKind.HEADING
    return kinds


def _spread_captions(kinds: list[ParagraphKind]) -> None:
    """Bullets standing right before a credit line in one group are that photo's caption text."""
    for i in range(len(kinds) - 2, -1, -1):
        if kinds[i] is ParagraphKind.BULLET and kinds[i + 1] is ParagraphKind.CAPTION:
            kinds[i] = ParagraphKind.CAPTION


def _is_heading(blocks: list[Block], kinds: list[ParagraphKind], i: int) -> bool:
    text = blocks[i].text
    if text.startswith("#"):
        return True
    if "\n" in text or not _starts_upper(text):
        return False
    stripped = text.rstrip("\"'”’»)")
    if not stripped or stripped[-1] in TERMINAL + ",;:-–—" or len(words(text)) > HEADING_MAX_WORDS:
        return False
    prev = next((j for j in range(i - 1, -1, -1) if kinds[j] is not ParagraphKind.CAPTION), None)
    if prev is not None and kinds[prev] is ParagraphKind.BODY and not ends_sentence(blocks[prev].text):
        return False
    nxt = next((j for j in range(i + 1, len(blocks)) if kinds[j] is not ParagraphKind.CAPTION), None)
    if nxt is None:
        return True
    return kinds[nxt] is not ParagraphKind.MARKER and _starts_upper(blocks[nxt].text)
