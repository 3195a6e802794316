"""ALN001 omission."""

from __future__ import annotations

from collections.abc import Iterator

from tqcheck.rules.base import Context, Hit


def check(ctx: Context) -> Iterator[Hit]:
    """
    What it does:
        Flags a paragraph of the reference (or of the source) that no paragraph of the
        translation corresponds to. The finding sits at the translation paragraph after the
        gap. Runs only when a reference or source is given.

    Why is this bad?
        MT pipelines drop segments that fail to translate or that a scraper missed; the article
        then reads smoothly and says less than the original.

    Example:
        ```
        The minister arrived in Tashkent on Monday.

        Talks will resume in the autumn, officials said.
        ```
        ```reference
        The minister arrived in Tashkent on Monday.

        He met President Mirziyoyev and discussed a railway through Afghanistan and new customs posts on the border.

        Talks will resume in the autumn, officials said.
        ```

    Use instead:
        ```
        The minister arrived in Tashkent on Monday.

        He met President Mirziyoyev and discussed a railway through Afghanistan and new customs posts.

        Talks will resume in the autumn, officials said.
        ```
        ```reference
        The minister arrived in Tashkent on Monday.

        He met President Mirziyoyev and discussed a railway through Afghanistan and new customs posts on the border.

        Talks will resume in the autumn, officials said.
        ```
    """
    fid = ctx.fidelity
    if fid is None:
        return
    pairs = fid.pairs
    for k, pair in enumerate(pairs):
        if pair.mt or not pair.ref:
            continue
        anchor = next((p.mt[0] for p in pairs[k + 1 :] if p.mt), None)
        anchor = anchor or next((p.mt[-1] for p in reversed(pairs[:k]) if p.mt), None)
        if anchor is None:
            continue
        para = ctx.paragraph(anchor)
        ref = fid.reference.paragraphs[pair.ref[0] - 1]
        words = " ".join(ref.text.split()[:8])
        first = para.text.split()[0] if para.text.split() else para.text
        yield ctx.hit(
            para,
            0,
            len(first),
            f"{fid.side} paragraph {ref.index} (line {ref.line}) has no counterpart in the translation: “{words}…”",
        )
