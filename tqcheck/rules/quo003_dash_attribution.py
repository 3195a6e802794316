"""QUO003 dash-attribution."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tqcheck.quotes import attribution_re, dash_attribution_re
from tqcheck.rules.base import Context, Hit

_GLUED = re.compile(r"([,.!?…])(\s*)([\"”»])(\s*[-–—]\s*|(?=[^\W\d_]))")
# `“We are ready” - said the minister`, `"We will not allow this", - Peskov said`: the closing
# mark right after a word, an optional comma, then a dash.
_QUOTE_DASH = re.compile(r"(?<=[^\W_])([\"”»])(,?)(\s*[-–—]\s+)")


def check(ctx: Context) -> Iterator[Hit]:
    """
    What it does:
        Flags Russian direct-speech punctuation carried into English: a dash between the
        quotation and its attribution (`," - said X`, `, "- he said`, `” - said X`,
        `", - Peskov said`, `… , - Abascal said`), or a closing mark glued to the attribution
        (`, ”the analyst said`). A dateline (`MOSCOW (Reuters) - Russia said`) is not flagged.

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
    analysis = ctx.quotes
    closers = {m.offset for m in analysis.marks if not m.opens}
    # Where an open quotation met a dash attribution (`) - Kirby said`): only there does a dash
    # after a bracket mean a lost closing mark; elsewhere it is a dateline (`MOSCOW (Reuters) -`).
    cut_quotes = {u.at for u in analysis.unclosed if u.reason == "attribution"}
    for p in ctx.prose():
        text = p.text
        for m in _QUOTE_DASH.finditer(text):
            if not attribution.match(text, m.end()) or (p.start + m.start(1)) not in closers:
                continue
            yield ctx.hit(
                p,
                m.start(),
                m.end(),
                f"Russian-style attribution: a dash between the quotation and `{_words(text, m.end())}`",
                f",{m.group(1)} ",
                "put the comma inside the quotation and drop the dash",
                safe=False,
            )
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
            if text[m.start() - 1] in '"”»' or text[max(0, m.start() - 2) : m.start()] in ('",', "”,", "»,"):
                continue  # handled above
            if text[m.start() - 1] == ")" and p.start + m.start() not in cut_quotes:
                continue
            yield ctx.hit(
                p,
                m.start(),
                m.end(),
                f"Russian-style attribution: a dash before `{_words(text, m.end())}`; the closing quotation mark is missing",
            )


def _words(text: str, start: int, n: int = 3) -> str:
    return " ".join(text[start : start + 80].split()[:n])
