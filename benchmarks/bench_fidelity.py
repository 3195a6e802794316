"""Fidelity against human judgement (WMT22 ru-en DA), and the cost of fidelity scoring.

Run from the repository root, with the project's venv:

    .venv/bin/python benchmarks/bench_fidelity.py [--quick] [--no-checker] [--bootstrap 1000] [--json FILE]

Part 1, correlation with humans. Every row of `../shared/data/wmt-ruen/wmt22_ruen_da.tsv` is
scored the way `tqcheck score --hyp --ref --src` scores a line (tqcheck/cli/score.py):
`Metrics.score_pair(hyp, ref)`, figures of the hypothesis against the Russian source, names of
the reference missing from the hypothesis, and the length ratio, into `fidelity_score`; a
subprocess run of `tqcheck score` on a sample of rows checks that this replica gives the CLI's
numbers. The baseline is plain sacrebleu sentence chrF. Both are correlated (Pearson r and
Kendall tau-b, scipy.stats) with the human DA z-score at four levels:

  (a) segment: every row with a human score;
  (b) document (doc_id + system): the mean of the segment scores vs the mean da_z of the same rows;
      also the score of the whole document as one text (segments joined with spaces), and, unless
      --no-checker, the checker's own document fidelity (`check_text(mt, reference=ref)`, one
      segment per paragraph: the length-weighted mean over aligned pairs);
  (c) system: the mean segment score per system (all rows of the split) vs the official system
      da_z (wmt22_ruen_systems.tsv, 6 systems); corpus chrF is shown as well;
  (d) pairwise ranking accuracy over the 15 system pairs (vs the official ranking).

The fidelity weights were chosen on the documents with zlib.crc32(doc_id) % 2 == 0 (dev), so the
held-out half (crc32 % 2 == 1) is the honest figure; every figure is also given on all data.
Paired bootstrap over held-out documents gives a 95 % interval for the segment-level gain.

Part 2, speed, all in one run (the machines are noisy: compare within one run only):
  (i)   wall time of `tqcheck check MT --reference REF` as a subprocess (goal < 0.5 s);
  (ii)  Metrics.score_pair over the aligned pairs of that article vs plain sacrebleu
        sentence_score for chrF, chrF++, BLEU (effective_order) and TER (goal ratio <= 1.3);
        our TER chunks long pairs, so plain TER on the longest pair is shown too;
  (iii) one 240-word pair: plain sacrebleu TER vs ours.
The article is samples/caspian-port.en.txt with samples/caspian-port.ref.en.txt, else the seed
article with tests/fixtures/rt-central-asia-bases.ref.en.txt, else one built from WMT.
"""

from __future__ import annotations

import argparse
import collections
import csv
import datetime
import json
import math
import multiprocessing
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATA_DIR = ROOT.parent / "shared" / "data" / "wmt-ruen"
DATA = DATA_DIR / "wmt22_ruen_da.tsv"
SYSTEMS = DATA_DIR / "wmt22_ruen_systems.tsv"
TQCHECK = Path(sys.executable).with_name("tqcheck")
ARTICLES = (
    (ROOT / "samples" / "caspian-port.en.txt", ROOT / "samples" / "caspian-port.ref.en.txt"),
    (ROOT.parent / "shared" / "seed" / "rt-central-asia-bases.en.txt",
     ROOT / "tests" / "fixtures" / "rt-central-asia-bases.ref.en.txt"),
)  # fmt: skip
GOAL_CLI_S = 0.5
GOAL_RATIO = 1.3


def split_of(doc_id: str) -> str:
    return "dev" if zlib.crc32(doc_id.encode()) % 2 == 0 else "held-out"


def load_rows() -> list[dict[str, str]]:
    with DATA.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def load_systems() -> dict[str, float]:
    with SYSTEMS.open(encoding="utf-8", newline="") as f:
        return {r["system"]: float(r["da_z"]) for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
                if r["included"] == "yes"}  # fmt: skip


# --------------------------------------------------------------------------- scoring (as tqcheck score)

_STATE: dict[str, Any] = {}


def _init() -> None:
    from sacrebleu.metrics.chrf import CHRF

    from tqcheck.metrics import Metrics

    _STATE["metrics"] = Metrics()
    _STATE["chrf"] = CHRF()


