"""Back-translation: the interface, both backends on a tiny offline model, the cache.

Everything runs offline (HF_HUB_OFFLINE=1, an empty Hugging Face cache); the model is a tiny
random MarianMT built once per session (tests/tiny_marian.py), and its CTranslate2 conversion, so
its "translations" are gibberish: the tests check plumbing (order, batching, caching, errors), not
quality. Tests taking the ``backend`` fixture run once with transformers and once with CTranslate2.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from tests.tiny_marian import ROOT, offline_env, require_mt
from tqcheck.backtranslate import (
    DEFAULT_MODELS,
    GenerationOptions,
    ModelUnavailable,
    Translator,
    default_model,
    describe,
    load_translator,
)
from tqcheck.backtranslate import marian as marian_mod
from tqcheck.backtranslate.cache import CachedTranslator, TranslationCache
from tqcheck.backtranslate.ct2 import CT2Translator
from tqcheck.backtranslate.marian import MarianTranslator, length_sorted_batches, split_long
from tqcheck.errors import TqcheckError

PARAGRAPHS = [
    "The Caspian port of Aktau will handle grain shipments from next spring, the ministry said.",
    "Work starts in March.",
    "Kazakhstan and Azerbaijan signed an agreement on a new ferry line across the Caspian Sea, "
    "which is expected to cut the transit time for containers from China to Europe by several days.",
]
FAST = GenerationOptions(min_new_tokens=6)  # random weights stop at random lengths


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    offline_env(monkeypatch, tmp_path)


@dataclass(frozen=True)
class Backend:
    """One backend on the tiny model: its name, the folder it runs, and how to make a translator."""

    name: str
    folder: Path

    def make(self, options: GenerationOptions | None = None, folder: Path | None = None) -> Any:
        if self.name == "transformers":
            return MarianTranslator.from_name(str(folder or self.folder), options=options)
        return CT2Translator.from_folder(folder or self.folder, options=options)

    def load(self, model: str, **kwargs: Any) -> Any:
        return load_translator(model, "ru", "en", backend=self.name, **kwargs)

    def threads(self, translator: Any) -> int:
        """The threads the loaded translator translates with."""
        inner = getattr(translator, "inner", translator)
        if self.name == "transformers":
            import torch

            return int(torch.get_num_threads())
        inter, intra = inner.threads()
        return int(inter * intra)


@pytest.fixture(params=["transformers", "ctranslate2"])
def backend(request: pytest.FixtureRequest, tiny_marian_dir: Path) -> Backend:
    """Each backend in turn on the tiny model (its float32 CTranslate2 conversion)."""
    if request.param == "transformers":
        return Backend("transformers", tiny_marian_dir)
    dirs = request.getfixturevalue("tiny_ct2_dirs")
    return Backend("ctranslate2", dirs["float32"])


class Counting:
    """Wraps a translator and records every call."""

    def __init__(self, inner: Translator) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        self.fingerprint = getattr(inner, "fingerprint", "")
        self.backend, self.quantization = describe(inner)
        self.calls: list[list[str]] = []

    def translate(self, texts: Sequence[str]) -> list[str]:
        self.calls.append(list(texts))
        return self.inner.translate(texts)


class Upper:
    """A fake translator (no model): upper-cases, tagged with its model id."""

    def __init__(self, model_id: str) -> None:
        self.model_id = model_id
        self.calls = 0

    def translate(self, texts: Sequence[str]) -> list[str]:
        self.calls += 1
        return [f"{self.model_id}:{t.upper()}" for t in texts]


# --- interface ------------------------------------------------------------------------------


def test_import_loads_nothing_heavy() -> None:
    code = (
        "import sys, json\n"
        "import tqcheck.backtranslate, tqcheck.backtranslate.cache, tqcheck.backtranslate.marian\n"
        "import tqcheck.backtranslate.ct2, tqcheck.backtranslate.store\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    roots = {m.split(".")[0] for m in json.loads(out.stdout)}
    assert not roots & {"torch", "transformers", "sentencepiece", "huggingface_hub", "rich", "ctranslate2"}


def test_resolving_a_folder_loads_nothing_heavy(backend: Backend) -> None:
    """load_translator only checks files: torch (or sentencepiece) is imported on the first cache miss."""
    code = textwrap.dedent(f"""
        import sys
        from tqcheck.backtranslate import load_translator
        t = load_translator({str(backend.folder)!r}, "ru", "en", backend={backend.name!r})
        assert t.model_id == {str(backend.folder.resolve())!r}, t.model_id
        assert t.backend == {backend.name!r}, t.backend
        print(sorted({{m.split(".")[0] for m in sys.modules}} & {{"torch", "transformers", "sentencepiece"}}))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=os.environ)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_default_models_and_protocol(tiny_marian_dir: Path) -> None:
    assert default_model("ru", "en") == DEFAULT_MODELS[("ru", "en")] == "Helsinki-NLP/opus-mt-ru-en"
    assert default_model("en", "ru") == "Helsinki-NLP/opus-mt-en-ru"
    with pytest.raises(ModelUnavailable, match=r"no default translation model for de->fr"):
        default_model("de", "fr")
    assert issubclass(ModelUnavailable, TqcheckError)
    t = load_translator(str(tiny_marian_dir), "ru", "en")
    assert isinstance(t, Translator) and isinstance(t, CachedTranslator)
    assert (t.backend, t.quantization) == ("transformers", "float32")
    assert isinstance(load_translator(str(tiny_marian_dir), "ru", "en", cache=False), MarianTranslator)
    with pytest.raises(ModelUnavailable, match=r"unknown back-translation backend 'torch'"):
        load_translator(str(tiny_marian_dir), "ru", "en", backend="torch")
    with pytest.raises(ModelUnavailable, match=r"unknown device 'tpu'"):
        load_translator(str(tiny_marian_dir), "ru", "en", device="tpu")


