"""The fitting code behind tqcheck/data/fidelity.json (benchmarks/fidelity_data.py), on made-up rows."""

from __future__ import annotations

import random
from typing import Any

import pytest

from benchmarks import fidelity_data as fd
from tqcheck.fidelity import METRIC_FEATURES, PENALTY_FEATURES


def _rows(n: int = 600, seed: int = 3) -> list[dict[str, Any]]:
    """Humans who follow chrF and TER and punish a changed figure; names mean nothing to them."""
    rng = random.Random(seed)
    rows = []
    for k in range(n):
        chrf = rng.uniform(20, 90)
        row = {"chrf": chrf, "chrf_pp": chrf + rng.gauss(0, 3), "bleu": max(0.0, chrf - 25 + rng.gauss(0, 8)),
               "ter_kept": min(100.0, chrf + rng.gauss(0, 10)), **dict.fromkeys(PENALTY_FEATURES, 0.0)}  # fmt: skip
        row["figures"] = float(rng.random() < 0.2)
        row["names"] = float(rng.random() < 0.2)
        row["fit"] = row["human"] = chrf / 20 + row["ter_kept"] / 40 - 1.5 * row["figures"] + rng.gauss(0, 0.5)
        row["fold"] = k % 4
        rows.append(row)
    return rows


def test_fit_gives_non_negative_weights_summing_to_one_and_a_calibration() -> None:
    model = fd.fit(_rows())
    assert set(model["weights"]) == set(METRIC_FEATURES) and sum(model["weights"].values()) == pytest.approx(1)
    assert min(model["weights"].values()) >= 0 and min(model["penalties"].values()) >= 0
    assert model["penalties"]["figures"] > 10 > model["penalties"]["names"]
    assert 0 < model["gamma"] < 3


def test_a_left_out_feature_gets_no_weight() -> None:
    assert fd.fit(_rows(), exclude=("figures",))["penalties"]["figures"] == 0


def test_cross_validation_scores_each_fold_with_a_model_that_did_not_see_it() -> None:
    rows = _rows()
    pred, models = fd.cross_validated(rows, 4)
    assert len(models) == 4 and all(0 <= p <= 100 for p in pred)
    # the model that scores fold 0 comes from folds 1-3 alone: reversing fold 0's labels changes nothing
    altered = [dict(r, fit=-r["fit"], human=-r["human"]) if r["fold"] == 0 else r for r in rows]
    assert fd.cross_validated(altered, 4)[1][0] == models[0]
