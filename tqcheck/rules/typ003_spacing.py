"""TYP003 spacing."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tqcheck.rules.base import Context, Hit

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?<=\w)[ \t\u00a0]+(?=[,;:!?](?:\s|$)|\.(?:\s|$))"), "space before punctuation"),
    (re.compile(r"(?<=[\w.,!?])[ \t\u00a0]+(?=[\"”][.,;:!?]?(?:\s|$))"), "space before a closing quotation mark"),
    (re.compile(r"(?<=[\"”»])[ \t\u00a0]+(?=[.,;:!?](?:\s|$))"), "space between a quotation mark and punctuation"),
    (re.compile(r"(?<=[(\[])[ \t\u00a0]+(?=\S)"), "space after an opening bracket"),
    (re.compile(r"(?<=\w)[ \t\u00a0]+(?=[)\]])"), "space before a closing bracket"),
    (re.compile(r"(?<=\S) {2,}(?=\S)"), "doubled space"),
)


def check(ctx: Context) -> Iterator[Hit]:
    """
    What it does:
        Flags white space where English typography has none: before a comma, period, colon,
        semicolon, `!` or `?` (`industry ,`), before a closing quotation mark (`countries ".`),
        inside brackets, and doubled spaces between words. A spaced ellipsis (`Otherwise ...
        the`) is left alone.

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
    for p in ctx.prose():
        seen: set[int] = set()
        for pattern, what in _PATTERNS:
            for m in pattern.finditer(p.text):
                if m.start() in seen:
                    continue
                seen.add(m.start())
                yield ctx.hit(p, m.start(), m.end(), what, " " if what == "doubled space" else "", "remove the space")
