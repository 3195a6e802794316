"""QUO004 foreign-quotes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from tqcheck.rules.base import Context, Hit

_TO_ENGLISH = {"«": "“", "»": "”", "„": "“", "‹": "‘", "›": "’", "‟": "“"}
_TO_RUSSIAN = {"“": "«", "”": "»", "‟": "«"}


def check(ctx: Context) -> Iterator[Hit]:
    """
    What it does:
        Flags quotation marks of another language's typography: guillemets `«»` or low-9 `„`
        in an English target; the English closing `”` in a Russian one.

    Why is this bad?
        MT passes the source's quotation marks through untouched; English readers take `«»`
        for a foreign-language quotation.

    Example:
        ```
        The expert called the plan «a risky gamble».
        ```

    Use instead:
        ```
        The expert called the plan “a risky gamble”.
        ```
    """
    foreign = _foreign(ctx.profile.all_quote_chars, ctx.profile.allowed_quote_chars)
    if foreign is None:
        return
    mapping = _TO_RUSSIAN if ctx.profile.script == "Cyrl" else _TO_ENGLISH
    for p in ctx.prose():
        for m in foreign.finditer(p.text):
            i, ch = m.start(), m.group()
            repl = mapping.get(ch)
            yield ctx.hit(
                p,
                i,
                i + 1,
                f"`{ch}` is not used as a quotation mark in {ctx.profile.name}",
                repl,
                f"use `{repl}`" if repl else "",
            )


@lru_cache(maxsize=8)
def _foreign(quote_chars: str, allowed: frozenset[str]) -> re.Pattern[str] | None:
    """One character class of the quotation marks the language does not use (a scan in C, not a
    Python loop over every character)."""
    foreign = sorted(set(quote_chars) - allowed)
    return re.compile("[" + "".join(re.escape(ch) for ch in foreign) + "]") if foreign else None
