"""Fidelity against human judgement in both directions, cross-validated, with bootstrap intervals.

Run from the repository root, with the project's venv:

    .venv/bin/python benchmarks/bench_fidelity.py [--quick] [--bootstrap 1000] [--json FILE]

Data (benchmarks/fidelity_data.py): ru->en WMT22 DA z (12,096 rows, 227 documents, 6 systems with
official DA z) and en->ru WMT21 TED expert MQM (7,700 rows, 6 talks, 14 systems). Every row is
scored as `tqcheck score` scores a line (a subprocess run of `tqcheck score` on a sample checks it).

The fidelity figures are CROSS-VALIDATED, split by document: each row's fidelity comes from a
model fitted on the other folds (ru->en: 5 folds by crc32(doc_id); en->ru: one fold per talk).
Baselines: sacrebleu chrF, chrF++, BLEU and TER (sign flipped: lower is better) on the same rows.

  segment   Pearson r and Kendall tau-b with the human score over judged rows;
  document  (doc_id, system): Pearson r of the document score with the mean human score of its
            judged rows. Fidelity as the checker scores a document (tqcheck.fidelity.
            document_fidelity: corpus chrF less the rows' mean penalties, the fold's weights);
            the baselines as sacrebleu corpus scores over the document's rows;
  system    pairwise accuracy against the human system scores (ru->en: official WMT22 DA z of
            the 6 systems, 15 pairs; en->ru: mean MQM of each of the 14 systems, 91 pairs), each
            metric as its corpus score over the system's rows, fidelity as a document.

95 % intervals: bootstrap over documents (ru->en) or source segments (en->ru, 6 talks being too
few), for each figure and for fidelity - chrF. --quick: a sample of documents and 50 resamples
(for CI: exits non-zero if the pipeline breaks, not on the figures).
"""

from __future__ import annotations

import argparse
import collections
import json
import math
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import fidelity_data as fd

TQCHECK = Path(sys.executable).with_name("tqcheck")
METRICS = ("fidelity", "chrf", "chrf_pp", "bleu", "ter")
LABEL = {"fidelity": "fidelity", "chrf": "chrF", "chrf_pp": "chrF++", "bleu": "BLEU", "ter": "TER"}


def _penalty(model: dict[str, dict[str, float]], row: dict[str, Any]) -> float:
    return sum(p * row[k] for k, p in model["penalties"].items())


def prepare(direction: fd.Direction, quick: bool, seed: int) -> dict[str, Any]:
    """Rows with cross-validated fidelity, documents and systems with their scores."""
    from tqcheck.fidelity import document_fidelity, features
    from tqcheck.model import PairScores

    rows = fd.load(direction)
    if quick:  # a sample of documents (all folds kept), of segments for the 6 talks
        docs = sorted({r["doc_id"] for r in rows})
        if direction.key == "ru":
            keep_seg = set(random.Random(seed).sample(sorted({int(r["doc_seg"]) for r in rows}), 25))
            rows = [r for r in rows if int(r["doc_seg"]) in keep_seg]
        else:
            keep = set(random.Random(seed).sample(docs, 20))
            rows = [r for r in rows if r["doc_id"] in keep]
    scored = fd.scored_rows(direction, rows, workers=1 if quick else 2)
    pred, models = fd.cross_validated(scored, direction.folds, direction.exclude)
    fold_ids = sorted({r["fold"] for r in scored})
    model_of = dict(zip(fold_ids, models, strict=True))
    for r, p in zip(scored, pred, strict=True):
        r["fidelity"] = p
        r["penalty"] = _penalty(model_of[r["fold"]], r)

    def group_score(group: list[dict[str, Any]]) -> dict[str, float]:
        corpus = fd.corpus_scores(group)
        model = fd.as_model(model_of[group[0]["fold"]])
        if len({r["fold"] for r in group}) == 1:  # a document: exactly the checker's document_fidelity
            doc = document_fidelity(PairScores(**corpus), group, model=model)
        else:  # a system spans folds: each row's penalties by its own fold's model (the order ignores gamma)
            penalty = sum(r["penalty"] for r in group) / len(group)
            doc = model.raw(features(PairScores(**corpus)), model.document_weights) - penalty
        return {"fidelity": doc, **corpus, "ter": -corpus["ter"]}

    by_doc: dict[tuple[str, str], list[dict[str, Any]]] = collections.defaultdict(list)
    by_sys: dict[str, list[dict[str, Any]]] = collections.defaultdict(list)
    for r in scored:
        by_doc[(r["doc_id"], r["system"])].append(r)
        by_sys[r["system"]].append(r)
    documents = []
    for (doc_id, _system), group in by_doc.items():
        judged = [r["human"] for r in group if r["human"] is not None]
        if judged:
            documents.append({"doc_id": doc_id, "human": sum(judged) / len(judged), **group_score(group)})
    official = fd.official_systems(direction, fd.load(direction))
    return {"rows": scored, "documents": documents, "by_sys": by_sys, "official": official, "models": models,
            "group_score": group_score}  # fmt: skip


