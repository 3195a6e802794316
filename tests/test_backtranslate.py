"""Back-translation: the interface, the MarianMT translator on a tiny offline model, the cache.

Everything runs offline (HF_HUB_OFFLINE=1, an empty Hugging Face cache); the model is a tiny
random MarianMT built once per session (tests/tiny_marian.py), so its "translations" are
gibberish: the tests check plumbing (order, batching, caching, errors), not quality.
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
from pathlib import Path

import pytest

from tests.tiny_marian import ROOT, require_mt, tiny_marian_dir
from tqcheck.backtranslate import (
    DEFAULT_MODELS,
    GenerationOptions,
    ModelUnavailable,
    Translator,
    default_model,
    load_translator,
)
from tqcheck.backtranslate import marian as marian_mod
from tqcheck.backtranslate.cache import CachedTranslator, TranslationCache
from tqcheck.backtranslate.marian import MarianTranslator, length_sorted_batches, split_long
from tqcheck.errors import TqcheckError

__all__ = ["tiny_marian_dir"]  # the session fixture, re-exported for pytest

PARAGRAPHS = [
    "The Caspian port of Aktau will handle grain shipments from next spring, the ministry said.",
    "Work starts in March.",
    "Kazakhstan and Azerbaijan signed an agreement on a new ferry line across the Caspian Sea, "
    "which is expected to cut the transit time for containers from China to Europe by several days.",
]
FAST = GenerationOptions(min_new_tokens=6)  # random weights stop at random lengths


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No network, an empty Hugging Face cache and a private tqcheck cache for every test."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf-hub"))
    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(tmp_path / "tqcheck-cache"))
    # one thread: as fast for the tiny model, and immune to other processes on the cores
    monkeypatch.setenv("TQCHECK_MT_THREADS", "1")


class Counting:
    """Wraps a translator and records every call."""

    def __init__(self, inner: Translator) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        self.fingerprint = getattr(inner, "fingerprint", "")
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
        "print(json.dumps(sorted(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    roots = {m.split(".")[0] for m in json.loads(out.stdout)}
    assert not roots & {"torch", "transformers", "sentencepiece", "huggingface_hub", "rich"}


def test_resolving_a_folder_loads_nothing_heavy(tiny_marian_dir: Path) -> None:
    """load_translator only checks files: torch is imported on the first cache miss."""
    code = textwrap.dedent(f"""
        import sys
        from tqcheck.backtranslate import load_translator
        t = load_translator({str(tiny_marian_dir)!r}, "ru", "en")
        assert t.model_id == {str(tiny_marian_dir.resolve())!r}, t.model_id
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
    assert isinstance(load_translator(str(tiny_marian_dir), "ru", "en", cache=False), MarianTranslator)


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


def test_translates_paragraphs_with_the_tiny_model(tiny_marian_dir: Path) -> None:
    t = load_translator(str(tiny_marian_dir), "ru", "en", cache=False, options=FAST)
    out = t.translate(PARAGRAPHS)
    assert len(out) == 3
    assert all(isinstance(s, str) and len(s.split()) >= 1 and len(s) >= 6 for s in out)
    assert t.translate(["", "  \n"]) == ["", ""]  # blank: no model run, empty output
    assert t.translate([]) == []
    import torch

    assert torch.get_num_threads() == 1  # TQCHECK_MT_THREADS, set by the _offline fixture


def test_order_is_kept_across_length_sorted_batches(tiny_marian_dir: Path) -> None:
    texts = [
        *PARAGRAPHS,
        "Aktau.",
        "The ferry line opens in May, officials in Baku said on Tuesday.",
        PARAGRAPHS[1],  # a duplicate is translated once and returned twice
        "Grain exports grew by a third last year.",
    ]
    # a fixed output length: otherwise the bound depends on the longest input of each batch
    options = GenerationOptions(batch_size=2, min_new_tokens=12, max_new_tokens=12)
    batched = MarianTranslator.from_name(str(tiny_marian_dir), options=options)
    together = batched.translate(texts)
    alone = [batched.generate([t])[0] for t in texts]
    assert together == alone
    assert together[1] == together[5]
    assert len(set(together)) > 3, "the tiny model should give input-dependent output"


def test_a_long_paragraph_is_translated_in_chunks(tiny_marian_dir: Path) -> None:
    options = GenerationOptions(max_chunk_chars=120, min_new_tokens=5, max_new_tokens=5)
    t = MarianTranslator.from_name(str(tiny_marian_dir), options=options)
    long = " ".join(PARAGRAPHS)  # ~300 characters
    chunks = split_long(long, 120)
    assert len(chunks) >= 2
    calls: list[list[str]] = []
    generate = t.generate
    t.generate = lambda batch: calls.append(batch) or generate(batch)  # type: ignore[method-assign,func-returns-value]
    [out] = t.translate([long])
    assert len(calls) == 1 and sorted(calls[0]) == sorted(chunks)
    assert out == " ".join(generate([c])[0] for c in chunks)


# --- the cache ------------------------------------------------------------------------------


def test_second_run_is_served_from_the_cache(tiny_marian_dir: Path, tmp_path: Path) -> None:
    db = TranslationCache(tmp_path / "bt.sqlite")
    first_inner = Counting(MarianTranslator.from_name(str(tiny_marian_dir), options=FAST))
    first = CachedTranslator(first_inner, db).translate(PARAGRAPHS)
    assert first_inner.calls == [PARAGRAPHS]  # every miss in one call

    again_inner = Counting(MarianTranslator.from_name(str(tiny_marian_dir), options=FAST))
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


def test_cache_defaults_to_the_user_cache_dir(tiny_marian_dir: Path, tmp_path: Path) -> None:
    t = load_translator(str(tiny_marian_dir), "ru", "en", options=FAST)
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


def test_hub_id_not_in_the_cache() -> None:
    message = _unavailable(None, "ru", "en")
    assert "model Helsinki-NLP/opus-mt-ru-en is not available offline" in message
    assert "hf download Helsinki-NLP/opus-mt-ru-en" in message and "--model DIR" in message
    assert "Helsinki-NLP/opus-mt-en-ru" in _unavailable("Helsinki-NLP/opus-mt-en-ru", "en", "ru")


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
    message = _unavailable(str(tiny_marian_dir), "ru", "en")
    assert "needs torch" in message and "pip install 'tqcheck[mt]' torch==2.13.0" in message


def test_corrupt_weights_fail_on_first_translation(tiny_marian_dir: Path, tmp_path: Path) -> None:
    broken = shutil.copytree(tiny_marian_dir, tmp_path / "corrupt")
    (broken / "model.safetensors").write_bytes(b"not safetensors")
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


def test_progress_is_quiet_off_a_terminal(tiny_marian_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    require_mt()
    t = load_translator(str(tiny_marian_dir), "ru", "en", cache=False, progress=True, options=FAST)
    t.translate(PARAGRAPHS)
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out == ""
