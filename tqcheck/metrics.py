"""Fidelity metrics from sacrebleu: chrF, chrF++, BLEU and TER, per pair and per corpus.

sacrebleu is imported on first use (~0.3 s) and its metric objects are built once per run.
TER's shift search is superlinear in length (a 240-word paragraph costs ~0.65 s), so long pairs
are scored as a corpus of aligned sentence pairs or, when the sentence counts differ, of chunks
of at most ``TER_CHUNK_WORDS`` words: sacrebleu sums the edits and the reference lengths.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import Any

from tqcheck.model import PairScores

TER_CHUNK_WORDS = 30


class Metrics:
    """sacrebleu metric objects, built once; ``signatures`` says how to reproduce every score."""

    @cached_property
    def _objects(self) -> dict[str, Any]:
        from sacrebleu.metrics.bleu import BLEU
        from sacrebleu.metrics.chrf import CHRF
        from sacrebleu.metrics.ter import TER

        return {"chrf": CHRF(), "chrf_pp": CHRF(word_order=2), "bleu": BLEU(effective_order=True), "ter": TER()}

    def score_pair(self, hyp: str, ref: str) -> PairScores:
        return self.score_pairs([(hyp, ref)])[0][0]

    def ter(self, hyp: str, ref: str) -> float:
        """TER, computed over sentence pairs or bounded chunks when the pair is long."""
        return self.score_pair(hyp, ref).ter

    def score_pairs(self, pairs: Sequence[tuple[str, str]]) -> tuple[list[PairScores], PairScores | None]:
        """Every pair's scores, and the corpus scores over all of them, from one pass.

        Each segment's sufficient statistics are extracted once (sacrebleu's own
        `_extract_corpus_statistics`, the mechanism behind its significance tests) and
        aggregated twice: per pair, and over the corpus. A sentence score is therefore exactly
        `sentence_score`, and the corpus score exactly `corpus_score` over the same segments.
        """
        m = self._objects
        stats: dict[str, list[Any]] = {name: [] for name in m}
        scores = []
        for hyp, ref in pairs:
            values = {}
            for name in ("chrf", "chrf_pp", "bleu"):
                segment = m[name]._extract_corpus_statistics([hyp], [[ref]])
                stats[name].extend(segment)
                values[name] = float(m[name]._aggregate_and_compute(segment).score)
            hyps, refs = _chunks(hyp, ref)
            segment = m["ter"]._extract_corpus_statistics(hyps, [refs])
            stats["ter"].extend(segment)
            values["ter"] = float(m["ter"]._aggregate_and_compute(segment).score)
            scores.append(PairScores(**values))
        if not scores:
            return scores, None
        corpus = PairScores(**{name: float(m[name]._aggregate_and_compute(s).score) for name, s in stats.items()})
        return scores, corpus

    def score_corpus(self, hyps: Sequence[str], refs: Sequence[str]) -> PairScores | None:
        """Document/corpus-level scores (one reference stream)."""
        return self.score_pairs(list(zip(hyps, refs, strict=True)))[1]

    def signatures(self) -> dict[str, str]:
        """sacrebleu signatures, for reproducing the scores with the sacrebleu CLI."""
        out = {}
        for name, metric in self._objects.items():
            metric.sentence_score("a", ["a"])  # signatures need the reference count
            out[name] = str(metric.get_signature())
        return out


def _split_sentences(text: str) -> list[str]:
    from tqcheck.lang.profiles import ENGLISH
    from tqcheck.text import sentence_spans

    return [text[s:e] for s, e in sentence_spans(text, ENGLISH.abbreviations)]


def _chunks(hyp: str, ref: str) -> tuple[list[str], list[str]]:
    """Split a long pair into aligned pieces of bounded length."""
    if max(len(hyp.split()), len(ref.split())) <= TER_CHUNK_WORDS:
        return [hyp], [ref]
    hs, rs = _split_sentences(hyp), _split_sentences(ref)
    if len(hs) == len(rs) and len(hs) > 1 and all(len(h.split()) <= 2 * TER_CHUNK_WORDS for h in hs):
        return hs, rs
    hw, rw = hyp.split(), ref.split()
    n = -(-max(len(hw), len(rw)) // TER_CHUNK_WORDS)
    return _even(hw, n), _even(rw, n)


def _even(words: list[str], n: int) -> list[str]:
    size = len(words) / n
    return [" ".join(words[round(i * size) : round((i + 1) * size)]) for i in range(n)]