def test_a_model_is_loaded_once_per_process(backend: Backend, tmp_path: Path) -> None:
    """Asked for again (the next article of a batch), the same model and settings give the
    translator already made, its model loaded; other settings or another folder give another."""
    first = backend.load(str(backend.folder), cache=False, options=FAST)
    first.translate(PARAGRAPHS[:1])
    again = backend.load(str(backend.folder), options=FAST)
    assert isinstance(again, CachedTranslator) and again.inner is first and first.loaded
    assert backend.load(str(backend.folder), cache=False, options=GenerationOptions(min_new_tokens=7)) is not first
    copy = shutil.copytree(backend.folder, tmp_path / "copy")
    assert backend.load(str(copy), cache=False, options=FAST) is not first


def test_a_converted_folder_is_a_ctranslate2_translator(tiny_ct2_dirs: dict[str, Path]) -> None:
    """--model CONVERTED_FOLDER: auto and ctranslate2 run it; transformers says it cannot."""
    folder = tiny_ct2_dirs["int8"]
    for backend in ("auto", "ctranslate2"):
        t = load_translator(str(folder), "ru", "en", backend=backend, device="cpu")
        assert isinstance(t, CachedTranslator) and isinstance(t.inner, CT2Translator) and isinstance(t, Translator)
        assert (t.backend, t.quantization, t.model_id) == ("ctranslate2", "int8", str(folder.resolve()))
    with pytest.raises(ModelUnavailable, match=r"is a CTranslate2 model: use --backend ctranslate2"):
        load_translator(str(folder), "ru", "en", backend="transformers")


def test_length_sorted_batches_and_split_long() -> None:
    batches = length_sorted_batches([3, 10, 1, 7, 7, 2], 4)
    assert batches == [[1, 3, 4, 0], [5, 2]]
    assert sorted(i for b in batches for i in b) == list(range(6))
    assert length_sorted_batches([], 16) == []
    text = " ".join(f"Sentence number {i} is here." for i in range(40))
    chunks = split_long(text, 200)
    assert all(len(c) <= 200 for c in chunks) and len(chunks) > 4
    assert " ".join(chunks) == text
    assert split_long("Short.", 200) == ["Short."]


