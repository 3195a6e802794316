"""Batch runs: throughput per core, scaling from --jobs 1 to --jobs 2, byte-identical output, and
peak memory for 2,000 and 20,000 articles (it must stay flat: results are streamed).

    .venv/bin/python benchmarks/bench_batch.py [--sizes 2000,20000] [--keep DIR] [--quick]

Articles are built from ../shared/data/wmt-ruen (the MT `hypothesis` of each document and system,
one segment per paragraph) with artefacts injected at seeded random places: a source-marker line
splitting a sentence, caption residue, `$ 240`, a repeated word, guillemets. Each size is checked
as a folder with `tqcheck check DIR --format jsonl -o FILE` in a subprocess, once with -j 1 and
once with -j 2; wall time and peak RSS (the main process and, separately, the largest worker)
come from the kernel's rusage. `--quick` checks 300 articles and exits non-zero when a run fails
or the outputs differ.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "wmt-ruen" / "wmt22_ruen_da.tsv"
TQCHECK = str(Path(sys.executable).parent / "tqcheck")


def base_articles() -> list[list[str]]:
    docs: dict[tuple[str, str], list[str]] = defaultdict(list)
    with DATA.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            docs[(row["doc_id"], row["system"])].append(row["hypothesis"])
    return [paras for _, paras in sorted(docs.items())]


def damage(paras: list[str], rng: random.Random) -> list[str]:
    out = list(paras)
    for _ in range(rng.randint(0, 3)):
        kind = rng.choice(["marker", "caption", "currency", "repeat", "quotes"])
        i = rng.randrange(len(out))
        if kind == "marker" and len(out[i].split()) > 6:
            words = out[i].split()
            cut = len(words) // 2
            out[i : i + 1] = [" ".join(words[:cut]) + " (in the region. -", "RT", ") " + " ".join(words[cut:])]
        elif kind == "caption":
            out.insert(i, "  • Reuters")
            out.insert(i, "  • A view of the city centre")
        elif kind == "currency":
            out[i] += " The project will cost $ 240 million."
        elif kind == "repeat":
            out[i] = out[i].replace(" the ", " the the ", 1)
        else:
            out[i] += " He called it «a good start»."
    return out


def write_corpus(folder: Path, n: int, seed: int = 1) -> int:
    rng = random.Random(seed)
    bases = base_articles()
    size = 0
    for k in range(n):
        text = "\n\n".join(damage(bases[k % len(bases)], rng)) + "\n"
        path = folder / f"a{k:06d}.en.txt"
        path.write_text(text, encoding="utf-8")
        size += len(text.encode())
    return size


def run(folder: Path, jobs: int, out: Path) -> tuple[float, int, int, int]:
    """Wall seconds, exit code, peak RSS of the main process and of the largest child (KiB)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    proc = subprocess.Popen([TQCHECK, "check", str(folder), "--format", "jsonl", "-o", str(out), "-j", str(jobs)])
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, os.waitstatus_to_exitcode(status), usage.ru_maxrss, max(children, before)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="2000,20000")
    parser.add_argument("--keep", help="keep the corpora in this folder")
    parser.add_argument("--quick", action="store_true", help="300 articles: a smoke test of a few seconds")
    args = parser.parse_args()
    sizes = [300] if args.quick else [int(x) for x in args.sizes.split(",")]
    ok = True
    if not DATA.is_file():
        sys.exit(f"needs {DATA}")
    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="tqcheck-batch-"))
    print(f"bench_batch: {os.cpu_count()} cores; tqcheck = {TQCHECK}")
    print(
        f"{'articles':>9} {'MB':>6} {'jobs':>4} {'wall s':>8} {'art/s':>8} {'art/s/core':>10} {'RSS main MiB':>12} {'RSS max MiB':>11}  exit  same bytes"
    )
    try:
        for n in sizes:
            folder = base / f"corpus-{n}"
            folder.mkdir(parents=True, exist_ok=True)
            size = write_corpus(folder, n)
            outputs = {}
            for jobs in (1, 2):
                out = base / f"out-{n}-j{jobs}.jsonl"
                wall, code, rss_main, rss_any = run(folder, jobs, out)
                outputs[jobs] = out.read_bytes()
                same = "" if jobs == 1 else ("yes" if outputs[1] == outputs[2] else "NO")
                ok = ok and code in (0, 1) and same != "NO"
                print(
                    f"{n:>9} {size / 1e6:>6.1f} {jobs:>4} {wall:>8.1f} {n / wall:>8.0f} {n / wall / jobs:>10.0f} "
                    f"{rss_main / 1024:>12.0f} {rss_any / 1024:>11.0f}  {code:>4}  {same}"
                )
            print(f"{'':>9} speed-up -j2 over -j1 and identical output are in the rows above")
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    if not ok:
        print("bench_batch: FAILED (a run failed or the outputs differ)", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
