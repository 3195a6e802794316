"""The developer sets for fidelity, scored as `tqcheck score` scores a line, and the model fit.

Shared by `fit_fidelity.py` (writes tqcheck/data/fidelity.json) and `bench_fidelity.py`.

Directions (the MT's language is the model's key):
- ``en``: ru->en, `../shared/data/wmt-ruen/wmt22_ruen_da.tsv`, human score DA z (`da_z`),
  227 documents, 6 systems with official system DA z; folds: crc32(doc_id) % 5.
- ``ru``: en->ru, `../shared/data/wmt-enru-ted-mqm/wmt21_ted_enru_mqm.tsv`, human score MQM
  (`mqm_score`, fitted on `mqm_z`), 6 talks, 14 systems (system score: mean MQM); folds: one
  per talk.

Each row gets the model's features (tqcheck.fidelity.features: sacrebleu's chrF, chrF++, BLEU and
TER, figure mismatches and missing names against the reference, length ratio). Features are
cached in `benchmarks/.cache/` (not committed) keyed by the data file's size and mtime and the
source of the modules that compute them; delete it to recompute.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import json
import math
import multiprocessing
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data"
CACHE = ROOT / "benchmarks" / ".cache"
FEATURE_VERSION = "2"
_FEATURE_CODE = ("fidelity.py", "metrics.py", "ter.py", "names.py", "figures.py", "text.py")
RIDGE = 1.0  # per row, on standardised columns: a light, fixed shrinkage (not tuned on the folds)
# A document's metric weights (tqcheck.fidelity.document_fidelity): corpus chrF alone. Chosen by
# looking at these sets' document-level figures (corpus chrF beats corpus chrF++, BLEU and TER there
# in both directions, and the segment weights on corpus metrics trail it in en->ru): not fitted.
DOCUMENT_WEIGHTS = {"chrf": 1.0}


def former_fidelity(row: dict[str, Any]) -> float:
    """The fidelity formula before the fitted models (tqcheck 0.x): the calibration's anchor."""
    log_ratio = row["longer"] - row["shorter"]
    base = (4 * row["chrf"] + row["ter_kept"]) / 5
    return max(0.0, min(100.0, base - 10 * row["figures"] - 3 * row["names"] - 120 * log_ratio**2))


@dataclass
class Direction:
    key: str  # the MT's language: the model key
    name: str
    path: Path
    human: str  # column correlated with
    fit_on: str  # column fitted
    folds: int
    # Features left out of this direction's model, and why (README, Fidelity).
    exclude: tuple[str, ...] = ()

    def fold(self, doc_id: str) -> int:
        if self.key == "ru":
            return int(doc_id.rsplit("-", 1)[1]) - 1
        return zlib.crc32(doc_id.encode()) % self.folds


DIRECTIONS = {
    "en": Direction("en", "ru->en WMT22 news/ecommerce/social, DA z", DATA / "wmt-ruen" / "wmt22_ruen_da.tsv",
                    "da_z", "da_z", 5),
    "ru": Direction("ru", "en->ru WMT21 TED talks, expert MQM", DATA / "wmt-enru-ted-mqm" / "wmt21_ted_enru_mqm.tsv",
                    "mqm_score", "mqm_z", 6,
                    # Missing names against a Russian reference fire on 3 % of TED rows but on 19-24 % of
                    # WMT22 en-ru news rows of every system, mostly case forms the matcher misses
                    # (`Сони` / `Соней`): a weight learnt on talks would punish good news translations.
                    ("names",)),
}  # fmt: skip
SYSTEMS_RUEN = DATA / "wmt-ruen" / "wmt22_ruen_systems.tsv"


def load(direction: Direction) -> list[dict[str, str]]:
    with direction.path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def official_systems(direction: Direction, rows: list[dict[str, str]]) -> dict[str, float]:
    """System-level human scores: WMT's official DA z (ru-en), else the mean MQM of each system."""
    if direction.key == "en":
        with SYSTEMS_RUEN.open(encoding="utf-8", newline="") as f:
            table = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
        return {r["system"]: float(r["da_z"]) for r in table if r["included"] == "yes"}
    sums: dict[str, list[float]] = {}
    for r in rows:
        sums.setdefault(r["system"], []).append(float(r[direction.human]))
    return {s: sum(v) / len(v) for s, v in sums.items()}


