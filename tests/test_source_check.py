"""`tqcheck check --source` end to end: back-translation with a real (tiny) MarianMT model, run by
transformers and, converted by `tqcheck model convert`, by CTranslate2; the cache, and what
happens without a model. Offline: the tests build their own model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import SAMPLES
from tqcheck.cli import main

MT = SAMPLES / "caspian-port.en.txt"
SOURCE = SAMPLES / "caspian-port.ru.txt"


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf-hub"))
    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("TQCHECK_MT_THREADS", "1")


def check(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["check", str(MT), "--source", str(SOURCE), "--format", "json", *args])


def convert(model: Path, quantization: str = "float32") -> None:
    result = CliRunner().invoke(main, ["model", "convert", str(model), "--quantization", quantization])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("backend", ["transformers", "ctranslate2"])
def test_source_is_back_translated_with_the_given_model(backend: str, tiny_marian_dir: Path) -> None:
    """The source is rendered into English by the model, aligned with the MT and scored; the
    report says which backend and quantisation produced the back-translation."""
    if backend == "ctranslate2":
        convert(tiny_marian_dir)
    result = check("--model", str(tiny_marian_dir), "--backend", backend)
    assert result.exit_code == 1, result.stderr
    fid = json.loads(result.stdout)["files"][0]["fidelity"]
    assert fid["kind"] == "back-translation" and fid["model"] == str(tiny_marian_dir.resolve())
    assert (fid["backend"], fid["quantization"]) == (backend, "float32")
    assert fid["unavailable"] is None and fid["corpus"] is not None
    scored = [p for p in fid["pairs"] if p["scores"]]
    assert scored and all(isinstance(p["back_translation"], str) for p in scored)
    assert all(0 <= p["fidelity"] <= 100 for p in scored)


def test_both_backends_give_the_same_report(tiny_marian_dir: Path) -> None:
    """float32, greedy: the CTranslate2 conversion reproduces the transformers report exactly
    (bar the backend named in it); auto takes the conversion once there is one."""
    before = check("--model", str(tiny_marian_dir), "--no-cache")
    convert(tiny_marian_dir)
    after = check("--model", str(tiny_marian_dir), "--no-cache")
    a, b = (json.loads(r.stdout)["files"][0]["fidelity"] for r in (before, after))
    assert (a["backend"], b["backend"]) == ("transformers", "ctranslate2")
    assert {**a, "backend": None} == {**b, "backend": None}
    html = check("--model", str(tiny_marian_dir), "--format", "html").stdout
    assert f"{tiny_marian_dir.resolve()} (ctranslate2 float32)" in html


@pytest.mark.parametrize("backend", ["transformers", "ctranslate2"])
def test_second_run_reads_the_cache_not_the_model(
    backend: str,
    tiny_marian_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With a warm cache the model is never loaded: same output, no generation."""
    if backend == "ctranslate2":
        convert(tiny_marian_dir, "int8")
    first = check("--model", str(tiny_marian_dir), "--backend", backend)
    from tqcheck.backtranslate.ct2 import CT2Translator
    from tqcheck.backtranslate.marian import MarianTranslator

    def no_model(self: object) -> None:
        raise AssertionError("the model was loaded although every paragraph is cached")

    monkeypatch.setattr(MarianTranslator, "load", no_model)
    monkeypatch.setattr(CT2Translator, "load", no_model)
    second = check("--model", str(tiny_marian_dir), "--backend", backend)
    assert second.exit_code == first.exit_code and second.stdout == first.stdout


def test_missing_model_still_checks_everything_else() -> None:
    """No model: one warning naming the model and how to get it; rules and cross-checks still run."""
    result = check()
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert "Helsinki-NLP/opus-mt-ru-en is not available offline" in result.stderr
    data = json.loads(result.stdout)["files"][0]
    assert data["fidelity"]["kind"] == "source" and data["fidelity"]["corpus"] is None
    assert data["fidelity"]["unavailable"]
    codes = {f["code"] for f in data["findings"]}
    assert {"ART001", "ALN003", "ALN001"} <= codes  # the artefacts, the changed figure, the omitted paragraph


def test_a_model_folder_that_does_not_exist() -> None:
    """A mistyped folder is a usage error (exit 2), not a silent fallback to a source-only check."""
    result = check("--model", "/nonexistent/model")
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert "/nonexistent/model" in result.stderr
