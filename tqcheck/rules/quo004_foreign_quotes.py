"""QUO004 foreign-quotes."""

from __future__ import annotations

from collections.abc import Iterator

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
    allowed = ctx.profile.allowed_quote_chars
    mapping = _TO_RUSSIAN if ctx.profile.script == "Cyrl" else _TO_ENGLISH
    for p in ctx.prose():
        for i, ch in enumerate(p.text):
            if ch not in ctx.profile.all_quote_chars or ch in allowed:
                continue
            repl = mapping.get(ch)
            yield ctx.hit(
                p,
                i,
                i + 1,
                f"`{ch}` is not used as a quotation mark in {ctx.profile.name}",
                repl,
                f"use `{repl}`" if repl else "",
            )
