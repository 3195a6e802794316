"""Fidelity: how faithfully the MT says what its reference says, per aligned paragraph.

The fidelity score (0-100) of a pair is a weighted mean of sacrebleu's metrics less penalties:

    w1 chrF + w2 chrF++ + w3 BLEU + w4 (100 - min(TER, 100))          (w1 + w2 + w3 + w4 = 1)
      - s (f per figure present on one side only + n per name of the reference missing from the MT)
      - a ln(1/ratio) + b ln(1/ratio)^2     when the MT is shorter than the reference
      - c ln(ratio) + d ln(ratio)^2         when it is longer

with s = min(1, 20 / words of the reference), so that figure and name penalties do not pile up
over a long text, clipped to 0-100 and calibrated as 100 (x / 100)^gamma (0 and 100 and the order
kept; gamma puts the developer set's median pair at 60, so `min-fidelity` means the same in
every language). The weights are data: one model per target language in
``tqcheck/data/fidelity.json`` (``en`` fitted on WMT22 ru-en DA, ``ru`` on WMT21 en-ru TED MQM,
``default`` on both), fitted by non-negative ridge regression with cross-validation split by
document (``benchmarks/fit_fidelity.py`` regenerates the file; the README gives the figures).
Nothing is trained at run time.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from typing import Any

from tqcheck.align import CROSS_LANGUAGE, SAME_LANGUAGE, align, unit
from tqcheck.figures import figures, missing
from tqcheck.metrics import Metrics
from tqcheck.model import AlignedPair, Document, Fidelity, PairScores, Paragraph, ParagraphKind
from tqcheck.names import missing_names, names

PENALTY_WORDS = 20
METRIC_FEATURES = ("chrf", "chrf_pp", "bleu", "ter_kept")
PENALTY_FEATURES = ("figures", "names", "shorter", "shorter_sq", "longer", "longer_sq")
# Set aside before aligning: page furniture that has no counterpart in an original. Headings are
# aligned like body text (they are translated, and short headline-like paragraphs are common):
# on the alignment benchmark that took F1 from 0.982 to 0.993.
_FURNITURE = (ParagraphKind.MARKER, ParagraphKind.CAPTION, ParagraphKind.FIGURE)


@dataclass(frozen=True)
class FidelityModel:
    """Weights of the metrics (summing to 1) and of the penalties, for one target language."""

    language: str
    weights: dict[str, float]
    penalties: dict[str, float]
    # A document's metric weights (its penalties are the pairs'): see `document_fidelity`.
    document_weights: dict[str, float] = field(default_factory=lambda: {"chrf": 1.0})
    # 100 (x/100)^gamma: keeps 0 and 100 and the order, puts the developer set's median pair at 60
    # in every language, so that one `min-fidelity` means the same for English and Russian MT.
    gamma: float = 1.0

    def raw(self, features: dict[str, float], weights: dict[str, float] | None = None) -> float:
        value = sum(w * features[k] for k, w in (weights or self.weights).items())
        return value - sum(p * features[k] for k, p in self.penalties.items())

    def calibrate(self, value: float) -> float:
        return float(100.0 * (max(0.0, min(100.0, value)) / 100.0) ** self.gamma)

    def score(self, features: dict[str, float], weights: dict[str, float] | None = None) -> float:
        return self.calibrate(self.raw(features, weights))


@lru_cache(maxsize=1)
def _model_data() -> dict[str, Any]:
    text = resources.files("tqcheck").joinpath("data", "fidelity.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@lru_cache(maxsize=16)
def model_for(lang: str) -> FidelityModel:
    """The fitted model for a target language (``default`` for languages without their own)."""
    models = _model_data()["models"]
    key = lang if lang in models else "default"
    m = models[key]
    return FidelityModel(key, dict(m["weights"]), dict(m["penalties"]), dict(m["document_weights"]), m["gamma"])


def features(
    scores: PairScores,
    figure_mismatches: int = 0,
    missing_name_count: int = 0,
    length_ratio: float = 1.0,
    reference_words: int = 0,
) -> dict[str, float]:
    """The model's inputs for one pair."""
    scale = min(1.0, PENALTY_WORDS / reference_words) if reference_words > 0 else 1.0
    log_ratio = math.log(max(length_ratio, 1e-6))
    shorter, longer = max(0.0, -log_ratio), max(0.0, log_ratio)
    return {
        "chrf": scores.chrf,
        "chrf_pp": scores.chrf_pp,
        "bleu": scores.bleu,
        "ter_kept": 100 - min(scores.ter, 100.0),
        "figures": scale * figure_mismatches,
        "names": scale * missing_name_count,
        "shorter": shorter,
        "shorter_sq": shorter * shorter,
        "longer": longer,
        "longer_sq": longer * longer,
    }


def fidelity_score(
    scores: PairScores,
    figure_mismatches: int = 0,
    missing_name_count: int = 0,
    length_ratio: float = 1.0,
    reference_words: int = 0,
    lang: str = "en",
) -> float:
    """The single fidelity number of a pair (see the module docstring); ``lang``: the MT's language."""
    feats = features(scores, figure_mismatches, missing_name_count, length_ratio, reference_words)
    return model_for(lang).score(feats)


def document_fidelity(
    corpus: PairScores, pair_features: Sequence[dict[str, float]], lang: str = "en", model: FidelityModel | None = None
) -> float:
    """A document's fidelity: corpus metrics of the whole document, less the pairs' mean penalties.

    The metrics are sacrebleu's corpus scores over the aligned pairs (statistics summed, as
    chrF's corpus score aggregates sentences), weighted by the model's ``document_weights``
    (shipped: corpus chrF alone, the best document-level metric on both developer sets, where
    corpus TER and BLEU trail it); the penalties are the mean of the pairs' penalties, each pair's
    mismatches counting once whatever its length. Like a corpus chrF next to sentence chrFs, it is
    on its own scale: not the mean of the pairs' scores. README, Fidelity, gives the figures.
    """
    feats = features(corpus)
    for key in PENALTY_FEATURES:
        feats[key] = sum(f[key] for f in pair_features) / len(pair_features) if pair_features else 0.0
    model = model or model_for(lang)
    # On the corpus metrics' own scale, not calibrated like a pair: the calibration bends the scale
    # and cost the document-level correlation on en-ru (README, Fidelity).
    return max(0.0, min(100.0, model.raw(feats, model.document_weights)))


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
    pair_features = []
    if scorer is not None and to_score:
        scores, corpus = scorer.score_pairs([(h, r) for _, h, r, *_ in to_score])
        for (k, _, _, figs, gone_n, ratio, ref_words), score in zip(to_score, scores, strict=True):
            feats = features(score, figs, gone_n, ratio, ref_words)
            pair_features.append(feats)
            pairs[k] = replace(pairs[k], scores=score, fidelity=round(model_for(mt.language).score(feats), 1))
    doc_fid = None
    if corpus is not None:
        # Omitted and added paragraphs count as text with fidelity zero.
        scored = sum(len(mt.paragraphs[i - 1].text) for p in pairs if p.fidelity is not None for i in p.mt)
        lost = sum(len(reference.paragraphs[j - 1].text) for p in pairs if not p.mt for j in p.ref)
        added = sum(len(mt.paragraphs[i - 1].text) for p in pairs if not p.ref for i in p.mt)
        total = scored + lost + added
        whole = document_fidelity(corpus, pair_features, mt.language)
        doc_fid = round(whole * scored / total, 1) if total else None
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