def score_line(h: str, r: str, s: str | None) -> dict[str, float]:
    """One line as `tqcheck score --hyp --ref --src` scores it (tqcheck/cli/score.py), plus plain chrF."""
    from tqcheck.fidelity import fidelity_score, length_ratio
    from tqcheck.figures import figures, missing
    from tqcheck.names import missing_names, names

    if not _STATE:
        _init()
    sc = _STATE["metrics"].score_pair(h, r)
    check_text, check_lang = (s, "ru") if s is not None else (r, "en")
    fh, fc = figures(h, "en"), figures(check_text, check_lang)
    mismatches = len(missing(fc, fh)) + len(missing(fh, fc))
    gone = len(missing_names(names(r), names(h, include_initial=True)))
    ratio = length_ratio(len(h), len(r))
    fid = fidelity_score(sc, mismatches, gone, ratio, len(r.split()))
    return {
        "fidelity": fid,
        "chrf": _STATE["chrf"].sentence_score(h, [r]).score,
        "our_chrf": sc.chrf,
        "chrf_pp": sc.chrf_pp,
        "bleu": sc.bleu,
        "100-ter": 100 - min(sc.ter, 100.0),
        "base": (4 * sc.chrf + 100 - min(sc.ter, 100.0)) / 5,
        "figure_mismatches": mismatches,
        "missing_names": gone,
        "length_ratio": ratio,
        "mt_chars": len(h),
    }


def _score_rows(chunk: list[tuple[int, str, str, str]]) -> list[tuple[int, dict[str, float]]]:
    return [(i, score_line(h, r, s)) for i, h, r, s in chunk]


def _score_docs(chunk: list[tuple[str, str, str, str, str]]) -> list[tuple[str, str, dict[str, float]]]:
    return [(doc, sysname, score_line(h, r, s)) for doc, sysname, h, r, s in chunk]


def _checker_docs(chunk: list[tuple[str, str, str, str]]) -> list[tuple[str, str, float | None, float]]:
    from tqcheck.checker import check_text

    out = []
    for doc, sysname, mt, ref in chunk:
        t0 = time.perf_counter()
        fid = check_text(mt, lang="en", reference=ref).files[0].fidelity
        out.append((doc, sysname, fid.fidelity if fid else None, time.perf_counter() - t0))
    return out


def parallel(fn: Any, items: list[Any], workers: int, chunk: int) -> list[Any]:
    chunks = [items[i : i + chunk] for i in range(0, len(items), chunk)]
    if workers <= 1:
        return [x for c in chunks for x in fn(c)]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        return [x for part in pool.map(fn, chunks) for x in part]


# --------------------------------------------------------------------------- statistics


def corr(x: list[float], y: list[float]) -> tuple[float, float]:
    from scipy.stats import kendalltau, pearsonr

    if len(x) < 3:
        return math.nan, math.nan
    return float(pearsonr(x, y)[0]), float(kendalltau(x, y)[0])


def pairwise_accuracy(metric: dict[str, float], human: dict[str, float]) -> tuple[int, int]:
    systems = sorted(human)
    agree = total = 0
    for i, a in enumerate(systems):
        for b in systems[i + 1 :]:
            total += 1
            agree += (metric[a] - metric[b]) * (human[a] - human[b]) > 0
    return agree, total


def bootstrap(rows: list[dict[str, Any]], a: str, b: str, n: int, seed: int) -> dict[str, tuple[float, float, float]]:
    """Paired bootstrap over documents: 95 % interval of r(a) - r(b) and tau(a) - tau(b)."""
    import numpy as np
    from scipy.stats import kendalltau

    by_doc: dict[str, list[int]] = collections.defaultdict(list)
    for k, r in enumerate(rows):
        by_doc[r["doc_id"]].append(k)
    docs = sorted(by_doc)
    xa = np.array([r[a] for r in rows])
    xb = np.array([r[b] for r in rows])
    hz = np.array([r["da_z"] for r in rows])
    rng = random.Random(seed)
    dr, dt = [], []
    for _ in range(n):
        idx = np.array([k for d in (rng.choice(docs) for _ in docs) for k in by_doc[d]])
        ha, hb, hh = xa[idx], xb[idx], hz[idx]
        dr.append(np.corrcoef(ha, hh)[0, 1] - np.corrcoef(hb, hh)[0, 1])
        if len(dt) < min(n, 300):  # Kendall is slower: fewer resamples
            dt.append(kendalltau(ha, hh)[0] - kendalltau(hb, hh)[0])
    q = lambda v: (float(np.mean(v)), float(np.percentile(v, 2.5)), float(np.percentile(v, 97.5)))  # noqa: E731
    return {"pearson": q(dr), "kendall": q(dt)}


