"""ART004 caption-residue."""

from __future__ import annotations

from collections.abc import Iterator

from tqcheck.model import Fix, Paragraph, ParagraphKind
from tqcheck.paragraphs import bullet_content, caption_lines, is_credit, may_hold_credit, trailing_credit
from tqcheck.rules._util import removal_span
from tqcheck.rules.base import Context, Hit


def check(ctx: Context) -> Iterator[Hit]:
    """
    What it does:
        Flags photo captions and credit lines scraped into the body with the article: bulleted
        credit lines (`• Reuters`, `• © @handle`), the caption text bulleted with them (in
        blocks of their own or on consecutive lines), stand-alone credits such as
        `© Global Look Press / Kremlin Pool`, `Photo: X`, `AP Photo/Name`, `Фото: пресс-служба …`,
        and two-line credits (`Kremlin press service` / `© Sputnik / Ivan Petrov`). A credit
        that ends a caption paragraph (`… in 2019. Photo: Reuters`) is flagged too. The safe fix removes only what is
        proven furniture: credit lines, and the bulleted caption line right above them; caption
        text without a bullet stays. A sentence naming agencies or a press service
        (`…, according to Interfax / TASS.`) is story text and is never flagged.

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
    for p in ctx.paragraphs:
        if p.kind is ParagraphKind.CAPTION:
            yield _whole(ctx, p)
        elif p.kind in (ParagraphKind.BODY, ParagraphKind.BULLET, ParagraphKind.HEADING):
            yield from _inside(ctx, p)


def _whole(ctx: Context, p: Paragraph) -> Hit:
    """A paragraph that is all caption: removed with the blank lines after it."""
    lines = [line.strip() for line in p.text.split("\n")]
    credit = any(is_credit(bullet_content(line) or line, ctx.profile) for line in lines)
    what = "photo credit" if credit and len(lines) == 1 else "photo caption"
    shown = lines[0] + (f" … {lines[-1]}" if len(lines) > 1 else "")
    start, end = removal_span(ctx, p)
    return Hit(
        p.index,
        p.start,
        p.end,
        f"{what} `{shown}` left in the body of the article",
        Fix(start, end, "", f"remove the {what} line"),
    )


def _inside(ctx: Context, p: Paragraph) -> Iterator[Hit]:
    """Caption and credit lines inside a paragraph of text, and a credit ending a caption line.

    Only the proven furniture goes: a credit line, the bulleted caption line right above it, or
    the `Photo: X` / `© X` that ends a line. The text around them stays."""
    text = ctx.document.text
    found = caption_lines(p.text, ctx.profile) if "\n" in p.text else []
    if found and len(found) == len(p.text.split("\n")):  # all of it: one finding, one removal
        start, end = removal_span(ctx, p)
        first = p.text.split("\n")[0].strip()
        yield Hit(
            p.index,
            p.start,
            p.end,
            f"photo caption `{first}` with its credit left in the body of the article",
            Fix(start, end, "", "remove the photo caption", safe=all(sure for *_, sure in found)),
        )
        return
    for start, end, credit, sure in found:
        what = "photo credit" if credit else "photo caption"
        line_start, line_end = p.start + start, p.start + end
        # the line with its line break: the one after it, or for the last line the one before it
        if p.start + end < p.end:
            cut = (text.rfind("\n", 0, line_start) + 1, text.index("\n", line_end) + 1)
        else:
            cut = (text.rfind("\n", 0, line_start), line_end)
        yield Hit(
            p.index,
            line_start,
            line_end,
            f"{what} `{p.text[start:end]}` left inside a paragraph",
            Fix(cut[0], cut[1], "", f"remove the {what} line", safe=sure),
        )
    if found or not may_hold_credit(p.text):
        return
    for line_start, line in _lines(p.text):
        span = trailing_credit(line)
        if span is None:
            continue
        a, b = p.start + line_start + span[0], p.start + line_start + span[1]
        shown = text[a:b].strip()
        yield Hit(
            p.index,
            a + (len(text[a:b]) - len(text[a:b].lstrip())),
            b,
            f"photo credit `{shown}` ends this paragraph: the text before it is probably the photo's caption",
            Fix(a, b, "", "remove the photo credit"),
        )


def _lines(text: str) -> Iterator[tuple[int, str]]:
    offset = 0
    for line in text.split("\n"):
        yield offset, line
        offset += len(line) + 1
