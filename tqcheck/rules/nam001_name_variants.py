"""NAM001 name-variants."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from tqcheck.names import skeleton
from tqcheck.rules.base import Context, Hit

MIN_NAME_LENGTH = 4
# The capital first, then the lookbehind (the same test as `(?<![\w'’-])[A-ZА-ЯЁ]`): a pattern
# that starts with a character class lets `re` skip to the capitals.
_CAPITALISED = re.compile(r"[A-ZА-ЯЁ](?<![\w'’-][A-ZА-ЯЁ])[^\W\d_]{3,}(?:['’-][^\W\d_]+)*")


@dataclass(frozen=True)
class _Use:
    paragraph: int
    start: int
    end: int
    line: int
    offset: int


def check(ctx: Context) -> Iterator[Hit]:
    """
    What it does:
        Flags a proper name spelt two ways in one article (`Mukhriddin` / `Muhriddin`,
        `Zelensky` / `Zelenskiy`): spellings that differ only in the way a Cyrillic name can
        be transliterated. The rarer spelling is flagged, pointing at the other.

    Why is this bad?
        MT transliterates each sentence on its own, so one person gets several spellings and
        readers think they are different people.

    Example:
        ```
        Blinken met Sirojiddin Mukhriddin on Monday. Austin met Muhriddin the next day.
        ```

    Use instead:
        ```
        Blinken met Sirojiddin Muhriddin on Monday. Austin met Muhriddin the next day.
        ```
    """
    uses: dict[str, dict[str, list[_Use]]] = {}
    for p in ctx.prose():
        if _title_case(p.text):
            continue  # `Kremlin Says Talks Go On`: capitals there are style, and headlines abbreviate
        for m in _CAPITALISED.finditer(p.text):
            word = m.group()
            if word.endswith(("'s", "’s")):
                word = word[:-2]
            if len(word) < MIN_NAME_LENGTH or word.isupper():
                continue
            line, _ = ctx.document.position(p.start + m.start())
            uses.setdefault(skeleton(word), {}).setdefault(word, []).append(
                _Use(p.index, m.start(), m.start() + len(word), line, p.start + m.start())
            )
    for spellings in uses.values():
        if len(spellings) < 2:
            continue
        ranked = sorted(spellings, key=lambda w: (-len(spellings[w]), spellings[w][0].offset, w))
        main = ranked[0]
        first = spellings[main][0]
        for variant in ranked[1:]:
            for use in spellings[variant]:
                p = ctx.paragraphs[use.paragraph - 1]
                yield ctx.hit(
                    p,
                    use.start,
                    use.end,
                    _message(variant, main, first.line, len(spellings[main]) - 1),
                    main,
                    f"write `{main}`",
                    safe=False,
                )


def _message(variant: str, main: str, line: int, more: int) -> str:
    """`Yuri` here; spelt `Yury` at line 5 and 2 more places."""
    rest = f" and {more} more place{'s' if more > 1 else ''}" if more else ""
    return f"`{variant}` here; spelt `{main}` at line {line}{rest}"


def _title_case(text: str) -> bool:
    """True for a headline in Title Case: most words of four letters or more (after the first)
    are capitalised and no sentence ends in it (a sentence full of names ends with a period)."""
    if text.rstrip().endswith((".", "!", "?", "…", ":", ";", ",")) or re.search(r"[.!?]\s+\S", text):
        return False
    words = re.findall(r"[^\W\d_]{4,}", text)[1:]
    if len(words) < 3:
        return False
    return sum(1 for w in words if w[0].isupper()) >= 0.7 * len(words)
