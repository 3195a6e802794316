"""Splitting a document into paragraphs and telling what kind each one is."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

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


_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_RULE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_ATX = re.compile(r"^\s{0,3}#{1,6}\s")


def split_blocks(text: str) -> Iterator[Block]:
    """Blank-line-separated blocks, trimmed of surrounding white space, with exact positions.

    Markdown is understood as far as articles use it: front matter, fenced code and horizontal
    rules are not text to check, and a `#` heading line is a block of its own.
    """
    lines = text.split("\n")
    skip = _markdown_skips(lines)
    offset = 0
    block_start: int | None = None
    block_line = last_end = last_line = 0

    def flush() -> Iterator[Block]:
        nonlocal block_start
        if block_start is not None:
            yield Block(block_start, last_end, block_line, last_line, text[block_start:last_end])
            block_start = None

    for lineno, line in enumerate(lines, start=1):
        if lineno in skip or not line.strip():
            yield from flush()
        else:
            heading = bool(_ATX.match(line))
            if heading:
                yield from flush()
            if block_start is None:
                block_start = offset + (len(line) - len(line.lstrip()))
                block_line = lineno
            last_end = offset + len(line.rstrip())
            last_line = lineno
            if heading:
                yield from flush()
        offset += len(line) + 1
    yield from flush()


def _markdown_skips(lines: list[str]) -> set[int]:
    """1-based numbers of lines that are front matter, fenced code or horizontal rules."""
    skip: set[int] = set()
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
        if end is not None:
            skip.update(range(1, end + 2))
    fence: str | None = None
    for number, line in enumerate(lines, start=1):
        m = _FENCE.match(line)
        if fence is not None:
            skip.add(number)
            if m and m.group(1) == fence:
                fence = None
        elif m:
            fence = m.group(1)
            skip.add(number)
        elif _RULE.match(line):
            skip.add(number)
    return skip


def bullet_content(text: str) -> str | None:
    """The text after a bullet sign, or None when the block is not a bullet item."""
    m = BULLET_RE.match(text)
    return text[m.end() :] if m else None


def _marker_re(profile: LanguageProfile) -> re.Pattern[str]:
    names = "|".join(re.escape(a) for a in sorted(profile.agencies, key=len, reverse=True))
    return re.compile(rf"^[(\[]?\s*(?:[-–—]\s*)?(?:{names})\s*[)\]]?\s*[.,]?$")


@lru_cache(maxsize=16)
def _marker_pattern(profile: LanguageProfile, extra: tuple[str, ...]) -> re.Pattern[str]:
    return _marker_re(replace(profile, agencies=profile.agencies + extra))


def is_marker(text: str, profile: LanguageProfile, extra: tuple[str, ...] = ()) -> bool:
    """A block that is nothing but an agency name, e.g. ``RT``, ``- Interfax``, ``(TASS)``."""
    return len(text) <= 40 and bool(_marker_pattern(profile, extra).match(text))


def is_strong_credit(text: str) -> bool:
    """A line that can only be a photo credit: ``© …``, ``Photo: …``, ``@handle``."""
    content = text.strip().rstrip(".")
    lowered = content.lower()
    return bool(content) and (
        content[0] == "©"
        or lowered.startswith(("(c) ", "photo:", "photo by", "фото:", "фото "))
        or re.fullmatch(r"@\w[\w.]*", content) is not None
    )


def is_credit(text: str, profile: LanguageProfile) -> bool:
    """A photo credit or source line: ``© @handle``, ``Reuters``, ``Global Look Press / X``."""
    content = text.strip().rstrip(".")
    if not content:
        return False
    lowered = content.lower()
    if is_strong_credit(content):
        return True
    sources = {s.lower() for s in profile.credit_sources}
    parts = [p.strip().lower() for p in re.split(r"\s*/\s*", content)]
    if lowered in sources:
        return True
    return len(parts) > 1 and any(p in sources for p in parts) and len(content) <= 120


def _starts_upper(text: str) -> bool:
    stripped = text.lstrip("\"'“«„‘(#* ")
    return bool(stripped) and (stripped[0].isupper() or stripped[0].isdigit())


def classify(
    blocks: list[Block], profile: LanguageProfile, extra_agencies: tuple[str, ...] = ()
) -> list[ParagraphKind]:
    """The kind of every block, using its neighbours (a caption is a group of bullets)."""
    kinds: list[ParagraphKind] = []
    bullets = [bullet_content(b.text) for b in blocks]
    for i, block in enumerate(blocks):
        # `- Reuters` between other `- ` items is a Markdown list of sources, not a marker.
        in_list = block.text[:1] in "-*+" and any(
            0 <= j < len(blocks) and blocks[j].text[:2] in ("- ", "* ", "+ ") for j in (i - 1, i + 1)
        )
        if is_marker(block.text, profile, extra_agencies) and not in_list:
            kinds.append(ParagraphKind.MARKER)
        elif bullets[i] is not None:
            kinds.append(ParagraphKind.BULLET)
        elif is_strong_credit(block.text) or (is_credit(block.text, profile) and "/" in block.text):
            kinds.append(ParagraphKind.CAPTION)
        else:
            kinds.append(ParagraphKind.BODY)
    _find_captions(blocks, bullets, kinds, profile)
    for i in range(len(blocks)):
        if kinds[i] is ParagraphKind.BODY and _is_heading(blocks, kinds, i):
            kinds[i] = ParagraphKind.HEADING
    return kinds


def _find_captions(
    blocks: list[Block], bullets: list[str | None], kinds: list[ParagraphKind], profile: LanguageProfile
) -> None:
    """Photo captions scraped with the article: bulleted credit lines (`• Reuters`, `• © @handle`)
    and, for each photo, the one caption line right before its credits.

    Scraped captions use the `•` bullet; in a Markdown list (`-`, `*`) a platform name is an item,
    so there a run is a caption only when it holds an unmistakable credit (`©`, `Photo:`, `@x`).
    """
    i = 0
    while i < len(blocks):
        if kinds[i] is not ParagraphKind.BULLET:
            i += 1
            continue
        j = i
        while j < len(blocks) and kinds[j] is ParagraphKind.BULLET:
            j += 1
        credits = [k for k in range(i, j) if is_credit(bullets[k] or "", profile)]
        scraped = any(blocks[k].text.startswith(("•", "·", "●")) for k in range(i, j))
        strong = any(is_strong_credit(bullets[k] or "") for k in credits)
        if credits and (scraped or strong):
            for k in credits:
                kinds[k] = ParagraphKind.CAPTION
                # the caption line of each photo stands right before its first credit
                if k > i and k - 1 not in credits:
                    kinds[k - 1] = ParagraphKind.CAPTION
        i = j


def _is_heading(blocks: list[Block], kinds: list[ParagraphKind], i: int) -> bool:
    text = blocks[i].text
    if _ATX.match(text):
        return True
    if "\n" in text or not _starts_upper(text):
        return False
    stripped = text.rstrip("\"'”’»)")
    if not stripped or stripped[-1] in TERMINAL + ",;:-–—" or len(words(text)) > HEADING_MAX_WORDS:
        return False
    prev = next((j for j in range(i - 1, -1, -1) if kinds[j] is not ParagraphKind.CAPTION), None)
    if prev is not None and kinds[prev] is ParagraphKind.BODY and not ends_sentence(blocks[prev].text):
        return False
    furniture = (ParagraphKind.CAPTION, ParagraphKind.MARKER)
    nxt = next((j for j in range(i + 1, len(blocks)) if kinds[j] not in furniture), None)
    # A heading heads something: the last line of an article is a sentence without its stop.
    return nxt is not None and _starts_upper(blocks[nxt].text)
