"""`tqcheck score`: line-aligned segment scoring for MT people (like `sacrebleu -sl`)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from tqcheck.cli.common import InputProblem

COLUMNS = ("line", "chrf", "chrf_pp", "bleu", "ter", "fidelity", "figure_mismatches", "missing_names", "length_ratio")


def _lines(path: str, what: str) -> list[str]:
    from tqcheck.errors import TqcheckError
    from tqcheck.reading import read_path

    if path.lower().endswith(".docx"):  # read_path would call it a binary file and list .docx as expected
        raise InputProblem(f"{what}: {path}: score reads plain text, one segment per line; save it as .txt")
    try:
        text = read_path(Path(path)).text
    except TqcheckError as exc:
        raise InputProblem(f"{what}: {exc}") from None
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _stats_worker(args: tuple[bool, list[tuple[str, str]]]) -> list[Any]:
    from tqcheck.metrics import Metrics

    fast, pairs = args
    return Metrics(fast=fast).statistics(pairs)


def _statistics(metrics: Any, pairs: list[tuple[str, str]], jobs: int) -> list[Any]:
    """Every pair's sacrebleu statistics, split over ``jobs`` processes in line order."""
    if jobs <= 1 or len(pairs) < 2:
        return list(metrics.statistics(pairs))
    from concurrent.futures import ProcessPoolExecutor

    from tqcheck.run import chunk_size_for

    # Small chunks balance the load: a few long lines cost more than many short ones.
    size = chunk_size_for(len(pairs), jobs)
    chunks = [(metrics.fast, pairs[i : i + size]) for i in range(0, len(pairs), size)]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return [s for part in pool.map(_stats_worker, chunks) for s in part]


@click.command()
@click.option("--hyp", required=True, type=click.Path(dir_okay=False), help="MT output, one segment per line.")
@click.option("--ref", required=True, type=click.Path(dir_okay=False), help="Reference, line-aligned with --hyp.")
@click.option("--src", type=click.Path(dir_okay=False), help="Source, line-aligned: figures are checked against it.")
@click.option("--lang", default="en", show_default=True, help="Language of --hyp and --ref.")
@click.option("--src-lang", default="ru", show_default=True, help="Language of --src.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "tsv"]), default="jsonl", show_default=True)
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes for the metrics (lines are split between them; same numbers).")  # fmt: skip
@click.option("--fast", is_flag=True,
              help="Approximate TER over chunks of 30 words (its signature then ends in |chunk:30).")  # fmt: skip
def score(hyp: str, ref: str, src: str | None, lang: str, src_lang: str, fmt: str, jobs: int, fast: bool) -> None:
    """Score line-aligned segments: chrF, chrF++, BLEU, TER and the fidelity score per line,
    then the corpus scores and sacrebleu signatures.

    Every metric equals sacrebleu's `sentence_score` (and the corpus line its `corpus_score`) under
    the printed signature, unless --fast is given: then TER is approximated and says so."""
    from tqcheck.fidelity import document_fidelity, features, length_ratio, model_for
    from tqcheck.figures import figures, missing
    from tqcheck.metrics import TER_CHUNK_WORDS, Metrics
    from tqcheck.names import missing_names, names

    hyps, refs = _lines(hyp, "--hyp"), _lines(ref, "--ref")
    srcs = _lines(src, "--src") if src else None
    if len(hyps) != len(refs) or (srcs is not None and len(srcs) != len(hyps)):
        counts = f"{len(hyps)} hypothesis, {len(refs)} reference" + (f", {len(srcs)} source" if srcs else "")
        raise InputProblem(f"the files are not line-aligned ({counts} lines)")
    metrics = Metrics(fast=fast)
    rows = []
    pair_features: list[dict[str, float]] = []
    all_scores, corpus = metrics.scores(_statistics(metrics, list(zip(hyps, refs, strict=True)), jobs))
    for i, (h, r, s) in enumerate(zip(hyps, refs, all_scores, strict=True), start=1):
        check_text, check_lang = (srcs[i - 1], src_lang) if srcs else (r, lang)
        fh, fc = figures(h, lang), figures(check_text, check_lang)
        mismatches = len(missing(fc, fh)) + len(missing(fh, fc))
        gone = len(missing_names(names(r), names(h, include_initial=True)))
        ratio = length_ratio(len(h), len(r))
        feats = features(s, mismatches, gone, ratio, len(r.split()))
        pair_features.append(feats)
        # Two blank lines lose nothing (sacrebleu's chrF of nothing against nothing is 0, not 100).
        fid = 100.0 if not h.strip() and not r.strip() else model_for(lang).score(feats)
        rows.append({"line": i, **s.as_dict(), "fidelity": round(fid, 2), "figure_mismatches": mismatches,
                     "missing_names": gone, "length_ratio": round(ratio, 3)})  # fmt: skip
    summary: dict[str, Any] = {
        "lines": len(rows),
        "corpus": corpus.as_dict() if corpus else None,
        # As `check` scores a document: the model on the corpus scores, the mean line penalties.
        "fidelity": round(document_fidelity(corpus, pair_features, lang), 2) if corpus else None,
        "signatures": metrics.signatures(),
        "approximate": list(metrics.approximate),
    }
    out = sys.stdout
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row) + "\n")
        out.write(json.dumps({"summary": summary}, ensure_ascii=False) + "\n")
    else:
        # An approximate metric is labelled in the header as in its signature (`ter|chunk:30`).
        labels = {"ter": f"ter|chunk:{TER_CHUNK_WORDS}"} if fast else {}
        out.write("\t".join(labels.get(c, c) for c in COLUMNS) + "\n")
        for row in rows:
            out.write("\t".join(str(row[c]) for c in COLUMNS) + "\n")
        c = summary["corpus"] or {}
        fields = ["corpus", *(str(c.get(k, "")) for k in ("chrf", "chrf_pp", "bleu", "ter")), str(summary["fidelity"])]
        out.write("\t".join(fields) + "\n")