def _features(chunk: list[tuple[str, str, str]]) -> list[dict[str, float]]:
    from tqcheck.fidelity import features, length_ratio
    from tqcheck.figures import figures, missing
    from tqcheck.metrics import Metrics
    from tqcheck.names import missing_names, names

    metrics = Metrics()
    out = []
    for hyp, ref, lang in chunk:
        stats = metrics.statistics([(hyp, ref)])
        s = metrics.scores(stats)[0][0]
        fh, fr = figures(hyp, lang), figures(ref, lang)
        mismatches = len(missing(fr, fh)) + len(missing(fh, fr))
        gone = len(missing_names(names(ref), names(hyp, include_initial=True)))
        ratio = length_ratio(len(hyp), len(ref))
        row = features(s, mismatches, gone, ratio, len(ref.split()))
        row.update(ter=s.ter, mt_chars=float(len(hyp)), stats=stats[0])
        out.append(row)
    return out


def scored_rows(direction: Direction, rows: list[dict[str, str]], workers: int = 2) -> list[dict[str, Any]]:
    """Every row with its features (cached on disk)."""
    st = direction.path.stat()
    # The code that makes the features is part of the key: a change to names.py must not reuse old ones.
    code = b"".join((ROOT / "tqcheck" / f).read_bytes() for f in _FEATURE_CODE)
    key = f"{FEATURE_VERSION}|{st.st_size}|{st.st_mtime_ns}|{len(rows)}|{hashlib.sha1(code).hexdigest()}"
    digest = hashlib.sha1(key.encode()).hexdigest()[:12]
    digest += hashlib.sha1("".join(r["hypothesis"] for r in rows).encode()).hexdigest()[:8]
    cache = CACHE / f"features-{direction.key}-{digest}.json"
    if cache.exists():
        feats = json.loads(cache.read_text(encoding="utf-8"))
    else:
        items = [(r["hypothesis"], r["reference"], direction.key) for r in rows]
        chunks = [items[i : i + 100] for i in range(0, len(items), 100)]
        if workers > 1:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                feats = [x for part in pool.map(_features, chunks) for x in part]
        else:
            feats = [x for c in chunks for x in _features(c)]
        CACHE.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps(feats), encoding="utf-8")
    out = []
    for r, f in zip(rows, feats, strict=True):
        human = float(r[direction.human]) if r[direction.human] else None
        fit = float(r[direction.fit_on]) if r[direction.fit_on] else None
        out.append({"doc_id": r["doc_id"], "system": r["system"], "doc_seg": int(r["doc_seg"]),
                    "fold": direction.fold(r["doc_id"]), "human": human, "fit": fit,
                    "hypothesis": r["hypothesis"], "reference": r["reference"], **f})  # fmt: skip
    return out


@functools.cache
def _metrics() -> Any:
    from tqcheck.metrics import Metrics

    return Metrics()


# --------------------------------------------------------------------------- the fit


