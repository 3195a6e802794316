"""Archive audits on Dask against local processes, in the same run: throughput, client memory at
two sizes, and byte-identical output.

    .venv/bin/python benchmarks/bench_cluster.py [--sizes 10000,100000] [--workers 2] [--keep DIR] [--quick]

Articles are the English MT outputs of ../shared/data (benchmarks/wmtdata.py: the WMT22 ru→en
systems' documents, a paragraph per segment) with artefacts injected at seeded random places
(bench_batch.damage: marker splits, caption residue, `$ 240`, doubled words, guillemets), written
as files. Each size is checked as a folder with `tqcheck check DIR --format jsonl -o FILE` in a
subprocess: `-j W` (a process pool), then `--engine dask -j W` (a LocalCluster of W single-threaded
worker processes, started and stopped by the run, its start-up included in the time), and `-j 1`
at the first size for the reference bytes (`--before`: also both with the job list held whole, as
before jobs were made lazily one folder at a time). The client's peak RSS (the main process: with Dask it
also holds the scheduler) comes from the kernel's rusage. The figure is the ratio of Dask's
throughput to the process pool's. `--quick` checks 300 articles and exits non-zero when the
outputs differ or a run fails.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import wmtdata
from bench_batch import damage

TQCHECK = str(Path(sys.executable).parent / "tqcheck")


def write_corpus(folder: Path, n: int, seed: int = 1) -> int:
    """``n`` articles (cycling through the MT documents), each with its own injected artefacts."""
    rng = random.Random(seed)
    bases = [list(a.segments) for a in wmtdata.machine() if a.lang == "en" and len(a.segments) > 1]
    size = 0
    for k in range(n):
        text = "\n\n".join(damage(bases[k % len(bases)], rng)) + "\n"
        sub = folder / f"d{k // 1000:03d}"  # an archive is a tree, not one huge folder
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"a{k:06d}.en.txt").write_text(text, encoding="utf-8")
        size += len(text.encode())
    return size


# The job list as before the lazy folder walk (one list of every input, paired as a whole): the
# same code with folder_jobs switched off, so that "before" and "after" differ in that alone.
EAGER = [
    sys.executable,
    "-c",
    "import sys, importlib; from tqcheck.cli import main; "  # (tqcheck.cli.check is also the command)
    "importlib.import_module('tqcheck.cli.check').lazy_folders = lambda args: None; "
    "sys.argv[0] = 'tqcheck'; main()",
]


def run(args: list[str], eager: bool = False) -> tuple[float, int, int, float]:
    """Wall seconds, exit code, peak RSS (KiB) and CPU seconds of the client process alone.

    Both are read from /proc while it runs (the last reading before it exits): rusage's
    ru_maxrss of a child would start from this script's size (Linux carries the high-water mark
    across exec), and its CPU times would include the worker processes the client reaped."""
    start = time.perf_counter()
    proc = subprocess.Popen([*(EAGER if eager else [TQCHECK]), "check", *args], stderr=subprocess.DEVNULL)
    peak, cpu, tick = 0, 0.0, os.sysconf("SC_CLK_TCK")
    while proc.poll() is None:
        try:
            status = Path(f"/proc/{proc.pid}/status").read_text()
            peak = max(peak, int(status.split("VmHWM:")[1].split()[0]))
            fields = Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
            cpu = (int(fields[11]) + int(fields[12])) / tick  # utime + stime of the process itself
        except (OSError, IndexError, ValueError):
            pass
        time.sleep(0.1)
    return time.perf_counter() - start, proc.returncode, peak, cpu


def _parquet_rows(folder: Path) -> int:
    import pyarrow.parquet as pq

    return pq.read_table(folder).num_rows if folder.is_dir() else -1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", help="keep the corpora and outputs in this folder")
    parser.add_argument("--quick", action="store_true", help="300 articles: a smoke test of a few seconds")
    parser.add_argument("--repeat", type=int, default=1, help="alternating rounds of -j W and dask; best kept")
    parser.add_argument(
        "--parquet", action="store_true", help="also: Dask writing Parquet (workers write, client counts)"
    )
    parser.add_argument(
        "--before", action="store_true", help="also: the job list held whole, as before the lazy walk (client RSS)"
    )
    args = parser.parse_args()
    if not wmtdata.available():
        print(f"needs the WMT data in {wmtdata.DATA}", file=sys.stderr)
        return 2
    try:
        import distributed  # noqa: F401
    except ImportError:
        print("needs the dask extra: pip install -e '.[dask]'", file=sys.stderr)
        return 2
    sizes = [300] if args.quick else [int(x) for x in args.sizes.split(",")]
    w = args.workers
    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="tqcheck-cluster-"))
    print(f"bench_cluster: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; tqcheck = {TQCHECK}")
    print(
        f"{'articles':>9} {'MB':>6} {'engine':>15} {'wall s':>8} {'art/s':>7} {'client RSS MiB':>14} "
        f"{'client CPU s':>12}  exit  same bytes"
    )
    ok = True
    try:
        for i, n in enumerate(sizes):
            folder = base / f"corpus-{n}"
            size = write_corpus(folder, n)
            runs = [("-j 1", ["-j", "1"])] if i == 0 else []
            pair = [(f"-j {w}", ["-j", str(w)]), (f"dask {w}w", ["--engine", "dask", "-j", str(w)])]
            if args.parquet:
                pair.append((f"dask {w}w parquet", ["--engine", "dask", "-j", str(w)]))
            if args.before:
                pair += [(f"before -j {w}", ["-j", str(w)]), (f"before dask {w}w", ["--engine", "dask", "-j", str(w)])]
            runs += pair * args.repeat  # alternating rounds: a change of load hits both engines
            outputs: dict[str, bytes] = {}
            best: dict[str, float] = {}
            for label, extra in runs:
                name = label.replace(" ", "")
                if label.endswith("parquet"):
                    out = base / f"out-{n}-{name}"
                    wall, code, rss, cpu = run([str(folder), "--format", "parquet", "-o", f"{out}/", *extra])
                    rows = _parquet_rows(out / "articles")
                    same = "rows ok" if rows == n else f"ROWS {rows}"
                    ok = ok and code in (0, 1) and rows == n
                else:
                    out = base / f"out-{n}-{name}.jsonl"
                    cmd = [str(folder), "--format", "jsonl", "-o", str(out), *extra]
                    wall, code, rss, cpu = run(cmd, eager=label.startswith("before"))
                    outputs.setdefault(label, out.read_bytes() if out.exists() else b"")
                    same = "" if label == runs[0][0] else ("yes" if out.read_bytes() == outputs[runs[0][0]] else "NO")
                    ok = ok and code in (0, 1) and same != "NO" and bool(outputs[label])
                best[label] = min(best.get(label, wall), wall)
                print(
                    f"{n:>9} {size / 1e6:>6.1f} {label:>15} {wall:>8.1f} {n / wall:>7.0f} {rss / 1024:>14.0f} "
                    f"{cpu:>12.1f}  {code:>4}  {same}"
                )
            ratio = best[f"-j {w}"] / best[f"dask {w}w"]
            print(f"{'':>9} dask/-j{w} throughput ratio (best of {args.repeat}): {ratio:.2f}")
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    if not ok:
        print("bench_cluster: FAILED (a run failed or outputs differ)", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
