"""Small text utilities shared by rules: scripts, words and sentence boundaries."""

from __future__ import annotations

import re
from collections.abc import Iterator

CYRILLIC = re.compile(r"[\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f]")
LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
WORD_RE = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
TERMINAL = ".!?…"
CLOSERS = "\"'”’»)]"
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s+|$)")


def script_of(ch: str) -> str | None:
    """ISO 15924 code for a letter in the scripts we care about, else None."""
    o = ord(ch)
    if o < 0x250:
        return "Latn" if ch.isalpha() else None
    if 0x400 <= o <= 0x52F or 0x1C80 <= o <= 0x1C8F or 0x2DE0 <= o <= 0x2DFF or 0xA640 <= o <= 0xA69F:
        return "Cyrl"
    if 0x1E00 <= o <= 0x1EFF:
        return "Latn"
    return "Other" if ch.isalpha() else None


def in_script(word: str, script: str) -> bool:
    """True when every letter of ``word`` is in ``script`` (a word with no letter counts)."""
    return all(script_of(ch) == script for ch in word if ch.isalpha())


def script_counts(text: str) -> dict[str, int]:
    """How many letters of each script the text has."""
    counts: dict[str, int] = {}
    for ch in text:
        if ch.isalpha():
            s = script_of(ch) or "Other"
            counts[s] = counts.get(s, 0) + 1
    return counts


def words(text: str) -> list[str]:
    """Word tokens (letters, with inner apostrophes and hyphens)."""
    return WORD_RE.findall(text)


def iter_words(text: str) -> Iterator[re.Match[str]]:
    return WORD_RE.finditer(text)


def ends_sentence(text: str) -> bool:
    """True when the text ends with terminal punctuation (optionally followed by closers)."""
    stripped = text.rstrip().rstrip(CLOSERS)
    return bool(stripped) and stripped[-1] in TERMINAL + ":"


def sentence_spans(text: str, abbreviations: frozenset[str]) -> list[tuple[int, int]]:
    """Split a paragraph into sentences, as (start, end) offsets.

    A period ends a sentence only when followed by white space and the token before it is not
    an abbreviation (``U.S.``, ``Mr.``) or an initial (``John F. Kennedy``); ``2.5`` never splits
    because no space follows its period.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    while start < n and text[start].isspace():
        start += 1
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        if m.group()[0] == "." and len(m.group().rstrip(CLOSERS)) == 1:
            cut = max(text.rfind(" ", start, m.start()), text.rfind("\n", start, m.start()), start - 1)
            token = text[cut + 1 : m.start()].lower().lstrip("\"'“‘«(")
            if token in abbreviations or (len(token) == 1 and token.isalpha()):
                continue
            nxt = text[end:].lstrip()
            if nxt and nxt[0].islower():
                continue
        if end > start:
            spans.append((start, end))
        start = end
        while start < n and text[start].isspace():
            start += 1
    if start < n and text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans
