"""Benchmark of back-translation (tqcheck.backtranslate): both backends, one run, one table.

Run from the repository root, with both MT extras installed (``make test`` installs them):

    python benchmarks/bench_backtranslate.py [--quick] [--paragraphs 50] [--new-tokens 64] [--articles 20]
                                             [--repeat 2] [--skip imports,tiny,real,e2e] [--json FILE]

It measures, in one run (the machines are noisy: compare figures only within one run; the load
average is printed at the start and the end):

1. import times (fresh subprocesses, median of 3): ctranslate2 + sentencepiece, torch,
   transformers, MarianMTModel, and tqcheck.backtranslate itself;
2. the tiny MarianMT of tests/tiny_marian.py on a 50-paragraph article: cold vs warm cache, in
   process and as fresh subprocesses (the warm one never imports torch);
3. a MarianMT of the opus-mt-ru-en shape (d_model 512, 6+6 layers, 8 heads, ffn 2048, swish,
   vocab 62,518: 76M parameters) with random weights, built as the tests build the tiny model
   (``build_tiny_marian(shape=OPUS_MT_SHAPE, vocab_size=OPUS_MT_VOCAB)``, sentencepiece trained
   on WMT Russian and English news) and converted with ``tqcheck model convert``'s code: 50
   Russian news paragraphs, each forced to 64 output tokens (random weights never stop by
   themselves), through tqcheck's own pipeline, greedy, batch 32, 2 threads: transformers fp32,
   transformers int8 (torch dynamic quantisation), CTranslate2 int8 and float32 (and int8 with
   2 x 1 threads). Each configuration runs in a fresh process (so peak RSS is its own), rounds
   in turn (``--repeat``), the minimum kept: first call (model load + translation; the imports
   are shown apart) and warm (the same paragraphs again, no cache). Then how often each output
   equals transformers fp32 greedy's, token for token;
4. end to end: fresh ``tqcheck check DIR`` processes over a batch of 20 WMT news articles (an
   English MT output ``x.en.txt`` with its Russian source ``x.ru.txt``; ``-j`` default, so 2
   worker processes) and over one article, back-translating with the model of section 3 (the
   default length bound: 1.5 x the input + 10 tokens, as random weights never stop), with each
   backend, cold cache (no back-translation stored; the converted model is there) and warm.

``--quick`` runs the same code on tiny shapes in seconds (a d_model 64 model, 8 paragraphs,
2 articles) and exits non-zero if anything breaks (CTranslate2 float32 must equal transformers).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.tiny_marian import OPUS_MT_SHAPE, OPUS_MT_VOCAB, build_tiny_marian, corpus_texts  # noqa: E402

GOAL_S = 3.0  # CTranslate2 int8, 50 paragraphs x 64 tokens, 2 cores
GOAL_RATIO = 2.5  # vs transformers fp32 greedy, same run; end to end too
QUICK_SHAPE: dict[str, Any] = {}  # the tiny model as the tests build it


def section(title: str) -> None:
    print(f"\n== {title} " + "=" * max(0, 86 - len(title)), flush=True)


def row(label: str, value: str, note: str = "") -> None:
    print(f"  {label:<58} {value:>12}  {note}", flush=True)


def article(n: int) -> list[str]:
    """n body paragraphs (>= 5 words) of the sample and seed articles, in order, cycled if needed."""
    body = [p for p in corpus_texts() if len(p.split()) >= 5]
    return [body[i % len(body)] for i in range(n)]


def subprocess_seconds(code: str, runs: int = 3, env: dict[str, str] | None = None) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, env=env, capture_output=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


# --------------------------------------------------------------------------------------------
# 1. imports


def bench_imports(results: dict[str, Any]) -> None:
    section("1. import times (fresh subprocess, median of 3, interpreter start included)")
    for label, code in (
        ("python -c pass", "pass"),
        (
            "import tqcheck.backtranslate (+ .marian, .cache)",
            "import tqcheck.backtranslate.marian, tqcheck.backtranslate.cache",
        ),
        ("import ctranslate2, sentencepiece (the CTranslate2 backend)", "import ctranslate2, sentencepiece"),
        ("import torch", "import torch"),
        ("import transformers", "import transformers"),
        (
            "from transformers import MarianMTModel, MarianTokenizer",
            "from transformers import MarianMTModel, MarianTokenizer",
        ),
    ):
        s = subprocess_seconds(code)
        results.setdefault("imports_s", {})[label] = round(s, 3)
        row(label, f"{s:.2f} s")


# --------------------------------------------------------------------------------------------
# 2. tiny model, cache


def bench_tiny(results: dict[str, Any], paragraphs: list[str], work: Path) -> None:
    from tqcheck.backtranslate import GenerationOptions, load_translator

    section(f"2. tiny MarianMT, {len(paragraphs)} paragraphs: cold vs warm cache")
    folder = build_tiny_marian(work / "tiny", corpus_texts())
    os.environ["TQCHECK_CACHE_DIR"] = str(work / "cache-inproc")
    options = GenerationOptions(min_new_tokens=16, max_new_tokens=32)
    n = len(paragraphs)

    t = time.perf_counter()
    cold = load_translator(str(folder), "en", "ru", options=options, backend="transformers")
    cold_out = cold.translate(paragraphs)
    cold_s = time.perf_counter() - t
    warm_times = []
    for _ in range(5):
        t = time.perf_counter()
        warm = load_translator(str(folder), "en", "ru", options=options, backend="transformers")
        warm_out = warm.translate(paragraphs)
        warm_times.append(time.perf_counter() - t)
        assert warm_out == cold_out
    warm_s = statistics.median(warm_times)
    row("in process, cold cache (model load + translate)", f"{cold_s:.2f} s", f"{n / cold_s:,.0f} para/s")
    row("in process, warm cache (sqlite only)", f"{warm_s * 1000:.1f} ms", f"{n / warm_s:,.0f} para/s")
    row("cache speed-up, in process", f"{cold_s / warm_s:,.0f}x")

    script = (
        "import json, sys\n"
        "from tqcheck.backtranslate import GenerationOptions, load_translator\n"
        f"t = load_translator({str(folder)!r}, 'en', 'ru', options=GenerationOptions(min_new_tokens=16, max_new_tokens=32), backend='transformers')\n"
        f"t.translate(json.loads({json.dumps(json.dumps(paragraphs))}))\n"
        "assert ('torch' in sys.modules) == (t.misses > 0), (t.misses, 'torch' in sys.modules)\n"
    )
    env = {**os.environ, "TQCHECK_CACHE_DIR": str(work / "cache-subproc")}
    cold_p = subprocess_seconds(script, runs=1, env=env)
    warm_p = subprocess_seconds(script, runs=3, env=env)
    row("fresh process, cold cache (imports torch)", f"{cold_p:.2f} s", f"{n / cold_p:,.1f} para/s")
    row("fresh process, warm cache (never imports torch)", f"{warm_p:.2f} s", f"{n / warm_p:,.1f} para/s")
    row("cache speed-up, fresh process", f"{cold_p / warm_p:.1f}x")
    results["tiny"] = {
        "paragraphs": n,
        "cold_inprocess_s": round(cold_s, 3),
        "warm_inprocess_s": round(warm_s, 5),
        "speedup_inprocess": round(cold_s / warm_s, 1),
        "cold_subprocess_s": round(cold_p, 3),
        "warm_subprocess_s": round(warm_p, 3),
        "speedup_subprocess": round(cold_p / warm_p, 2),
    }


# --------------------------------------------------------------------------------------------
# data


def wmt_news(n_articles: int) -> list[tuple[str, list[str], list[str]]]:
    """(name, English MT paragraphs, Russian source paragraphs) of WMT ru→en news documents
    (one system's output), or [] without ../shared/data."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import wmtdata

    if not wmtdata.available():
        return []
    sources = {a.doc_id: a for a in wmtdata.professional(["news"]) if a.corpus == "wmt-ruen" and a.lang == "ru"}
    mts = [a for a in wmtdata.machine(["news"]) if a.corpus == "wmt-ruen" and a.doc_id in sources]
    system = sorted({a.system or "" for a in mts})[0]
    docs = sorted((a for a in mts if a.system == system), key=lambda a: a.doc_id)
    out = []
    for a in docs[:n_articles]:
        out.append((a.doc_id.replace("/", "_"), list(a.segments), list(sources[a.doc_id].segments)))
    return out


def russian_paragraphs(n: int) -> list[str]:
    """n Russian news paragraphs (>= 5 words): WMT sources, else the sample's original, cycled."""
    body = [p for _, _, src in wmt_news(10**6) for p in src if len(p.split()) >= 5]
    if not body:
        text = (ROOT / "samples" / "caspian-port.ru.txt").read_text(encoding="utf-8")
        body = [p.strip() for p in text.split("\n\n") if len(p.split()) >= 5]
    return [body[i % len(body)] for i in range(n)]


def spm_corpus() -> list[str]:
    """Text to train the benchmark model's sentencepiece on: WMT Russian and English news."""
    news = wmt_news(10**6)
    texts = [p for _, mt, src in news[:400] for p in (*src, *mt)]
    return texts or corpus_texts()


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text(encoding="utf-8").split()[:3])
    except OSError:
        return "?"


# --------------------------------------------------------------------------------------------
# 3. real size: one configuration per fresh process


CONFIGS: dict[str, dict[str, Any]] = {
    "transformers fp32": {"backend": "transformers", "quantize": False},
    "transformers int8 (torch dynamic)": {"backend": "transformers", "quantize": True},
    "ctranslate2 int8": {"backend": "ctranslate2", "quantization": "int8"},
    "ctranslate2 float32": {"backend": "ctranslate2", "quantization": "float32"},
    "ctranslate2 int8, 2 x 1 threads": {"backend": "ctranslate2", "quantization": "int8", "inter_threads": 2},
}
BASELINE = "transformers fp32"
QUICK_CONFIGS = (BASELINE, "ctranslate2 int8", "ctranslate2 float32")


def worker(spec: dict[str, Any]) -> dict[str, Any]:
    """Run one configuration (in its own process): import, first call, warm calls, peak RSS."""
    t0 = time.perf_counter()
    from tqcheck.backtranslate import GenerationOptions

    options = GenerationOptions(
        batch_size=spec["batch_size"],
        min_new_tokens=spec["new_tokens"],
        max_new_tokens=spec["new_tokens"],
        quantize=spec.get("quantize", False),
        threads=spec["threads"],
        inter_threads=spec.get("inter_threads", 1),
    )
    if spec["backend"] == "transformers":
        import torch  # noqa: F401
        import transformers  # noqa: F401

        from tqcheck.backtranslate.marian import MarianTranslator

        imported = time.perf_counter() - t0
        translator: Any = MarianTranslator.from_name(spec["marian"], options=options, device="cpu")
    else:
        import ctranslate2  # noqa: F401
        import sentencepiece  # noqa: F401

        from tqcheck.backtranslate.ct2 import CT2Translator

        imported = time.perf_counter() - t0
        translator = CT2Translator.from_folder(Path(spec["converted"]), options=options, device="cpu")
    paragraphs: list[str] = spec["paragraphs"]
    t = time.perf_counter()
    first = translator.translate(paragraphs)
    first_s = time.perf_counter() - t
    warm = []
    for _ in range(spec["warm_runs"]):
        t = time.perf_counter()
        again = translator.translate(paragraphs)
        warm.append(time.perf_counter() - t)
        assert again == first
    assert len(first) == len(paragraphs) and all(first)
    result: dict[str, Any] = {
        "import_s": imported,
        "first_s": first_s,
        "warm_s": min(warm) if warm else first_s,
        "peak_rss_mb": peak_rss_mb(),
    }
    if spec.get("pieces"):
        from tqcheck.backtranslate.marian import length_sorted_batches

        unique = list(dict.fromkeys(paragraphs))
        pieces: dict[str, list[str]] = {}
        for batch in length_sorted_batches([len(p) for p in unique], options.batch_size):
            texts = [unique[i] for i in batch]
            pieces |= dict(zip(texts, translator.generate_pieces(texts), strict=True))
        result["pieces"] = [pieces[p] for p in unique]
    return result


