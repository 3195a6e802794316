"""QUO001 unbalanced-quotes."""

from __future__ import annotations

from collections.abc import Iterator

from tqcheck.rules.base import Context, Hit


def check(ctx: Context) -> Iterator[Hit]:
    """
    What it does:
        Flags a quotation that is opened and never closed, and a closing quotation mark with
        no opening one. A quotation may run over several paragraphs if, as English convention
        wants, each continuing paragraph re-opens it; a continuing paragraph that does not is
        flagged at the quotation's opening mark.

    Why is this bad?
        MT drops closing marks when it converts Russian direct speech (`«…», — сказал он`) and
        forgets to re-open a quotation that spans paragraphs, so readers cannot tell where the
        quoted words end.

    Example:
        ```
        “No decisions have been made yet.

        It is unlikely that guessing will help, the spokesman said.
        ```

    Use instead:
        ```
        “No decisions have been made yet.

        “It is unlikely that guessing will help,” the spokesman said.
        ```
    """
    analysis = ctx.quotes
    paragraphs = ctx.paragraphs
    for u in analysis.unclosed:
        p = paragraphs[u.opener.paragraph - 1]
        line, col = ctx.document.position(u.at)
        if u.reason == "not-reopened":
            msg = f"quotation opened here runs into paragraph {u.at_paragraph} (line {line}), which does not re-open it"
        elif u.reason == "attribution":
            msg = f"quotation opened here is not closed before the attribution at line {line}, column {col}"
        else:
            msg = "quotation opened here is never closed"
        yield ctx.hit(p, u.opener.offset - p.start, u.opener.offset - p.start + 1, msg)
    for mark in analysis.unopened:
        p = paragraphs[mark.paragraph - 1]
        yield ctx.hit(
            p,
            mark.offset - p.start,
            mark.offset - p.start + 1,
            f"closing quotation mark `{mark.char}` without an opening one",
        )
