"""Fit the fidelity models and write tqcheck/data/fidelity.json (the package loads it; no training at run time).

Run from the repository root, with the project's venv (~1-2 min the first time, features are cached):

    .venv/bin/python benchmarks/fit_fidelity.py [--check]

One model per MT language, fitted on ALL rows of its developer set (benchmarks/fidelity_data.py):
``en`` on WMT22 ru->en DA z, ``ru`` on WMT21 en->ru TED MQM z, ``default`` (any other language)
on both (each set's human scores are z-scores already). The figures to quote are the
cross-validated ones of `bench_fidelity.py`; this script prints the per-fold weights so that one
can see how stable they are. ``--check`` exits 1 if the file in the package differs from a refit.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import fidelity_data as fd

OUT = fd.ROOT / "tqcheck" / "data" / "fidelity.json"


def build() -> dict[str, object]:
    models: dict[str, object] = {}
    pooled = []
    for key, direction in fd.DIRECTIONS.items():
        rows = fd.scored_rows(direction, fd.load(direction))
        pooled += rows
        _, per_fold = fd.cross_validated(rows, direction.folds, direction.exclude)
        print(f"{key}: {direction.name}, {len(rows)} rows; weights in each of {len(per_fold)} folds:")
        for m in per_fold:
            print("   ", {k: round(v, 2) for k, v in {**m["weights"], **m["penalties"]}.items()})
        models[key] = {**fd.fit(rows, direction.exclude), "document_weights": fd.DOCUMENT_WEIGHTS, "fitted_on": f"{direction.name} ({direction.path.name}, {len(rows)} rows, "
                       f"target {direction.fit_on})"}  # fmt: skip
    models["default"] = {**fd.fit(pooled), "document_weights": fd.DOCUMENT_WEIGHTS,
                         "fitted_on": "both sets above, pooled"}  # fmt: skip
    return {
        "version": 1,
        "about": "Fidelity = sum(weights * metric) - sum(penalties * feature), clipped to 0-100; "
        "see tqcheck/fidelity.py. Regenerate with benchmarks/fit_fidelity.py.",
        "models": models,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="compare with the shipped file instead of writing it")
    args = ap.parse_args()
    text = json.dumps(build(), indent=1, ensure_ascii=False) + "\n"
    if args.check:
        same = OUT.read_text(encoding="utf-8") == text
        print("tqcheck/data/fidelity.json is", "up to date" if same else "OUT OF DATE")
        sys.exit(0 if same else 1)
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(fd.ROOT)}")


if __name__ == "__main__":
    main()
