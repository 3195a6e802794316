"""Precision on professional news nobody here wrote (the WMT data in ../shared).

Every error finding of the word-level rules on professional text is a false alarm unless the text
really has the defect; the few that remain were read and judged true (see
benchmarks/bench_precision.py --list-errors). RDB001 flags about the same share of paragraphs in
both languages (the Russian formula is calibrated on this data: tqcheck/lang/profiles.py).
"""

from __future__ import annotations

import sys
from collections import Counter

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import wmtdata

from tqcheck.checker import check_text
from tqcheck.model import Severity

WORD_LEVEL = ("ENC", "UNT", "QUO", "TYP", "NAM", "ART003")
MAX_ERRORS_PER_1000 = 3.0

pytestmark = pytest.mark.skipif(not wmtdata.available(), reason="the WMT data in ../shared is not here")


@pytest.fixture(scope="module")
def measured() -> dict[str, tuple[int, Counter[str], Counter[str]]]:
    """Per language: paragraphs, error findings per rule and RDB001 findings."""
    out: dict[str, tuple[int, Counter[str], Counter[str]]] = {}
    for art in wmtdata.professional(["news"]):
        paras, errors, rdb = out.setdefault(art.lang, (0, Counter(), Counter()))
        report = check_text(art.text(), lang=art.lang)
        for f in report.findings:
            if f.severity >= Severity.ERROR and f.code.startswith(WORD_LEVEL):
                errors[f.code] += 1
            if f.code == "RDB001":
                rdb["RDB001"] += 1
        out[art.lang] = (paras + len(art.segments), errors, rdb)
    return out


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_word_level_rules_rarely_raise_errors_on_professional_news(
    measured: dict[str, tuple[int, Counter[str], Counter[str]]], lang: str
) -> None:
    paras, errors, _ = measured[lang]
    assert paras > 1000
    assert 1000 * sum(errors.values()) / paras <= MAX_ERRORS_PER_1000, errors


def test_readability_flags_a_like_share_of_paragraphs_in_both_languages(
    measured: dict[str, tuple[int, Counter[str], Counter[str]]],
) -> None:
    en = measured["en"][2]["RDB001"] / measured["en"][0]
    ru = measured["ru"][2]["RDB001"] / measured["ru"][0]
    assert en > 0.01 and 0.67 <= ru / en <= 1.5, (en, ru)
