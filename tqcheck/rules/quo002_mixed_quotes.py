"""QUO002 mixed-quotes."""

from __future__ import annotations

from collections.abc import Iterator

from tqcheck.quotes import closer_for
from tqcheck.rules.base import Context, Hit


def check(ctx: Context) -> Iterator[Hit]:
    """
    What it does:
        Flags a quotation opened with one style of mark and closed with another, such as a
        curly `“` closed by a straight `"`.

    Why is this bad?
        MT engines and copy-paste from CMS fields mix typographic and typewriter quotes; the
        mismatch looks careless and breaks quote-aware tools.

    Example:
        ```
        “It is unlikely that guessing will help," the spokesman said.
        ```

    Use instead:
        ```
        “It is unlikely that guessing will help,” the spokesman said. He called it "a guess".
        ```
    """
    paragraphs = ctx.paragraphs
    for opener, closer in ctx.quotes.pairs:
        expected = closer_for(opener.char)
        if closer.char == expected:
            continue
        p = paragraphs[closer.paragraph - 1]
        rel = closer.offset - p.start
        line, col = ctx.document.position(opener.offset)
        yield ctx.hit(
            p,
            rel,
            rel + 1,
            f"quotation opened with `{opener.char}` (line {line}, column {col}) is closed with `{closer.char}`",
            expected,
            f"close with `{expected}`",
        )
