"""The CTranslate2 backend against transformers, `tqcheck model convert|list`, and the new settings.

The tiny models are random (tests/tiny_marian.py): the default one never ends before the length
bound, the "stopping" one ends about a third of its outputs early at input-dependent lengths, so
both ways out of the decoding loop are compared. Offline throughout.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.tiny_marian import convert_tiny, corpus_texts, offline_env, require_ct2
from tqcheck.backtranslate import GenerationOptions, ModelUnavailable
from tqcheck.backtranslate.ct2 import CT2Translator, clean_up_tokenization
from tqcheck.backtranslate.marian import MarianTranslator, length_sorted_batches
from tqcheck.cli import main


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    offline_env(monkeypatch, tmp_path)


@pytest.fixture(scope="module")
def stopping_ct2_dirs(tiny_stopping_marian_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    require_ct2()
    root = tmp_path_factory.mktemp("stopping-ct2")
    return {q: convert_tiny(tiny_stopping_marian_dir, root, q) for q in ("float32", "int8")}


def pieces_by_batch(translator: object, texts: list[str], batch_size: int) -> list[list[str]]:
    """Output tokens of every text, batched as the pipeline batches them (same length bounds)."""
    out: list[list[str]] = [[] for _ in texts]
    for batch in length_sorted_batches([len(t) for t in texts], batch_size):
        for i, pieces in zip(batch, translator.generate_pieces([texts[i] for i in batch]), strict=True):  # type: ignore[attr-defined]
            out[i] = pieces
    return out


# --- same translations --------------------------------------------------------------------------


@pytest.mark.parametrize(("model", "batch_size"), [("never-stopping", 32), ("stopping", 5)])
def test_float32_equals_transformers_token_for_token(
    model: str, batch_size: int, request: pytest.FixtureRequest
) -> None:
    """On every third paragraph of the samples and the seed, greedy: same tokens, same text."""
    if model == "stopping":
        marian, converted = (
            request.getfixturevalue("tiny_stopping_marian_dir"),
            request.getfixturevalue("stopping_ct2_dirs"),
        )
    else:
        marian, converted = request.getfixturevalue("tiny_marian_dir"), request.getfixturevalue("tiny_ct2_dirs")
    texts = corpus_texts()[::3]
    options = GenerationOptions(batch_size=batch_size)
    hf = MarianTranslator.from_name(str(marian), options=options)
    ct = CT2Translator.from_folder(converted["float32"], options=options)
    expected = pieces_by_batch(hf, texts, batch_size)
    assert pieces_by_batch(ct, texts, batch_size) == expected
    assert ct.translate(texts[:10]) == hf.translate(texts[:10])
    batches = length_sorted_batches([len(t) for t in texts], batch_size)
    if model == "never-stopping":  # every output runs to its batch's bound (one length per batch)
        assert len({len(p) for p in expected}) == len(batches) > 1
    else:  # outputs end at the end token, at many lengths, some far below the bound
        assert len({len(p) for p in expected}) > 5
        assert sum(len(p) < len(ct.encode(t)) for p, t in zip(expected, texts, strict=True)) > len(texts) // 5


def test_min_and_max_new_tokens_mean_the_same(
    tiny_stopping_marian_dir: Path, stopping_ct2_dirs: dict[str, Path]
) -> None:
    texts = corpus_texts()[:40]
    for options in (
        GenerationOptions(min_new_tokens=7),
        GenerationOptions(max_new_tokens=9),
        GenerationOptions(min_new_tokens=12, max_new_tokens=12),
    ):
        hf = MarianTranslator.from_name(str(tiny_stopping_marian_dir), options=options)
        ct = CT2Translator.from_folder(stopping_ct2_dirs["float32"], options=options)
        expected = pieces_by_batch(hf, texts, 32)
        assert pieces_by_batch(ct, texts, 32) == expected, options
        if options.min_new_tokens:
            # with max_new_tokens too, the last of them is the end token transformers forces
            floor = min(options.min_new_tokens, (options.max_new_tokens or 10**6) - 1)
            assert min(len(p) for p in expected) >= floor


def test_int8_agreement_with_transformers(tiny_stopping_marian_dir: Path, stopping_ct2_dirs: dict[str, Path]) -> None:
    """int8 is not exact: how far it departs from transformers float32 greedy is measured (the
    figure is printed with -s; benchmarks/bench_backtranslate.py reports it at full size)."""
    texts = corpus_texts()
    hf = pieces_by_batch(MarianTranslator.from_name(str(tiny_stopping_marian_dir)), texts, 32)
    int8 = pieces_by_batch(CT2Translator.from_folder(stopping_ct2_dirs["int8"]), texts, 32)
    exact = sum(a == b for a, b in zip(hf, int8, strict=True)) / len(texts)
    tokens = sum(
        sum(x == y for x, y in zip(a, b, strict=False)) / max(len(a), len(b), 1) for a, b in zip(hf, int8, strict=True)
    ) / len(texts)
    print(
        f"\nCTranslate2 int8 vs transformers float32 on the tiny model: {exact:.0%} identical outputs, {tokens:.1%} tokens"
    )
    # Measured 45 % and 94 % (random weights make near-ties common); a broken int8 path gives ~0.
    assert exact >= 0.25 and tokens >= 0.8


def test_decoding_follows_the_tokenizer_config(tiny_ct2_dirs: dict[str, Path], tmp_path: Path) -> None:
    assert clean_up_tokenization("Hello , world . It 's done !") == "Hello, world. It's done!"
    folder = shutil.copytree(tiny_ct2_dirs["float32"], tmp_path / "clean")
    config = json.loads((folder / "tokenizer_config.json").read_text(encoding="utf-8"))
    t = CT2Translator.from_folder(folder)
    assert t.decode(["▁Hello", "▁,", "▁world", "</s>"]) == "Hello , world"
    (folder / "tokenizer_config.json").write_text(
        json.dumps({**config, "clean_up_tokenization_spaces": True}), encoding="utf-8"
    )
    assert CT2Translator.from_folder(folder).decode(["▁Hello", "▁,", "▁world", "<unk>"]) == "Hello, world"


def test_long_input_is_truncated_like_marian_tokenizer(tiny_ct2_dirs: dict[str, Path], tiny_marian_dir: Path) -> None:
    long = " ".join(["Каспийский порт Актау"] * 400)
    ct = CT2Translator.from_folder(tiny_ct2_dirs["float32"])
    assert len(ct.encode(long)) == 512 and ct.encode(long)[-1] == "</s>"
    options = GenerationOptions(max_chunk_chars=10**6, max_new_tokens=6)
    assert CT2Translator.from_folder(tiny_ct2_dirs["float32"], options=options).translate(
        [long]
    ) == MarianTranslator.from_name(str(tiny_marian_dir), options=options).translate([long])


def test_threads(tiny_ct2_dirs: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tiny_ct2_dirs["int8"]
    assert CT2Translator.from_folder(folder).threads() == (1, 1)  # TQCHECK_MT_THREADS=1
    assert CT2Translator.from_folder(folder, options=GenerationOptions(threads=4, inter_threads=2)).threads() == (2, 2)
    monkeypatch.delenv("TQCHECK_MT_THREADS")
    monkeypatch.setattr("tqcheck.backtranslate.marian._cores", lambda: 2)
    assert CT2Translator.from_folder(folder).threads() == (1, 2)
    two = CT2Translator.from_folder(folder, options=GenerationOptions(inter_threads=2, batch_size=4, min_new_tokens=4))
    assert two.threads() == (2, 1)
    texts = corpus_texts()[:20]
    assert two.translate(texts) == CT2Translator.from_folder(
        folder, options=GenerationOptions(batch_size=4, min_new_tokens=4)
    ).translate(texts)


# --- tqcheck model convert / list ---------------------------------------------------------------


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args))


def test_model_convert_and_list(tiny_marian_dir: Path, tmp_path: Path) -> None:
    result = run("model", "convert", str(tiny_marian_dir))
    assert result.exit_code == 0, result.output
    folder = next((tmp_path / "tqcheck-cache" / "models").glob(f"{tiny_marian_dir.name}-*/int8"))
    assert result.output.startswith(f"converted {tiny_marian_dir} (int8, ") and result.output.endswith(f": {folder}\n")
    meta = json.loads((folder / "tqcheck-model.json").read_text(encoding="utf-8"))
    assert meta["source"] == str(tiny_marian_dir.resolve()) and meta["quantization"] == "int8"
    assert {"model.bin", "config.json", "shared_vocabulary.json", "source.spm", "target.spm"} <= {
        p.name for p in folder.iterdir()
    }

    again = run("model", "convert", str(tiny_marian_dir))
    assert again.exit_code == 0 and "is already converted (int8" in again.output and "--force" in again.output
    assert run("model", "convert", str(tiny_marian_dir), "--force").output.startswith("converted ")
    assert run("model", "convert", str(tiny_marian_dir), "--quantization", "float32").exit_code == 0

    listed = run("model", "list")
    assert listed.exit_code == 0
    lines = listed.output.splitlines()
    assert lines[0].split() == ["NAME", "BACKEND", "QUANTIZATION", "SIZE", "WHERE"]
    assert [line.split()[1:3] for line in lines[1:]] == [["ctranslate2", "int8"], ["ctranslate2", "float32"]]
    assert all(line.split()[0] == str(tiny_marian_dir.resolve()) and "MB" in line for line in lines[1:])
    data = json.loads(run("model", "list", "--format", "json").output)
    assert [m["quantization"] for m in data["models"]] == ["int8", "float32"]
    assert all(m["size_bytes"] > 10_000 and Path(m["path"]).is_dir() for m in data["models"])


def test_model_list_shows_marian_models_in_the_hugging_face_cache(tiny_marian_dir: Path, tmp_path: Path) -> None:
    assert "no models yet" in run("model", "list").output
    snapshot = tmp_path / "hf-hub" / "models--Helsinki-NLP--opus-mt-ru-en" / "snapshots" / ("1" * 40)
    shutil.copytree(tiny_marian_dir, snapshot)
    shutil.copytree(tiny_marian_dir, tmp_path / "hf-hub" / "models--org--not-marian" / "snapshots" / ("2" * 40))
    (tmp_path / "hf-hub" / "models--org--not-marian" / "snapshots" / ("2" * 40) / "vocab.json").unlink()
    lines = run("model", "list").output.splitlines()
    assert len(lines) == 2 and lines[1].split()[:3] == ["Helsinki-NLP/opus-mt-ru-en", "transformers", "float32"]
    assert lines[1].endswith(str(snapshot))


def test_model_convert_errors_are_one_line(
    tiny_marian_dir: Path, tiny_ct2_dirs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tqcheck.backtranslate import marian

    cases = {
        ("model", "convert", "/no/such/model"): "tqcheck: error: model folder /no/such/model does not exist\n",
        ("model", "convert", "Helsinki-NLP/opus-mt-ru-en"): "is not available offline",
        ("model", "convert", str(tiny_ct2_dirs["int8"])): "is already a CTranslate2 model: pass it to --model as it is",
        ("model", "convert", str(tiny_marian_dir), "--quantization", "int4"): "Invalid value for '--quantization'",
        ("model", "convert", " "): "an empty model name",
    }
    for args, expected in cases.items():
        result = run(*args)
        assert result.exit_code == 2 and expected in result.stderr and result.stderr.count("\n") == 1, (
            args,
            result.output,
        )
    monkeypatch.setattr(marian, "missing_extra", lambda: "transformers")
    result = run("model", "convert", str(tiny_marian_dir))
    assert result.exit_code == 2 and result.stderr == (
        f"tqcheck: error: converting {tiny_marian_dir.resolve()} needs transformers, which is not installed: "
        "install the mt-convert extra: pip install torch==2.13.0 'tqcheck[mt-convert]'\n"
    )


def test_a_failed_conversion_leaves_nothing_behind(tiny_marian_dir: Path, tmp_path: Path) -> None:
    broken = shutil.copytree(tiny_marian_dir, tmp_path / "broken")
    (broken / "model.safetensors").write_bytes(b"not weights")
    result = run("model", "convert", str(broken))
    assert result.exit_code == 2 and f"converting {broken} from {broken} failed: " in result.stderr
    assert result.stderr.count("\n") == 1
    models = tmp_path / "tqcheck-cache" / "models"
    assert [p for p in models.rglob("*") if p.is_file()] == []


# --- settings ---------------------------------------------------------------------------------


def test_backend_and_device_config_keys(tmp_path: Path) -> None:
    from tqcheck.config import load_settings
    from tqcheck.errors import ConfigError

    config = tmp_path / "tqcheck.toml"
    config.write_text('backend = "ctranslate2"\ndevice = "cpu"\n', encoding="utf-8")
    settings, _ = load_settings(config)
    assert (settings.backend, settings.device) == ("ctranslate2", "cpu")
    config.write_text('backend = "torch"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"backend: expected one of auto, ctranslate2, transformers, got 'torch'"):
        load_settings(config)
    result = run("check", str(config), "--backend", "onnx")
    assert result.exit_code == 2 and "Invalid value for '--backend'" in result.stderr


def test_unknown_choices_in_the_library() -> None:
    from tqcheck.backtranslate.store import convert

    with pytest.raises(ModelUnavailable, match=r"unknown quantization 'int4'"):
        convert("Helsinki-NLP/opus-mt-ru-en", "int4")
