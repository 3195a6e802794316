"""TYP001 currency-spacing."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tqcheck.rules.base import Context, Hit

_SPACED = re.compile(r"([$€£¥₽])[ \u00a0\u202f]+(?=\d)")
_AFTER = re.compile(r"(?<![\w$€£¥.,])(\d(?:[\d,.]*\d)?)[ \u00a0]?([$€£¥])(?![\w$€£¥])(?![ \u00a0]?\d)")


def check(ctx: Context) -> Iterator[Hit]:
    """
    What it does:
        Flags a currency sign set apart from its amount (`$ 240 million`, `€ 3.5 billion`), and
        in an English target a sign written after the amount (`240 $`).

    Why is this bad?
        English writes the sign before the figure with no space: `$240 million`. The spaced
        and postfixed forms come from Russian typography (`240 млн долларов`, `240 $`).

    Example:
        ```
        The Pentagon plans to allocate $ 240 million for the project.
        ```

    Use instead:
        ```
        The Pentagon plans to allocate $240 million for the project.
        ```
    """
    prefix = ctx.profile.currency_position == "prefix"
    for p in ctx.prose():
        for m in _SPACED.finditer(p.text):
            yield ctx.hit(
                p, m.start(), m.end(), f"space between `{m.group(1)}` and the amount", m.group(1), "remove the space"
            )
        if not prefix:
            continue
        for m in _AFTER.finditer(p.text):
            amount, sign = m.groups()
            yield ctx.hit(
                p,
                m.start(),
                m.end(),
                f"`{sign}` after the amount; English puts it before",
                f"{sign}{amount}",
                f"write `{sign}{amount}`",
            )
