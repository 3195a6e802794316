"""ART001 source-marker."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tqcheck.model import Fix, ParagraphKind
from tqcheck.rules._util import next_paragraph, previous_paragraph, removal_span
from tqcheck.rules.base import Context, Hit

_TRAILING_DASH = re.compile(r"[.,]?\s*[-–—]\s*$")
_SENTENCE_END = re.compile(r"[.;]?\s*$|[.;]\s")


def check(ctx: Context) -> Iterator[Hit]:
    """
    What it does:
        Flags a news-agency marker left in the text: a paragraph that is only an agency name
        (`RT`, `TASS`, `- Interfax`) or an editor's note fragment such as `(… - RT)`. An inline
        attribution in Russian style, `… on Monday (RIA Novosti).`, is flagged too, with an unsafe
        fix only: it says where the news came from (a dateline `MOSCOW (Reuters) -` is not flagged).

    Why is this bad?
        Russian outlets mark their own insertions into quotations as `(с Афганистаном. — RT)`.
        MT engines break these into stray `RT` lines that cut a sentence in two, and readers see
        the artefact at once. A marker paragraph is never part of the story. A real mention of
        the outlet ("in an interview with RT") is not flagged.

    Example:
        ```
        “We are negotiating with neighboring (with Afghanistan. -

        RT

        ) countries,” Kirby said.
        ```

    Use instead:
        ```
        “We are negotiating with neighboring (with Afghanistan) countries,” Kirby said, in an
        interview with RT.
        ```
    """
    furniture = (ParagraphKind.MARKER, ParagraphKind.CAPTION)
    for p in ctx.of_kind(ParagraphKind.MARKER):
        prev = previous_paragraph(ctx, p, furniture)
        nxt, _ = next_paragraph(ctx, p, furniture)
        fix = None
        if prev is not None and nxt is not None and prev.kind is ParagraphKind.BODY and _is_split(prev.text, nxt.text):
            cut = _TRAILING_DASH.search(prev.text)
            start = prev.start + (cut.start() if cut else len(prev.text))
            glue = "" if nxt.text[0] in ")],.;:" else " "
            fix = Fix(start, nxt.start, glue, "remove the marker and rejoin the split sentence")
        else:
            start, end = removal_span(ctx, p)
            fix = Fix(start, end, "", "remove the marker line")
        yield Hit(p.index, p.start, p.end, f"source marker `{p.text}` left as its own paragraph", fix)
    if not ctx.profile.inline_source_notes_are_foreign:
        return
    names = "|".join(
        re.escape(a) for a in sorted(ctx.profile.agencies + ctx.settings.extra_agencies, key=len, reverse=True)
    )
    inline = re.compile(rf"[.,]?\s*[-–—]\s*(?:{names})(?=\s*\))|(?<=[.!?])\s+[-–—]\s*(?:{names})\.?$")
    attribution = re.compile(rf"\(\s*(?:{names})\s*\)")  # starts at a bracket: no scan from every space
    for p in ctx.prose():
        for m in inline.finditer(p.text):
            yield ctx.hit(
                p,
                m.start(),
                m.end(),
                f"source marker `{' '.join(m.group().split())}` left inside the text",  # one line: `. - RT`
                "",
                "remove the marker",
            )
        for m in attribution.finditer(p.text) if "(" in p.text else ():
            # Russian style ends the sentence with it: `… on Monday (RIA Novosti).` An agency
            # named in brackets inside a sentence (`a British agency (Reuters) said`) is English.
            if _is_dateline(p.text[: m.start()]) or not _SENTENCE_END.match(p.text[m.end() :]):
                continue
            # The attribution says where the news came from: removing it loses that, so the fix
            # is offered as unsafe only (`--unsafe`); an editor writes `…, RIA Novosti reported`.
            space = len(p.text[: m.start()].rstrip())  # the fix takes the space before it
            yield Hit(
                p.index,
                p.start + m.start(),
                p.start + m.end(),
                f"agency attribution `{' '.join(m.group().split())}` left inside the text: name the source in the sentence",
                Fix(p.start + space, p.start + m.end(), "", "remove the attribution", safe=False),
            )


def _is_dateline(before: str) -> bool:
    """`MOSCOW (Reuters) -`, `Moscow, March 3 (TASS)`: a place (and date) opening a paragraph."""
    words = before.split()
    return len(words) <= 5 and all(w[:1].isupper() or w[:1].isdigit() for w in words)


def _is_split(before: str, after: str) -> bool:
    """The marker cut a sentence: it continues in lower case or with a closing bracket, or the text
    before it breaks off on a dash or comma. (A headline before a marker is not a split.)"""
    return after[:1] in ")]" or after[:1].islower() or before.rstrip()[-1:] in "-–—,("
