"""Shared fixtures: the seed article from ../shared and small helpers."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tiny_marian import tiny_ct2_dirs, tiny_marian_dir, tiny_stopping_marian_dir
from tqcheck.checker import check_text
from tqcheck.model import Finding
from tqcheck.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seed" / "rt-central-asia-bases.en.txt"
SAMPLES = ROOT / "samples"

# The tiny MT models, built (and converted) once per session for every module that uses them.
__all__ = ["tiny_ct2_dirs", "tiny_marian_dir", "tiny_stopping_marian_dir"]


@pytest.fixture(scope="session")
def seed_path() -> Path:
    if not SEED.is_file():
        pytest.skip(f"the seed article is not here ({SEED}); CI always has ../shared")
    return SEED


def findings(
    text: str, *codes: str, lang: str = "en", reference: str | None = None, source: str | None = None
) -> list[Finding]:
    """Findings of the given rules (all rules when none are given) on a text."""
    settings = Settings(select=codes) if codes else Settings()
    return list(check_text(text, lang=lang, settings=settings, reference=reference, source=source).findings)


def flagged(text: str, code: str, lang: str = "en") -> list[str]:
    """The flagged substrings of one rule on a text."""
    report = check_text(text, lang=lang, settings=Settings(select=(code,)))
    doc = report.files[0].document
    return [doc.text[f.start : f.end] for f in report.findings]
