"""TYP003 spacing."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from tqcheck.model import Paragraph
from tqcheck.rules.base import Context, Hit

if TYPE_CHECKING:
    from tqcheck.quotes import Mark

# Each pattern starts with the character it is about and checks what precedes it with a
# lookbehind after it (`[ ](?<=\w[ ])`, not `(?<=\w)[ ]`): a pattern that starts with a character
# class lets `re` skip ahead to the candidates, one that starts with a lookbehind tries every
# position (2-3x slower on prose). The matches are the same.
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"[ \t\u00a0](?<=\w[ \t\u00a0])[ \t\u00a0]*(?=[,;:!?](?:\s|$)|\.(?:\s|$))"),
        "space before punctuation",
    ),
    (
        re.compile(r"[ \t\u00a0](?<=[\w.,!?][ \t\u00a0])[ \t\u00a0]*(?=(?:”[.,;:!?]?|\"[.,;:!?])(?:\s|$))"),
        "space before a closing quotation mark",
    ),
    (
        re.compile(r"[ \t\u00a0](?<=[\"”»][ \t\u00a0])[ \t\u00a0]*(?=[.,;:!?](?:\s|$))"),
        "space between a quotation mark and punctuation",
    ),
    (
        # not after an emoticon's bracket: `:(`, `:-(`, `;'(`
        re.compile(
            r"[ \t\u00a0](?<=[(\[{][ \t\u00a0])(?<![:;=][(\[][ \t\u00a0])(?<![:;=]['\-^][(\[][ \t\u00a0])[ \t\u00a0]*(?=\S)"
        ),
        "space after an opening bracket",
    ),
    (re.compile(r"[ \t\u00a0](?<=\w[ \t\u00a0])[ \t\u00a0]*(?=[)\]}])"), "space before a closing bracket"),
    (re.compile(r" (?<=\S ) +(?=\S)"), "doubled space"),
)


_MISPLACED = re.compile(r" (?<=[^\W\d_] )([,;]|\.(?=[A-ZА-ЯЁ][a-zа-яё]))(?=[^\W\d_])")
# `,”said Hal`, `.»сказал он`: a closing mark glued to the next word.
_GLUED_ATTRIBUTION = re.compile(r"([”»])(?<=[,.!?…][”»])(?=[^\W\d_])")
_SPACES = re.compile(r"[ \t\u00a0]+")
_PERCENT = re.compile(r"[ \u00a0](?<=\d[ \u00a0])(?=%)")
# `This,is`, `ended.Next`: no space after a comma between words, or after a sentence's period
# before a capitalised word (not `Node.js`, `U.S.`, `ASP.NET`, `Lenta.ru`).
_MISSING_AFTER = re.compile(
    r"(,)(?<=[^\W\d_]{2},)(?=[^\W\d_]{2})|(\.)(?<=[a-zа-яё]{3}\.)(?=[A-ZА-ЯЁ][a-zа-яё]{2,}\b(?![.@]))"
)


def check(ctx: Context) -> Iterator[Hit]:
    """
    What it does:
        Flags white space where English typography has none: before a comma, period, colon,
        semicolon, `!` or `?` (`industry ,`; `This ,is` and `word .Next`, where the space went
        before the mark instead of after it), and missing after one (`This,is`, `ended.Next`);
        just inside quotation marks (`" incorrect "`, `« once »`) and brackets; doubled spaces
        between words; a closing quotation mark glued to the next word (`,”said Hal`); and, in
        English, before `%` (`12 %`). A spaced ellipsis (`Otherwise ... the`) is left alone.

    Why is this bad?
        These spaces come from tokenised MT output and from French/Russian typing habits; they
        let a line break fall before the punctuation and look sloppy.

    Example:
        ```
        The decision hurt the industry , officials said about the "plan" .
        ```

    Use instead:
        ```
        The decision hurt the industry, officials said. Otherwise ... the plan (as drafted) stands.
        ```
    """
    marks_of: dict[int, list[Mark]] = {}
    for quote_mark in ctx.quotes.marks:  # once, not once per paragraph
        marks_of.setdefault(quote_mark.paragraph, []).append(quote_mark)
    for p in ctx.prose():
        seen: set[int] = set()
        for m in _MISPLACED.finditer(p.text):
            # `This ,is`, `word .Next`: the space went before the mark instead of after it.
            seen.add(m.start())
            mark = m.group(1)
            yield ctx.hit(
                p, m.start(), m.end(), f"space before `{mark}` instead of after it", f"{mark} ", f"write `{mark} `"
            )
        for m in _GLUED_ATTRIBUTION.finditer(p.text):
            yield ctx.hit(
                p,
                m.start(),
                m.end(),
                f"no space after the closing quotation mark `{m.group(1)}`",
                f"{m.group(1)} ",
                "add a space",
            )
        for start, end, what in _inside_quotes(marks_of.get(p.index, ()), p):
            seen.add(start)
            yield ctx.hit(p, start, end, what, "", "remove the space")
        for m in _MISSING_AFTER.finditer(p.text):
            mark = m.group(1) or m.group(2)
            yield ctx.hit(p, m.start(), m.end(), f"no space after `{mark}`", f"{mark} ", "add a space")
        if not ctx.profile.percent_space_allowed:
            for m in _PERCENT.finditer(p.text):
                seen.add(m.start())
                yield ctx.hit(p, m.start(), m.end(), "space before `%`", "", "remove the space")
        for pattern, what in _PATTERNS:
            for m in pattern.finditer(p.text):
                if m.start() in seen:
                    continue
                seen.add(m.start())
                yield ctx.hit(p, m.start(), m.end(), what, " " if what == "doubled space" else "", "remove the space")


def _inside_quotes(marks: Iterable[Mark], p: Paragraph) -> Iterator[tuple[int, int, str]]:
    """Spaces just inside a quotation (`" incorrect "`, `« once »`), from the paragraph's resolved marks."""
    text = p.text
    for mark in marks:
        at = mark.offset - p.start
        if mark.opens:
            m = _SPACES.match(text, at + 1)
            if m and m.end() < len(text) and (text[m.end()].isalnum()):
                yield m.start(), m.end(), "space after an opening quotation mark"
        else:
            run = 0  # spaces just before the mark
            while run < at and text[at - run - 1] in " \t\u00a0":
                run += 1
            if text[at + 1 : at + 2].isalpha() or text[at + 1 : at + 3].lstrip()[:1] in ("-", "–", "—"):
                continue  # `, "the expert said`, `, "- said`: Russian-style attribution is QUO003's
            if run and at - run > 0 and (text[at - run - 1].isalnum() or text[at - run - 1] in ".,!?…"):
                yield at - run, at, "space before a closing quotation mark"
