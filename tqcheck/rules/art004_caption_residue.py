"""ART004 caption-residue."""

from __future__ import annotations

from collections.abc import Iterator

from tqcheck.model import Fix, ParagraphKind
from tqcheck.paragraphs import bullet_content, is_credit
from tqcheck.rules._util import removal_span
from tqcheck.rules.base import Context, Hit


def check(ctx: Context) -> Iterator[Hit]:
    """
    What it does:
        Flags photo captions and credit lines scraped into the body with the article: bulleted
        credit lines (`• Reuters`, `• © @handle`), the caption text bulleted with them, and
        stand-alone credits such as `© Global Look Press / Kremlin Pool`.

    Why is this bad?
        On the source page these lines sit under a photo. In the translated text they interrupt
        the story with names of agencies and social-media handles that belong to no sentence.

    Example:
        ```
        The minister arrived in Tashkent on Monday.

          • Foreign Minister Abdulaziz Kamilov

          • © @AmbassadorVakhabov

        Talks began an hour later.
        ```

    Use instead:
        ```
        The minister arrived in Tashkent on Monday. Talks began an hour later.

        • Inflation rose to 7 percent.
        • Wages fell by 2 percent.
        ```
    """
    for p in ctx.of_kind(ParagraphKind.CAPTION):
        content = bullet_content(p.text)
        credit = is_credit(content if content is not None else p.text, ctx.profile)
        what = "photo credit" if credit else "photo caption"
        start, end = removal_span(ctx, p)
        yield Hit(
            p.index,
            p.start,
            p.end,
            f"{what} `{p.text}` left in the body of the article",
            Fix(start, end, "", f"remove the {what} line"),
        )
