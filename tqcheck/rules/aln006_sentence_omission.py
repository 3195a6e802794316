"""ALN006 sentence-omission."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from tqcheck.model import AlignedPair, Fidelity, Paragraph
from tqcheck.rules.base import Context, Hit

QUOTE_MAX = 200  # characters of the omitted sentence quoted in the message


def check(ctx: Context) -> Iterator[Hit]:
    """
    What it does:
        Inside a paragraph that does correspond to one of the reference (or of the
        back-translated source), flags a reference sentence that has no counterpart in the
        translation, and quotes it. The finding sits on the translation sentence after which the
        missing one belongs. Runs only with a reference, or a source and a model (not across
        languages without one).

    Why is this bad?
        MT drops a sentence it could not translate and joins the rest smoothly; the paragraph
        still aligns and scores fairly, so only a missing figure, or nothing at all, gives it away.

    Example:
        ```
        The minister arrived in Tashkent on Monday. Talks will resume in the autumn, officials said.
        ```
        ```reference
        The minister arrived in Tashkent on Monday. He met President Mirziyoyev and discussed a railway through Afghanistan and new customs posts. Talks will resume in the autumn, officials said.
        ```

    Use instead:
        ```
        The minister arrived in Tashkent on Monday. He met President Mirziyoyev to discuss a railway through Afghanistan and new customs posts. Talks resume in the autumn, officials said.
        ```
        ```reference
        The minister arrived in Tashkent on Monday. He met President Mirziyoyev and discussed a railway through Afghanistan and new customs posts. Talks will resume in the autumn, officials said.
        ```
    """
    from tqcheck.align import sentence_gaps

    fid = ctx.fidelity
    if fid is None or fid.kind == "source":  # across languages without a model: too unsure
        return
    # With a back-translated source the quote is the model's English for the source sentence.
    what = "source sentence (as back-translated)" if texts_of(fid) else f"{fid.side} sentence"
    ref_doc = fid.reference
    texts = fid.back_translation
    for pair in fid.pairs:
        if not pair.mt or not pair.ref:
            continue
        mt_paras = [ctx.paragraph(i) for i in pair.mt]
        ref_text = "\n".join(texts[j - 1] if texts is not None else ref_doc.paragraphs[j - 1].text for j in pair.ref)
        mt_text = "\n".join(p.text for p in mt_paras)
        for gap in sentence_gaps(mt_text, ref_text, ctx.document.language):
            sentence = " ".join(ref_text[gap.ref_start : gap.ref_end].split())
            quoted = sentence if len(sentence) <= QUOTE_MAX else sentence[: QUOTE_MAX - 1].rstrip() + "…"
            where = gap.after or gap.before or (0, len(mt_text))
            target, start, end = _locate(mt_paras, where)
            place = "after this sentence" if gap.after else "before this sentence"
            yield ctx.hit(target, start, end, f"{what} has no counterpart {place}: “{quoted}”")


def texts_of(fid: Fidelity) -> tuple[str, ...] | None:
    return fid.back_translation if fid.kind == "back-translation" else None


def omitted_sentences(ctx: Context, pair: AlignedPair) -> tuple[str, ...]:
    """The reference sentences of ``pair`` that ALN006 reports, when it runs (else none).

    ALN003 and ALN004 leave out the figures and names of these sentences: one cause, one report.
    """
    from tqcheck.rules import active_rules

    fid = ctx.fidelity
    if fid is None or fid.kind == "source" or not pair.mt or not pair.ref:
        return ()
    if not any(r.code == "ALN006" for r in active_rules(ctx.settings.select, ctx.settings.ignore)):
        return ()
    texts = fid.back_translation
    ref_text = "\n".join(texts[j - 1] if texts is not None else fid.reference.paragraphs[j - 1].text for j in pair.ref)
    mt_text = "\n".join(ctx.paragraph(i).text for i in pair.mt)
    return _omitted(mt_text, ref_text, ctx.document.language)


@lru_cache(maxsize=256)
def _omitted(mt_text: str, ref_text: str, lang: str) -> tuple[str, ...]:
    from tqcheck.align import sentence_gaps

    return tuple(ref_text[g.ref_start : g.ref_end] for g in sentence_gaps(mt_text, ref_text, lang))


def _locate(paras: list[Paragraph], span: tuple[int, int]) -> tuple[Paragraph, int, int]:
    """The paragraph and paragraph-relative span of a span of the newline-joined MT text."""
    offset = 0
    for p in paras:
        if span[0] < offset + len(p.text) + 1:
            start = span[0] - offset
            return p, start, min(len(p.text), span[1] - offset)
        offset += len(p.text) + 1
    last = paras[-1]
    return last, 0, len(last.text)
