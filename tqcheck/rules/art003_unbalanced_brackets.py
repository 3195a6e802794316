"""ART003 unbalanced-brackets."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tqcheck.model import Paragraph, ParagraphKind
from tqcheck.rules._util import next_paragraph
from tqcheck.rules.base import Context, Hit

_PAIRS = {")": "(", "]": "["}
_CLOSER_OF = {v: k for k, v in _PAIRS.items()}
# List markers close nothing: `a)`, `2)`, `1a)`, `iv)`, `A)`, `а)`, `б)`, `2.1)`.
_ENUM = re.compile(
    r"(?:(?:^|[\n:;,.—–-])\s*([^\W\d_])\1?"  # a letter item after punctuation: `: a)`, `, b)`, `, aa)`
    r"|(?:^|[\s:;,.—–(-])(?:\d{1,2}(?:\.\d{1,2})*[^\W\d_]?"  # `2)`, `1a)`, `2.1)`, `Chapter 1)`
    r"|(?=[ivx])x{0,3}(?:ix|iv|v?i{0,3})|(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})))$"  # `iv)`, `IV)`
)
# Emoticons: `:)`, `:-)`, `;)`, `:(`, `:-(`, `=)`, `:'(`, `)))`.
_SMILEY = re.compile(r"(?:[:;=]|(?:^|(?<=\s))8)['\-^]?$")
_SMILEY_REVERSED = re.compile(r"[(\[]['\-^]?[:;=](?!\S)")


def _scan(text: str) -> tuple[list[int], list[int]]:
    """Offsets of unmatched openers and unmatched closers in a paragraph."""
    stack: list[int] = []
    unopened: list[int] = []
    # `)))`, the Russian chat smile: a run of three or more closers after a word or a smiley
    ends = {m.start() + k for m in re.finditer(r"\){3,}", text) for k in range(len(m.group()))}
    for i, ch in enumerate(text):
        if ch in "([":
            if ch == "(" and _SMILEY.search(text[max(0, i - 3) : i]):
                continue
            if _SMILEY_REVERSED.match(text, i):
                continue  # `(:`, `[:`
            stack.append(i)
        elif ch in ")]":
            before = text[max(0, i - 12) : i]
            if _SMILEY.search(before[-3:]) and not (stack and before[-1:] != "-" and _PAIRS[ch] == text[stack[-1]]):
                continue  # `:)`, `:-]`; but `(see 3:)` closes its bracket
            if ch == ")" and i in ends and not stack:
                continue
            if stack and text[stack[-1]] == _PAIRS[ch]:
                stack.pop()
            elif not stack and ch == ")" and (_ENUM.search(before) or _next_item(text, i)):
                continue
            else:
                unopened.append(i)
    return stack, unopened


def _next_item(text: str, i: int) -> bool:
    """`a) trade and b) transit`: a letter item after a word, when the item before it came first."""
    letter = text[i - 1 : i]
    if not (letter.isalpha() and (i < 2 or text[i - 2].isspace())):
        return False
    if letter in "aAаА":  # the first item, when the second follows: `choose A) yes or B) no`
        return re.search(rf"(?<!\w){chr(ord(letter) + 1)}\)", text[i + 1 :]) is not None
    return f"{chr(ord(letter) - 1)})" in text[: i - 1]


def check(ctx: Context) -> Iterator[Hit]:
    """
    What it does:
        Flags a `(` or `[` that is not closed in its paragraph, or a `)`/`]` that closes
        nothing. When a bracket is closed only in the next paragraph (a source
        marker or a bad line break split the sentence), it is reported once, at the opener.

    Why is this bad?
        An unclosed parenthesis leaves the reader waiting for its end; in MT output it usually
        means a sentence was cut in two by an artefact.

    Example:
        ```
        The talks with the neighbouring (with Afghanistan countries went on.
        ```

    Use instead:
        ```
        The talks with the neighbouring countries (Uzbekistan and Tajikistan) went on; the
        parties agreed on two points: a) trade, b) security.
        ```
    """
    kinds = (ParagraphKind.BODY, ParagraphKind.BULLET, ParagraphKind.HEADING)
    consumed: set[tuple[int, int]] = set()
    scans: dict[int, tuple[list[int], list[int]]] = {p.index: _scan(p.text) for p in ctx.of_kind(*kinds)}
    for p in ctx.of_kind(*kinds):
        openers, closers = scans[p.index]
        for i, pos in enumerate(openers):
            later = _closed_later(ctx, p, scans, consumed) if i == len(openers) - 1 else None
            ch = p.text[pos]
            if later is not None:
                target, where = later
                yield ctx.hit(
                    p,
                    pos,
                    pos + 1,
                    f"`{ch}` is closed only {'at the start of' if where == 0 else 'in'} paragraph "
                    f"{target.index} (line {target.line}): the sentence is split across paragraphs",
                )
            else:
                yield ctx.hit(p, pos, pos + 1, f"`{ch}` is never closed in this paragraph")
        for pos in closers:
            if (p.index, pos) not in consumed:
                yield ctx.hit(p, pos, pos + 1, f"`{p.text[pos]}` closes a bracket that was never opened")


def _closed_later(
    ctx: Context, p: Paragraph, scans: dict[int, tuple[list[int], list[int]]], consumed: set[tuple[int, int]]
) -> tuple[Paragraph, int] | None:
    """The next paragraph and where in it, if it closes the bracket ``p`` left open (`(or forks?`
    then `straws?).`): one split, reported once at the opener."""
    nxt, _ = next_paragraph(ctx, p, (ParagraphKind.MARKER, ParagraphKind.CAPTION))
    if nxt is None or nxt.index not in scans:
        return None
    closers = scans[nxt.index][1]
    if closers and nxt.text[closers[0]] == _CLOSER_OF[p.text[scans[p.index][0][-1]]]:
        consumed.add((nxt.index, closers[0]))
        return nxt, closers[0]
    return None
