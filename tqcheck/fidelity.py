"""Fidelity: how faithfully the MT says what its reference says, per aligned paragraph.

The fidelity score (0-100) is

    (4 * chrF + (100 - min(TER, 100))) / 5
      - s * 10 per figure present on one side only   (`2.5 billion` vs `25 billion`)
      - s * 3 per name of the reference missing from the MT
      - s * 120 * ln(length ratio)^2                  (a paragraph half as long loses ~58)

with s = min(1, 20 / words of the reference), so that penalties do not pile up over a long
text, clipped to 0-100. The weights were chosen on one half of the WMT22 ru-en DA data
(documents split by a hash of their id) and checked on the other half; see benchmarks/README.md.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from tqcheck.align import CROSS_LANGUAGE, SAME_LANGUAGE, align, unit
from tqcheck.figures import figures, missing
from tqcheck.metrics import Metrics
from tqcheck.model import AlignedPair, Document, Fidelity, PairScores, Paragraph, ParagraphKind
from tqcheck.names import missing_names, names

FIGURE_PENALTY = 10.0
NAME_PENALTY = 3.0
LENGTH_PENALTY = 120.0
PENALTY_WORDS = 20
# Set aside before aligning: page furniture that has no counterpart in an original. Headings are
# aligned like body text (they are translated, and short headline-like paragraphs are common):
# on the alignment benchmark that took F1 from 0.982 to 0.993.
_FURNITURE = (ParagraphKind.MARKER, ParagraphKind.CAPTION, ParagraphKind.FIGURE)


def fidelity_score(
    scores: PairScores,
    figure_mismatches: int = 0,
    missing_name_count: int = 0,
    length_ratio: float = 1.0,
    reference_words: int = 0,
) -> float:
    """The single fidelity number of a pair (see the module docstring)."""
    base = (4 * scores.chrf + (100 - min(scores.ter, 100.0))) / 5
    penalty = FIGURE_PENALTY * figure_mismatches + NAME_PENALTY * missing_name_count
    penalty += LENGTH_PENALTY * math.log(max(length_ratio, 1e-6)) ** 2
    scale = min(1.0, PENALTY_WORDS / reference_words) if reference_words > 0 else 1.0
    return max(0.0, min(100.0, base - scale * penalty))


def length_ratio(mt_len: int, ref_len: int, expected: float = 1.0) -> float:
    """MT length over reference length, smoothed for short texts and scaled by the expected ratio."""
    return (mt_len + 20) / (ref_len * expected + 20)


@dataclass(frozen=True)
class Side:
    """The paragraphs of one side that take part in alignment, and their texts."""

    paragraphs: tuple[Paragraph, ...]
    texts: tuple[str, ...]


def _content(doc: Document, texts: Sequence[str] | None = None) -> Side:
    paras = tuple(p for p in doc.paragraphs if p.kind not in _FURNITURE)
    if texts is None:
        return Side(paras, tuple(p.text for p in paras))
    by_index = {p.index: t for p, t in zip(doc.paragraphs, texts, strict=True)}
    return Side(paras, tuple(by_index[p.index] for p in paras))


def compare(
    mt: Document,
    reference: Document,
    *,
    kind: str,
    source: Document | None = None,
    back_translation: Sequence[str] | None = None,
    metrics: Metrics | None = None,
    model: str | None = None,
    unavailable: str | None = None,
) -> Fidelity:
    """Align the MT with its reference and score every pair.

    ``reference`` is what the MT is compared with. For ``kind="back-translation"`` it is the
    source document and ``back_translation`` holds one English text per source paragraph; for
    ``kind="source"`` (no model) the alignment is cross-lingual and there are no scores.
    """
    mt_side = _content(mt)
    cross = kind == "source"
    ref_side = _content(reference, back_translation)
    ref_lang = reference.language if cross else mt.language
    heading = ParagraphKind.HEADING
    mt_units = [
        unit(t, mt.language, cross, p.kind is heading) for p, t in zip(mt_side.paragraphs, mt_side.texts, strict=True)
    ]
    ref_units = [
        unit(t, ref_lang, cross, p.kind is heading) for p, t in zip(ref_side.paragraphs, ref_side.texts, strict=True)
    ]
    params = CROSS_LANGUAGE if cross else SAME_LANGUAGE
    beads = align(mt_units, ref_units, params)
    scorer = None if cross or unavailable else (metrics or Metrics())
    mt_names = names("\n\n".join(mt_side.texts), include_initial=True) if cross else []
    pairs: list[AlignedPair] = []
    to_score: list[tuple[int, str, str, int, int, float, int]] = []  # pair index, texts, penalties
    for bead in beads:
        mt_paras = [mt_side.paragraphs[i] for i in bead.mt]
        ref_paras = [ref_side.paragraphs[j] for j in bead.ref]
        pair = AlignedPair(tuple(p.index for p in mt_paras), tuple(p.index for p in ref_paras),
                           round(bead.similarity, 3), bead.confidence)  # fmt: skip
        if mt_paras and ref_paras:
            mt_text = "\n".join(p.text for p in mt_paras)
            ref_text = "\n".join(ref_side.texts[j] for j in bead.ref)
            # Figures and names are checked against the original wording of the reference side.
            check_text = "\n".join(p.text for p in ref_paras)
            mt_figs = figures(mt_text, mt.language)
            ref_figs = figures(check_text, reference.language)
            miss = missing(ref_figs, mt_figs)
            extra = missing(mt_figs, ref_figs)
            # Across scripts, a name counts as kept if it appears anywhere in the article:
            # model-free alignment is approximate, and transliteration is loose.
            gone = missing_names(
                names(check_text), mt_names if cross else names(mt_text, include_initial=True), loose=cross
            )
            ratio = length_ratio(len(mt_text), len(check_text), params.length_ratio if cross else 1.0)
            extra_spans = tuple(_locate(mt_paras, f.start, f.end, f.text) for f in extra)
            pair = AlignedPair(pair.mt, pair.ref, pair.similarity, pair.confidence, None, None, round(ratio, 3),
                               tuple(f.text for f in miss), extra_spans, tuple(n.text for n in gone))  # fmt: skip
            if scorer is not None:
                to_score.append((len(pairs), mt_text, ref_text, len(miss) + len(extra), len(gone), ratio,
                                 len(ref_text.split())))  # fmt: skip
        pairs.append(pair)
    corpus = None
    if scorer is not None and to_score:
        scores, corpus = scorer.score_pairs([(h, r) for _, h, r, *_ in to_score])
        for (k, _, _, figs, gone_n, ratio, ref_words), score in zip(to_score, scores, strict=True):
            fid = round(fidelity_score(score, figs, gone_n, ratio, ref_words), 1)
            pairs[k] = replace(pairs[k], scores=score, fidelity=fid)
    doc_fid = None
    scored = [(p.fidelity, sum(len(mt.paragraphs[i - 1].text) for i in p.mt)) for p in pairs if p.fidelity is not None]
    if scored:
        # Length-weighted mean, with omitted and added paragraphs counting as zero.
        lost = sum(len(reference.paragraphs[j - 1].text) for p in pairs if not p.mt for j in p.ref)
        added = sum(len(mt.paragraphs[i - 1].text) for p in pairs if not p.ref for i in p.mt)
        total = sum(w for _, w in scored) + lost + added
        doc_fid = round(sum(f * w for f, w in scored) / total, 1) if total else None
    return Fidelity(
        reference=reference,
        kind=kind,
        source=source,
        pairs=tuple(pairs),
        mt_furniture=tuple(p.index for p in mt.paragraphs if p.kind in _FURNITURE),
        ref_furniture=tuple(p.index for p in reference.paragraphs if p.kind in _FURNITURE),
        corpus=corpus,
        fidelity=doc_fid,
        signatures=scorer.signatures() if scorer is not None else {},
        model=model,
        unavailable=unavailable,
        back_translation=tuple(back_translation) if back_translation is not None else None,
    )


def _locate(paras: Sequence[Paragraph], start: int, end: int, text: str) -> tuple[int, int, str]:
    """Document offsets of a span given in the newline-joined text of consecutive paragraphs."""
    offset = 0
    for p in paras:
        if start < offset + len(p.text) + 1:
            return p.start + start - offset, p.start + end - offset, text
        offset += len(p.text) + 1
    last = paras[-1]
    return last.start, last.end, text
