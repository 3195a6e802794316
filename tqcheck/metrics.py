"""Fidelity metrics from sacrebleu: chrF, chrF++, BLEU and TER, per pair and per corpus.

sacrebleu is imported on first use (~0.3 s) and its metric objects are built once per run.
Every score equals what sacrebleu computes under the signature printed with it. TER is sacrebleu's
algorithm run by `tqcheck.ter` (same edits, 10-20x faster on long paragraphs). ``fast=True`` opts
into an approximation instead: long pairs scored as a corpus of aligned sentences or of chunks of
at most ``TER_CHUNK_WORDS`` words; its TER signature then ends in ``|chunk:30`` so that nobody takes
it for sacrebleu's number.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import Any

from tqcheck.model import PairScores

TER_CHUNK_WORDS = 30
NAMES = ("chrf", "chrf_pp", "bleu", "ter")
_CACHE_SIZE = 4096

# One pair's sufficient statistics per metric, as sacrebleu extracts them.
Stats = dict[str, list[Any]]


def _exact_ter() -> Any:
    """sacrebleu's TER class with its edit rate computed by `tqcheck.ter` (same numbers)."""
    from sacrebleu.metrics.ter import TER

    from tqcheck.ter import translation_edit_rate

    class ExactTER(TER):
        def __init__(self) -> None:
            super().__init__()
            self._memo: dict[tuple[str, tuple[str, ...]], list[float]] = {}

        def _compute_segment_statistics(self, hypothesis: str, ref_kwargs: dict[str, Any]) -> list[float]:
            refs = ref_kwargs["ref_words"]
            key = (hypothesis, tuple(" ".join(r) for r in refs))
            hit = self._memo.get(key)
            if hit is not None:
                return list(hit)
            words = hypothesis.split()
            stats = [translation_edit_rate(words, r) for r in refs]
            out = [float(min(e for e, _ in stats)), sum(n for _, n in stats) / len(refs)]
            if len(self._memo) >= _CACHE_SIZE:
                self._memo.clear()
            self._memo[key] = out
            return list(out)

    return ExactTER()


class Metrics:
    """sacrebleu metric objects, built once; ``signatures`` says how to reproduce every score."""

    def __init__(self, *, fast: bool = False) -> None:
        self.fast = fast

    @cached_property
    def _objects(self) -> dict[str, Any]:
        from sacrebleu.metrics.bleu import BLEU
        from sacrebleu.metrics.chrf import CHRF
        from sacrebleu.metrics.ter import TER

        ter = TER() if self.fast else _exact_ter()
        return {"chrf": CHRF(), "chrf_pp": CHRF(word_order=2), "bleu": BLEU(effective_order=True), "ter": ter}

    @property
    def approximate(self) -> tuple[str, ...]:
        """The metrics whose numbers are not sacrebleu's (their signatures say how)."""
        return ("ter",) if self.fast else ()

    def score_pair(self, hyp: str, ref: str) -> PairScores:
        return self.score_pairs([(hyp, ref)])[0][0]

    def ter(self, hyp: str, ref: str) -> float:
        return self.score_pair(hyp, ref).ter

    def statistics(self, pairs: Sequence[tuple[str, str]]) -> list[Stats]:
        """Each pair's sufficient statistics (sacrebleu's `_extract_corpus_statistics`)."""
        m = self._objects
        out = []
        for hyp, ref in pairs:
            stats: Stats = {}
            for name in ("chrf", "chrf_pp", "bleu"):
                stats[name] = m[name]._extract_corpus_statistics([hyp], [[ref]])
            hyps, refs = _chunks(hyp, ref) if self.fast else ([hyp], [ref])
            stats["ter"] = m["ter"]._extract_corpus_statistics(hyps, [refs])
            out.append(stats)
        return out

    def scores(self, stats: Sequence[Stats]) -> tuple[list[PairScores], PairScores | None]:
        """Every pair's scores, and the corpus scores over all of them."""
        m = self._objects
        pairs = [PairScores(**{n: float(m[n]._aggregate_and_compute(s[n]).score) for n in NAMES}) for s in stats]
        if not pairs:
            return pairs, None
        corpus = {n: float(m[n]._aggregate_and_compute([x for s in stats for x in s[n]]).score) for n in NAMES}
        return pairs, PairScores(**corpus)

    def score_pairs(self, pairs: Sequence[tuple[str, str]]) -> tuple[list[PairScores], PairScores | None]:
        """Every pair's scores, and the corpus scores over all of them, from one pass.

        Each segment's sufficient statistics are extracted once (sacrebleu's own
        `_extract_corpus_statistics`, the mechanism behind its significance tests) and
        aggregated twice: per pair, and over the corpus. A sentence score is therefore exactly
        `sentence_score`, and the corpus score exactly `corpus_score` over the same segments.
        """
        return self.scores(self.statistics(pairs))

    def score_corpus(self, hyps: Sequence[str], refs: Sequence[str]) -> PairScores | None:
        """Document/corpus-level scores (one reference stream)."""
        return self.score_pairs(list(zip(hyps, refs, strict=True)))[1]

    def signatures(self) -> dict[str, str]:
        """sacrebleu signatures, for reproducing the scores with the sacrebleu CLI.

        An approximation says so: the fast TER's signature ends in ``|chunk:30``.
        """
        out = {}
        for name, metric in self._objects.items():
            metric.sentence_score("a", ["a"])  # signatures need the reference count
            out[name] = str(metric.get_signature())
        if self.fast:
            out["ter"] += f"|chunk:{TER_CHUNK_WORDS}"
        return out


def _split_sentences(text: str) -> list[str]:
    from tqcheck.lang.profiles import ENGLISH
    from tqcheck.text import sentence_spans

    return [text[s:e] for s, e in sentence_spans(text, ENGLISH.abbreviations)]


def _chunks(hyp: str, ref: str) -> tuple[list[str], list[str]]:
    """Split a long pair into aligned pieces of bounded length (the ``fast`` approximation)."""
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
