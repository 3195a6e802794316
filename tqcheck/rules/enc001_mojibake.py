"""ENC001 mojibake."""

from __future__ import annotations

from collections.abc import Iterator

from tqcheck import mojibake
from tqcheck.rules.base import Context, Hit


def check(ctx: Context) -> Iterator[Hit]:
    """
    What it does:
        Flags text decoded with the wrong encoding somewhere upstream: UTF-8 read as
        Windows-1252 or Latin-1 (`â€œ`, `cafÃ©`), UTF-8 read as Windows-1251 (`РџСЂР°РІ`), and
        Windows-1251 read as Latin-1 (`Ïðàâèòåëüñòâî`). The fix restores the original text
        exactly (ftfy's encoding fixers for UTF-8; the legacy case by re-decoding the bytes).
        Real accented text (`café`, `Zürich`, `Łódź`) is not touched.

    Why is this bad?
        Mojibake is unreadable and hides every other defect: spell-checkers, search and the
        other rules see noise. It comes from CMS imports and copy-paste between systems.

    Example:
        ```
        The ministerâ€™s talks in ZÃ¼rich were â€œconstructiveâ€, he said.
        ```

    Use instead:
        ```
        The minister’s talks in Zürich were “constructive”, he said.
        ```
    """
    for p in ctx.paragraphs:
        for g in mojibake.find(p.text):
            shown = p.text[g.start : g.end]
            if len(shown) > 40:
                shown = shown[:37] + "…"
            repaired = g.repaired if len(g.repaired) <= 40 else g.repaired[:37] + "…"
            yield ctx.hit(
                p,
                g.start,
                g.end,
                f"`{shown}` should read `{repaired}` ({g.kind})",
                g.repaired,
                "restore the text",
            )
