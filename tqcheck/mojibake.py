"""Mojibake: text decoded with the wrong encoding, found and undone exactly.

Three kinds are common in CMS pipelines:

- UTF-8 read as Windows-1252 / Latin-1: `â€œ`, `cafÃ©`, `ÐŸÑ€Ð°Ð²`;
- UTF-8 read as Windows-1251: `вЂњ`, `РџСЂР°РІ`;
- Windows-1251 read as Latin-1 (or Windows-1252): `Ïðàâèòåëüñòâî`.

The UTF-8 kinds are repaired by ftfy with only its encoding fixers (its defaults would also
straighten curly quotes, change line breaks and normalise the text). ftfy does not know the
legacy kind, so we re-decode that ourselves: each garbled run is turned back into the bytes it
was read from and decoded as Windows-1251. A cheap pattern keeps both off the ordinary paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any

# A UTF-8 lead byte read as Latin-1/cp1252 followed by a continuation byte read the same way;
# or a lead byte read as cp1251 (`Р`, `С`, `в`, `Г`, `Е`, `Ð`) followed by a continuation byte that
# cp1251 shows as a letter or sign Russian text does not use.
_UTF8_HINT = re.compile(
    "[\u00c2-\u00ef][\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]"
    "|[РСвГЕДЖ][ЂЃѓЉЊЌЋЏђљњќћџЎўЈҐЄЇІіґєјЅѕї‚„†‡€‰‹›™•µ¶·±¤¦¬\u00ad°«»“”‘’–—©®§№]"
)
# Windows-1251 read as Latin-1: whole words of `À`–`ÿ` (`Ïóòèí`), which no language writes.
_LEGACY_WORD = re.compile("[\u00c0-\u00ff\u00a8\u00b8]{3,}")
_LEGACY_RUN = re.compile(
    "[\u0080-\u00ff€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]+(?:[\\s\\d!-/:-@\\[-`{-~]+[\u0080-\u00ff€‚„…†‡‰‹‘’“”•–—™›]+)*"
)
_MERGE_GAP = 6
# Signs Windows-1251 shows for UTF-8 continuation bytes that Russian text itself never uses.
_CP1251_ODD = frozenset("ЂЃѓЉЊЌЋЏђљњќћџЎўЈҐЄЇІіґєјЅѕї‚†‡€‰‹›™µ¶±¤¦¬\u00ad")
_ODD_CLASS = "[" + "".join(sorted(_CP1251_ODD)) + "]"
# Non-ASCII runs with an odd sign in them, or touching a Latin letter (`DenГ©e`).
_CANDIDATE_RUN = re.compile(
    # each alternative starts only where a run starts: tried at every offset it was quadratic
    rf"(?<![^\x00-\x7f])[^\x00-\x7f]*{_ODD_CLASS}[^\x00-\x7f]*|(?<=[A-Za-z])[^\x00-\x7f]+"
    r"|(?<![^\x00-\x7f])[^\x00-\x7f]+(?=[A-Za-z])"
)


@dataclass(frozen=True)
class Garbled:
    """A span of a string that is mojibake, what it was, and how it got garbled."""

    start: int
    end: int
    repaired: str
    kind: str  # a human phrase: "UTF-8 read as Windows-1252"


def find(text: str) -> list[Garbled]:
    """Every garbled span of ``text``, with its exact repair; empty for ordinary text."""
    if text.isascii():
        return []  # ASCII reads the same in every encoding involved
    out = _utf8(text) if _UTF8_HINT.search(text) else []
    for more in (_utf8_as_cp1251_runs, _legacy):
        taken = [(g.start, g.end) for g in out]
        out.extend(g for g in more(text) if not any(s < g.end and g.start < e for s, e in taken))
    return sorted(out, key=lambda g: g.start)


@lru_cache(maxsize=1)
def _config() -> Any:
    from ftfy import TextFixerConfig

    return TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=False,
        remove_control_chars=False,
        normalization=None,
        explain=True,
    )


def _utf8(text: str) -> list[Garbled]:
    import ftfy

    fixed, explanation = ftfy.fix_and_explain(text, config=_config())
    if fixed == text:
        return []
    steps = list(explanation or ())
    encodings = [arg for action, arg in steps if action == "encode"]
    if not encodings or not any(action == "decode" and "utf-8" in arg for action, arg in steps):
        return []  # not a UTF-8 repair (C1 controls made into punctuation, Latin-1 as cp1252)
    kind = "UTF-8 read as Windows-1251" if "1251" in encodings[0] else "UTF-8 read as Windows-1252"
    out: list[Garbled] = []
    blocks = _changed_blocks(text, fixed)
    group: list[tuple[str, int, int, int, int]] = []
    for op in [*blocks, None]:
        if op is not None and (not group or op[1] - group[-1][2] <= _MERGE_GAP):
            group.append(op)
            continue
        if group:
            i1, j1, i2, j2 = group[0][1], group[0][3], group[-1][2], group[-1][4]
            out.append(Garbled(i1, i2, fixed[j1:j2], kind))
        group = [op] if op is not None else []
    return out


_ASCII_RUN = re.compile(r"([\x00-\x7f]+)")
_DIFF_LIMIT = 4000


def _changed_blocks(text: str, fixed: str) -> list[tuple[str, int, int, int, int]]:
    """Spans that differ between ``text`` and its repair, as difflib opcodes, in linear time.

    Every byte of a UTF-8 sequence is >= 0x80, which no wrong decoding shows as ASCII: a repair
    keeps the ASCII runs and rewrites the runs between them, so the two strings align run by run.
    Only when that fails does difflib compare them, and only on short text (it is quadratic or
    worse: a 40,000-character paragraph took minutes); beyond that the middle that differs is
    one block.
    """
    a, b = _ASCII_RUN.split(text), _ASCII_RUN.split(fixed)
    if len(a) == len(b) and a[1::2] == b[1::2]:
        out: list[tuple[str, int, int, int, int]] = []
        i = j = 0
        for k, (x, y) in enumerate(zip(a, b, strict=True)):
            if k % 2 == 0 and x != y:
                out.append(("replace", i, i + len(x), j, j + len(y)))
            i, j = i + len(x), j + len(y)
        return out
    if len(text) <= _DIFF_LIMIT:
        return [op for op in SequenceMatcher(None, text, fixed, autojunk=False).get_opcodes() if op[0] != "equal"]
    head = 0
    while head < min(len(text), len(fixed)) and text[head] == fixed[head]:
        head += 1
    tail = 0
    while tail < min(len(text), len(fixed)) - head and text[-1 - tail] == fixed[-1 - tail]:
        tail += 1
    return [("replace", head, len(text) - tail, head, len(fixed) - tail)]


def _legacy(text: str) -> list[Garbled]:
    garbled = _LEGACY_WORD.findall(text)
    if sum(len(w) for w in garbled) < 4 or not any(w.lower() != w.upper() and w != w.upper() for w in garbled):
        return []  # `ÀÉÎ`: too little to tell, and garbled Russian has lower-case words
    letters = sum(1 for ch in text if ch.isalpha())
    high = sum(1 for ch in text if "\u00c0" <= ch <= "\u00ff" and ch.isalpha())
    if high < 0.3 * letters:
        return []  # accented Latin text: `Zürich`, `naïve`, `São Paulo`
    out: list[Garbled] = []
    for m in _LEGACY_RUN.finditer(text):
        if not _LEGACY_WORD.search(m.group()) and not _whole_words(text, m.start(), m.end()):
            continue  # `café` inside a garbled paragraph: an accent in a Latin word, not a lost `и`
        try:
            raw = bytes(ord(ch) if ord(ch) < 256 else ch.encode("cp1252")[0] for ch in m.group())
            repaired = raw.decode("cp1251")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        out.append(Garbled(m.start(), m.end(), repaired, "Windows-1251 read as Latin-1"))
    return out


def _whole_words(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` has letters and no Latin letter touches it on either side
    (`BioNTech è Pfizer`: the `è` is a garbled `и`)."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return (
        any(ch.isalpha() for ch in text[start:end])
        and not (before.isascii() and before.isalpha())
        and not (after.isascii() and after.isalpha())
    )


def _utf8_as_cp1251_runs(text: str) -> list[Garbled]:
    """Short UTF-8-as-cp1251 runs ftfy leaves alone (`ВЈ25`, `DenГ©e`, `WРќO`): a run of non-ASCII
    characters that is valid UTF-8 once encoded as cp1251, and either has a sign Russian never
    uses or sits inside a Latin word (a Cyrillic letter there is never right)."""
    out: list[Garbled] = []
    for m in _CANDIDATE_RUN.finditer(text):
        run = m.group()
        try:
            repaired = run.encode("cp1251").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if repaired != run and not _CP1251_ODD.intersection(repaired) and repaired.isprintable():
            out.append(Garbled(m.start(), m.end(), repaired, "UTF-8 read as Windows-1251"))
    return out