def system_bootstrap(seg: list[dict[str, Any]], official: dict[str, float], n: int, seed: int) -> dict[str, float]:
    """Resample documents; pairwise ranking accuracy of the mean segment fidelity and chrF each time."""
    sums: dict[str, dict[str, list[float]]] = collections.defaultdict(
        lambda: collections.defaultdict(lambda: [0.0, 0.0, 0])
    )  # type: ignore[arg-type]
    for x in seg:
        acc = sums[x["doc_id"]][x["system"]]
        acc[0] += x["fidelity"]
        acc[1] += x["chrf"]
        acc[2] += 1
    docs = sorted(sums)
    rng = random.Random(seed)
    fa, ca, ge, gt = [], [], 0, 0
    for _ in range(n):
        tot: dict[str, list[float]] = {s: [0.0, 0.0, 0] for s in official}
        for d in (rng.choice(docs) for _ in docs):
            for s, (f, c, k) in sums[d].items():
                if s in tot:
                    tot[s][0] += f
                    tot[s][1] += c
                    tot[s][2] += k
        mf = {s: v[0] / v[2] for s, v in tot.items()}
        mc = {s: v[1] / v[2] for s, v in tot.items()}
        a, m = pairwise_accuracy(mf, official)
        b, _ = pairwise_accuracy(mc, official)
        fa.append(a / m)
        ca.append(b / m)
        ge += a >= b
        gt += a > b
    return {"fidelity": statistics.mean(fa), "chrf": statistics.mean(ca), "fid_ge": ge / n, "fid_gt": gt / n}


# --------------------------------------------------------------------------- printing


def section(title: str) -> None:
    print(f"\n== {title} " + "=" * max(0, 100 - len(title)), flush=True)


def verdict(fid: float, base: float) -> str:
    return "better" if fid > base + 1e-9 else ("equal" if abs(fid - base) <= 1e-9 else "WORSE")


# --------------------------------------------------------------------------- part 1


