"""ALN004 name-mismatch."""

from __future__ import annotations

from collections.abc import Iterator

from tqcheck.rules.aln006_sentence_omission import omitted_sentences
from tqcheck.rules.base import Context, Hit


def check(ctx: Context) -> Iterator[Hit]:
    """
    What it does:
        Flags a proper name of the reference or source that has no counterpart in the aligned
        translation paragraph. Matching knows transliteration (`Кирби` = `Kirby`,
        `Мухриддином` ≈ `Mukhriddin`) and common exonyms (`Россия` = `Russia`).

    Why is this bad?
        MT drops, translates or garbles names (`Kirby` as `Kirbi`, a surname translated as a
        common noun); readers cannot tell who said what.

    Example:
        ```
        The spokesman did not rule out new bases in Uzbekistan.
        ```
        ```reference
        Pentagon spokesman John Kirby did not rule out new bases in Uzbekistan.
        ```

    Use instead:
        ```
        Pentagon spokesman John Kirby did not rule out new bases in Uzbekistan.
        ```
        ```reference
        Pentagon spokesman John Kirby did not exclude new bases in Uzbekistan.
        ```
    """
    fid = ctx.fidelity
    if fid is None:
        return
    side = fid.side
    for pair in fid.pairs:
        if not pair.mt or not pair.missing_names:
            continue
        para = ctx.paragraph(pair.mt[0])
        omitted = omitted_sentences(ctx, pair)  # reported whole by ALN006
        for name in pair.missing_names:
            if any(name in sentence for sentence in omitted):
                continue
            yield ctx.hit(para, 0, len(para.text), f"name `{name}` of the {side} has no counterpart here")