# --------------------------------------------------------------------------- figures


def seg_figures(rows: list[dict[str, Any]]) -> dict[str, tuple[float, float]]:
    from scipy.stats import kendalltau, pearsonr

    judged = [r for r in rows if r["human"] is not None]
    h = [r["human"] for r in judged]
    out = {}
    for m in METRICS:
        v = [-r[m] if m == "ter" else r[m] for r in judged]
        out[m] = (float(pearsonr(v, h)[0]), float(kendalltau(v, h)[0]))
    return out


def doc_figures(documents: list[dict[str, Any]]) -> dict[str, float]:
    from scipy.stats import pearsonr

    h = [d["human"] for d in documents]
    return {m: float(pearsonr([d[m] for d in documents], h)[0]) for m in METRICS}


def pairwise(metric: dict[str, float], human: dict[str, float]) -> float:
    systems = sorted(set(human) & set(metric))
    agree = total = 0
    for i, a in enumerate(systems):
        for b in systems[i + 1 :]:
            total += 1
            agree += (metric[a] - metric[b]) * (human[a] - human[b]) > 0
    return agree / total if total else math.nan


def sys_figures(scores: dict[str, dict[str, float]], official: dict[str, float]) -> dict[str, float]:
    return {m: pairwise({s: v[m] for s, v in scores.items()}, official) for m in METRICS}