def fit(rows: list[dict[str, Any]], exclude: tuple[str, ...] = ()) -> dict[str, dict[str, float]]:
    """Non-negative ridge regression of the human score on the features, metric weights summed to 1.

    human ~ c + sum_k a_k metric_k - sum_l b_l penalty_l with a, b >= 0 (scipy's NNLS on columns
    standardised to unit variance, ridge rows appended). Dividing by sum(a) gives a score on the
    metrics' 0-100 scale (a perfect pair stays 100): correlations do not change.
    """
    import numpy as np
    from scipy.optimize import nnls

    from tqcheck.fidelity import METRIC_FEATURES, PENALTY_FEATURES

    judged = [r for r in rows if r["fit"] is not None]
    cols = list(METRIC_FEATURES) + list(PENALTY_FEATURES)
    sign = np.array([1.0] * len(METRIC_FEATURES) + [-1.0] * len(PENALTY_FEATURES))
    x = np.array([[r[c] for c in cols] for r in judged]) * sign
    y = np.array([r["fit"] for r in judged])
    x = x - x.mean(axis=0)
    y = y - y.mean()
    sd = x.std(axis=0)
    sd[sd == 0] = 1.0
    xs = x / sd
    n, k = xs.shape
    a = np.vstack([xs, math.sqrt(RIDGE * n) * np.eye(k)])
    b = np.concatenate([y, np.zeros(k)])
    # A left-out feature: its column is zeroed, so NNLS gives it weight 0.
    for c in exclude:
        a[:, cols.index(c)] = 0.0
    coef, _ = nnls(a, b)
    coef = coef / sd
    total = float(sum(coef[: len(METRIC_FEATURES)]))
    if total <= 0:  # nothing fitted: plain chrF
        return {"gamma": 1.0, "weights": {"chrf": 1.0, "chrf_pp": 0.0, "bleu": 0.0, "ter_kept": 0.0},
                "penalties": dict.fromkeys(PENALTY_FEATURES, 0.0)}  # fmt: skip
    coef = coef / total
    weights = {c: round(float(v), 5) for c, v in zip(METRIC_FEATURES, coef[: len(METRIC_FEATURES)], strict=True)}
    top = max(weights, key=lambda c: weights[c])  # rounded weights still sum to 1: a perfect pair scores 100
    weights[top] = round(1 - sum(v for c, v in weights.items() if c != top), 5)
    # The calibration: the median pair of the training rows where the former formula put it, so
    # that a `min-fidelity` chosen before keeps its meaning in each language.
    from tqcheck.fidelity import FidelityModel

    penalties = {c: round(float(v), 4) for c, v in zip(PENALTY_FEATURES, coef[len(METRIC_FEATURES) :], strict=True)}
    raw = FidelityModel("fit", weights, penalties)
    median = float(np.median([max(1e-6, min(100.0, raw.raw(r))) for r in rows]))
    target = float(np.median([former_fidelity(r) for r in rows]))
    gamma = round(math.log(target / 100) / math.log(median / 100), 4) if 0 < median < 100 and target > 0 else 1.0
    return {
        "gamma": gamma,
        "weights": weights,
        "penalties": {
            c: round(float(v), 4) for c, v in zip(PENALTY_FEATURES, coef[len(METRIC_FEATURES) :], strict=True)
        },
    }


def corpus_scores(rows: list[dict[str, Any]]) -> dict[str, float]:
    """sacrebleu's corpus chrF, chrF++, BLEU and TER over the rows (from their statistics)."""
    corpus = _metrics().scores([r["stats"] for r in rows])[1]
    assert corpus is not None, "no rows"
    return {"chrf": corpus.chrf, "chrf_pp": corpus.chrf_pp, "bleu": corpus.bleu, "ter": corpus.ter}


def document_fidelity(rows: list[dict[str, Any]], key: str = "fidelity") -> float:
    """A document's fidelity as the checker aggregates paragraphs: mean weighted by MT length."""
    total = sum(r["mt_chars"] for r in rows)
    if not total:
        return sum(r[key] for r in rows) / len(rows)
    return sum(r[key] * r["mt_chars"] for r in rows) / total


def as_model(model: dict[str, dict[str, float]]) -> Any:
    from tqcheck.fidelity import FidelityModel

    return FidelityModel("fit", model["weights"], model["penalties"], dict(DOCUMENT_WEIGHTS), model["gamma"])


def predict(model: dict[str, dict[str, float]], row: dict[str, Any]) -> float:
    return float(as_model(model).score(row))


def cross_validated(
    rows: list[dict[str, Any]], folds: int, exclude: tuple[str, ...] = ()
) -> tuple[list[float], list[dict[str, Any]]]:
    """Out-of-fold fidelity for every row: each fold scored by a model fitted on the others."""
    pred = [math.nan] * len(rows)
    models = []
    for k in range(folds):
        train = [r for r in rows if r["fold"] != k]
        test = [i for i, r in enumerate(rows) if r["fold"] == k]
        if not test:
            continue
        model = fit(train, exclude)
        models.append(model)
        for i in test:
            pred[i] = predict(model, rows[i])
    return pred, models
