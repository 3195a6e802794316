"""TER: tqcheck.ter gives sacrebleu's edits, the metrics its scores, `score` its numbers or a label.

The suite compares with sacrebleu on a sample of the ru-en developer set (every 40th pair and the
20 longest) and on random word sequences built to hit the corners (tiny vocabularies, empty
sides, lengths 40x apart, moved blocks). `benchmarks/bench_ter.py` compares every pair of the set
and times both in the same run.
"""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import ROOT
from tqcheck.cli import main
from tqcheck.metrics import Metrics
from tqcheck.ter import translation_edit_rate

RUEN = ROOT.parent / "shared" / "data" / "wmt-ruen" / "wmt22_ruen_da.tsv"


@pytest.fixture(scope="module")
def ruen_pairs() -> list[tuple[str, str]]:
    if not RUEN.is_file():
        pytest.skip(f"no developer data at {RUEN}; CI always has ../shared")
    with RUEN.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    longest = sorted(rows, key=lambda r: -len(r["hypothesis"].split()))[:20]
    return [(r["hypothesis"], r["reference"]) for r in rows[::40] + longest]


def test_edits_equal_sacrebleu_on_the_developer_set(ruen_pairs: list[tuple[str, str]]) -> None:
    """Same number of edits as sacrebleu's lib_ter on ~320 real pairs, the 20 longest included."""
    from sacrebleu.metrics import lib_ter
    from sacrebleu.metrics.ter import TER

    tok = TER()._preprocess_segment
    differ = []
    for hyp, ref in ruen_pairs:
        h, r = tok(hyp).split(), tok(ref).split()
        if translation_edit_rate(h, r) != lib_ter.translation_edit_rate(h, r):
            differ.append(hyp)
    assert len(ruen_pairs) > 300 and differ == []


def _random_pair(rng: random.Random) -> tuple[list[str], list[str]]:
    vocab = rng.choice([2, 3, 5, 30])
    n, m = rng.choice([(0, 5), (5, 0), (1, 1), (7, 9), (20, 20), (30, 24), (2, 80), (90, 3), (35, 35)])
    hyp = [str(rng.randrange(vocab)) for _ in range(n)]
    ref = hyp[:m] if rng.random() < 0.6 else [str(rng.randrange(vocab)) for _ in range(m)]
    ref += [str(rng.randrange(vocab)) for _ in range(m - len(ref))]
    for _ in range(rng.randrange(4)):
        if ref:
            ref[rng.randrange(len(ref))] = str(rng.randrange(vocab))
    if len(ref) > 12:  # move a block, the edit TER's shifts exist for
        s = rng.randrange(len(ref) - 10)
        block = ref[s : s + rng.randrange(1, 10)]
        del ref[s : s + len(block)]
        t = rng.randrange(len(ref) + 1)
        ref[t:t] = block
    return hyp, ref


def test_edits_equal_sacrebleu_on_random_sequences() -> None:
    """Corner cases: empty sides, lengths 40x apart (wider beam), repeated words, moved blocks."""
    from sacrebleu.metrics import lib_ter

    rng = random.Random(12)
    for _ in range(100):
        hyp, ref = _random_pair(rng)
        assert translation_edit_rate(hyp, ref) == lib_ter.translation_edit_rate(hyp, ref), (hyp, ref)


def _long_pair(sentences: int = 15) -> tuple[str, str]:
    sentence = "The ministers of the two countries discussed transit tariffs and a new ferry line in detail. "
    hyp = " ".join(f"{sentence} Talks {k} went on." for k in range(sentences))
    ref = " ".join(f"Talks {k} continued. {sentence.replace('discussed', 'talked about')}" for k in range(sentences))
    return hyp, ref


def test_every_metric_equals_sacrebleu_on_a_long_paragraph() -> None:
    """A 160-word paragraph: chrF, chrF++, BLEU and TER are sacrebleu's sentence scores, not chunks."""
    from sacrebleu.metrics.bleu import BLEU
    from sacrebleu.metrics.chrf import CHRF
    from sacrebleu.metrics.ter import TER

    hyp, ref = _long_pair(10)
    assert len(hyp.split()) > 150
    got = Metrics().score_pair(hyp, ref)
    for value, metric in ((got.chrf, CHRF()), (got.chrf_pp, CHRF(word_order=2)),
                          (got.bleu, BLEU(effective_order=True)), (got.ter, TER())):  # fmt: skip
        assert value == pytest.approx(metric.sentence_score(hyp, [ref]).score, abs=1e-9)


