"""Start-up stays light: `--help` and a rules-only check never import the model stack."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

HEAVY = ("torch", "transformers", "sentencepiece", "sacrebleu")


def _modules_after(code: str) -> set[str]:
    probe = code + "\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT)
    import json

    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_help_imports_nothing_heavy() -> None:
    """`tqcheck --help` loads click and tqcheck.cli only: no rich, no langdetect, no models."""
    mods = _modules_after(
        "from click.testing import CliRunner\nfrom tqcheck.cli import main\nCliRunner().invoke(main, ['--help'])"
    )
    assert not {m.split(".")[0] for m in mods} & {*HEAVY, "rich", "langdetect", "tqcheck.checker"}


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
