"""Benchmark of back-translation (tqcheck.backtranslate): one run, one table.

Run from the repository root, with the MT extra installed:

    python benchmarks/bench_backtranslate.py [--paragraphs 50] [--new-tokens 64] [--no-beam] [--json FILE]

It measures, in one process run (the machines are noisy: compare figures only within one run):

1. import times (fresh subprocesses, median of 3): torch, transformers, MarianMTModel, and
   tqcheck.backtranslate itself;
2. the tiny MarianMT of tests/tiny_marian.py on a 50-paragraph article: paragraphs/s with a cold
   cache (model load + translation) and with a warm one (sqlite lookups only), in process and as
   fresh subprocesses (the warm one never imports torch);
3. a MarianMT of the opus-mt-ru-en shape (d_model 512, 6+6 layers, 8 heads, ffn 2048, vocab
   62,518, 77M parameters) with random weights, built in memory (no download), generating a
   FIXED number of tokens per paragraph (min_new_tokens = max_new_tokens) for the same article:
   plain ``model.generate`` on the whole article as one batch, with the model's defaults
   (beam 4, as opus-mt's config) and greedy, as the baselines, against our pipeline
   (``MarianTranslator.translate``: length-sorted batches, greedy, inference_mode, one thread per
   core) in fp32 and with int8 dynamic quantisation, over a few batch sizes; CTranslate2 too
   when it is installed.

Random weights never emit </s> on their own, so the fixed output length is what makes the runs
comparable; real opus-mt output stops at </s>, at about the input's length. Input token ids are
random too, with lengths from the article's real paragraphs (1.3 tokens per English word + </s>,
about what opus-mt's sentencepiece gives for English news).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.tiny_marian import build_tiny_marian, corpus_texts  # noqa: E402

GOAL_S = 10.0  # 50 paragraphs, real-size model, 2 cores
OPUS_VOCAB = 62518
TOKENS_PER_WORD = 1.3


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
    cold = load_translator(str(folder), "en", "ru", options=options)
    cold_out = cold.translate(paragraphs)
    cold_s = time.perf_counter() - t
    warm_times = []
    for _ in range(5):
        t = time.perf_counter()
        warm = load_translator(str(folder), "en", "ru", options=options)
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
        f"t = load_translator({str(folder)!r}, 'en', 'ru', options=GenerationOptions(min_new_tokens=16, max_new_tokens=32))\n"
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
# 3. real size


class IdTokenizer:
    """Stands in for MarianTokenizer on the random model: fixed random ids per paragraph."""

    def __init__(self, ids: dict[str, list[int]], pad: int) -> None:
        self.ids = ids
        self.pad = pad

    def __call__(self, batch: list[str], **kwargs: Any) -> dict[str, Any]:
        import torch

        seqs = [self.ids[text][: kwargs.get("max_length", 512)] for text in batch]
        width = max(len(s) for s in seqs)
        input_ids = torch.full((len(seqs), width), self.pad, dtype=torch.long)
        mask = torch.zeros((len(seqs), width), dtype=torch.long)
        for i, seq in enumerate(seqs):
            input_ids[i, : len(seq)] = torch.tensor(seq)
            mask[i, : len(seq)] = 1
        return {"input_ids": input_ids, "attention_mask": mask}

    def batch_decode(self, ids: Any, skip_special_tokens: bool = True) -> list[str]:
        return [" ".join(str(t) for t in row if t not in (0, self.pad)) for row in ids.tolist()]


def opus_shaped_model(seed: int = 0) -> Any:
    import torch
    from transformers import MarianConfig, MarianMTModel

    pad = OPUS_VOCAB - 1
    config = MarianConfig(  # Helsinki-NLP/opus-mt-ru-en's config.json, less its weights
        vocab_size=OPUS_VOCAB,
        d_model=512,
        encoder_layers=6,
        decoder_layers=6,
        encoder_attention_heads=8,
        decoder_attention_heads=8,
        encoder_ffn_dim=2048,
        decoder_ffn_dim=2048,
        activation_function="swish",
        max_position_embeddings=512,
        scale_embedding=True,
        static_position_embeddings=True,
        pad_token_id=pad,
        decoder_start_token_id=pad,
        eos_token_id=0,
        forced_eos_token_id=0,
    )
    torch.manual_seed(seed)
    model = MarianMTModel(config).eval()
    model.generation_config.num_beams = 4  # opus-mt's default
    model.generation_config.max_length = 512
    model.generation_config.bad_words_ids = [[pad]]
    return model


def model_mb(model: Any) -> float:
    import io

    import torch

    buf = io.BytesIO()
    torch.save(model.state_dict(), buf)
    return buf.tell() / 1e6


def bench_real(
    results: dict[str, Any], paragraphs: list[str], new_tokens: int, beam: bool, batch_sizes: list[int], repeat: int
) -> None:
    import torch

    from tqcheck.backtranslate import GenerationOptions
    from tqcheck.backtranslate.marian import MarianTranslator, quantize_int8

    n = len(paragraphs)
    section(f"3. opus-mt-shaped MarianMT (random weights), {n} paragraphs, {new_tokens} output tokens each")
    torch.manual_seed(1)
    lengths = [round(len(p.split()) * TOKENS_PER_WORD) + 1 for p in paragraphs]
    ids = {
        p: [*torch.randint(2, OPUS_VOCAB - 1, (k - 1,)).tolist(), 0] for p, k in zip(paragraphs, lengths, strict=True)
    }
    unique = list(dict.fromkeys(paragraphs))
    tokenizer = IdTokenizer(ids, OPUS_VOCAB - 1)
    t = time.perf_counter()
    model = opus_shaped_model()
    build_s = time.perf_counter() - t
    params = sum(p.numel() for p in model.parameters())
    row("model built in memory", f"{build_s:.1f} s", f"{params / 1e6:.1f}M parameters, {model_mb(model):.0f} MB fp32")
    row(
        "input tokens per paragraph",
        f"{statistics.mean(lengths):.0f}",
        f"mean; min {min(lengths)}, max {max(lengths)}; {len(unique)} unique of {n}",
    )
    row("torch threads", str(torch.get_num_threads()), f"{os.cpu_count()} cores")
    fixed = {"min_new_tokens": new_tokens, "max_new_tokens": new_tokens}
    figures: dict[str, float] = {}

    def plain(**kwargs: Any) -> Callable[[], None]:
        def run() -> None:
            enc = tokenizer(paragraphs)  # the whole article as one batch, as given
            with torch.no_grad():
                out = model.generate(**enc, **fixed, **kwargs)
            assert out.shape[0] == n

        return run

    def ours(label: str, m: Any, batch_size: int) -> Callable[[], None]:
        def run() -> None:
            options = GenerationOptions(batch_size=batch_size, **fixed)
            out = MarianTranslator.from_model(label, m, tokenizer, options=options).translate(paragraphs)
            assert len(out) == n and all(out)

        return run

    def timed(run: Callable[[], None]) -> float:
        t = time.perf_counter()
        run()
        return time.perf_counter() - t

    int8 = quantize_int8(model)
    row("int8 dynamic quantisation of nn.Linear", "", f"{model_mb(int8):.0f} MB")
    runs: dict[str, Callable[[], None]] = {"baseline: plain generate, greedy, one batch": plain(num_beams=1)}
    runs |= {f"ours fp32, greedy, batch {bs}": ours("fp32", model, bs) for bs in batch_sizes}
    runs |= {f"ours int8, greedy, batch {bs}": ours("int8", int8, bs) for bs in batch_sizes}
    ct2 = ctranslate2_run(model, paragraphs, ids, new_tokens)
    if ct2 is not None:
        runs["CTranslate2 int8, greedy, batch 16 (optional)"] = ct2
    for run in (runs["baseline: plain generate, greedy, one batch"], ours("int8", int8, 8)):
        run()  # warm-up: the first generate (and the first quantised one) pays one-off costs
    if beam:  # once: it is the longest by far
        figures["baseline: plain generate, model defaults (beam 4), one batch"] = timed(plain())
    # Round robin, minimum of each: other processes share these 2 cores, and a burst of their
    # work then slows one round of every run rather than all rounds of one.
    samples: dict[str, list[float]] = {label: [] for label in runs}
    for _ in range(repeat):
        for label, run in runs.items():
            samples[label].append(timed(run))
    figures |= {label: min(times) for label, times in samples.items()}
    del int8
    gc.collect()

    base_greedy = figures["baseline: plain generate, greedy, one batch"]
    base_beam = figures.get("baseline: plain generate, model defaults (beam 4), one batch")
    print()
    head = "vs beam-4 / greedy baseline" if base_beam else "vs greedy baseline"
    print(f"  {'run':<58} {'s / ' + str(n) + ' para':>12}  {'s/para':>7}  {head}")
    for label, s in figures.items():
        ratios = (f"{base_beam / s:4.1f}x / " if base_beam else "") + f"{base_greedy / s:4.1f}x"
        goal = "  <= goal" if s <= GOAL_S * n / 50 else ""
        print(f"  {label:<58} {s:>12.1f}  {s / n:>7.3f}  {ratios}{goal}", flush=True)
    best = min((s, k) for k, s in figures.items() if k.startswith("ours"))
    row(f"best of ours vs goal ({GOAL_S:.0f} s per 50 paragraphs)", f"{best[0]:.1f} s", best[1])
    results["real"] = {
        "paragraphs": n,
        "new_tokens": new_tokens,
        "mean_input_tokens": round(statistics.mean(lengths), 1),
        "parameters": params,
        "seconds": {k: round(v, 2) for k, v in figures.items()},
    }


def ctranslate2_run(
    model: Any, paragraphs: list[str], ids: dict[str, list[int]], new_tokens: int
) -> Callable[[], None] | None:
    """CTranslate2 int8 on the same random model, if the package is installed (optional)."""
    import transformers

    try:
        import ctranslate2
        from ctranslate2.converters import TransformersConverter
    except ImportError:
        row("CTranslate2", "not installed", "(pip install ctranslate2 to compare)")
        return None
    import atexit
    import shutil

    tmp = Path(tempfile.mkdtemp(prefix="bench-ct2-"))
    atexit.register(shutil.rmtree, tmp, ignore_errors=True)
    hf_dir, ct_dir = tmp / "hf", tmp / "ct2"
    transformers.utils.logging.disable_progress_bar()
    model.save_pretrained(hf_dir)
    _fake_tokenizer_files(hf_dir)
    try:
        TransformersConverter(str(hf_dir)).convert(str(ct_dir), quantization="int8", force=True)
    except Exception as exc:
        row("CTranslate2", "skipped", f"conversion failed: {type(exc).__name__}: {str(exc)[:60]}")
        return None
    vocab = json.loads((ct_dir / "shared_vocabulary.json").read_text(encoding="utf-8"))
    translator = ctranslate2.Translator(
        str(ct_dir), device="cpu", compute_type="int8", intra_threads=os.cpu_count() or 1
    )
    order = sorted(range(len(paragraphs)), key=lambda i: -len(ids[paragraphs[i]]))
    batch = [[vocab[t] for t in ids[paragraphs[i]]] for i in order]
    kwargs = {
        "beam_size": 1,
        "max_decoding_length": new_tokens,
        "min_decoding_length": new_tokens,
        "max_batch_size": 16,
    }
    translator.translate_batch(batch[:4], **kwargs)  # warm-up

    def run() -> None:
        out = translator.translate_batch(batch, **kwargs)
        assert len(out) == len(paragraphs)

    return run


def _fake_tokenizer_files(folder: Path) -> None:
    """Tokenizer files for the converter, which loads the MarianTokenizer to read the vocabulary:
    the tiny model's sentencepiece files and a vocab.json of OPUS_VOCAB entries."""
    import shutil

    tiny = build_tiny_marian(folder.parent / "tiny-for-ct2", corpus_texts())
    for name in ("source.spm", "target.spm"):
        shutil.copy(tiny / name, folder / name)
    vocab = {str(i): i for i in range(2, OPUS_VOCAB - 1)} | {"</s>": 0, "<unk>": 1, "<pad>": OPUS_VOCAB - 1}
    (folder / "vocab.json").write_text(json.dumps(vocab), encoding="utf-8")