# --- the MarianMT translator ----------------------------------------------------------------


def test_translates_paragraphs_with_the_tiny_model(backend: Backend) -> None:
    t = backend.load(str(backend.folder), cache=False, options=FAST)
    assert t.backend == backend.name
    out = t.translate(PARAGRAPHS)
    assert len(out) == 3
    assert all(isinstance(s, str) and len(s.split()) >= 1 and len(s) >= 6 for s in out)
    assert t.translate(["", "  \n"]) == ["", ""]  # blank: no model run, empty output
    assert t.translate([]) == []
    assert backend.threads(t) == 1  # TQCHECK_MT_THREADS, set by the _offline fixture


def test_order_is_kept_across_length_sorted_batches(backend: Backend) -> None:
    texts = [
        *PARAGRAPHS,
        "Aktau.",
        "The ferry line opens in May, officials in Baku said on Tuesday.",
        PARAGRAPHS[1],  # a duplicate is translated once and returned twice
        "Grain exports grew by a third last year.",
    ]
    # a fixed output length: otherwise the bound depends on the longest input of each batch
    options = GenerationOptions(batch_size=2, min_new_tokens=12, max_new_tokens=12)
    batched = backend.make(options)
    together = batched.translate(texts)
    alone = [batched.generate([t])[0] for t in texts]
    assert together == alone
    assert together[1] == together[5]
    assert len(set(together)) > 3, "the tiny model should give input-dependent output"


def test_a_long_paragraph_is_translated_in_chunks(backend: Backend) -> None:
    options = GenerationOptions(max_chunk_chars=120, min_new_tokens=5, max_new_tokens=5)
    t = backend.make(options)
    long = " ".join(PARAGRAPHS)  # ~300 characters
    chunks = split_long(long, 120)
    assert len(chunks) >= 2
    calls: list[list[str]] = []
    segments = t._translate_segments
    t._translate_segments = lambda batch, advance: calls.append(batch) or segments(batch, advance)
    [out] = t.translate([long])
    assert len(calls) == 1 and sorted(calls[0]) == sorted(chunks)  # every chunk in one call
    assert out == " ".join(t.generate([c])[0] for c in chunks)


# --- the cache ------------------------------------------------------------------------------


def test_second_run_is_served_from_the_cache(backend: Backend, tmp_path: Path) -> None:
    db = TranslationCache(tmp_path / "bt.sqlite")
    first_inner = Counting(backend.make(FAST))
    first = CachedTranslator(first_inner, db).translate(PARAGRAPHS)
    assert first_inner.calls == [PARAGRAPHS]  # every miss in one call

    again_inner = Counting(backend.make(FAST))
    again = CachedTranslator(again_inner, db)
    assert again.translate(PARAGRAPHS) == first
    assert again_inner.calls == []
    assert not again_inner.inner.loaded  # type: ignore[attr-defined]  # a warm cache never loads the model

    extra = "A new paragraph about the port."
    out = again.translate([PARAGRAPHS[2], extra, PARAGRAPHS[0]])
    assert again_inner.calls == [[extra]]
    assert out[0] == first[2] and out[2] == first[0]
    assert (again.hits, again.misses) == (5, 1)
    assert db.error is None and db.count() == 4


def test_cache_defaults_to_the_user_cache_dir(backend: Backend, tmp_path: Path) -> None:
    t = backend.load(str(backend.folder), options=FAST)
    assert isinstance(t, CachedTranslator)
    assert t.cache.path == tmp_path / "tqcheck-cache" / "backtranslations.sqlite"
    t.translate(PARAGRAPHS[:1])
    assert t.cache.path.is_file() and t.cache.count() == 1