def correlations(args: argparse.Namespace, rows: list[dict[str, str]], figures: dict[str, Any]) -> None:
    official = load_systems()
    started = time.perf_counter()
    items = [(k, r["hypothesis"], r["reference"], r["source"]) for k, r in enumerate(rows)]
    scored = dict(parallel(_score_rows, items, args.workers, 200))
    t_seg = time.perf_counter() - started
    seg: list[dict[str, Any]] = []
    for k, r in enumerate(rows):
        seg.append({"doc_id": r["doc_id"], "system": r["system"], "split": split_of(r["doc_id"]),
                    "da_z": float(r["da_z"]) if r["da_z"] else None, **scored[k]})  # fmt: skip
    same = sum(abs(s["chrf"] - s["our_chrf"]) < 1e-9 for s in seg)
    print(f"  scored {len(seg)} rows in {t_seg:.1f} s ({args.workers} workers); tqcheck's chrF = plain chrF on "
          f"{same}/{len(seg)} rows")  # fmt: skip

    # the CLI itself on a sample of rows: the replica must give its numbers
    sample = random.Random(args.seed).sample(range(len(rows)), 60)
    with tempfile.TemporaryDirectory() as tmp:
        for name, col in (("hyp", "hypothesis"), ("ref", "reference"), ("src", "source")):
            Path(tmp, name).write_text("".join(rows[k][col] + "\n" for k in sample), encoding="utf-8")
        out = subprocess.run([str(TQCHECK), "score", "--hyp", f"{tmp}/hyp", "--ref", f"{tmp}/ref", "--src",
                              f"{tmp}/src"], capture_output=True, text=True)  # fmt: skip
    cli = [json.loads(line) for line in out.stdout.splitlines() if line.startswith('{"line"')]
    diff = max((abs(c["fidelity"] - round(seg[k]["fidelity"], 2)) for c, k in zip(cli, sample, strict=False)),
               default=math.nan)  # fmt: skip
    ok = len(cli) == len(sample) and diff <= 0.011
    print(f"  `tqcheck score --hyp --ref --src` on {len(sample)} rows: {len(cli)} lines, max |fidelity - ours| = "
          f"{diff:.3f} ({'same numbers' if ok else 'MISMATCH: the replica is out of date'})")  # fmt: skip
    figures["cli_check"] = {"rows": len(sample), "max_abs_diff": diff, "ok": ok}

    # documents: whole-text scores and the checker's own document fidelity
    by_doc: dict[tuple[str, str], list[int]] = collections.defaultdict(list)
    for k, r in enumerate(rows):
        by_doc[(r["doc_id"], r["system"])].append(k)
    for ks in by_doc.values():
        ks.sort(key=lambda k: int(rows[k]["doc_seg"]))
    started = time.perf_counter()
    doc_items = [(d, s, " ".join(rows[k]["hypothesis"] for k in ks), " ".join(rows[k]["reference"] for k in ks),
                  " ".join(rows[k]["source"] for k in ks)) for (d, s), ks in by_doc.items()]  # fmt: skip
    whole = {(d, s): v for d, s, v in parallel(_score_docs, doc_items, args.workers, 20)}
    t_doc = time.perf_counter() - started
    checker: dict[tuple[str, str], float | None] = {}
    t_check: list[float] = []
    if not args.no_checker:
        started = time.perf_counter()
        items2 = [(d, s, "\n\n".join(rows[k]["hypothesis"] for k in ks), "\n\n".join(rows[k]["reference"] for k in ks))
                  for (d, s), ks in by_doc.items()]  # fmt: skip
        for d, s, f, t in parallel(_checker_docs, items2, args.workers, 10):
            checker[(d, s)] = f
            t_check.append(t)
        print(f"  whole-document scores in {t_doc:.1f} s; checker document fidelity in "
              f"{time.perf_counter() - started:.1f} s ({statistics.median(t_check) * 1000:.0f} ms median per "
              f"document, {args.workers} workers)")  # fmt: skip
    else:
        print(f"  whole-document scores in {t_doc:.1f} s")

    results: dict[str, Any] = {}
    for split in ("held-out", "all"):
        res: dict[str, Any] = {}
        in_split = [s for s in seg if split == "all" or s["split"] == split]
        judged = [s for s in in_split if s["da_z"] is not None]
        section(f"Fidelity vs human DA z: {split.upper()} "
                f"({'documents with crc32(doc_id) % 2 == 1, not used to choose the weights' if split == 'held-out' else 'both halves; the dev half chose the weights'})")  # fmt: skip
        n_docs = len({s["doc_id"] for s in in_split})
        print(f"  {n_docs} documents, {len(in_split)} rows, {len(judged)} with a human score")
        print(
            f"  {'level':<44}{'n':>6}  {'fidelity r':>10}{'chrF r':>8}  {'fidelity tau':>12}{'chrF tau':>9}   verdict"
        )

        def line(
            level: str, n: int, f: tuple[float, float], c: tuple[float, float], key: str, res: dict[str, Any] = res
        ) -> None:
            v = "r " + verdict(f[0], c[0]) + ", tau " + verdict(f[1], c[1])
            print(f"  {level:<44}{n:>6}  {f[0]:>10.4f}{c[0]:>8.4f}  {f[1]:>12.4f}{c[1]:>9.4f}   {v}")
            res[key] = {
                "n": n,
                "fidelity": {"pearson": f[0], "kendall": f[1]},
                "chrf": {"pearson": c[0], "kendall": c[1]},
            }

        hz = [s["da_z"] for s in judged]
        line(
            "(a) segment",
            len(judged),
            corr([s["fidelity"] for s in judged], hz),
            corr([s["chrf"] for s in judged], hz),
            "segment",
        )
        # (b) documents
        docs_j: dict[tuple[str, str], list[dict[str, Any]]] = collections.defaultdict(list)
        for s in judged:
            docs_j[(s["doc_id"], s["system"])].append(s)
        keys = sorted(docs_j)
        dz = [statistics.mean(x["da_z"] for x in docs_j[k]) for k in keys]
        line("(b) document: mean of segment scores", len(keys),
             corr([statistics.mean(x["fidelity"] for x in docs_j[k]) for k in keys], dz),
             corr([statistics.mean(x["chrf"] for x in docs_j[k]) for k in keys], dz), "document_mean")  # fmt: skip
        line("(b) document: whole text as one segment", len(keys), corr([whole[k]["fidelity"] for k in keys], dz),
             corr([whole[k]["chrf"] for k in keys], dz), "document_whole")  # fmt: skip
        wb = [whole[k]["base"] for k in keys]
        print(f"      whole text without penalties, (4 chrF + 100 - TER) / 5: r {corr(wb, dz)[0]:.4f}, tau "
              f"{corr(wb, dz)[1]:.4f}; 100 - TER alone: r {corr([whole[k]['100-ter'] for k in keys], dz)[0]:.4f}")  # fmt: skip
        res["document_whole_base"] = dict(zip(("pearson", "kendall"), corr(wb, dz), strict=True))
        if checker:
            ck = [k for k in keys if checker.get(k) is not None]
            cz = [statistics.mean(x["da_z"] for x in docs_j[k]) for k in ck]
            alls = collections.defaultdict(list)
            for x in in_split:
                alls[(x["doc_id"], x["system"])].append(x)
            weighted = [
                sum(x["chrf"] * x["mt_chars"] for x in alls[k]) / sum(x["mt_chars"] for x in alls[k]) for k in ck
            ]
            line("(b) document: check_text fidelity (aligned)", len(ck), corr([checker[k] for k in ck], cz),
                 corr(weighted, cz), "document_checker")  # fmt: skip
            print("      (chrF here: the MT-length-weighted mean segment chrF, as check_text weights its pairs; "
                  "unweighted it is the row above)")  # fmt: skip
        # (c) systems: all rows of the split (metrics need no human score)
        from sacrebleu.metrics.chrf import CHRF

        systems = sorted(official)
        m_fid = {s: statistics.mean(x["fidelity"] for x in in_split if x["system"] == s) for s in systems}
        m_chrf = {s: statistics.mean(x["chrf"] for x in in_split if x["system"] == s) for s in systems}
        corpus_chrf = {}
        for s in systems:
            ks = [k for k, x in enumerate(seg) if x["system"] == s and (split == "all" or x["split"] == split)]
            corpus_chrf[s] = (
                CHRF().corpus_score([rows[k]["hypothesis"] for k in ks], [[rows[k]["reference"] for k in ks]]).score
            )
        hum = [official[s] for s in systems]
        line("(c) system: mean segment score vs official", len(systems), corr([m_fid[s] for s in systems], hum),
             corr([m_chrf[s] for s in systems], hum), "system")  # fmt: skip
        split_z = {s: statistics.mean(x["da_z"] for x in judged if x["system"] == s) for s in systems}
        hz2 = [split_z[s] for s in systems]
        line("(c) system: vs mean da_z of this split's rows", len(systems), corr([m_fid[s] for s in systems], hz2),
             corr([m_chrf[s] for s in systems], hz2), "system_split_z")  # fmt: skip
        cc = corr([corpus_chrf[s] for s in systems], hum)
        print(
            f"  {'    corpus chrF (sacrebleu) vs official':<44}{len(systems):>6}  {'':>10}{cc[0]:>8.4f}  {'':>12}{cc[1]:>9.4f}"
        )
        af, n = pairwise_accuracy(m_fid, official)
        ac, _ = pairwise_accuracy(m_chrf, official)
        acc_corpus, _ = pairwise_accuracy(corpus_chrf, official)
        af2, _ = pairwise_accuracy(m_fid, split_z)
        ac2, _ = pairwise_accuracy(m_chrf, split_z)
        print(f"  {'(d) pairwise system ranking accuracy':<44}{n:>6}  {af / n:>10.3f}{ac / n:>8.3f}   "
              f"(vs official ranking; corpus chrF {acc_corpus / n:.3f}; vs this split's mean da_z: fidelity "
              f"{af2 / n:.3f}, chrF {ac2 / n:.3f})   {verdict(af, ac)}")  # fmt: skip
        if split == "held-out" and args.bootstrap:
            sb = system_bootstrap(in_split, official, args.bootstrap, args.seed)
            print(f"      bootstrap over documents ({args.bootstrap}): pairwise accuracy fidelity {sb['fidelity']:.3f} vs "
                  f"chrF {sb['chrf']:.3f} on average; fidelity >= chrF in {sb['fid_ge']:.0%} of resamples, "
                  f"strictly better in {sb['fid_gt']:.0%}")  # fmt: skip
            res["system_bootstrap"] = sb
        res["pairwise"] = {"pairs": n, "fidelity": af / n, "chrf": ac / n, "corpus_chrf": acc_corpus / n,
                           "fidelity_vs_split_z": af2 / n, "chrf_vs_split_z": ac2 / n}  # fmt: skip
        order = sorted(systems, key=lambda s: -official[s])
        print("  systems, best first by official da_z:")
        print(f"    {'system':<18}{'official z':>11}{'split z':>9}{'fidelity':>10}{'chrF':>8}{'corpus chrF':>13}")
        for s in order:
            print(
                f"    {s:<18}{official[s]:>11.4f}{split_z[s]:>9.4f}{m_fid[s]:>10.2f}{m_chrf[s]:>8.2f}{corpus_chrf[s]:>13.2f}"
            )
        res["systems"] = {s: {"official_z": official[s], "split_z": split_z[s], "fidelity": m_fid[s], "chrf": m_chrf[s],
                              "corpus_chrf": corpus_chrf[s]} for s in systems}  # fmt: skip
        # components, segment level: what each part of the score adds
        print("  segment level, by component (Pearson r / Kendall tau):")
        comps = ("chrf", "chrf_pp", "bleu", "100-ter", "base", "fidelity")
        for c in comps:
            p, t = corr([s[c] for s in judged], hz)
            print(
                f"    {c:<10} {p:.4f} / {t:.4f}"
                + ("   (= (4 chrF + 100 - TER) / 5, no penalties)" if c == "base" else "")
            )
            res.setdefault("components", {})[c] = {"pearson": p, "kendall": t}
        pen = [
            s for s in judged if s["figure_mismatches"] or s["missing_names"] or abs(math.log(s["length_ratio"])) > 0.2
        ]
        print(f"    rows with a penalty (figure, name or |ln ratio| > 0.2): {len(pen)} of {len(judged)}; "
              f"mean da_z {statistics.mean(s['da_z'] for s in pen):.3f} vs {statistics.mean(hz):.3f} overall")  # fmt: skip
        if split == "held-out" and args.bootstrap:
            b = bootstrap(judged, "fidelity", "chrf", args.bootstrap, args.seed)
            print(f"  paired bootstrap over held-out documents ({args.bootstrap} resamples; Kendall "
                  f"{min(args.bootstrap, 300)}): fidelity - chrF, segment level: "
                  f"r {b['pearson'][0]:+.4f} [{b['pearson'][1]:+.4f}, {b['pearson'][2]:+.4f}], "
                  f"tau {b['kendall'][0]:+.4f} [{b['kendall'][1]:+.4f}, {b['kendall'][2]:+.4f}]")  # fmt: skip
            res["bootstrap_segment_gain"] = b
        results[split] = res
    figures["correlation"] = results
    ho = results["held-out"]
    worse = [
        k
        for k in ("segment", "document_mean", "document_whole", "system")
        if ho[k]["fidelity"]["pearson"] < ho[k]["chrf"]["pearson"]
        or ho[k]["fidelity"]["kendall"] < ho[k]["chrf"]["kendall"]
    ]
    if ho["pairwise"]["fidelity"] < ho["pairwise"]["chrf"]:
        worse.append("pairwise")
    seg_better = ho["segment"]["fidelity"]["pearson"] > ho["segment"]["chrf"]["pearson"] and (
        ho["segment"]["fidelity"]["kendall"] > ho["segment"]["chrf"]["kendall"]
    )
    section("Goal (held-out): fidelity not worse than chrF at any level, better at segment level")
    print(f"  segment level better (r and tau): {'OK' if seg_better else 'NO'}; levels where fidelity is worse: "
          f"{', '.join(worse) if worse else 'none'} -> {'OK' if seg_better and not worse else 'UNDER GOAL'}")  # fmt: skip
    figures["goal"] = {"segment_better": seg_better, "worse_levels": worse}


