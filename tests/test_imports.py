"""Start-up stays light: `--help` and a rules-only check never import the model stack, and a
check back-translated by CTranslate2 never imports torch or transformers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

HEAVY = ("torch", "transformers", "sentencepiece", "sacrebleu", "ctranslate2")
ARCHIVE = (
    "dask",
    "distributed",
    "pyarrow",
    "fsspec",
    "pandas",
)  # the dask extra: only for --engine dask, parquet, URLs


def _modules_after(code: str, env: dict[str, str] | None = None) -> set[str]:
    probe = code + "\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT, env=env)
    import json

    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_help_imports_nothing_heavy() -> None:
    """`tqcheck --help` loads click and tqcheck.cli only: no rich, no langdetect, no models."""
    mods = _modules_after(
        "from click.testing import CliRunner\nfrom tqcheck.cli import main\nCliRunner().invoke(main, ['--help'])"
    )
    assert not {m.split(".")[0] for m in mods} & {*HEAVY, *ARCHIVE, "rich", "langdetect", "tqcheck.checker"}


def test_rules_only_check_imports_no_model_stack(tmp_path) -> None:  # type: ignore[no-untyped-def]
    article = tmp_path / "a.txt"
    article.write_text("The plan costs $ 240 million.\n\nRT\n\nWork starts in March.\n", encoding="utf-8")
    mods = _modules_after(
        "from click.testing import CliRunner\nfrom tqcheck.cli import main\n"
        f"r = CliRunner().invoke(main, ['check', {str(article)!r}])\nassert r.exit_code == 1, r.output"
    )
    assert "tqcheck.checker" in mods
    assert not {m.split(".")[0] for m in mods} & set(HEAVY)
    # HTML and Word readers load their parsers only for HTML and Word files.
    assert not {m.split(".")[0] for m in mods} & {"selectolax", "docx", "lxml"}


def test_ftfy_and_wordfreq_load_only_when_a_paragraph_needs_them(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """ENC001 calls ftfy only on text with a mojibake pattern, UNT001 wordfreq only on Latin words
    in a Russian target: an ordinary English article loads neither (each costs ~0.1-0.3 s)."""
    article = tmp_path / "a.txt"
    article.write_text("The plan costs $240 million, the minister said.\n\nWork starts in March.\n", encoding="utf-8")
    mods = _modules_after(
        "from click.testing import CliRunner\nfrom tqcheck.cli import main\n"
        f"r = CliRunner().invoke(main, ['check', {str(article)!r}])\nassert r.exit_code == 0, r.output"
    )
    assert "tqcheck.rules.enc001_mojibake" in mods
    assert not {m.split(".")[0] for m in mods} & {"ftfy", "wordfreq"}
    help_mods = _modules_after(
        "from click.testing import CliRunner\nfrom tqcheck.cli import main\nCliRunner().invoke(main, ['--help'])"
    )
    assert not {m.split(".")[0] for m in help_mods} & {"ftfy", "wordfreq"}


def test_plain_batch_check_imports_no_dask_or_pyarrow(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A folder checked on local processes, in text and JSON lines: the run API and the process
    pool, but nothing of the archive stack (dask, distributed, pyarrow, fsspec, pandas)."""
    for i in range(3):
        (tmp_path / f"a{i}.txt").write_text("The plan costs $ 240 million.\n\nRT\n", encoding="utf-8")
    mods = _modules_after(
        "from click.testing import CliRunner\nfrom tqcheck.cli import main\n"
        f"r = CliRunner().invoke(main, ['check', {str(tmp_path)!r}, '-j', '2'])\nassert r.exit_code == 1, r.output\n"
        f"r = CliRunner().invoke(main, ['check', {str(tmp_path)!r}, '--format', 'jsonl'])\nassert r.exit_code == 1\n"
    )
    assert "tqcheck.run" in mods and "concurrent.futures.process" in mods
    assert not {m.split(".")[0] for m in mods} & {*HEAVY, *ARCHIVE}


def test_ctranslate2_check_imports_neither_torch_nor_transformers(tiny_marian_dir: Path, tmp_path: Path) -> None:
    """Converted once (`tqcheck model convert`'s code; that step needs torch), then `check
    --source` in a fresh process: back-translated by CTranslate2 (auto picks it too), with no
    torch or transformers."""
    from tests.tiny_marian import convert_tiny

    convert_tiny(tiny_marian_dir, tmp_path / "cache" / "models", "int8")
    env = {**os.environ, "TQCHECK_CACHE_DIR": str(tmp_path / "cache"), "HF_HUB_CACHE": str(tmp_path / "hub")}
    samples = ROOT / "samples"
    for backend in ("ctranslate2", "auto"):
        args = [
            "check", str(samples / "caspian-port.en.txt"), "--source", str(samples / "caspian-port.ru.txt"),
            "--model", str(tiny_marian_dir), "--backend", backend, "--format", "json", "--no-cache",
        ]  # fmt: skip
        mods = _modules_after(
            "import json\nfrom click.testing import CliRunner\nfrom tqcheck.cli import main\n"
            f"r = CliRunner().invoke(main, {args!r})\nassert r.exit_code == 1, r.output\n"
            "fid = json.loads(r.stdout)['files'][0]['fidelity']\n"
            "assert (fid['backend'], fid['quantization']) == ('ctranslate2', 'int8'), fid['backend']\n"
            "assert fid['corpus'] is not None",
            env=env,
        )
        roots = {m.split(".")[0] for m in mods}
        assert "ctranslate2" in roots and "sentencepiece" in roots
        assert not roots & {"torch", "transformers", "huggingface_hub", "safetensors"}
