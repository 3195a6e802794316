"""Helpers rules share: neighbours of a paragraph and removal spans."""

from __future__ import annotations

from tqcheck.model import Paragraph, ParagraphKind
from tqcheck.rules.base import Context


def next_paragraph(
    ctx: Context, p: Paragraph, skip: tuple[ParagraphKind, ...] = ()
) -> tuple[Paragraph | None, list[Paragraph]]:
    """The next paragraph whose kind is not in ``skip``, and the skipped ones before it."""
    skipped: list[Paragraph] = []
    for q in ctx.paragraphs[p.index :]:
        if q.kind in skip:
            skipped.append(q)
            continue
        return q, skipped
    return None, skipped


def previous_paragraph(ctx: Context, p: Paragraph, skip: tuple[ParagraphKind, ...] = ()) -> Paragraph | None:
    for q in reversed(ctx.paragraphs[: p.index - 1]):
        if q.kind not in skip:
            return q
    return None


def removal_span(ctx: Context, p: Paragraph) -> tuple[int, int]:
    """Document offsets that remove paragraph ``p`` (from the start of its first line, indentation
    included) with the blank lines after it, up to the start of the next paragraph's line."""
    text = ctx.document.text
    if p.index < len(ctx.paragraphs):
        nxt = ctx.paragraphs[p.index]
        return text.rfind("\n", 0, p.start) + 1, text.rfind("\n", 0, nxt.start) + 1
    if p.index > 1:
        return ctx.paragraphs[p.index - 2].end, p.end
    return p.start, p.end