def peak_rss_mb() -> float:
    """This process's peak resident set (VmHWM: ru_maxrss would carry the parent's over the fork)."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="utf-8").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_worker(spec: dict[str, Any], work: Path) -> dict[str, Any]:
    spec_file = work / "spec.json"
    spec_file.write_text(json.dumps(spec), encoding="utf-8")
    t = time.perf_counter()
    out = subprocess.run(
        [sys.executable, __file__, "--worker", str(spec_file)], capture_output=True, text=True, cwd=ROOT
    )
    wall = time.perf_counter() - t
    if out.returncode != 0:
        raise RuntimeError(f"worker {spec['label']} failed:\n{out.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    result["process_s"] = wall
    return result


def build_model(work: Path, quick: bool) -> tuple[Path, dict[str, Path], float]:
    """The benchmark model folder and its conversions {quantization: folder}; conversion seconds."""
    from tqcheck.backtranslate.store import convert

    if quick:
        marian = build_tiny_marian(work / "model", corpus_texts())
    else:
        marian = build_tiny_marian(
            work / "model", spm_corpus(), shape=OPUS_MT_SHAPE, vocab_size=OPUS_MT_VOCAB, spm_vocab=8000
        )
    t = time.perf_counter()
    converted = {q: convert(str(marian), q, root=work / "cache" / "models")[0].folder for q in ("int8", "float32")}
    return marian, converted, (time.perf_counter() - t) / 2


def agreement(reference: list[list[str]], other: list[list[str]]) -> tuple[float, float]:
    """(share of outputs identical to the reference, share of tokens equal at the same position)."""
    same = sum(a == b for a, b in zip(reference, other, strict=True)) / len(reference)
    tokens = sum(
        sum(x == y for x, y in zip(a, b, strict=False)) / max(len(a), len(b), 1)
        for a, b in zip(reference, other, strict=True)
    ) / len(reference)
    return same, tokens


def bench_real(
    results: dict[str, Any],
    marian: Path,
    converted: dict[str, Path],
    convert_s: float,
    paragraphs: list[str],
    new_tokens: int,
    repeat: int,
    work: Path,
    quick: bool = False,
    threads: int = 2,
) -> None:
    n = len(paragraphs)
    config = json.loads((marian / "config.json").read_text(encoding="utf-8"))
    section(
        f"3. MarianMT d_model {config['d_model']}, {config['encoder_layers']}+{config['decoder_layers']} layers, "
        f"vocab {config['vocab_size']:,}, random weights: {n} paragraphs x {new_tokens} output tokens"
    )
    weights = sum(f.stat().st_size for f in marian.glob("model.safetensors"))
    row("model folder (fp32 safetensors)", f"{weights / 1e6:.0f} MB")
    for q, folder in converted.items():
        row(f"converted {q} (tqcheck model convert)", f"{sum(f.stat().st_size for f in folder.iterdir()) / 1e6:.0f} MB")
    row("conversion time per quantisation", f"{convert_s:.1f} s")
    from tqcheck.backtranslate.ct2 import CT2Translator

    probe = CT2Translator.from_folder(converted["float32"], device="cpu")
    tokens = [len(probe.encode(p)) for p in paragraphs]
    row("input tokens per paragraph", f"{statistics.mean(tokens):.0f}", f"mean; min {min(tokens)}, max {max(tokens)}")
    row("threads per process", str(1 if quick else threads), "batch 32, greedy")
    threads = max(1, threads)
    base: dict[str, Any] = {
        "marian": str(marian),
        "paragraphs": paragraphs,
        "new_tokens": new_tokens,
        "batch_size": 32,
        "threads": 1 if quick else threads,
        "warm_runs": 1,
    }
    configs = {
        k: v
        for k, v in CONFIGS.items()
        if (not quick or k in QUICK_CONFIGS) and (threads > 1 or v.get("inter_threads", 1) == 1)
    }
    samples: dict[str, list[dict[str, Any]]] = {label: [] for label in configs}
    for round_ in range(repeat):
        for label, cfg in configs.items():
            spec = {**base, **cfg, "label": label, "pieces": round_ == 0}
            if cfg["backend"] == "ctranslate2":
                spec["converted"] = str(converted[cfg["quantization"]])
            samples[label].append(run_worker(spec, work))
    best = {
        label: {key: min(s[key] for s in runs) for key in ("import_s", "first_s", "warm_s", "peak_rss_mb", "process_s")}
        for label, runs in samples.items()
    }
    reference = samples[BASELINE][0]["pieces"]
    print()
    head = f"  {'configuration':<34} {'import':>7} {'first':>7} {'warm':>7} {'x fp32':>7} {'RSS MB':>7}  same as fp32"
    print(head + "\n  " + "-" * (len(head) - 2))
    table: dict[str, Any] = {}
    for label, b in best.items():
        same, tok = agreement(reference, samples[label][0]["pieces"])
        ratio = best[BASELINE]["warm_s"] / b["warm_s"]
        print(
            f"  {label:<34} {b['import_s']:>7.2f} {b['first_s']:>7.2f} {b['warm_s']:>7.2f} {ratio:>6.2f}x "
            f"{b['peak_rss_mb']:>7.0f}  {same:>4.0%} outputs, {tok:.1%} tokens",
            flush=True,
        )
        table[label] = {k: round(v, 3) for k, v in b.items()} | {
            "speedup_warm": round(ratio, 2),
            "speedup_first": round(best[BASELINE]["first_s"] / b["first_s"], 2),
            "identical_outputs": round(same, 3),
            "identical_tokens": round(tok, 4),
        }
    ct2 = best["ctranslate2 int8"]
    ratio = best[BASELINE]["warm_s"] / ct2["warm_s"]
    print()
    if not quick:  # tiny shapes say nothing about the goal
        met = ct2["warm_s"] <= GOAL_S * n / 50
        row("goal: CTranslate2 int8 <= 3 s for 50 paragraphs", f"{ct2['warm_s']:.2f} s", "met" if met else "NOT met")
        met = ratio >= GOAL_RATIO
        row(f"goal: >= {GOAL_RATIO}x transformers fp32 (warm, same run)", f"{ratio:.2f}x", "met" if met else "NOT met")
    row("first call (load + translate) ratio", f"{best[BASELINE]['first_s'] / ct2['first_s']:.2f}x")
    results["real"] = {
        "paragraphs": n,
        "new_tokens": new_tokens,
        "mean_input_tokens": round(statistics.mean(tokens), 1),
        "threads": threads,
        "rounds": repeat,
        "convert_s": round(convert_s, 2),
        "configs": table,
    }
    f32 = table["ctranslate2 float32"]["identical_outputs"]
    if f32 != 1.0:
        raise SystemExit(f"CTranslate2 float32 differs from transformers fp32 greedy on {1 - f32:.0%} of the outputs")


# --------------------------------------------------------------------------------------------
# 4. end to end: fresh `tqcheck check` processes


def write_articles(folder: Path, n: int) -> int:
    """x.en.txt + x.ru.txt pairs in ``folder``: WMT news, else the sample under n names."""
    folder.mkdir(parents=True, exist_ok=True)
    news = wmt_news(n)
    if not news:
        for i in range(n):
            for suffix in ("en", "ru"):
                shutil.copy(ROOT / "samples" / f"caspian-port.{suffix}.txt", folder / f"sample{i:02d}.{suffix}.txt")
        return n
    for name, mt, src in news:
        (folder / f"{name}.en.txt").write_text("\n\n".join(mt) + "\n", encoding="utf-8")
        (folder / f"{name}.ru.txt").write_text("\n\n".join(src) + "\n", encoding="utf-8")
    return len(news)


def bench_e2e(
    results: dict[str, Any],
    marian: Path,
    work: Path,
    n_articles: int,
    repeat: int,
    quick: bool = False,
    threads: int = 2,
) -> None:
    batch = work / "articles"
    n = write_articles(batch, n_articles)
    paras = sum(len(p.read_text(encoding="utf-8").split("\n\n")) for p in batch.glob("*.ru.txt"))
    one = sorted(batch.glob("*.en.txt"))[0]
    section(f"4. end to end: fresh `tqcheck check` processes, {n} articles ({paras} source paragraphs) and one")
    tqcheck = [sys.executable, "-m", "tqcheck"]
    cache = work / "cache"  # holds the converted models (section 3)
    runs: dict[str, dict[str, float]] = {}

    def timed(args: list[str], backend: str, cold: bool) -> float:
        if cold:
            for f in cache.glob("backtranslations.sqlite*"):
                f.unlink()
        env = {**os.environ, "TQCHECK_CACHE_DIR": str(cache), "TQCHECK_NO_PROGRESS": "1"}
        env["TQCHECK_MT_THREADS"] = str(1 if quick else threads)
        t = time.perf_counter()
        out = subprocess.run(
            [*tqcheck, "check", *args, "--model", str(marian), "--backend", backend, "--format", "json", "--fail-on", "never"],
            capture_output=True, text=True, cwd=ROOT, env=env,
        )  # fmt: skip
        seconds = time.perf_counter() - t
        if out.returncode != 0:
            raise RuntimeError(f"tqcheck check failed ({backend}): {out.stderr[-2000:]}")
        fids = [f["fidelity"] for f in json.loads(out.stdout)["files"]]
        assert all(f["backend"] == backend and f["unavailable"] is None for f in fids), (backend, fids[0])
        return seconds

    single = min(batch.glob("*.en.txt"), key=lambda p: p.stat().st_size) if quick else one
    single_args = [str(single), "--source", str(single).replace(".en.txt", ".ru.txt")]
    for _ in range(repeat):
        for backend in ("transformers", "ctranslate2"):
            measured = {"one article, cold cache": timed(single_args, backend, cold=True)}
            if not quick:  # the batch: cold, then warm on the cache the cold run filled
                measured[f"{n} articles, cold cache"] = timed([str(batch)], backend, cold=True)
                measured[f"{n} articles, warm cache"] = timed([str(batch)], backend, cold=False)
            for label, seconds in measured.items():
                by = runs.setdefault(label, {})
                by[backend] = min(seconds, by.get(backend, seconds))
    print(f"\n  {'case':<34} {'transformers':>12} {'ctranslate2':>12} {'ratio':>7}")
    for label, by in runs.items():
        ratio = by["transformers"] / by["ctranslate2"]
        print(f"  {label:<34} {by['transformers']:>10.2f} s {by['ctranslate2']:>10.2f} s {ratio:>6.2f}x", flush=True)
    key = "one article, cold cache" if quick else f"{n} articles, cold cache"
    cold_ratio = runs[key]["transformers"] / runs[key]["ctranslate2"]
    if not quick:
        met = "met" if cold_ratio >= GOAL_RATIO else "NOT met"
        row(f"goal: end to end >= {GOAL_RATIO}x ({key})", f"{cold_ratio:.2f}x", met)
    results["e2e"] = {
        "articles": n,
        "source_paragraphs": paras,
        "seconds": {k: {b: round(s, 2) for b, s in v.items()} for k, v in runs.items()},
    }


# --------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--quick", action="store_true", help="tiny shapes, a few seconds: does it all still work?")
    ap.add_argument("--paragraphs", type=int, default=50, help="paragraphs in the article [50]")
    ap.add_argument("--new-tokens", type=int, default=64, help="fixed output tokens per paragraph [64]")
    ap.add_argument("--articles", type=int, default=20, help="articles in the end-to-end batch [20]")
    ap.add_argument("--repeat", type=int, default=2, help="rounds of each timing in section 3, minimum reported [2]")
    ap.add_argument("--threads", type=int, default=2, help="threads per process [2]; 1 on cores busy with other work")
    ap.add_argument("--e2e-repeat", type=int, default=1, help="rounds of the end-to-end runs (minutes each) [1]")
    ap.add_argument("--skip", default="", help="comma-separated sections to skip: imports,tiny,real,e2e")
    ap.add_argument("--json", metavar="FILE", help="also write all figures as JSON")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        spec = json.loads(Path(args.worker).read_text(encoding="utf-8"))
        print(json.dumps(worker(spec)))
        return 0
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    if args.quick:
        skip |= {"imports", "tiny"}
        args.paragraphs, args.new_tokens, args.articles, args.repeat = 8, 8, 2, 1

    import ctranslate2
    import torch
    import transformers

    print(
        f"python {platform.python_version()}, torch {torch.__version__}, transformers {transformers.__version__}, "
        f"ctranslate2 {ctranslate2.__version__}, {os.cpu_count()} cores, {platform.machine()}; "
        f"load average {load_average()}" + (" (--quick)" if args.quick else "")
    )
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ["TQCHECK_NO_PROGRESS"] = "1"
    transformers.utils.logging.set_verbosity_error()
    results: dict[str, Any] = {"torch": torch.__version__, "transformers": transformers.__version__,
                               "ctranslate2": ctranslate2.__version__, "load_start": load_average()}  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="bench-bt-") as tmp:
        work = Path(tmp)
        if "imports" not in skip:
            bench_imports(results)
        if "tiny" not in skip:
            bench_tiny(results, article(args.paragraphs), work)
        if not {"real", "e2e"} <= skip:
            t = time.perf_counter()
            marian, converted, convert_s = build_model(work, args.quick)
            print(f"\n(benchmark model built and converted in {time.perf_counter() - t:.0f} s)", flush=True)
            if "real" not in skip:
                paragraphs = russian_paragraphs(args.paragraphs)
                bench_real(
                    results,
                    marian,
                    converted,
                    convert_s,
                    paragraphs,
                    args.new_tokens,
                    args.repeat,
                    work,
                    args.quick,
                    args.threads,
                )
            if "e2e" not in skip:
                bench_e2e(results, marian, work, args.articles, max(1, args.e2e_repeat), args.quick, args.threads)
    results["load_end"] = load_average()
    print(f"\nload average at the end: {results['load_end']}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
