"""Fidelity: figures and names across languages, scores, cross-check rules, `check --reference`, `score`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import ROOT, findings
from tqcheck.checker import check_text
from tqcheck.cli import main
from tqcheck.fidelity import fidelity_score
from tqcheck.figures import figures, missing
from tqcheck.model import PairScores
from tqcheck.names import missing_names, names

SEED_REF = ROOT / "tests" / "fixtures" / "rt-central-asia-bases.ref.en.txt"


def values(text: str, lang: str) -> list[str]:
    return [f.value for f in figures(text, lang)]


def test_figures_are_normalised_across_languages() -> None:
    """`2,5 млрд` = `2.5 billion`, `1 500` = `1,500`, `2 июля` = `July 2`, `$240 млн` = `$240 million`."""
    ru = "США выделят $240 млн и 2,5 млрд, 1 500 военных, 2 июля."
    en = "The US will allocate $240 million and 2.5 billion, 1,500 troops, on July 2."
    assert values(ru, "ru") == values(en, "en") == ["240000000", "2500000000", "1500", "date:7-2"]


def test_small_spelled_out_numbers_are_not_figures() -> None:
    assert values("two main candidates and 3 options", "en") == []


def test_a_changed_figure_is_missing_on_both_sides() -> None:
    ref, mt = figures("cost 240 million", "en"), figures("cost 24 million", "en")
    assert [f.text for f in missing(ref, mt)] == ["240 million"] and [f.text for f in missing(mt, ref)] == [
        "24 million"
    ]


def test_names_match_across_scripts_and_cases() -> None:
    ru = "Представитель Пентагона Джон Кирби встретился с Мухриддином в Вашингтоне и в России."
    en = "Pentagon spokesman John Kirby met Muhriddin in Washington and in Russia."
    assert missing_names(names(ru), names(en, include_initial=True)) == []
    assert [n.text for n in missing_names(names(ru), names("The spokesman met Muhriddin in Washington and Russia.", include_initial=True))] == [
        "Пентагона", "Джон Кирби",  # one multi-word name; the body before it is not part of it
    ]  # fmt: skip


def test_fidelity_score_penalises_figures_names_and_length() -> None:
    s = PairScores(chrf=60, chrf_pp=58, bleu=30, ter=40)
    base = fidelity_score(s)
    assert 30 < base < 80
    assert fidelity_score(s, figure_mismatches=1) < base
    assert fidelity_score(s, figure_mismatches=1, reference_words=80) > fidelity_score(s, figure_mismatches=1)
    assert fidelity_score(s, length_ratio=0.5) < base - 30 and fidelity_score(s, length_ratio=2.0) < base - 30
    assert fidelity_score(PairScores(100, 100, 100, 0)) == 100.0
    assert fidelity_score(PairScores(0, 0, 0, 300), 9, 9, 0.01) == 0.0


def test_each_target_language_has_its_shipped_model() -> None:
    """en and ru have their own weights (metrics summing to 1), any other language the pooled ones."""
    from tqcheck.fidelity import METRIC_FEATURES, model_for

    en, ru, de = model_for("en"), model_for("ru"), model_for("de")
    assert (en.language, ru.language, de.language) == ("en", "ru", "default")
    assert en.weights != ru.weights
    for m in (en, ru, de):
        assert set(m.weights) == set(METRIC_FEATURES) and sum(m.weights.values()) == pytest.approx(1, abs=1e-3)
        assert min(m.weights.values()) >= 0 and min(m.penalties.values()) >= 0
    # names against a Russian reference are too noisy to weigh (see benchmarks/fidelity_data.py)
    assert ru.penalties["names"] == 0
    s = PairScores(chrf=60, chrf_pp=58, bleu=30, ter=40)
    assert fidelity_score(s, lang="ru") != fidelity_score(s, lang="en")


def test_document_fidelity_is_corpus_chrf_less_mean_penalties() -> None:
    from tqcheck.fidelity import document_fidelity, features

    corpus = PairScores(chrf=62, chrf_pp=60, bleu=35, ter=45)
    clean = features(PairScores(60, 58, 30, 40))
    assert document_fidelity(corpus, [clean, clean]) == pytest.approx(62)
    short = features(PairScores(60, 58, 30, 40), length_ratio=0.5)
    assert document_fidelity(corpus, [clean, short]) < document_fidelity(corpus, [clean, clean])


def test_calibration_keeps_the_ends_and_the_order() -> None:
    from tqcheck.fidelity import model_for

    for lang in ("en", "ru", "default"):
        m = model_for(lang)
        assert m.calibrate(0) == 0 and m.calibrate(100) == 100 and m.calibrate(-5) == 0
        assert m.calibrate(30) < m.calibrate(31) and 0 < m.gamma <= 1.5


def test_cross_checks_against_a_russian_source_need_no_model() -> None:
    """Figures and names are compared with the original without back-translation."""
    source = "Пентагон выделит 240 млн долларов.\n\nДжон Кирби заявил, что решений пока нет."
    mt = "The Pentagon will allocate $24 million.\n\nThe spokesman said no decisions had been made."
    got = findings(mt, "ALN", source=source)
    messages = sorted(f.message for f in got)
    assert any("`240 млн` of the source" in m for m in messages)
    # `Джон` starts its sentence, so it cannot be told from a common word; the surname is enough.
    assert any("name `Кирби`" in m for m in messages)


def test_source_without_model_marks_scores_unavailable() -> None:
    report = check_text("The minister arrived.", source="Министр прибыл в Ташкент в понедельник утром.",
                        settings=None)  # fmt: skip
    fid = report.files[0].fidelity
    assert fid is not None and fid.kind == "source" and fid.corpus is None and fid.unavailable
    assert "opus-mt-ru-en" in fid.unavailable


def test_reference_gives_scores_and_signatures() -> None:
    report = check_text(
        "The minister arrived in Tashkent on Monday.", reference="On Monday the minister arrived in Tashkent."
    )
    fid = report.files[0].fidelity
    assert fid is not None and fid.kind == "reference" and len(fid.pairs) == 1
    pair = fid.pairs[0]
    assert pair.scores is not None and pair.fidelity is not None and 30 < pair.fidelity <= 100
    assert fid.signatures["chrf"].startswith("nrefs:1|case:mixed|eff:yes|nc:6|nw:0")


@pytest.fixture
def seed_ref() -> Path:
    if not SEED_REF.is_file():
        pytest.skip("no reference for the seed article yet")
    return SEED_REF


def test_seed_against_its_reference(seed_path: Path, seed_ref: Path) -> None:
    """The seed's MT paragraphs, split by RT markers, align with the reference's whole paragraphs."""
    from tqcheck.checker import check_file

    report = check_file(seed_path, reference=seed_ref)
    fid = report.files[0].fidelity
    assert fid is not None
    # The three marker lines and the six caption lines are furniture, set aside.
    assert set(fid.mt_furniture) >= {3, 5, 8, 23, 24, 25, 39, 40, 41}
    # The paragraph split by `RT` lines (paragraphs 2, 4, 6 of the MT) is one bead.
    assert any(p.mt == (2, 4, 6) for p in fid.pairs)
    assert not [p for p in fid.pairs if not p.mt or not p.ref], "no omission or addition in a faithful reference"
    assert fid.fidelity is not None and fid.fidelity > 40
    codes = {f.code for f in report.findings}
    assert not codes & {"ALN001", "ALN002", "ALN003"}


def test_check_reference_cli_json(tmp_path: Path) -> None:
    mt = tmp_path / "a.en.txt"
    ref = tmp_path / "a.ref.en.txt"
    mt.write_text("The Pentagon will allocate $24 million.\n\nTalks resume in May.\n", encoding="utf-8")
    ref.write_text("The Pentagon plans to allocate $240 million.\n\nTalks will resume in May.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(mt), "--reference", str(ref), "--format", "json"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    fid = data["files"][0]["fidelity"]
    assert fid["kind"] == "reference" and len(fid["pairs"]) == 2 and fid["corpus"]["chrf"] > 0
    assert {f["code"] for f in data["files"][0]["findings"]} >= {"ALN003"}


def test_reference_with_several_articles_is_a_usage_error(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt", "r.txt"):
        (tmp_path / name).write_text("Text.\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["check", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--reference", str(tmp_path / "r.txt")]
    )
    assert result.exit_code == 2 and "exactly one article" in result.stderr


def test_score_jsonl_and_tsv(tmp_path: Path) -> None:
    """One object per line with every metric and the fidelity score, then the corpus summary."""
    hyp, ref = tmp_path / "hyp", tmp_path / "ref"
    hyp.write_text("The minister said the talks would go on.\nPrices rose by 2.5 percent.\n", encoding="utf-8")
    ref.write_text("The minister said talks would continue.\nPrices rose 25 percent.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["score", "--hyp", str(hyp), "--ref", str(ref)])
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["line"] for r in rows[:2]] == [1, 2] and rows[1]["figure_mismatches"] == 2
    assert set(rows[0]) >= {"chrf", "chrf_pp", "bleu", "ter", "fidelity"} and "summary" in rows[2]
    tsv = CliRunner().invoke(main, ["score", "--hyp", str(hyp), "--ref", str(ref), "--format", "tsv"]).stdout
    assert tsv.splitlines()[0].startswith("line\tchrf\tchrf_pp") and tsv.splitlines()[-1].startswith("corpus\t")


def test_score_refuses_files_that_are_not_line_aligned(tmp_path: Path) -> None:
    hyp, ref = tmp_path / "hyp", tmp_path / "ref"
    hyp.write_text("a\nb\n", encoding="utf-8")
    ref.write_text("a\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["score", "--hyp", str(hyp), "--ref", str(ref)])
    assert result.exit_code == 2 and "not line-aligned (2 hypothesis, 1 reference lines)" in result.stderr


def test_score_gives_two_blank_lines_full_fidelity(tmp_path: Path) -> None:
    """A blank line against a blank line loses nothing: fidelity 100, though sacrebleu's chrF of
    nothing against nothing is 0 (printed as sacrebleu computes it)."""
    (tmp_path / "h.txt").write_text("The minister said yes.\n\nHello\n", encoding="utf-8")
    (tmp_path / "r.txt").write_text("The minister said yes.\n\nHello\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["score", "--hyp", str(tmp_path / "h.txt"), "--ref", str(tmp_path / "r.txt")])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()][:3]
    assert [r["fidelity"] for r in rows] == [100.0, 100.0, 100.0]
    assert rows[1]["chrf"] == 0.0
