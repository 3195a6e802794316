"""Build a tiny random-weight MarianMT that loads offline, for tests and benchmarks.

The recipe is the one in ``../shared/NOTES.md``: a sentencepiece model trained in memory on the
sample texts (written as both ``source.spm`` and ``target.spm``), a ``vocab.json`` of its pieces
with ``</s>`` = 0, ``<unk>`` = 1 and ``<pad>`` last, and a ``MarianConfig`` of d_model 64, 2 + 2
layers, 2 heads, ffn 128. Seeds are fixed, so the folder rebuilds byte-identically. The weights
are random: the "translations" are gibberish that never ends before the length bound (force
``min_new_tokens`` when a test needs a length); ``eos_bias`` makes the model end some of them
early, at input-dependent lengths (``tiny_stopping_marian_dir``). Never commit the folder: build
it into a temporary directory.

``tiny_ct2_dirs`` converts the tiny model for CTranslate2 (float32 and int8) once per session,
with the same code as ``tqcheck model convert``.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SEED_DIR = ROOT.parent / "shared" / "seed"

#: The files a Marian folder needs (``tqcheck.backtranslate.marian.REQUIRED_FILES`` checks them).
TINY_FILES = ("config.json", "model.safetensors", "source.spm", "target.spm", "vocab.json")


def offline_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No network, an empty Hugging Face cache and a private tqcheck cache under ``tmp_path``, and
    one thread: as fast for the tiny model, and immune to other processes on the cores."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf-hub"))
    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(tmp_path / "tqcheck-cache"))
    monkeypatch.setenv("TQCHECK_MT_THREADS", "1")


def corpus_texts() -> list[str]:
    """Paragraphs of samples/*.txt and ../shared/seed/*.txt (the seed is optional)."""
    texts: list[str] = []
    for folder in (SAMPLES, SEED_DIR):
        for path in sorted(folder.glob("*.txt")):
            raw = path.read_text(encoding="utf-8")
            texts.extend(p.strip() for p in raw.split("\n\n") if p.strip())
    return texts


#: Helsinki-NLP/opus-mt-ru-en's shape (config.json less its weights), for ``build_tiny_marian(shape=...)``.
OPUS_MT_SHAPE: dict[str, Any] = {
    "d_model": 512,
    "encoder_layers": 6,
    "decoder_layers": 6,
    "encoder_attention_heads": 8,
    "decoder_attention_heads": 8,
    "encoder_ffn_dim": 2048,
    "decoder_ffn_dim": 2048,
    "activation_function": "swish",
    "scale_embedding": True,
    # as the tiny model: at opus-mt's own 0.02, random weights give the same output whatever the
    # input, and every backend and quantisation "agrees"
    "init_std": 0.1,
}
OPUS_MT_VOCAB = 62518


def build_tiny_marian(
    folder: Path,
    corpus_texts: list[str],
    *,
    seed: int = 0,
    eos_bias: float = 0.0,
    shape: dict[str, Any] | None = None,
    vocab_size: int | None = None,
    spm_vocab: int = 1000,
) -> Path:
    """Write a tiny MarianMT (weights + tokenizer) into ``folder`` and return it. ``eos_bias`` is
    added to the end token's logit (0.5: about a third of the samples' outputs end early).

    The benchmarks build the real size the same way: ``shape=OPUS_MT_SHAPE`` overrides the
    config's dimensions, ``vocab_size=OPUS_MT_VOCAB`` pads vocab.json with pieces the
    sentencepiece model never produces (so the embedding and output layers have opus-mt's size),
    and ``spm_vocab`` sizes the sentencepiece model."""
    import sentencepiece as spm
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer
    from transformers.utils import logging as hf_logging

    if not corpus_texts:
        raise ValueError("build_tiny_marian needs some text to train the sentencepiece model on")
    hf_logging.disable_progress_bar()
    folder.mkdir(parents=True, exist_ok=True)
    sp_bytes = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(corpus_texts),
        model_writer=sp_bytes,
        vocab_size=spm_vocab,
        character_coverage=1.0,
        eos_id=0,
        unk_id=1,
        bos_id=-1,
        pad_id=-1,
        hard_vocab_limit=False,
        model_type="unigram",
        num_threads=1,  # the trainer is deterministic only single-threaded
        minloglevel=2,
    )
    model_bytes = sp_bytes.getvalue()
    for name in ("source.spm", "target.spm"):
        (folder / name).write_bytes(model_bytes)

    processor = spm.SentencePieceProcessor(model_proto=model_bytes)
    vocab = {processor.id_to_piece(i): i for i in range(processor.get_piece_size())}
    vocab["</s>"], vocab["<unk>"] = 0, 1
    for i in range(len(vocab), (vocab_size or 0) - 1):
        vocab[f"\u2581<unused{i}>"] = i
    vocab["<pad>"] = len(vocab)
    (folder / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False, indent=0), encoding="utf-8")

    pad = vocab["<pad>"]
    config = MarianConfig(
        vocab_size=len(vocab),
        d_model=64,
        encoder_layers=2,
        decoder_layers=2,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=128,
        decoder_ffn_dim=128,
        max_position_embeddings=512,
        pad_token_id=pad,
        decoder_start_token_id=pad,
        eos_token_id=0,
        forced_eos_token_id=0,
        # 0.1 instead of 0.02: with weights this small and random the output would not depend on
        # the input; now it does, so tests can tell paragraphs (and their order) apart.
        init_std=0.1,
    )
    for key, value in (shape or {}).items():
        setattr(config, key, value)
    torch.manual_seed(seed)
    model = MarianMTModel(config)
    model.eval()
    if eos_bias:
        with torch.no_grad():
            model.final_logits_bias[0, 0] = eos_bias
    model.save_pretrained(folder)
    tokenizer = MarianTokenizer(
        source_spm=str(folder / "source.spm"), target_spm=str(folder / "target.spm"), vocab=str(folder / "vocab.json")
    )
    tokenizer.save_pretrained(folder)
    return folder


def require_mt() -> None:
    """Skip the calling test when the MT extra (torch, transformers, sentencepiece) is missing."""
    import importlib.util

    for name in ("torch", "transformers", "sentencepiece"):
        if importlib.util.find_spec(name) is None:
            pytest.skip(f"{name} is not installed (the MT extra: pip install '.[mt]' torch==2.13.0)")


def require_ct2() -> None:
    """Skip the calling test when the CTranslate2 runtime (ctranslate2, sentencepiece) is missing."""
    import importlib.util

    for name in ("ctranslate2", "sentencepiece"):
        if importlib.util.find_spec(name) is None:
            pytest.skip(f"{name} is not installed (the MT extra: pip install '.[mt]')")


@pytest.fixture(scope="session")
def tiny_marian_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny MarianMT folder built once per test session (skips without the MT extra).

    tests/conftest.py makes it (and the other model fixtures here) available to every test module.
    """
    require_mt()
    return build_tiny_marian(tmp_path_factory.mktemp("tiny-marian"), corpus_texts())


@pytest.fixture(scope="session")
def tiny_stopping_marian_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny MarianMT with an end-token bias: some outputs end early (skips without the MT extra)."""
    require_mt()
    return build_tiny_marian(tmp_path_factory.mktemp("tiny-marian-stopping"), corpus_texts(), eos_bias=0.5)


def convert_tiny(marian_dir: Path, root: Path, quantization: str) -> Path:
    """The folder of ``marian_dir`` converted for CTranslate2 into the store at ``root``."""
    from tqcheck.backtranslate.store import convert

    converted, _ = convert(str(marian_dir), quantization, root=root)
    return converted.folder


@pytest.fixture(scope="session")
def tiny_ct2_dirs(tiny_marian_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The tiny model converted for CTranslate2: {"float32": folder, "int8": folder} (once per session)."""
    require_ct2()
    root = tmp_path_factory.mktemp("tiny-ct2")
    return {q: convert_tiny(tiny_marian_dir, root, q) for q in ("float32", "int8")}


if __name__ == "__main__":  # python tests/tiny_marian.py OUT_DIR
    import sys

    out = build_tiny_marian(Path(sys.argv[1]), corpus_texts())
    for entry in sorted(out.iterdir()):
        print(f"{entry.stat().st_size:>10}  {entry.name}")
