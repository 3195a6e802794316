"""TYP004 repeated-word."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tqcheck.rules.base import Context, Hit

_REPEAT = re.compile(r"(?<![\w'’-])([^\W\d_]+)([ \t\u00a0]+)(\1)(?![\w'’-])", re.IGNORECASE)


def check(ctx: Context) -> Iterator[Hit]:
    """
    What it does:
        Flags a word written twice in a row (`The the`), except doublings that are grammatical
        in the target language (`that that`, `had had`) and capitalised names (`Walla Walla`).

    Why is this bad?
        MT and post-editing leave doubled words at segment joins; readers stumble on them and
        spell-checkers miss them.

    Example:
        ```
        The the minister arrived on Monday.
        ```

    Use instead:
        ```
        The minister said that that decision had had no effect.
        ```
    """
    allowed = ctx.profile.allowed_repeats
    for p in ctx.prose():
        for m in _REPEAT.finditer(p.text):
            if m.group(1).lower() in allowed:
                continue
            if m.group(1)[0].isupper() and m.group(3)[0].isupper():
                continue  # `Walla Walla`, `Bora Bora`, `Sirhan Sirhan`: names, not slips
            yield ctx.hit(
                p, m.start(2), m.end(3), f"`{m.group(1)}` is repeated", "", f"remove the second `{m.group(3)}`"
            )
