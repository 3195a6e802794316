"""ALN002 addition."""

from __future__ import annotations

from collections.abc import Iterator

from tqcheck.rules.base import Context, Hit


def check(ctx: Context) -> Iterator[Hit]:
    """
    What it does:
        Flags a paragraph of the translation that corresponds to nothing in the reference or
        source. Source markers, captions and headings are furniture and are not flagged here
        (ART rules report them). Runs only when a reference or source is given.

    Why is this bad?
        Text that is not in the original is either scraped page furniture, a duplicated
        segment, or an MT hallucination; none of it should be published as the article.

    Example:
        ```
        The minister arrived in Tashkent on Monday.

        Subscribe to our channel to read more stories about the economy and politics of the region every day.

        Talks will resume in the autumn, officials said.
        ```
        ```reference
        The minister arrived in Tashkent on Monday.

        Talks will resume in the autumn, officials said.
        ```

    Use instead:
        ```
        The minister arrived in Tashkent on Monday.

        Talks will resume in the autumn, officials said.
        ```
        ```reference
        The minister arrived in Tashkent on Monday.

        Talks will resume in the autumn, officials said.
        ```
    """
    fid = ctx.fidelity
    if fid is None:
        return
    for pair in fid.pairs:
        if pair.ref or not pair.mt:
            continue
        for index in pair.mt:
            para = ctx.paragraph(index)
            yield ctx.hit(
                para,
                0,
                len(para.text),
                f"paragraph has no counterpart in the {fid.side}",
            )
