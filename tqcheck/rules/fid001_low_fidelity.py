"""FID001 low-fidelity."""

from __future__ import annotations

from collections.abc import Iterator

from tqcheck.rules.base import Context, Hit


def check(ctx: Context) -> Iterator[Hit]:
    """
    What it does:
        Flags an aligned paragraph whose fidelity score (0-100; chrF, chrF++, BLEU and TER
        against the reference weighted per MT language, less penalties for mismatched figures,
        missing names and a wrong length) is below `min-fidelity` (default 35). Needs a
        reference, or a source and an MT model.

    Why is this bad?
        A low score means the paragraph says something other than the original; an editor
        should compare the two before publishing.

    Example:
        ```
        The central bank left rates alone and will watch prices next year.
        ```
        ```reference
        The central bank raised its key interest rate by two percentage points to fight inflation.
        ```

    Use instead:
        ```
        The central bank raised its key rate by two percentage points to fight inflation.
        ```
        ```reference
        The central bank raised its key interest rate by two percentage points to fight inflation.
        ```
    """
    fid = ctx.fidelity
    if fid is None:
        return
    threshold = ctx.settings.min_fidelity
    for pair in fid.pairs:
        if pair.fidelity is None or not pair.mt or pair.fidelity >= threshold:
            continue
        para = ctx.paragraph(pair.mt[0])
        yield ctx.hit(
            para,
            0,
            len(para.text),
            f"fidelity {pair.fidelity:.0f} is below {threshold:g}"
            + (f" (chrF {pair.scores.chrf:.0f}, TER {pair.scores.ter:.0f})" if pair.scores else ""),
        )
