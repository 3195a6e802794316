"""UNT002 mixed-script-word."""

from __future__ import annotations

from collections.abc import Iterator

from tqcheck.rules.base import Context, Hit
from tqcheck.text import CYRILLIC, LATIN, iter_words, script_of

# Cyrillic letters that look like Latin ones, and back.
CYR_TO_LAT = dict(zip("аеорсуххАВЕКМНОРСТХіјѕІЈЅ", "aeopcyxxABEKMHOPCTXijsIJS", strict=True))
LAT_TO_CYR = {lat: cyr for cyr, lat in CYR_TO_LAT.items()}


def check(ctx: Context) -> Iterator[Hit]:
    """
    What it does:
        Flags a word that mixes Latin and Cyrillic letters, such as `Pеntagon` with a Cyrillic
        `е`, and offers the word with its look-alike letters replaced.

    Why is this bad?
        Homoglyphs look right but break search, spell-checking and name matching; they come
        from OCR, keyboard-layout slips and MT of mixed input.

    Example:
        ```
        The Pеntagon said it would send more troops.
        ```

    Use instead:
        ```
        The Pentagon said it would send more troops.
        ```
    """
    for p in ctx.prose():
        if not (CYRILLIC.search(p.text) and LATIN.search(p.text)):
            continue  # most paragraphs are in one script: nothing to mix
        for m in iter_words(p.text):
            word = m.group()
            scripts = [script_of(ch) for ch in word if ch.isalpha()]
            if "Latn" not in scripts or "Cyrl" not in scripts:
                continue
            majority = "Latn" if scripts.count("Latn") >= scripts.count("Cyrl") else "Cyrl"
            table = CYR_TO_LAT if majority == "Latn" else LAT_TO_CYR
            minority = "Cyrl" if majority == "Latn" else "Latn"
            fixed = "".join(table.get(ch, ch) if script_of(ch) == minority else ch for ch in word)
            clean = all(script_of(ch) != minority for ch in fixed if ch.isalpha())
            yield ctx.hit(
                p,
                m.start(),
                m.end(),
                f"`{word}` mixes Latin and Cyrillic letters",
                fixed if clean else None,
                f"write `{fixed}`",
            )