def test_different_model_or_settings_is_a_different_entry(tiny_marian_dir: Path, tmp_path: Path) -> None:
    db = TranslationCache(tmp_path / "bt.sqlite")
    a, b = Upper("model-a"), Upper("model-b")
    assert CachedTranslator(a, db).translate(["hello"]) == ["model-a:HELLO"]
    assert CachedTranslator(b, db).translate(["hello"]) == ["model-b:HELLO"]
    assert CachedTranslator(a, db).translate(["hello"]) == ["model-a:HELLO"]
    assert (a.calls, b.calls) == (1, 1)
    assert db.count("model-a") == db.count("model-b") == 1

    plain = MarianTranslator.from_name(str(tiny_marian_dir))
    int8 = MarianTranslator.from_name(str(tiny_marian_dir), options=GenerationOptions(quantize=True))
    beam = MarianTranslator.from_name(str(tiny_marian_dir), options=GenerationOptions(num_beams=4))
    assert len({plain.fingerprint, int8.fingerprint, beam.fingerprint}) == 3
    copy = shutil.copytree(tiny_marian_dir, tmp_path / "copy")
    moved = MarianTranslator.from_name(str(copy))
    assert moved.model_id != plain.model_id


def test_cache_keys_name_the_backend_and_quantisation(
    tiny_marian_dir: Path,
    tiny_ct2_dirs: dict[str, Path],
    tmp_path: Path,
) -> None:
    """The same model through each backend and quantisation: separate entries, each backend's own."""
    db = TranslationCache(tmp_path / "bt.sqlite")
    translators = [
        MarianTranslator.from_name(str(tiny_marian_dir), options=FAST),
        MarianTranslator.from_name(str(tiny_marian_dir), options=replace(FAST, quantize=True)),
        CT2Translator.from_folder(tiny_ct2_dirs["float32"], options=FAST),
        CT2Translator.from_folder(tiny_ct2_dirs["int8"], options=FAST),
    ]
    for t in translators:
        t.model_id = "same-model"  # as when one hub id is run by either backend
    keys = [t.fingerprint for t in translators]
    assert len(set(keys)) == 4
    assert [(t.backend, t.quantization) for t in translators] == [
        ("transformers", "float32"), ("transformers", "int8"), ("ctranslate2", "float32"), ("ctranslate2", "int8"),
    ]  # fmt: skip
    assert all(k.startswith(f"{t.backend};{t.quantization};") for k, t in zip(keys, translators, strict=True))
    outputs = [CachedTranslator(t, db).translate(PARAGRAPHS[:1]) for t in translators]
    assert db.count("same-model") == 4
    assert outputs[0] == outputs[2]  # float32: the two backends agree
    cached = CachedTranslator(Counting(translators[3]), db)
    assert cached.translate(PARAGRAPHS[:1]) == outputs[3] and cached.inner.calls == []  # type: ignore[attr-defined]
    assert (cached.backend, cached.quantization) == ("ctranslate2", "int8")