# --------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--paragraphs", type=int, default=50, help="paragraphs in the article [50]")
    ap.add_argument("--new-tokens", type=int, default=64, help="fixed output tokens per paragraph [64]")
    ap.add_argument("--batch-sizes", default="8,16,32", help="batch sizes of our pipeline [8,16,32]")
    ap.add_argument("--repeat", type=int, default=3, help="rounds of timings, minimum reported (beam 4: one) [3]")
    ap.add_argument("--no-beam", action="store_true", help="skip the beam-4 baseline (~1 min)")
    ap.add_argument("--skip", default="", help="comma-separated sections to skip: imports,tiny,real")
    ap.add_argument("--json", metavar="FILE", help="also write all figures as JSON")
    args = ap.parse_args(argv)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}

    import torch
    import transformers

    print(
        f"python {platform.python_version()}, torch {torch.__version__}, transformers {transformers.__version__}, "
        f"{os.cpu_count()} cores, {platform.machine()}"
    )
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    transformers.utils.logging.set_verbosity_error()  # "both max_new_tokens and max_length set" on every call
    results: dict[str, Any] = {"torch": torch.__version__, "transformers": transformers.__version__}
    paragraphs = article(args.paragraphs)
    with tempfile.TemporaryDirectory(prefix="bench-bt-") as tmp:
        if "imports" not in skip:
            bench_imports(results)
        if "tiny" not in skip:
            bench_tiny(results, paragraphs, Path(tmp))
        if "real" not in skip:
            sizes = [int(s) for s in args.batch_sizes.split(",") if s.strip()]
            bench_real(results, paragraphs, args.new_tokens, not args.no_beam, sizes, max(1, args.repeat))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
