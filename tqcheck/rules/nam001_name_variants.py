"""NAM001 name-variants."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from tqcheck.names import skeleton
from tqcheck.rules.base import Context, Hit

MIN_NAME_LENGTH = 4
_CAPITALISED = re.compile(r"(?<![\w'’-])[A-ZА-ЯЁ][^\W\d_]{3,}(?:['’-][^\W\d_]+)*")


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
                    f"`{variant}` is spelt `{main}` at line {first.line}",
                    main,
                    f"write `{main}`",
                    safe=False,
                )