# --------------------------------------------------------------------------- part 2


def article_files(rows: list[dict[str, str]], tmp: str) -> tuple[Path, Path, str]:
    for mt, ref in ARTICLES:
        if mt.exists() and ref.exists():
            return mt, ref, f"{mt.relative_to(ROOT.parent) if ROOT.parent in mt.parents else mt} + {ref.name}"
    # built from WMT: the longest news document of the best system, one segment per paragraph
    docs: dict[str, list[dict[str, str]]] = collections.defaultdict(list)
    for r in rows:
        if r["system"] == "JDExploreAcademy" and r["domain"] == "news":
            docs[r["doc_id"]].append(r)
    doc = max(docs, key=lambda d: len(docs[d]))
    segs = sorted(docs[doc], key=lambda r: int(r["doc_seg"]))
    mt, ref = Path(tmp, "wmt.en.txt"), Path(tmp, "wmt.ref.en.txt")
    mt.write_text("\n\n".join(r["hypothesis"] for r in segs) + "\n", encoding="utf-8")
    ref.write_text("\n\n".join(r["reference"] for r in segs) + "\n", encoding="utf-8")
    return mt, ref, f"WMT {doc} (JDExploreAcademy), built"


def median_time(fn: Any, runs: int) -> float:
    ts = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t0)
    return statistics.median(ts)


