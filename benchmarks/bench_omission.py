"""ALN006 sentence-omission on real text: recall on one dropped sentence, false alarms on undamaged pairs.

    .venv/bin/python benchmarks/bench_omission.py [--quick] [--domains news,...] [--max-docs N]

Data: the WMT22 news documents in ``../shared/data`` (``benchmarks/wmtdata.py``). Each document's
segments are grouped into paragraphs of 2-5 sentences (seeded, the same grouping for both sides),
and an MT output is checked against the professional reference in its own language (reference
mode): English MT of ``wmt-ruen`` against the English reference, Russian MT of ``wmt-enru``
against the Russian reference. These pairs are undamaged: every ALN006 finding on them is a false
alarm. Then one segment is dropped from a paragraph of the MT (never the whole paragraph), and the
run counts whether ALN006 quotes the dropped sentence.

Baseline in the same run: the rules that existed before ALN006 (ALN001 omission, ALN003
number-mismatch, ALN005 length-ratio), run without ALN006 — does any of them fire on the damaged
paragraph? The sentence-alignment parameters were tuned on 300 of these pairs (see
``tqcheck/align.py``), so the figures are not from held-out data.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import wmtdata  # noqa: E402

BASELINE = ("ALN001", "ALN003", "ALN005")
MAX_ALARMS_PER_PARAGRAPH = 0.02  # measured 0.0022 on the full WMT22 set (CHANGELOG); 9x headroom


def paragraphs(segments: tuple[str, ...], rng: random.Random) -> list[list[int]]:
    groups, i = [], 0
    while i < len(segments):
        k = rng.randint(2, 5)
        groups.append(list(range(i, min(i + k, len(segments)))))
        i += k
    return groups


def render(segments: tuple[str, ...], groups: list[list[int]], drop: int | None = None) -> str:
    return (
        "\n\n".join(" ".join(segments[i] for i in g if i != drop) for g in groups if any(i != drop for i in g)) + "\n"
    )


def pairs(domains: set[str], max_docs: int | None) -> list[tuple[wmtdata.Article, wmtdata.Article]]:
    refs = {(a.corpus, a.doc_id): a for a in wmtdata.professional(domains) if a.side == "reference"}
    out = []
    docs_seen: dict[str, set[str]] = {}
    for hyp in wmtdata.machine(domains):
        ref = refs.get((hyp.corpus, hyp.doc_id))
        if ref is None or len(ref.segments) != len(hyp.segments) or len(ref.segments) < 4:
            continue
        seen = docs_seen.setdefault(hyp.corpus, set())
        if max_docs is not None and hyp.doc_id not in seen and len(seen) >= max_docs:
            continue
        seen.add(hyp.doc_id)
        out.append((hyp, ref))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a few documents (seconds)")
    parser.add_argument("--domains", default="news")
    parser.add_argument("--max-docs", type=int, default=None, help="documents per corpus (each with all its systems)")
    args = parser.parse_args()
    if not wmtdata.available():
        print("FAIL: ../shared/data is not there")
        return 1
    from tqcheck.checker import check_text
    from tqcheck.settings import Settings

    max_docs = 2 if args.quick else args.max_docs
    rows = pairs(set(args.domains.split(",")), max_docs)
    if args.quick:  # both target languages
        rows = [r for r in rows if r[0].lang == "en"][:4] + [r for r in rows if r[0].lang == "ru"][:4]
    settings = Settings(select=("ALN006",), fail_on=None)
    # The earlier rules on their own: with ALN006 on, ALN003/ALN004 leave its sentence's figures to it.
    before = Settings(select=BASELINE, fail_on=None)
    stats = {"pairs": 0, "ref_paragraphs": 0, "alarms": 0, "alarm_articles": 0, "damaged": 0, "found": 0,
             "found_other_place": 0, "baseline": 0}  # fmt: skip
    by_lang: dict[str, list[int]] = {}
    t0 = time.perf_counter()
    for n, (hyp, ref) in enumerate(rows):
        rng = random.Random(f"{hyp.name}")
        groups = paragraphs(ref.segments, rng)
        ref_text = render(ref.segments, groups)
        lang_settings = replace(settings, lang=hyp.lang)
        clean = check_text(render(hyp.segments, groups), settings=lang_settings, reference=ref_text).files[0]
        alarms = [f for f in clean.findings if f.code == "ALN006"]
        stats["pairs"] += 1
        stats["ref_paragraphs"] += len(groups)
        stats["alarms"] += len(alarms)
        stats["alarm_articles"] += bool(alarms)
        multi = [g for g in groups if len(g) >= 2]
        if not multi:
            continue
        group = rng.choice(multi)
        drop = rng.choice(group)
        damaged = check_text(render(hyp.segments, groups, drop), settings=lang_settings, reference=ref_text).files[0]
        dropped = " ".join(ref.segments[drop].split())
        hits = [f for f in damaged.findings if f.code == "ALN006"]
        right = [f for f in hits if f.message.split("“", 1)[-1].rstrip("”…")[:40] in dropped]
        stats["damaged"] += 1
        stats["found"] += bool(right)
        stats["found_other_place"] += bool(hits) and not right
        # the paragraph that lost the sentence, in the damaged MT
        para_no = sum(1 for g in groups[: groups.index(group)] if any(i != drop for i in g)) + 1
        old = check_text(
            render(hyp.segments, groups, drop), settings=replace(before, lang=hyp.lang), reference=ref_text
        )
        stats["baseline"] += any(f.paragraph == para_no for f in old.files[0].findings)
        lang = by_lang.setdefault(hyp.lang, [0, 0, 0, 0])
        lang[0] += 1
        lang[1] += bool(right)
        lang[2] += len(alarms)
        lang[3] += len(groups)
        if args.quick is False and n % 100 == 99:
            print(f"  … {n + 1}/{len(rows)}", file=sys.stderr)
    elapsed = time.perf_counter() - t0
    d = max(1, stats["damaged"])
    print(
        f"{stats['pairs']} MT/reference article pairs ({args.domains}), {stats['ref_paragraphs']} paragraphs, {elapsed:.1f} s"
    )
    print(f"recall, one sentence dropped: ALN006 {stats['found'] / d:.3f} ({stats['found']}/{stats['damaged']}); "
          f"baseline (ALN001/ALN003/ALN005 on that paragraph) {stats['baseline'] / d:.3f}")  # fmt: skip
    print(f"  ALN006 fired elsewhere instead (wrong sentence): {stats['found_other_place']}")
    print(f"false alarms on undamaged pairs: {stats['alarms']} findings, "
          f"{stats['alarms'] / max(1, stats['ref_paragraphs']):.4f} per paragraph, "
          f"{stats['alarm_articles'] / max(1, stats['pairs']):.3f} of articles")  # fmt: skip
    for lang, (n_d, n_f, n_a, n_p) in sorted(by_lang.items()):
        print(
            f"  {lang}: recall {n_f / max(1, n_d):.3f} ({n_f}/{n_d}), false alarms {n_a / max(1, n_p):.4f} per paragraph"
        )
    if stats["damaged"] == 0 or stats["found"] == 0:
        print("FAIL: no damaged article, or ALN006 found nothing")
        return 1
    # A rule that fires everywhere also finds every omission: recall counts only with few alarms.
    if stats["found"] <= stats["baseline"]:
        print("FAIL: ALN006 finds no more dropped sentences than the paragraph-level rules")
        return 1
    if stats["alarms"] / max(1, stats["ref_paragraphs"]) > MAX_ALARMS_PER_PARAGRAPH:
        print(f"FAIL: more than {MAX_ALARMS_PER_PARAGRAPH} false alarms per paragraph on undamaged pairs")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