def test_exact_ter_is_faster_than_sacrebleu_on_a_long_paragraph() -> None:
    """Same edits as sacrebleu on ~130 words, in under half its time (measured in the same run)."""
    import time

    from sacrebleu.metrics import lib_ter
    from sacrebleu.metrics.ter import TER

    hyp, ref = _long_pair(8)
    tok = TER()._preprocess_segment
    h, r = tok(hyp + " x").split(), tok(ref).split()
    start = time.perf_counter()
    theirs = lib_ter.translation_edit_rate(h, r)
    t_theirs = time.perf_counter() - start
    start = time.perf_counter()
    ours = translation_edit_rate(h, r)
    t_ours = time.perf_counter() - start
    assert ours == theirs and t_ours < t_theirs / 2


def test_fast_ter_says_it_is_approximate() -> None:
    hyp, ref = _long_pair()
    fast, exact = Metrics(fast=True), Metrics()
    assert fast.signatures()["ter"].endswith("|chunk:30") and "chunk" not in exact.signatures()["ter"]
    assert fast.approximate == ("ter",) and exact.approximate == ()
    assert fast.ter(hyp, ref) != exact.ter(hyp, ref)


def _files(tmp_path: Path) -> list[str]:
    hyp, ref = _long_pair(5)
    lines = [(hyp, ref), ("Prices rose by 2.5 percent.", "Prices rose 25 percent."), ("", "Empty line.")]
    (tmp_path / "hyp").write_text("".join(h + "\n" for h, _ in lines * 2), encoding="utf-8")
    (tmp_path / "ref").write_text("".join(r + "\n" for _, r in lines * 2), encoding="utf-8")
    return ["score", "--hyp", str(tmp_path / "hyp"), "--ref", str(tmp_path / "ref")]


def test_score_lines_equal_sacrebleu_and_jobs_change_nothing(tmp_path: Path) -> None:
    """`score -j 2` prints the same bytes as `-j 1`; every line's TER is sacrebleu's."""
    from sacrebleu.metrics.ter import TER

    args = _files(tmp_path)
    one = CliRunner().invoke(main, args)
    two = CliRunner().invoke(main, [*args, "-j", "2"])
    assert one.exit_code == 0 and two.exit_code == 0, one.output + two.output
    assert one.stdout == two.stdout
    rows = [json.loads(line) for line in one.stdout.splitlines()]
    hyps = (tmp_path / "hyp").read_text(encoding="utf-8").splitlines()
    refs = (tmp_path / "ref").read_text(encoding="utf-8").splitlines()
    for row, h, r in zip(rows, hyps, refs, strict=False):
        assert row["ter"] == round(TER().sentence_score(h, [r]).score, 2)
    assert rows[-1]["summary"]["approximate"] == []


def test_score_fast_labels_ter_in_jsonl_and_tsv(tmp_path: Path) -> None:
    args = [*_files(tmp_path), "--fast"]
    summary = json.loads(CliRunner().invoke(main, args).stdout.splitlines()[-1])["summary"]
    assert summary["approximate"] == ["ter"] and summary["signatures"]["ter"].endswith("|chunk:30")
    header = CliRunner().invoke(main, [*args, "--format", "tsv"]).stdout.splitlines()[0]
    assert "\tter|chunk:30\t" in header


def test_check_pairs_and_document_scores_equal_sacrebleu() -> None:
    """`check --reference`: each aligned pair's TER is sacrebleu's sentence TER, the document's its corpus TER."""
    from sacrebleu.metrics.ter import TER

    from tqcheck.checker import check_text

    long_mt, long_ref = _long_pair(3)
    mt = f"The minister arrived in Tashkent on Monday.\n\n{long_mt}\n"
    ref = f"On Monday the minister arrived in Tashkent.\n\n{long_ref}\n"
    fid = check_text(mt, reference=ref).files[0].fidelity
    assert fid is not None and fid.corpus is not None and len(fid.pairs) == 2
    texts = [(h, r) for h, r in zip(mt.strip().split("\n\n"), ref.strip().split("\n\n"), strict=True)]
    for pair, (h, r) in zip(fid.pairs, texts, strict=True):
        assert pair.scores is not None
        assert pair.scores.ter == pytest.approx(TER().sentence_score(h, [r]).score, abs=1e-9)
    corpus = TER().corpus_score([h for h, _ in texts], [[r for _, r in texts]]).score
    assert fid.corpus.ter == pytest.approx(corpus, abs=1e-9)
    assert "chunk" not in fid.signatures["ter"]