def test_cache_failure_falls_back_to_translating(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x", encoding="utf-8")
    db = TranslationCache(blocker / "bt.sqlite")
    inner = Upper("m")
    cached = CachedTranslator(inner, db)
    assert cached.translate(["a", "b"]) == ["m:A", "m:B"]
    assert cached.translate(["a"]) == ["m:A"]
    assert inner.calls == 2 and db.error is not None


def test_cache_is_safe_for_concurrent_processes(tmp_path: Path) -> None:
    db_path = tmp_path / "shared.sqlite"
    writer = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from tqcheck.backtranslate.cache import CachedTranslator, TranslationCache
        class Fake:
            model_id = "fake"
            def translate(self, texts):
                return [t[::-1] for t in texts]
        db = TranslationCache(Path({str(db_path)!r}))
        tag = sys.argv[1]
        for round in range(20):
            texts = [f"{{tag}}-{{round}}-{{i}}" for i in range(15)] + [f"shared-{{i}}" for i in range(15)]
            out = CachedTranslator(Fake(), db).translate(texts)
            assert out == [t[::-1] for t in texts]
        assert db.error is None, db.error
    """)
    procs = [
        subprocess.Popen([sys.executable, "-c", writer, tag], cwd=ROOT, stderr=subprocess.PIPE, text=True)
        for tag in ("p1", "p2", "p3")
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    assert TranslationCache(db_path).count("fake") == 3 * 20 * 15 + 15


# --- failures: one line, fast, offline --------------------------------------------------------


def _unavailable(*args: object, **kwargs: object) -> str:
    start = time.perf_counter()
    with pytest.raises(ModelUnavailable) as info:
        load_translator(*args, **kwargs)  # type: ignore[arg-type]
    assert time.perf_counter() - start < 10
    message = str(info.value)
    assert "\n" not in message
    assert info.value.__cause__ is None and (info.value.__context__ is None or info.value.__suppress_context__)
    return message


def test_missing_folder(tmp_path: Path) -> None:
    missing = str(tmp_path / "no-such-model")
    message = _unavailable(missing, "ru", "en")
    assert missing in message and "does not exist" in message


def test_folder_missing_vocab(tiny_marian_dir: Path, tmp_path: Path) -> None:
    broken = shutil.copytree(tiny_marian_dir, tmp_path / "broken")
    (broken / "vocab.json").unlink()
    message = _unavailable(str(broken), "ru", "en")
    assert str(broken) in message and "missing vocab.json" in message
    (broken / "model.safetensors").unlink()
    assert "missing weights (model.safetensors or pytorch_model.bin), vocab.json" in _unavailable(
        str(broken), "ru", "en"
    )


def test_converted_folder_missing_files(tiny_ct2_dirs: dict[str, Path], tmp_path: Path) -> None:
    broken = shutil.copytree(tiny_ct2_dirs["float32"], tmp_path / "broken-ct2")
    (broken / "target.spm").unlink()
    message = _unavailable(str(broken), "ru", "en")
    assert f"model folder {broken} is not a complete CTranslate2 model: missing target.spm" in message
    assert "--copy_files source.spm target.spm" in message
    (broken / "shared_vocabulary.json").unlink()
    assert "missing target.spm, the vocabulary (shared_vocabulary.json)" in _unavailable(str(broken), "ru", "en")


def test_hub_id_not_in_the_cache() -> None:
    message = _unavailable(None, "ru", "en")
    assert "model Helsinki-NLP/opus-mt-ru-en is not available offline" in message
    assert "hf download Helsinki-NLP/opus-mt-ru-en" in message and "--model DIR" in message
    assert "Helsinki-NLP/opus-mt-en-ru" in _unavailable("Helsinki-NLP/opus-mt-en-ru", "en", "ru")
    message = _unavailable(None, "ru", "en", backend="ctranslate2")
    assert "model Helsinki-NLP/opus-mt-ru-en has no CTranslate2 conversion in " in message
    assert "`tqcheck model convert Helsinki-NLP/opus-mt-ru-en`" in message


def test_hub_id_from_the_hugging_face_cache(tiny_marian_dir: Path, tmp_path: Path) -> None:
    """A model in the HF cache layout loads by its id, offline; a partial snapshot says what lacks."""
    repo = tmp_path / "hf-hub" / "models--Helsinki-NLP--opus-mt-ru-en"
    snapshot = repo / "snapshots" / ("0" * 40)
    shutil.copytree(tiny_marian_dir, snapshot)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text("0" * 40, encoding="utf-8")
    t = load_translator(None, "ru", "en", cache=False, options=FAST)
    assert t.model_id == "Helsinki-NLP/opus-mt-ru-en"
    assert len(t.translate(PARAGRAPHS[:2])) == 2
    (snapshot / "target.spm").unlink()
    message = _unavailable(None, "ru", "en")
    assert "only partly in the Hugging Face cache" in message and "missing target.spm" in message


def _hub_snapshot(tiny_marian_dir: Path, hub: Path) -> Path:
    repo = hub / "models--Helsinki-NLP--opus-mt-ru-en"
    snapshot = repo / "snapshots" / ("0" * 40)
    shutil.copytree(tiny_marian_dir, snapshot)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text("0" * 40, encoding="utf-8")
    return snapshot


def test_auto_takes_the_conversion_of_a_hub_model(tiny_marian_dir: Path, tmp_path: Path) -> None:
    """`tqcheck model convert ID` once; then auto runs CTranslate2 under the same model id, even
    once the Hugging Face copy is gone; a conversion older than the model is passed over."""
    from tqcheck.backtranslate.store import convert

    snapshot = _hub_snapshot(tiny_marian_dir, tmp_path / "hf-hub")
    assert load_translator(None, "ru", "en", cache=False).backend == "transformers"  # not converted yet
    converted, made = convert("Helsinki-NLP/opus-mt-ru-en", "float32")
    assert (
        made and converted.folder == tmp_path / "tqcheck-cache" / "models" / "Helsinki-NLP--opus-mt-ru-en" / "float32"
    )
    assert convert("Helsinki-NLP/opus-mt-ru-en", "float32") == (converted, False)  # up to date: kept
    t = load_translator(None, "ru", "en", cache=False, options=FAST)
    assert (t.backend, t.quantization, t.model_id) == ("ctranslate2", "float32", "Helsinki-NLP/opus-mt-ru-en")
    assert t.folder == converted.folder
    expected = MarianTranslator.from_name(str(snapshot), options=FAST).translate(PARAGRAPHS)
    assert t.translate(PARAGRAPHS) == expected  # float32: what transformers gives
    assert load_translator(None, "ru", "en", cache=False, backend="transformers").backend == "transformers"

    int8, _ = convert("Helsinki-NLP/opus-mt-ru-en", "int8")
    assert load_translator(None, "ru", "en", cache=False, device="cpu").quantization == "int8"  # CPU prefers int8

    config = snapshot / "config.json"
    config.write_text(config.read_text(encoding="utf-8").replace('"d_model": 64', '"d_model":  64'), encoding="utf-8")
    assert converted.stale() and int8.stale()
    assert load_translator(None, "ru", "en", cache=False).backend == "transformers"  # stale: passed over
    assert "older than the model" in _unavailable(None, "ru", "en", backend="ctranslate2")
    shutil.rmtree(tmp_path / "hf-hub")  # the source is gone: the conversion stands on its own
    assert not converted.stale()
    assert load_translator(None, "ru", "en", cache=False, device="cpu").backend == "ctranslate2"


def test_allow_download_fetches_only_the_needed_files(
    tiny_marian_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--allow-download goes through huggingface_hub.snapshot_download (faked: no network here)."""
    huggingface_hub = pytest.importorskip("huggingface_hub")
    asked: list[dict[str, object]] = []

    def fake_download(repo_id: str, **kwargs: object) -> str:
        asked.append({"repo_id": repo_id, **kwargs})
        if repo_id.endswith("en-ru"):
            raise OSError("We couldn't connect to 'https://huggingface.co'\nsecond line")
        return str(shutil.copytree(tiny_marian_dir, tmp_path / "downloaded"))

    monkeypatch.setattr(huggingface_hub, "snapshot_download", fake_download)
    t = load_translator(None, "ru", "en", allow_download=True, cache=False)
    assert t.model_id == "Helsinki-NLP/opus-mt-ru-en" and asked[0]["repo_id"] == t.model_id
    assert asked[0]["cache_dir"] == tmp_path / "hf-hub"
    assert "vocab.json" in asked[0]["allow_patterns"]  # type: ignore[operator]
    assert "tf_model.h5" not in asked[0]["allow_patterns"]  # type: ignore[operator]
    message = _unavailable(None, "en", "ru", allow_download=True)
    assert message == (
        "model Helsinki-NLP/opus-mt-en-ru could not be downloaded: OSError: We couldn't connect to 'https://huggingface.co'"
    )


def test_a_file_or_a_bad_name_is_not_a_model(tmp_path: Path) -> None:
    file = tmp_path / "model.bin"
    file.write_bytes(b"\0")
    assert "is a file" in _unavailable(str(file), "ru", "en")
    assert "does not exist" in _unavailable("not a model id!", "ru", "en")


def test_missing_mt_extra(tiny_marian_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(marian_mod, "missing_extra", lambda: "torch")
    message = _unavailable(str(tiny_marian_dir), "ru", "en", backend="transformers")
    assert "needs torch" in message and "pip install torch==2.13.0 'tqcheck[mt-convert]'" in message


def test_missing_ctranslate2(
    tiny_marian_dir: Path,
    tiny_ct2_dirs: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Without the runtime: auto falls back to transformers, ctranslate2 and converted folders say what to install."""
    from tqcheck.backtranslate import ct2

    monkeypatch.setattr(ct2, "missing_runtime", lambda: "ctranslate2")
    assert load_translator(str(tiny_marian_dir), "ru", "en", cache=False).backend == "transformers"
    message = _unavailable(str(tiny_marian_dir), "ru", "en", backend="ctranslate2")
    assert (
        message
        == "the ctranslate2 backend needs ctranslate2, which is not installed: install the MT extra: pip install 'tqcheck[mt]'"
    )
    assert "needs ctranslate2, which is not installed" in _unavailable(str(tiny_ct2_dirs["int8"]), "ru", "en")


def test_no_conversion_and_no_transformers(tiny_marian_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the light extra installed and the model not converted: say both ways out."""
    monkeypatch.setattr(marian_mod, "missing_extra", lambda: "torch")
    message = _unavailable(str(tiny_marian_dir), "ru", "en")
    assert "has no CTranslate2 conversion" in message and f"tqcheck model convert {tiny_marian_dir}" in message
    assert "or use the transformers backend: install the mt-convert extra" in message


def test_device_cuda_without_a_gpu(backend: Backend) -> None:
    import ctranslate2

    if ctranslate2.get_cuda_device_count() > 0:
        pytest.skip("this machine has a GPU")
    with pytest.raises(ModelUnavailable, match=r"--device cuda, but .* sees no CUDA device"):
        backend.load(str(backend.folder), cache=False, device="cuda").translate(["Hello."])


def test_ctranslate2_on_cuda(tiny_ct2_dirs: dict[str, Path]) -> None:
    import ctranslate2

    if ctranslate2.get_cuda_device_count() == 0:
        pytest.skip("no CUDA device")
    t = load_translator(str(tiny_ct2_dirs["float32"]), "ru", "en", cache=False, device="cuda", options=FAST)
    assert t.inner.device == "cuda" if hasattr(t, "inner") else t.device == "cuda"  # type: ignore[attr-defined]
    assert all(t.translate(PARAGRAPHS))


@pytest.mark.parametrize("weights", ["model.safetensors", "model.bin"])
def test_corrupt_weights_fail_on_first_translation(
    weights: str,
    tiny_marian_dir: Path,
    tmp_path: Path,
    request: pytest.FixtureRequest,
) -> None:
    folder = tiny_marian_dir if weights == "model.safetensors" else request.getfixturevalue("tiny_ct2_dirs")["int8"]
    broken = shutil.copytree(folder, tmp_path / "corrupt")
    (broken / weights).write_bytes(b"not weights")
    t = load_translator(str(broken), "ru", "en", cache=False)
    with pytest.raises(ModelUnavailable, match=r"could not be loaded from .*corrupt") as info:
        t.translate(["Hello."])
    assert "\n" not in str(info.value)


def test_the_cli_error_line_has_no_traceback(tmp_path: Path) -> None:
    """What the CLI does with a TqcheckError: one line on stderr, exit 2, no traceback."""
    code = textwrap.dedent(f"""
        import sys
        from tqcheck.backtranslate import load_translator
        from tqcheck.errors import TqcheckError
        try:
            load_translator({str(tmp_path / "nope")!r}, "ru", "en")
        except TqcheckError as exc:
            print(f"tqcheck: error: {{exc}}", file=sys.stderr)
            sys.exit(2)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr


def test_progress_is_quiet_off_a_terminal(backend: Backend, capsys: pytest.CaptureFixture[str]) -> None:
    require_mt()
    t = backend.load(str(backend.folder), cache=False, progress=True, options=FAST)
    t.translate(PARAGRAPHS)
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out == ""
