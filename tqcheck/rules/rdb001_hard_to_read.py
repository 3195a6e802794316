"""RDB001 hard-to-read."""

from __future__ import annotations

from collections.abc import Iterator

from tqcheck.model import ParagraphKind
from tqcheck.rules.base import Context, Hit


def check(ctx: Context) -> Iterator[Hit]:
    """
    What it does:
        Flags a body paragraph whose Flesch reading ease falls below the threshold
        (`min-reading-ease`, default 10; below 30 is "very difficult"). Sentences are split by tqcheck,
        so `U.S.` and `2.5` do not end one. Paragraphs shorter than `readability-min-words`
        (default 20) are not scored.

    Why is this bad?
        MT keeps the source's long, nominal sentences; news copy that scores near zero is read
        by few and understood by fewer.

    Example:
        ```
        As noted in the message of the military department, the parties agreed on the importance of further expanding bilateral cooperation between the military, discussed issues of cooperation on the defense line, as well as combating common challenges and threats.
        ```

    Use instead:
        ```
        The two sides agreed to work more closely. They talked about border defence. They
        also talked about the threats they both face.
        ```
    """
    threshold = ctx.settings.min_reading_ease
    for p in ctx.of_kind(ParagraphKind.BODY):
        r = p.readability
        if r is None or r.words < ctx.settings.readability_min_words or r.reading_ease >= threshold:
            continue
        yield ctx.hit(
            p,
            0,
            len(p.text),
            f"reading ease {r.reading_ease:.0f} is below {threshold:g} "
            f"({r.words} words in {r.sentences} sentence{'s' if r.sentences > 1 else ''})",
        )
