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

TER_CHUNK_WORDS = 40


class Metrics:
    """sacrebleu metric objects, built once; ``signatures`` says how to reproduce every score."""

    @cached_property
    def _objects(self) -> dict[str, Any]:
        from sacrebleu.metrics.bleu import BLEU
        from sacrebleu.metrics.chrf import CHRF
        from sacrebleu.metrics.ter import TER

        return {"chrf": CHRF(), "chrf_pp": CHRF(word_order=2), "bleu": BLEU(effective_order=True), "ter": TER()}

    def score_pair(self, hyp: str, ref: str) -> PairScores:
        m = self._objects
        refs = [ref]
        return PairScores(
            chrf=m["chrf"].sentence_score(hyp, refs).score,
            chrf_pp=m["chrf_pp"].sentence_score(hyp, refs).score,
            bleu=m["bleu"].sentence_score(hyp, refs).score,
            ter=self.ter(hyp, ref),
        )

    def ter(self, hyp: str, ref: str) -> float:
        """TER, computed over sentence pairs or bounded chunks when the pair is long."""
        ter = self._objects["ter"]
        if max(len(hyp.split()), len(ref.split())) <= TER_CHUNK_WORDS:
            return float(ter.sentence_score(hyp, [ref]).score)
        hyps, refs = _chunks(hyp, ref)
        return float(ter.corpus_score(hyps, [refs]).score)

    def score_corpus(self, hyps: Sequence[str], refs: Sequence[str]) -> PairScores:
        """Document/corpus-level scores (one reference stream)."""
        m = self._objects
        stream = [list(refs)]
        pairs = [_chunks(h, r) for h, r in zip(hyps, refs, strict=True)]
        ter_h = [c for hs, _ in pairs for c in hs]
        ter_r = [c for _, rs in pairs for c in rs]
        return PairScores(
            chrf=m["chrf"].corpus_score(list(hyps), stream).score,
            chrf_pp=m["chrf_pp"].corpus_score(list(hyps), stream).score,
            bleu=m["bleu"].corpus_score(list(hyps), stream).score,
            ter=m["ter"].corpus_score(ter_h, [ter_r]).score if ter_h else 0.0,
        )

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
