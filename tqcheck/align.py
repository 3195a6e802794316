"""Paragraph alignment by dynamic programming (after Gale & Church, hunalign and Bleualign).

MT artefacts split and merge paragraphs, so the translation and its reference rarely line up one
to one. The aligner finds the best monotone sequence of *beads*, each joining 0-3 paragraphs of
one side with 0-3 of the other (1-1, 1-2, 2-1, 1-3, 3-1, 1-0, 0-1), by a score that rewards
shared content and a plausible length ratio. The DP is banded around the diagonal, so a
200-paragraph article aligns in milliseconds.

Similarity is the Dice overlap of feature sets: for two texts in one language, word stems,
figures and names; across languages (MT against the original, no model), figures and names
only, with the length prior doing most of the work.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from tqcheck.figures import figures
from tqcheck.lang.profiles import get_profile
from tqcheck.names import names
from tqcheck.text import words

MOVES: tuple[tuple[int, int], ...] = ((1, 1), (1, 2), (2, 1), (1, 3), (3, 1), (1, 0), (0, 1))
_MOVE_COST = {(1, 1): 0.0, (1, 2): 0.03, (2, 1): 0.03, (1, 3): 0.06, (3, 1): 0.06, (1, 0): 0.0, (0, 1): 0.0}


@dataclass(frozen=True)
class Unit:
    """A paragraph as the aligner sees it: features and length in characters."""

    features: frozenset[str]
    length: int


@dataclass(frozen=True)
class Bead:
    """Positions (0-based, into the unit lists) joined by one step of the alignment."""

    mt: tuple[int, ...]
    ref: tuple[int, ...]
    similarity: float
    confidence: float


@dataclass(frozen=True)
class Params:
    """Scoring: ``weight * dice + bonus - length_weight * log(ratio)^2 - move cost`` for a match;
    ``-skip_penalty`` for a 1-0 or 0-1 bead.

    Tuned on WMT22 articles damaged by splits, merges, markers, captions, drops and insertions
    (benchmarks/bench_align.py): a skip must cost something, or "1-1 plus a skip" beats the 2-1
    bead of a split paragraph; and a strong length prior keeps half-length pairs apart.
    """

    weight: float = 1.0
    bonus: float = -0.06
    length_weight: float = 1.0
    length_ratio: float = 1.0  # expected MT length / reference length, in characters
    skip_penalty: float = 0.03
    # The length term saturates, so a pair that shares much text still aligns when one side was
    # cut short (then ALN005 reports the length, rather than an omission and an addition).
    length_cap: float = 0.35


SAME_LANGUAGE = Params()
# Across languages only figures and names are shared: the length prior does most of the work.
# English MT is about as long as its Russian original in characters (log ratio +0.04, SD 0.10).
CROSS_LANGUAGE = Params(weight=1.0, bonus=0.2, length_weight=2.0, length_ratio=1.0, skip_penalty=0.1)


def unit(text: str, lang: str, cross_lingual: bool, heading: bool = False) -> Unit:
    """Alignment features of one paragraph (a heading shares a marker feature with headings)."""
    feats = {f"#{f.value}" for f in figures(text, lang)}
    if heading:
        feats.add("^heading")
    feats |= {f"@{n.key[:6]}" for n in names(text)}
    if not cross_lingual:
        stop = get_profile(lang).stopwords
        feats |= {w.lower()[:5] for w in words(text) if len(w) > 2 and w.lower() not in stop}
    return Unit(frozenset(feats), len(text))


def align(
    mt: Sequence[Unit], ref: Sequence[Unit], params: Params = SAME_LANGUAGE, band: int | None = None
) -> list[Bead]:
    """The best monotone bead sequence covering both sides."""
    n, m = len(mt), len(ref)
    if n == 0 or m == 0:
        return [Bead((i,), (), 0.0, 1.0) for i in range(n)] + [Bead((), (j,), 0.0, 1.0) for j in range(m)]
    width = band if band is not None else max(10, int(0.15 * max(n, m)) + abs(n - m))

    @cache
    def merged(side: int, start: int, count: int) -> tuple[frozenset[str], int]:
        units = mt if side == 0 else ref
        feats: frozenset[str] = frozenset().union(*(u.features for u in units[start : start + count]))
        return feats, sum(u.length for u in units[start : start + count]) + count - 1

    def dice(a: frozenset[str], b: frozenset[str]) -> float:
        return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0

    def bead_score(i: int, j: int, a: int, b: int) -> tuple[float, float]:
        if a == 0 or b == 0:
            return -params.skip_penalty, 0.0
        fa, la = merged(0, i - a, a)
        fb, lb = merged(1, j - b, b)
        sim = dice(fa, fb)
        ratio = math.log((la + 20) / (lb * params.length_ratio + 20))
        length = params.length_weight * min(ratio * ratio, params.length_cap)
        return params.weight * sim + params.bonus - length - _MOVE_COST[(a, b)], sim

    neg = -math.inf
    best: dict[tuple[int, int], tuple[float, int, int, float]] = {(0, 0): (0.0, 0, 0, 0.0)}
    for i in range(n + 1):
        centre = i * m / n
        lo, hi = max(0, int(centre) - width), min(m, math.ceil(centre) + width)
        for j in range(lo, hi + 1):
            if i == 0 and j == 0:
                continue
            top = (neg, 0, 0, 0.0)
            for a, b in MOVES:
                pi, pj = i - a, j - b
                if pi < 0 or pj < 0:
                    continue
                prev = best.get((pi, pj))
                if prev is None:
                    continue
                s, sim = bead_score(i, j, a, b)
                if prev[0] + s > top[0]:
                    top = (prev[0] + s, a, b, sim)
            if top[0] > neg:
                best[(i, j)] = top
    if (n, m) not in best:  # the band was too narrow for this pair of documents
        return align(mt, ref, params, band=max(n, m))
    beads: list[Bead] = []
    i, j = n, m
    while i > 0 or j > 0:
        _total, a, b, sim = best[(i, j)]
        s = bead_score(i, j, a, b)[0]
        beads.append(Bead(tuple(range(i - a, i)), tuple(range(j - b, j)), sim, _confidence(s, a, b)))
        i, j = i - a, j - b
    beads.reverse()
    return beads


def _confidence(score: float, a: int, b: int) -> float:
    """How sure the bead is: its score margin over skipping both sides, squashed to 0-1."""
    if a == 0 or b == 0:
        return 0.5
    return round(1 / (1 + math.exp(-score / 0.08)), 3)


# Sentence-level omissions inside an aligned paragraph pair (ALN006).
# Tuned on 300 WMT22 news MT/reference pairs (benchmarks/bench_omission.py): a skip dearer than
# between paragraphs (0.06, not 0.03) cut false alarms eightfold for 1 point of recall.
SENTENCE = Params(skip_penalty=0.06)
MIN_FEATURES = 4  # a reference sentence this poor in content words is not worth reporting
MAX_COVERAGE = 0.5  # ... nor one whose content words the translation paragraph mostly has


@dataclass(frozen=True)
class SentenceGap:
    """A reference sentence with no counterpart: its span in the reference text, and where the
    translation would have it (``after``: span of the MT sentence it follows, or None at the start)."""

    ref_start: int
    ref_end: int
    after: tuple[int, int] | None
    before: tuple[int, int] | None
    coverage: float


def sentence_gaps(mt_text: str, ref_text: str, lang: str) -> list[SentenceGap]:
    """Reference sentences the translation of the same paragraph leaves out.

    The two paragraphs are split into sentences and aligned with the paragraph aligner (1-1,
    1-2, 2-1 … and skips). A reference sentence aligned to nothing is a gap when it has at least
    :data:`MIN_FEATURES` content features and the whole MT paragraph shares at most
    :data:`MAX_COVERAGE` of them (a sentence the MT merged into a neighbour shares most).
    """
    from tqcheck.text import sentence_spans

    abbreviations = get_profile(lang).abbreviations
    ref_spans = sentence_spans(ref_text, abbreviations)
    mt_spans = sentence_spans(mt_text, abbreviations)
    if len(ref_spans) < 2 or not mt_spans:
        return []
    ref_units = [unit(ref_text[s:e], lang, False) for s, e in ref_spans]
    mt_units = [unit(mt_text[s:e], lang, False) for s, e in mt_spans]
    mt_all: frozenset[str] = frozenset().union(*(u.features for u in mt_units))
    gaps: list[SentenceGap] = []
    last_mt: int | None = None
    beads = align(mt_units, ref_units, SENTENCE)
    for k, bead in enumerate(beads):
        if bead.mt:
            last_mt = bead.mt[-1]
            continue
        for j in bead.ref:
            feats = {f for f in ref_units[j].features if not f.startswith("^")}
            if len(feats) < MIN_FEATURES:
                continue
            coverage = len(feats & mt_all) / len(feats)
            if coverage > MAX_COVERAGE:
                continue
            nxt = next((b.mt[0] for b in beads[k + 1 :] if b.mt), None)
            gaps.append(
                SentenceGap(
                    ref_spans[j][0],
                    ref_spans[j][1],
                    mt_spans[last_mt] if last_mt is not None else None,
                    mt_spans[nxt] if nxt is not None else None,
                    round(coverage, 3),
                )
            )
    return gaps
