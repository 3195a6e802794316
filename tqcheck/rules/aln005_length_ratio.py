"""ALN005 length-ratio."""

from __future__ import annotations

from collections.abc import Iterator

from tqcheck.rules.base import Context, Hit

MIN_CHARS = 60


def check(ctx: Context) -> Iterator[Hit]:
    """
    What it does:
        Flags an aligned paragraph much shorter or longer than its counterpart: the length
        ratio (smoothed, and scaled by the usual ratio of the two languages) is beyond
        `max-length-ratio` (default 2) either way. Short paragraphs (< 60 characters) are
        not judged.

    Why is this bad?
        A translation half the length of its original has lost something; twice the length,
        it has gained something. Both deserve an editor's look even when each sentence reads
        well.

    Example:
        ```
        The minister met his Kazakh counterpart in Astana on Monday to discuss tariffs.
        ```
        ```reference
        The minister met his Kazakh counterpart in Astana on Monday to discuss transit tariffs, a new ferry line, the customs checks that have slowed cargo at the border for months and the cost of fuel.
        ```

    Use instead:
        ```
        The minister met his Kazakh counterpart in Astana on Monday to discuss transit tariffs and a new ferry line.
        ```
        ```reference
        On Monday in Astana the minister met his Kazakh counterpart to discuss transit tariffs and a new ferry line.
        ```
    """
    fid = ctx.fidelity
    if fid is None:
        return
    limit = ctx.settings.max_length_ratio
    for pair in fid.pairs:
        ratio = pair.length_ratio
        if ratio is None or not pair.mt:
            continue
        mt_len = sum(len(ctx.paragraph(i).text) for i in pair.mt)
        if (mt_len < MIN_CHARS and ratio > 1) or (ratio < 1 and mt_len * 2 < MIN_CHARS):
            continue
        if ratio > limit or ratio < 1 / limit:
            para = ctx.paragraph(pair.mt[0])
            what = "shorter" if ratio < 1 else "longer"
            factor = 1 / ratio if ratio < 1 else ratio
            yield ctx.hit(para, 0, len(para.text), f"paragraph is {factor:.1f}× {what} than its counterpart")
