"""RDB002 long-sentence."""

from __future__ import annotations

from collections.abc import Iterator

from tqcheck.rules.base import Context, Hit
from tqcheck.text import sentence_spans, words


def check(ctx: Context) -> Iterator[Hit]:
    """
    What it does:
        Flags a sentence of more than `long-sentence-words` words (default 40).

    Why is this bad?
        Russian news prose chains clauses that English splits; MT keeps them as one sentence
        that readers have to take in twice.

    Example:
        ```
        Nevertheless, answering a journalist's clarifying question about the possibility of deploying American troops at the Karshi-Khanabad airbase in Uzbekistan, which the US Air Force used in 2001-2005, Kirby suggested not running ahead while the talks with the two governments are still going on.
        ```

    Use instead:
        ```
        A journalist asked about the Karshi-Khanabad airbase in Uzbekistan, which the US Air
        Force used in 2001-2005. Kirby said it was too early to say.
        ```
    """
    limit = ctx.settings.long_sentence_words
    for p in ctx.prose():
        for start, end in sentence_spans(p.text, ctx.profile.abbreviations):
            n = len(words(p.text[start:end]))
            if n > limit:
                yield ctx.hit(p, start, end, f"sentence of {n} words (limit {limit})")
