"""TYP002 number-format."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tqcheck.rules.base import Context, Hit

_SPACE_GROUPS = re.compile(r"(?<![\d,.])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d]|[,.]\d)")
_COMMA_GROUPS = re.compile(r"(?<![\d,.])\d{1,3}(?:,\d{3})+(?![\d]|[,.]\d)")
_MORE_DIGITS = re.compile(r"\s\d")
_COUNT_BEFORE = re.compile(r"\b(?:of the|of)\s$")
_DIGIT = re.compile(r"\d")


def check(ctx: Context) -> Iterator[Hit]:
    """
    What it does:
        Flags numbers written in the source language's conventions: thousands grouped with
        spaces (`1 200 km`), a decimal comma before a unit or magnitude (`2,5 million`), and
        calqued abbreviations (`mln`, `bln`). In a Russian target, the English forms
        (`1,200`, `2.5 млн`).

    Why is this bad?
        `2,5 million` reads as a list or a typo to an English reader, and `1 200` as two
        numbers; `mln` is not an English abbreviation.

    Example:
        ```
        The road is 1 200 km long and cost 2,5 million dollars, or 40 mln rubles a year.
        ```

    Use instead:
        ```
        The road is 1,200 km long and cost 2.5 million dollars, or 40 million rubles a year,
        in 2021 and 2022.
        ```
    """
    profile = ctx.profile
    units = "|".join(re.escape(w) for w in sorted(profile.magnitude_words, key=len, reverse=True))
    foreign_decimal = "," if profile.decimal_separator == "." else r"\."
    decimal = re.compile(rf"(?<![\d,.])\d+({foreign_decimal})\d{{1,2}}(?![\d,.])(?=\s?(?:{units})(?!\w))")
    groups = _SPACE_GROUPS if profile.group_separator == "," else _COMMA_GROUPS
    wrong = "spaces" if profile.group_separator == "," else "commas"
    for p in ctx.prose():
        text = p.text
        if not _DIGIT.search(text):
            continue  # every pattern below needs a digit (`\d`, as they use it)
        for m in groups.finditer(text):
            fixed = re.sub(r"[ \u00a0\u202f,]", profile.group_separator, m.group())
            # `call 800 555 1234`, `of the 15 300 were`: more digits or a count before it make
            # the reading uncertain, so the fix is offered but not applied by default.
            # Look only just around the match: slicing the whole text per match was quadratic.
            sure = not _MORE_DIGITS.match(text, m.end()) and not _COUNT_BEFORE.search(
                text[max(0, m.start() - 8) : m.start()]
            )
            yield ctx.hit(
                p,
                m.start(),
                m.end(),
                f"thousands grouped with {wrong}: `{m.group()}`",
                fixed,
                f"write `{fixed}`",
                safe=sure,
            )
        for m in decimal.finditer(text):
            fixed = m.group().replace(m.group(1), profile.decimal_separator)
            yield ctx.hit(p, m.start(), m.end(), f"decimal `{m.group(1)}` in `{m.group()}`", fixed, f"write `{fixed}`")
        if profile.calques:
            names = "|".join(re.escape(k) for k in profile.calques)
            for m in re.finditer(rf"(?<=\d)[ \u00a0]?({names})\b(?-i:\.(?=\s+[a-z]))?", text, re.IGNORECASE):
                word = profile.calques[m.group(1).lower()]
                yield ctx.hit(
                    p,
                    m.start(),
                    m.end(),
                    f"`{m.group(1)}` is not an abbreviation used in {profile.name}",
                    f" {word}",
                    f"write `{word}`",
                )