def bootstrap(direction: fd.Direction, data: dict[str, Any], n: int, seed: int) -> dict[str, Any]:
    """95 % intervals of every figure and of fidelity - chrF, resampling documents or segments."""
    import numpy as np

    rows = data["rows"]
    unit_of = (lambda r: r["doc_id"]) if direction.key == "en" else (lambda r: (r["doc_id"], r["doc_seg"]))
    units: dict[Any, list[int]] = collections.defaultdict(list)
    for k, r in enumerate(rows):
        units[unit_of(r)].append(k)
    keys = sorted(units)
    docs = data["documents"]
    doc_units: dict[str, list[int]] = collections.defaultdict(list)
    for k, d in enumerate(docs):
        doc_units[d["doc_id"]].append(k)
    # per unit and system: summed sacrebleu statistics and penalties, to re-aggregate systems
    metrics = fd._metrics()._objects
    names = ("chrf", "chrf_pp", "bleu", "ter")
    per: dict[Any, dict[str, Any]] = {}
    for u in keys:
        acc: dict[str, Any] = {}
        for k in units[u]:
            r = rows[k]
            a = acc.setdefault(r["system"], {"n": 0, "pen": 0.0, **{m: None for m in names}})
            a["n"] += 1
            a["pen"] += r["penalty"]
            for m in names:
                v = np.array(r["stats"][m][0], dtype=float)
                a[m] = v if a[m] is None else a[m] + v
        per[u] = acc
    rng = random.Random(seed)
    samples: dict[str, list[float]] = collections.defaultdict(list)
    for b in range(n):
        pick = [rng.choice(keys) for _ in keys]
        sample = [rows[k] for u in pick for k in units[u]]
        seg = seg_figures(sample) if b < max(50, n // 4) else None  # Kendall is the slow part
        if seg:
            for m, (p, t) in seg.items():
                samples[f"segment pearson {m}"].append(p)
                samples[f"segment kendall {m}"].append(t)
        if direction.key == "en":
            dsample = [docs[k] for u in pick for k in doc_units.get(u, [])]
        else:  # 84 documents: resample them directly
            dsample = [rng.choice(docs) for _ in docs]
        for m, v in doc_figures(dsample).items():
            samples[f"document pearson {m}"].append(v)
        tot: dict[str, dict[str, Any]] = {}
        for u in pick:
            for s, a in per[u].items():
                t = tot.setdefault(s, {"n": 0, "pen": 0.0, **{m: 0 for m in names}})
                t["n"] += a["n"]
                t["pen"] += a["pen"]
                for m in names:
                    t[m] = t[m] + a[m]
        sys_scores = {}
        for s, t in tot.items():
            c = {m: float(metrics[m]._compute_score_from_stats(list(t[m])).score) for m in names}
            # systems are compared by rank: the calibration (monotone) does not matter here
            sys_scores[s] = {"fidelity": c["chrf"] - t["pen"] / t["n"], **c, "ter": -c["ter"]}
        for m, v in sys_figures(sys_scores, data["official"]).items():
            samples[f"system accuracy {m}"].append(v)
    out = {}
    for key, vals in samples.items():
        arr = np.array(vals)
        out[key] = (float(np.percentile(arr, 2.5)), float(np.percentile(arr, 97.5)))
        if key.endswith(" fidelity"):
            base = np.array(samples[key[: -len("fidelity")] + "chrf"])
            diff = arr - base
            out[key[: -len("fidelity")] + "fidelity-chrf"] = (
                float(np.percentile(diff, 2.5)),
                float(np.percentile(diff, 97.5)),
                float(np.mean(diff >= 0)),
            )
    return out


# --------------------------------------------------------------------------- the CLI agrees


def cli_check(direction: fd.Direction, rows: list[dict[str, Any]], seed: int) -> float:
    """`tqcheck score` on a sample of rows gives the fidelity the in-process replica gives (full-data model)."""
    import json as _json

    from tqcheck.fidelity import model_for

    sample = random.Random(seed).sample(rows, min(30, len(rows)))
    with tempfile.TemporaryDirectory() as tmp:
        for name, col in (("hyp", "hypothesis"), ("ref", "reference")):
            Path(tmp, name).write_text("".join(r[col] + "\n" for r in sample), encoding="utf-8")
        out = subprocess.run([str(TQCHECK), "score", "--hyp", f"{tmp}/hyp", "--ref", f"{tmp}/ref", "--lang",
                              direction.key], capture_output=True, text=True, check=True)  # fmt: skip
    cli = [_json.loads(line) for line in out.stdout.splitlines() if line.startswith('{"line"')]
    model = model_for(direction.key)
    return max(abs(c["fidelity"] - round(model.score(r), 2)) for c, r in zip(cli, sample, strict=True))


# --------------------------------------------------------------------------- main


def report(direction: fd.Direction, data: dict[str, Any], boot: dict[str, Any] | None) -> dict[str, Any]:
    seg = seg_figures(data["rows"])
    doc = doc_figures(data["documents"])
    sys_scores = {s: data["group_score"](g) for s, g in data["by_sys"].items()}
    acc = sys_figures(sys_scores, data["official"])
    judged = sum(r["human"] is not None for r in data["rows"])
    n_sys = len(set(sys_scores) & set(data["official"]))
    print(f"\n== {direction.key}: {direction.name} ==")
    print(f"   {len(data['rows'])} rows ({judged} judged), {len(data['documents'])} documents, {n_sys} systems; "
          f"{len(data['models'])} folds by document; human: {direction.human}")  # fmt: skip

    def ci(key: str) -> str:
        if not boot or key not in boot:
            return ""
        return f" [{boot[key][0]:.3f}, {boot[key][1]:.3f}]"

    print(
        f"   {'':<9}{'segment Pearson':<26}{'segment Kendall':<26}{'document Pearson':<26}{'system pairwise acc.':<26}"
    )
    for m in METRICS:
        cells = [f"{seg[m][0]:.4f}{ci(f'segment pearson {m}')}", f"{seg[m][1]:.4f}{ci(f'segment kendall {m}')}",
                 f"{doc[m]:.4f}{ci(f'document pearson {m}')}", f"{acc[m]:.3f}{ci(f'system accuracy {m}')}"]  # fmt: skip
        print(f"   {LABEL[m]:<9}" + "".join(f"{c:<26}" for c in cells))
    verdict = {
        "segment pearson": seg["fidelity"][0] >= seg["chrf"][0],
        "segment kendall": seg["fidelity"][1] >= seg["chrf"][1],
        "document pearson": doc["fidelity"] >= doc["chrf"],
        "system accuracy": acc["fidelity"] >= acc["chrf"],
    }
    print("   fidelity >= chrF: " + ", ".join(f"{k} {'yes' if v else 'NO'}" for k, v in verdict.items()))
    if boot:
        print("   fidelity - chrF, 95 % interval (share of resamples where fidelity >= chrF):")
        for level in ("segment pearson", "segment kendall", "document pearson", "system accuracy"):
            lo, hi, share = boot[f"{level} fidelity-chrf"]
            print(f"     {level:<18} [{lo:+.4f}, {hi:+.4f}]  ({share:.0%})")
    return {"segment": seg, "document": doc, "system_pairwise": acc, "verdict": verdict, "bootstrap": boot,
            "rows": len(data["rows"]), "documents": len(data["documents"])}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="a sample of documents, 50 resamples (seconds; for CI)")
    ap.add_argument("--bootstrap", type=int, default=1000, help="bootstrap resamples (0: none)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", help="write every figure as JSON")
    args = ap.parse_args()
    missing = [d.path for d in fd.DIRECTIONS.values() if not d.path.exists()]
    if missing:
        sys.exit(f"missing {', '.join(map(str, missing))}")
    n_boot = min(args.bootstrap, 50) if args.quick else args.bootstrap
    started = time.perf_counter()
    figures: dict[str, Any] = {"cross_validated": True, "bootstrap": n_boot}
    for key, direction in fd.DIRECTIONS.items():
        data = prepare(direction, args.quick, args.seed)
        boot = bootstrap(direction, data, n_boot, args.seed) if n_boot else None
        figures[key] = report(direction, data, boot)
        diff = cli_check(direction, data["rows"], args.seed)
        print(f"   `tqcheck score --lang {key}` on 30 rows: max |fidelity - this script's| = {diff:.3f} "
              f"({'same numbers' if diff <= 0.011 else 'MISMATCH'})")  # fmt: skip
        figures[key]["cli_max_diff"] = diff
        if diff > 0.011:
            sys.exit("bench_fidelity: the CLI and the benchmark disagree")
    print(f"\n   total {time.perf_counter() - started:.0f} s")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
