"""QUO003 dash-attribution."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tqcheck.quotes import analyse, attribution_re, dash_attribution_re
from tqcheck.rules.base import Context, Hit

_GLUED = re.compile(r"([,.!?…])(\s*)([\"”»])(\s*[-–—]\s*|(?=[^\W\d_]))")


def check(ctx: Context) -> Iterator[Hit]:
    """
    What it does:
        Flags Russian direct-speech punctuation carried into English: a dash between the
        quotation and its attribution (`," - said X`, `, "- he said`, `… , - Abascal said`),
        or a closing mark glued to the attribution (`, ”the analyst said`).

    Why is this bad?
        Russian writes `«…», — сказал он`; English writes `“…,” he said`. MT copies the Russian
        punctuation, which reads as a stray dash or a quotation opened by mistake. Not checked in
        a Russian target, where the dash is correct.

    Example:
        ```
        “It is unlikely that guessing will help, "- said a spokesman for the Pentagon.
        ```

    Use instead:
        ```
        “It is unlikely that guessing will help,” said a spokesman for the Pentagon - a
        cautious answer.
        ```
    """
    if not ctx.profile.dash_attribution_is_foreign:
        return
    attribution = attribution_re(ctx.profile)
    closers = {m.offset for m in analyse(ctx.document, ctx.profile).marks if not m.opens}
    for p in ctx.prose():
        text = p.text
        for m in _GLUED.finditer(text):
            punct, space, quote, dash = m.groups()
            if not attribution.match(text, m.end()):
                continue
            if not dash.strip() and (not space or (p.start + m.start(3)) not in closers):
                continue
            what = "a dash" if dash.strip() else "no space"
            yield ctx.hit(
                p,
                m.start(),
                m.end(),
                f"Russian-style attribution: {what} between the quotation and `{_words(text, m.end())}`",
                f"{punct}{quote} ",
                "put the comma inside the quotation and drop the dash",
                safe=False,
            )
        for m in dash_attribution_re(ctx.profile).finditer(text):
            if text[m.start() - 1] in '"”»':
                continue  # handled above
            yield ctx.hit(
                p,
                m.start(),
                m.end(),
                f"Russian-style attribution: a dash before `{_words(text, m.end())}`; the closing quotation mark is missing",
            )


def _words(text: str, start: int, n: int = 3) -> str:
    return " ".join(text[start : start + 80].split()[:n])
