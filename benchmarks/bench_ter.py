"""TER: tqcheck's exact TER against sacrebleu's, same numbers and speed, in one run.

Run from the repository root, with the project's venv:

    .venv/bin/python benchmarks/bench_ter.py [--quick] [--json FILE]

Part 1, parity over EVERY hypothesis/reference pair of `../shared/data/wmt-ruen/wmt22_ruen_da.tsv`
(12,096 pairs; --quick: every 40th pair and the 20 longest): the sentence TER of
`tqcheck.metrics.Metrics().score_pair` against `sacrebleu.metrics.ter.TER().sentence_score`;
prints how many differ by more than 0.01 and the largest difference. chrF, chrF++ and BLEU are
compared too (they are sacrebleu's own code: a check of the plumbing). Each side is timed.

Part 2, long paragraphs: the longest documents of the set joined into paragraphs of 60, 120, 240
and 400 words (of the hypothesis and its reference), sacrebleu's TER vs ours, same numbers
required; the 30-word chunk approximation (`score --fast`) is shown with its error.

Exits 1 if any pair differs by more than 0.01.
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data" / "wmt-ruen" / "wmt22_ruen_da.tsv"
TOLERANCE = 0.01


def load_rows() -> list[dict[str, str]]:
    with DATA.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def parity(rows: list[dict[str, str]], out: dict[str, Any]) -> bool:
    from sacrebleu.metrics.bleu import BLEU
    from sacrebleu.metrics.chrf import CHRF
    from sacrebleu.metrics.ter import TER

    from tqcheck.metrics import Metrics

    pairs = [(r["hypothesis"], r["reference"]) for r in rows]
    plain = {"chrf": CHRF(), "chrf_pp": CHRF(word_order=2), "bleu": BLEU(effective_order=True), "ter": TER()}
    ours = Metrics()
    ours.score_pair("warm", "warm up")
    t0 = time.perf_counter()
    theirs_ter = [plain["ter"].sentence_score(h, [r]).score for h, r in pairs]
    t_sacrebleu = time.perf_counter() - t0
    t0 = time.perf_counter()
    from tqcheck.ter import translation_edit_rate

    tok = plain["ter"]._preprocess_segment
    for h, r in pairs:
        translation_edit_rate(tok(h).split(), tok(r).split())
    t_ours = time.perf_counter() - t0
    scores = ours.score_pairs(pairs)[0]
    worst: dict[str, float] = {}
    differ: dict[str, int] = {}
    for name in plain:
        theirs = theirs_ter if name == "ter" else [plain[name].sentence_score(h, [r]).score for h, r in pairs]
        diffs = [abs(getattr(s, name) - t) for s, t in zip(scores, theirs, strict=True)]
        worst[name] = max(diffs)
        differ[name] = sum(d > TOLERANCE for d in diffs)
    print(f"  {len(pairs)} pairs; pairs differing by more than {TOLERANCE} / largest difference:")
    for name in plain:
        print(f"    {name:<8} {differ[name]:>5}   {worst[name]:.2e}")
    words = [len(h.split()) for h, _ in pairs]
    print(f"  TER time over all pairs ({statistics.mean(words):.0f} words on average, longest {max(words)}): "
          f"sacrebleu {t_sacrebleu:.1f} s, tqcheck {t_ours:.1f} s -> {t_sacrebleu / t_ours:.1f}x")  # fmt: skip
    out["parity"] = {"pairs": len(pairs), "differ": differ, "max_abs_diff": worst,
                     "ter_seconds": {"sacrebleu": t_sacrebleu, "tqcheck": t_ours}}  # fmt: skip
    return all(v == 0 for v in differ.values())


def paragraphs(rows: list[dict[str, str]], quick: bool, out: dict[str, Any]) -> bool:
    from sacrebleu.metrics import lib_ter
    from sacrebleu.metrics.ter import TER

    from tqcheck.metrics import Metrics
    from tqcheck.ter import translation_edit_rate

    tok = TER()._preprocess_segment
    docs: dict[tuple[str, str], list[dict[str, str]]] = {}
    for r in rows:
        docs.setdefault((r["doc_id"], r["system"]), []).append(r)
    longest = sorted(docs, key=lambda d: -sum(len(x["hypothesis"].split()) for x in docs[d]))
    picked = [d for d in longest if d[1] in ("JDExploreAcademy", "ALMAnaCH-Inria")][: 2 if quick else 4]
    ok = True
    fast = Metrics(fast=True)
    print(f"  paragraphs cut from {len(picked)} long documents (hypothesis and reference, same share of words):")
    print(
        f"    {'words':>6} {'sacrebleu ms':>13} {'tqcheck ms':>11} {'speed-up':>9} {'same':>5} {'chunk:30 error':>15}"
    )
    rows_out = []
    for size in (60, 120, 240) if quick else (60, 120, 240, 400):
        ts, to, same, err = [], [], 0, []
        for d in picked:
            segs = sorted(docs[d], key=lambda x: int(x["doc_seg"]))
            hw = tok(" ".join(x["hypothesis"] for x in segs)).split()
            rw = tok(" ".join(x["reference"] for x in segs)).split()
            h, r = hw[:size], rw[: round(size * len(rw) / len(hw))]
            t0 = time.perf_counter()
            a = lib_ter.translation_edit_rate(h, r)
            ts.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            b = translation_edit_rate(h, r)
            to.append(time.perf_counter() - t0)
            same += a == b
            err.append(abs(fast.ter(" ".join(h), " ".join(r)) - 100 * a[0] / a[1]))
        ok &= same == len(picked)
        speedup = sum(ts) / sum(to)
        print(f"    {size:>6} {statistics.mean(ts) * 1000:>13.0f} {statistics.mean(to) * 1000:>11.0f} "
              f"{speedup:>8.1f}x {same}/{len(picked)} {max(err):>14.2f}")  # fmt: skip
        rows_out.append({"words": size, "sacrebleu_ms": statistics.mean(ts) * 1000,
                         "tqcheck_ms": statistics.mean(to) * 1000, "same": same, "docs": len(picked),
                         "chunk30_max_error": max(err)})  # fmt: skip
    out["paragraphs"] = rows_out
    return ok


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="every 40th pair and the 20 longest; shorter paragraphs")
    ap.add_argument("--json", help="write the figures as JSON")
    args = ap.parse_args()
    if not DATA.exists():
        sys.exit(f"missing {DATA}")
    rows = load_rows()
    sample = rows
    if args.quick:
        sample = rows[::40] + sorted(rows, key=lambda r: -len(r["hypothesis"].split()))[:20]
    out: dict[str, Any] = {}
    print(f"bench_ter: {len(sample)} of {len(rows)} pairs{' (--quick)' if args.quick else ''}", flush=True)
    ok = parity(sample, out)
    ok &= paragraphs(rows, args.quick, out)
    print("  parity:", "OK (every pair within 0.01)" if ok else "FAILED")
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=1), encoding="utf-8")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
