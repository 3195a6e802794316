"""ALN003 number-mismatch."""

from __future__ import annotations

from collections.abc import Iterator

from tqcheck.rules.aln006_sentence_omission import omitted_sentences
from tqcheck.rules.base import Context, Hit


def check(ctx: Context) -> Iterator[Hit]:
    """
    What it does:
        Flags a figure present on one side of an aligned pair and not the other, after
        normalising language conventions: `2,5 млрд` = `2.5 billion`, `1 500` = `1,500`,
        `2 июля` = `July 2`, `$240 млн` = `$240 million`. Works against a Russian source without
        any model. Small whole numbers (0-10) are skipped: one side often spells them out.

    Why is this bad?
        A wrong figure is the costliest error in news translation; chrF and BLEU barely move when
        `24` becomes `240`.

    Example:
        ```
        The Pentagon plans to allocate $24 million for the project.
        ```
        ```reference
        The Pentagon plans to allocate $240 million for the project.
        ```

    Use instead:
        ```
        The Pentagon plans to allocate $240 million for the project on July 2.
        ```
        ```reference
        On 2 July the Pentagon said it plans to allocate 240 million dollars for the project.
        ```
    """
    fid = ctx.fidelity
    if fid is None:
        return
    side = fid.side
    for pair in fid.pairs:
        if not pair.mt:
            continue
        first = ctx.paragraph(pair.mt[0])
        omitted = omitted_sentences(ctx, pair)  # reported whole by ALN006
        for figure in pair.missing_figures:
            if any(figure in sentence for sentence in omitted):
                continue
            yield ctx.hit(first, 0, len(first.text), f"figure `{figure}` of the {side} is missing from this paragraph")
        for start, end, text in pair.extra_figures:
            para = next(ctx.paragraph(i) for i in pair.mt if ctx.paragraph(i).start <= start <= ctx.paragraph(i).end)
            yield ctx.hit(para, start - para.start, end - para.start, f"figure `{text}` is not in the {side}")