def speed(args: argparse.Namespace, rows: list[dict[str, str]], figures: dict[str, Any]) -> None:
    from sacrebleu.metrics.bleu import BLEU
    from sacrebleu.metrics.chrf import CHRF
    from sacrebleu.metrics.ter import TER

    from tqcheck.checker import check_text
    from tqcheck.metrics import Metrics

    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        mt_path, ref_path, label = article_files(rows, tmp)
        section(f"Speed: {label}")
        print(f"  load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} (2 cores; other work on the "
              f"machine slows every figure here)")  # fmt: skip
        out["loadavg_before"] = os.getloadavg()
        cmd = [str(TQCHECK), "check", str(mt_path), "--reference", str(ref_path)]
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)  # warm-up
        runs = 3 if args.quick else 7
        walls = []
        for _ in range(runs):
            t0 = time.perf_counter()
            proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
            walls.append(time.perf_counter() - t0)
        wall = statistics.median(walls)
        print(f"  (i)  `tqcheck check MT --reference REF` (subprocess, median of {runs}, exit {proc.returncode}): "
              f"{wall * 1000:.0f} ms  (min {min(walls) * 1000:.0f}, max {max(walls) * 1000:.0f})  "
              f"goal < {GOAL_CLI_S * 1000:.0f} ms: {'OK' if wall < GOAL_CLI_S else 'OVER GOAL'}")  # fmt: skip
        out["cli_check_ms"] = wall * 1000
        out["cli_check_ms_all"] = [w * 1000 for w in walls]
        mt_text, ref_text = mt_path.read_text(encoding="utf-8"), ref_path.read_text(encoding="utf-8")
        t0 = time.perf_counter()
        report = check_text(mt_text, lang="en", reference=ref_text)
        out["check_text_first_ms"] = (time.perf_counter() - t0) * 1000
        out["check_text_ms"] = median_time(lambda: check_text(mt_text, lang="en", reference=ref_text), runs) * 1000
    file = report.files[0]
    fid = file.fidelity
    mt_paras, ref_paras = file.document.paragraphs, fid.reference.paragraphs
    pairs = [("\n".join(mt_paras[i - 1].text for i in p.mt), "\n".join(ref_paras[j - 1].text for j in p.ref))
             for p in fid.pairs if p.mt and p.ref]  # fmt: skip
    words = [max(len(h.split()), len(r.split())) for h, r in pairs]
    print(f"       in process: check_text with the reference {out['check_text_ms']:.0f} ms (first call "
          f"{out['check_text_first_ms']:.0f} ms, incl. the sacrebleu import)")  # fmt: skip
    print(f"  (ii) {len(pairs)} aligned pairs, {sum(words)} words (longest {max(words)}, "
          f"{sum(w > 40 for w in words)} over 40 words); median of {runs} passes:")  # fmt: skip
    ours = Metrics()
    ours.score_pair("warm", "warm up")
    plain = {"chrF": CHRF(), "chrF++": CHRF(word_order=2), "BLEU": BLEU(effective_order=True), "TER": TER()}
    for m in plain.values():
        m.sentence_score("warm", ["warm up"])
    t_ours = median_time(lambda: [ours.score_pair(h, r) for h, r in pairs], runs)
    t_plain = {k: median_time(lambda m=m: [m.sentence_score(h, [r]) for h, r in pairs], runs) for k, m in plain.items()}
    total_plain = sum(t_plain.values())
    for k, v in t_plain.items():
        print(f"       plain sacrebleu {k:<7} sentence_score {v * 1000:8.1f} ms")
    ratio = t_ours / total_plain
    print(f"       plain total                          {total_plain * 1000:8.1f} ms")
    print(f"       Metrics.score_pair (all four)        {t_ours * 1000:8.1f} ms   ratio ours/plain {ratio:.2f}  "
          f"goal <= {GOAL_RATIO}: {'OK' if ratio <= GOAL_RATIO else 'OVER GOAL'}")  # fmt: skip
    t_ter_ours = median_time(lambda: [ours.ter(h, r) for h, r in pairs], runs)
    print(f"       of which TER: ours {t_ter_ours * 1000:.1f} ms vs plain {t_plain['TER'] * 1000:.1f} ms")
    k = max(range(len(pairs)), key=lambda i: words[i])
    h, r = pairs[k]
    lp = median_time(lambda: plain["TER"].sentence_score(h, [r]), runs)
    lo = median_time(lambda: ours.ter(h, r), runs)
    print(f"       longest pair ({words[k]} words): plain TER {lp * 1000:.1f} ms (score "
          f"{plain['TER'].sentence_score(h, [r]).score:.2f}), ours (chunked) {lo * 1000:.1f} ms (score {ours.ter(h, r):.2f})")  # fmt: skip
    out.update(pairs=len(pairs), pair_words=sum(words), longest_words=words[k], ours_ms=t_ours * 1000,
               plain_ms={k2: v * 1000 for k2, v in t_plain.items()}, plain_total_ms=total_plain * 1000, ratio=ratio,
               ter_ours_ms=t_ter_ours * 1000, longest_plain_ter_ms=lp * 1000, longest_ours_ter_ms=lo * 1000)  # fmt: skip
    # (iii) a 240-word pair from one WMT document
    docs: dict[str, list[dict[str, str]]] = collections.defaultdict(list)
    for row in rows:
        if row["system"] == "JDExploreAcademy":
            docs[row["doc_id"]].append(row)
    doc = max(docs, key=lambda d: sum(len(x["hypothesis"].split()) for x in docs[d]))
    segs = sorted(docs[doc], key=lambda x: int(x["doc_seg"]))
    hw = " ".join(x["hypothesis"] for x in segs).split()[:240]
    rw = " ".join(x["reference"] for x in segs).split()[: round(240 * sum(len(x["reference"].split()) for x in segs)
                                                               / sum(len(x["hypothesis"].split()) for x in segs))]  # fmt: skip
    h240, r240 = " ".join(hw), " ".join(rw)
    reps = 2 if args.quick else 3
    tp = median_time(lambda: plain["TER"].sentence_score(h240, [r240]), reps)
    to = median_time(lambda: ours.ter(h240, r240), reps)
    print(f"  (iii) 240-word pair ({doc}, reference {len(rw)} words): plain sacrebleu TER {tp * 1000:.0f} ms "
          f"(score {plain['TER'].sentence_score(h240, [r240]).score:.2f}), ours {to * 1000:.1f} ms "
          f"(score {ours.ter(h240, r240):.2f}): {tp / to:.0f}x faster")  # fmt: skip
    out.update(ter240_plain_ms=tp * 1000, ter240_ours_ms=to * 1000)
    out["loadavg_after"] = os.getloadavg()
    print(f"  load average after: {' '.join(f'{x:.2f}' for x in out['loadavg_after'])}")
    figures["speed"] = out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="a third of the documents, no checker pass, fewer runs")
    ap.add_argument("--no-checker", action="store_true", help="skip the check_text document-fidelity pass")
    ap.add_argument("--bootstrap", type=int, default=1000, help="bootstrap resamples (0: none)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--speed-only", action="store_true")
    ap.add_argument("--json", help="write every figure as JSON")
    args = ap.parse_args()
    if not DATA.exists():
        sys.exit(f"missing {DATA}")
    started = time.perf_counter()
    rows = load_rows()
    figures: dict[str, Any] = {"date": datetime.date.today().isoformat(), "machine": f"{platform.machine()}, 2 cores",
                               "python": platform.python_version(), "split": "dev = crc32(doc_id) % 2 == 0"}  # fmt: skip
    if args.quick:
        keep = set(random.Random(args.seed).sample(sorted({r["doc_id"] for r in rows}), 76))
        rows = [r for r in rows if r["doc_id"] in keep]
        args.no_checker = True
        args.bootstrap = min(args.bootstrap, 200)
    print(f"bench_fidelity: {len(rows)} rows, {len({r['doc_id'] for r in rows})} documents"
          f"{' (--quick)' if args.quick else ''}", flush=True)  # fmt: skip
    if not args.speed_only:
        correlations(args, rows, figures)
    speed(args, load_rows() if args.quick else rows, figures)
    total = time.perf_counter() - started
    print(f"\n  total run time {total:.0f} s")
    figures["run_seconds"] = total
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
