"""ART002 split-paragraph."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from tqcheck.model import ParagraphKind
from tqcheck.paragraphs import starts_lowercase
from tqcheck.rules._util import next_paragraph
from tqcheck.rules.base import Context, Hit
from tqcheck.text import ends_sentence

_LAST_TOKEN = re.compile(r"\S+\s*$")


def check(ctx: Context) -> Iterator[Hit]:
    """
    What it does:
        Flags a sentence broken across two paragraphs: a paragraph that stops without terminal
        punctuation while the next one carries on in lower case, with a closing bracket, or
        after a source marker. Headings are not sentences and are not flagged, nor is a heading
        before a brand written in lower case (`iPhone`, `eBay`); a comma before a capitalised
        paragraph (verse, product lists) is not a split, and in text whose writer starts
        sentences in lower case (chat) only splits at markers are reported.

    Why is this bad?
        MT pipelines split paragraphs at inserted markers and line breaks of the source page;
        the reader meets half a sentence, a blank line, and the other half.

    Example:
        ```
        The ministry said the talks with its neighbours

        will resume in the autumn.
        ```

    Use instead:
        ```
        The ministry said the talks with its neighbours will resume in the autumn.

        New rules

        Officials will publish the details next week.
        ```
    """
    informal = _informal(ctx)
    for p in ctx.of_kind(ParagraphKind.BODY, ParagraphKind.BULLET):
        if ends_sentence(p.text):
            continue
        nxt, skipped = next_paragraph(ctx, p, (ParagraphKind.MARKER,))
        if nxt is None or nxt.kind is ParagraphKind.CAPTION:
            continue
        if p.kind is ParagraphKind.BULLET and nxt.kind is ParagraphKind.BULLET:
            continue  # list items ending in commas are one sentence by design
        first = nxt.text[:1]
        # A comma or dash before a capitalised paragraph is not enough: verse, lists of features
        # and Russian `…, — сказал он. —` quotation paragraphs end so. The next paragraph must
        # carry the sentence on (lower case, not a brand like `iPhone`; a closing bracket).
        if not (skipped or starts_lowercase(nxt.text) or first in ")],;"):
            continue
        if not skipped and informal:
            continue
        tail = _LAST_TOKEN.search(p.text)
        start = tail.start() if tail else 0
        where = f"paragraph {nxt.index} (line {nxt.line})"
        if skipped:
            markers = ", ".join(f"`{m.text}` (line {m.line})" for m in skipped)
            yield ctx.hit(p, start, len(p.text), f"sentence breaks off here and continues in {where}, after {markers}")
        else:
            yield ctx.hit(p, start, len(p.text), f"sentence breaks off here and continues in {where}", None)


def _informal(ctx: Context) -> bool:
    """Chat, comments and product copy: text whose writer starts sentences in lower case. Two
    paragraphs that start in lower case after a finished sentence show the style; there a
    missing stop before a lower-case paragraph is no evidence of a split (splits at source
    markers are still reported)."""
    body = list(ctx.of_kind(ParagraphKind.BODY, ParagraphKind.BULLET))
    style = sum(1 for a, b in itertools.pairwise(body) if ends_sentence(a.text) and starts_lowercase(b.text))
    return style >= 2
