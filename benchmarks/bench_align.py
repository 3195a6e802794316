"""Alignment accuracy of the fidelity pipeline on WMT22 ru-en articles with known truth.

Run from the repository root, with the project's venv:

    .venv/bin/python benchmarks/bench_align.py [--quick] [--systems A,B] [--seed 1] [--show-errors 3] [--json FILE]

Articles. For every `doc_id` of `../shared/data/wmt-ruen/wmt22_ruen_da.tsv` the segments (in `doc_seg`
order) are grouped into paragraphs of 1-3 consecutive segments (seeded random, the same grouping
for every system and both sides). The reference side is the `reference` column (human English);
the MT side is one system's `hypothesis` column. Before damage the truth is one to one.

Damage (the MT side only, as MT pipelines do it; truth kept for every block):

    split-sentence  a paragraph of 2-3 segments cut in two at a segment boundary
    split-comma     a paragraph cut in two mid-sentence, after a comma
    marker-split    the same, with a source-marker line (`RT`, `TASS`, ...) between the halves
    merge           two adjacent paragraphs joined into one
    marker          a source-marker line inserted between paragraphs
    caption         caption residue inserted: `  • <caption text>`, `  • Reuters` / `  • © @handle`
    drop            a paragraph left out (its reference paragraph must come out as an omission)
    unrelated       a paragraph of another article (or site boilerplate) inserted
    mixed           three different damages of the above in one article

Every article is checked once clean ("none") and once per damage type (about one damage per four
paragraphs, at least one), plus once "mixed", through the real pipeline:
`check_text(mt, lang="en", reference=ref)` (same-language mode) and
`check_text(mt, lang="en", source=ru)` with the Russian `source` column grouped the same way
(cross-lingual mode: no back-translation model is installed, so the aligner works on figures,
names and length only).

Scoring. A link is (MT paragraph, reference paragraph). The truth links every MT block to the
reference paragraph(s) of its segment group(s): both halves of a split link to the one reference
paragraph, a merged paragraph links to both; markers, captions and unrelated paragraphs link to
nothing, and a dropped paragraph's reference links to nothing (an omission). A predicted bead
links every MT paragraph in it to every reference paragraph in it. Precision, recall and F1 are
micro-averaged over the links of all articles of a damage type. "instance ok" is the share of
single damages whose own links come out exactly right (and whose marker/caption lines are
furniture). "content F1" leaves out truth links of real paragraphs that the paragraph
classifier set aside as headings (furniture is not aligned by design). A group-level F1, with
split halves collapsed onto their segment group, is printed too.

The checks run in 2 worker processes (2 cores); ms per article is timed inside the workers. The
synthetic 200-paragraph article is timed in the main process afterwards.
"""

from __future__ import annotations

import argparse
import collections
import csv
import datetime
import json
import multiprocessing
import platform
import random
import re
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATA = ROOT.parent / "shared" / "data" / "wmt-ruen" / "wmt22_ruen_da.tsv"
DEFAULT_SYSTEMS = ("JDExploreAcademy", "ALMAnaCH-Inria")
DAMAGES = (
    "split-sentence",
    "split-comma",
    "marker-split",
    "merge",
    "marker",
    "caption",
    "drop",
    "unrelated",
)
VERSIONS = ("none", *DAMAGES, "mixed")
MODES = ("same", "cross")
# Far below anything the aligner has ever scored: below this it is broken, not just worse.
BROKEN_F1 = 0.8
GOAL_F1 = 0.97
GOAL_LONG_S = 1.0

MARKERS = ("RT", "TASS", "RIA Novosti", "Interfax", "- TASS", "(RT)")
CREDITS = ("Reuters", "AFP", "© @{handle}", "© Global Look Press / Ivan Petrov", "© @{handle}", "Reuters")
HANDLES = ("rt_russian", "tass_agency", "kremlin_news", "mos_ru_news", "ria_novosti", "kuryk_port")
CAPTIONS = (
    "Vladimir Putin at a meeting in the Kremlin",
    "The building of the State Duma in Moscow",
    "A container ship in the port of Novorossiysk",
    "Residents of the city during the festival",
    "The site of the accident on the highway",
    "Passengers at Sheremetyevo airport",
    "Participants of the forum in St. Petersburg",
    "A view of the Moscow City business centre",
)
BOILERPLATE = (
    "Subscribe to our Telegram channel to be the first to know about the most important news of the day.",
    "Read also: the main events of the week in our review.",
    "If you have found a mistake in the text, select it and press Ctrl+Enter.",
    "All the latest news on the topic can be found in our special section.",
)


# --------------------------------------------------------------------------- data


@dataclass
class Group:
    """One truth paragraph: 1-3 consecutive segments, on all three sides."""

    mt: list[str]
    ref: list[str]
    src: list[str]


@dataclass
class Block:
    """One paragraph of the damaged MT text and what it truly is."""

    text: str
    groups: tuple[int, ...]  # truth segment groups (empty for furniture/unrelated)
    label: str  # clean | split | merge | marker | caption | unrelated
    instance: int = -1  # which damage instance produced it (-1: none)


@dataclass
class Damaged:
    blocks: list[Block]
    dropped: dict[int, int] = field(default_factory=dict)  # group -> instance
    instances: list[str] = field(default_factory=list)  # damage type per instance


def load(path: Path) -> dict[str, dict[str, list[dict[str, str]]]]:
    """doc_id -> system -> rows in doc_seg order."""
    docs: dict[str, dict[str, list[dict[str, str]]]] = collections.defaultdict(lambda: collections.defaultdict(list))
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            docs[row["doc_id"]][row["system"]].append(row)
    for systems in docs.values():
        for rows in systems.values():
            rows.sort(key=lambda r: int(r["doc_seg"]))
    return docs


def grouping(doc_id: str, n: int, seed: int) -> list[tuple[int, int]]:
    """Segment ranges [start, end) of 1-3 segments, seeded per document."""
    rng = random.Random(f"{seed}:group:{doc_id}")
    out, i = [], 0
    while i < n:
        k = min(rng.randint(1, 3), n - i)
        out.append((i, i + k))
        i += k
    return out


def make_groups(rows: list[dict[str, str]], ranges: list[tuple[int, int]]) -> list[Group]:
    return [
        Group(
            [r["hypothesis"] for r in rows[a:b]], [r["reference"] for r in rows[a:b]], [r["source"] for r in rows[a:b]]
        )
        for a, b in ranges
    ]


# --------------------------------------------------------------------------- damage

_COMMA = re.compile(r",\s+")


def _comma_cut(text: str, rng: random.Random) -> int | None:
    """A position just after a mid-sentence comma, with some text on both sides."""
    cuts = [m.end() for m in _COMMA.finditer(text) if m.start() >= 15 and len(text) - m.end() >= 15]
    return rng.choice(cuts) if cuts else None


def _slot(d: Damaged, rng: random.Random) -> int:
    """An insertion point that does not fall inside a caption block."""
    b = d.blocks
    ok = [i for i in range(len(b) + 1) if not (0 < i < len(b) and b[i - 1].label == b[i].label == "caption")]
    return rng.choice(ok)


def apply_damage(kind: str, d: Damaged, groups: list[Group], rng: random.Random, other_mt: list[str]) -> bool:
    """Apply one damage of ``kind`` in place; False when the article offers no place for it."""
    clean = [i for i, b in enumerate(d.blocks) if b.label == "clean"]
    inst = len(d.instances)
    content = [b for b in d.blocks if b.groups]
    if kind == "split-sentence":
        cands = [i for i in clean if len(groups[d.blocks[i].groups[0]].mt) > 1]
        if not cands:
            return False
        i = rng.choice(cands)
        g = d.blocks[i].groups[0]
        segs = groups[g].mt
        k = rng.randint(1, len(segs) - 1)
        d.blocks[i : i + 1] = [
            Block(" ".join(segs[:k]), (g,), "split", inst),
            Block(" ".join(segs[k:]), (g,), "split", inst),
        ]
    elif kind in ("split-comma", "marker-split"):
        cands = [(i, c) for i in clean if (c := _comma_cut(d.blocks[i].text, rng)) is not None]
        if not cands:
            return False
        i, cut = rng.choice(cands)
        b = d.blocks[i]
        parts = [Block(b.text[:cut].rstrip(), b.groups, "split", inst)]
        if kind == "marker-split":
            parts.append(Block(rng.choice(MARKERS), (), "marker", inst))
        parts.append(Block(b.text[cut:].strip(), b.groups, "split", inst))
        d.blocks[i : i + 1] = parts
    elif kind == "merge":
        cands = [i for i in clean if i + 1 < len(d.blocks) and d.blocks[i + 1].label == "clean"]
        if not cands:
            return False
        i = rng.choice(cands)
        a, b = d.blocks[i], d.blocks[i + 1]
        d.blocks[i : i + 2] = [Block(a.text + " " + b.text, a.groups + b.groups, "merge", inst)]
    elif kind == "marker":
        d.blocks.insert(_slot(d, rng), Block(rng.choice(MARKERS), (), "marker", inst))
    elif kind == "caption":
        pos = _slot(d, rng)
        lines = [rng.choice(CAPTIONS)]
        for _ in range(rng.randint(1, 2)):
            lines.append(rng.choice(CREDITS).format(handle=rng.choice(HANDLES)))
        d.blocks[pos:pos] = [Block("  • " + line, (), "caption", inst) for line in lines]
    elif kind == "drop":
        if len(content) < 2 or not clean:
            return False
        i = rng.choice(clean)
        d.dropped[d.blocks[i].groups[0]] = inst
        del d.blocks[i]
    elif kind == "unrelated":
        text = rng.choice(other_mt) if other_mt and rng.random() < 0.6 else rng.choice(BOILERPLATE)
        d.blocks.insert(_slot(d, rng), Block(text, (), "unrelated", inst))
    else:  # pragma: no cover
        raise ValueError(kind)
    d.instances.append(kind)
    return True


def damage(version: str, groups: list[Group], rng: random.Random, other_mt: list[str]) -> Damaged:
    d = Damaged([Block(" ".join(g.mt), (k,), "clean") for k, g in enumerate(groups)])
    if version == "none":
        return d
    if version == "mixed":
        kinds = rng.sample(DAMAGES, len(DAMAGES))
        done = 0
        for kind in kinds:
            if done == 3:
                break
            done += apply_damage(kind, d, groups, rng, other_mt)
        return d
    for _ in range(max(1, len(groups) // 4)):
        apply_damage(version, d, groups, rng, other_mt)
    return d


def render(blocks: list[Block]) -> str:
    return "\n\n".join(b.text for b in blocks) + "\n"


# --------------------------------------------------------------------------- scoring


def truth_links(d: Damaged) -> set[tuple[int, int]]:
    return {(bi, g) for bi, b in enumerate(d.blocks) for g in b.groups}


def predicted_links(fidelity: Any) -> set[tuple[int, int]]:
    return {(i - 1, j - 1) for p in fidelity.pairs if p.mt and p.ref for i in p.mt for j in p.ref}


def evaluate(d: Damaged, report: Any) -> dict[str, Any]:
    """Counts for one checked article: links, furniture, instances."""
    file = report.files[0]
    fid = file.fidelity
    n_mt, n_ref = len(file.document.paragraphs), len(fid.reference.paragraphs)
    if n_mt != len(d.blocks):
        return {"structure_error": f"MT has {n_mt} paragraphs, expected {len(d.blocks)}"}
    truth = truth_links(d)
    pred = predicted_links(fid)
    mt_furn = {i - 1 for i in fid.mt_furniture}
    ref_furn = {j - 1 for j in fid.ref_furniture}
    out: dict[str, Any] = collections.Counter()
    out["tp"] = len(truth & pred)
    out["fp"] = len(pred - truth)
    out["fn"] = len(truth - pred)
    # links of real paragraphs the classifier set aside (headings): not the aligner's to make
    aside = {(bi, g) for bi, g in truth if bi in mt_furn or g in ref_furn}
    out["aside_links"] = len(aside)
    out["aside_one_side"] = sum(1 for bi, g in aside if (bi in mt_furn) != (g in ref_furn))
    out["ctp"] = len((truth - aside) & pred)
    out["cfn"] = len((truth - aside) - pred)
    # group level: split halves collapsed onto their group (MT side named by its truth groups)
    name = {bi: b.groups if b.groups else ("x", bi) for bi, b in enumerate(d.blocks)}
    gt = {(name[bi], g) for bi, g in truth}
    gp = {(name[bi], g) for bi, g in pred}
    out["gtp"], out["gfp"], out["gfn"] = len(gt & gp), len(gp - gt), len(gt - gp)
    # furniture
    for bi, b in enumerate(d.blocks):
        if b.label in ("marker", "caption"):
            out[f"furn_{b.label}"] += 1
            out[f"furn_{b.label}_ok"] += bi in mt_furn
        elif b.groups and bi in mt_furn:
            out["content_as_furniture"] += 1
    out["ref_as_furniture"] = len(ref_furn)
    out["ref_paragraphs"] = n_ref
    # instances
    errors = []
    for inst, kind in enumerate(d.instances):
        blocks = {bi for bi, b in enumerate(d.blocks) if b.instance == inst}
        grps = {g for bi in blocks for g in d.blocks[bi].groups} | {g for g, k in d.dropped.items() if k == inst}
        t = {(bi, g) for bi, g in truth if bi in blocks or g in grps}
        p = {(bi, g) for bi, g in pred if bi in blocks or g in grps}
        furn_ok = all(bi in mt_furn for bi in blocks if d.blocks[bi].label in ("marker", "caption"))
        ok = t == p and furn_ok
        out[f"inst_{kind}"] += 1
        out[f"inst_{kind}_ok"] += ok
        if not ok:
            reason = _reason(d, blocks, grps, t, p, pred, mt_furn, ref_furn, furn_ok)
            out[f"why_{kind}_{reason}"] += 1
            errors.append({"kind": kind, "truth": sorted(t), "pred": sorted(p), "furniture_ok": furn_ok,
                           "blocks": sorted(blocks), "groups": sorted(grps), "reason": reason})  # fmt: skip
    out["errors"] = errors
    return out


REASONS = {
    "heading": "a real paragraph was set aside as a heading",
    "not-furniture": "a marker/caption line was not set aside",
    "mt-unaligned": "an MT paragraph left unaligned (1-0)",
    "ref-unaligned": "a reference paragraph left unaligned (0-1)",
    "absorbed": "an omission/addition absorbed into a neighbour's bead",
    "neighbour": "linked to a neighbouring paragraph",
}


def _reason(d: Damaged, blocks: set[int], grps: set[int], t: set[tuple[int, int]], p: set[tuple[int, int]],
            pred: set[tuple[int, int]], mt_furn: set[int], ref_furn: set[int], furn_ok: bool) -> str:  # fmt: skip
    """Why one damage came out wrong (the first cause that applies)."""
    if any(bi in mt_furn and d.blocks[bi].groups for bi in blocks) or grps & ref_furn:
        return "heading"
    if not furn_ok:
        return "not-furniture"
    if not t:
        return "absorbed"
    linked_mt = {bi for bi, _ in pred}
    linked_ref = {g for _, g in pred}
    if any(bi not in linked_mt for bi, _ in t - p):
        return "mt-unaligned"
    if any(g not in linked_ref for _, g in t - p):
        return "ref-unaligned"
    return "neighbour"


# --------------------------------------------------------------------------- workers


def run_task(task: dict[str, Any]) -> dict[str, Any]:
    from tqcheck.checker import check_text

    results = []
    for version in task["versions"]:
        rng = random.Random(f"{task['seed']}:{task['doc_id']}:{task['system']}:{version}")
        d = damage(version, task["groups"], rng, task["other_mt"])
        mt_text = render(d.blocks)
        ref_text = "\n\n".join(" ".join(g.ref) for g in task["groups"]) + "\n"
        src_text = "\n\n".join(" ".join(g.src) for g in task["groups"]) + "\n"
        for mode in task["modes"]:
            kwargs = {"reference": ref_text} if mode == "same" else {"source": src_text}
            t0 = time.perf_counter()
            report = check_text(mt_text, lang="en", **kwargs)
            ms = (time.perf_counter() - t0) * 1000
            ev = evaluate(d, report)
            if mode == "cross" and report.files[0].fidelity.kind != "source":
                ev["not_model_free"] = 1
            ev = dict(ev)
            for e in ev.get("errors", []):
                e.update(doc_id=task["doc_id"], system=task["system"], version=version, mode=mode,
                         mt=[b.text[:70] for b in d.blocks], ref=[" ".join(g.ref)[:70] for g in task["groups"]])  # fmt: skip
            results.append({"version": version, "mode": mode, "ms": ms, "paragraphs": len(d.blocks), **ev})
    return {"doc_id": task["doc_id"], "system": task["system"], "results": results}


# --------------------------------------------------------------------------- report


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def pct(a: int, b: int) -> str:
    return f"{a / b:6.1%} ({a}/{b})" if b else "     –"


def section(title: str) -> None:
    print(f"\n== {title} " + "=" * max(0, 96 - len(title)), flush=True)


def long_article(docs: dict[str, Any], system: str, seed: int, n_paras: int = 200) -> tuple[list[Group], list[str]]:
    """A synthetic article of ``n_paras`` paragraphs: WMT documents (news first) one after another."""
    order = sorted(docs, key=lambda k: (docs[k][system][0]["domain"] != "news", k))
    groups: list[Group] = []
    used_docs = 0
    for doc_id in order:
        rows = docs[doc_id][system]
        groups.extend(make_groups(rows, grouping(doc_id, len(rows), seed)))
        used_docs += 1
        if len(groups) >= n_paras:
            break
    other = [r["hypothesis"] for k in order[used_docs:] for r in docs[k][system]][:200]
    used = groups[:n_paras]
    return used, other


def time_long(docs: dict[str, Any], system: str, seed: int, runs: int) -> dict[str, Any]:
    from tqcheck.align import CROSS_LANGUAGE, SAME_LANGUAGE, align, unit
    from tqcheck.checker import check_text

    groups, other = long_article(docs, system, seed)
    rng = random.Random(f"{seed}:long")
    d = Damaged([Block(" ".join(g.mt), (k,), "clean") for k, g in enumerate(groups)])
    for _ in range(3):
        for kind in DAMAGES:
            apply_damage(kind, d, groups, rng, other)
    mt_text = render(d.blocks)
    ref_text = "\n\n".join(" ".join(g.ref) for g in groups) + "\n"
    src_text = "\n\n".join(" ".join(g.src) for g in groups) + "\n"
    out: dict[str, Any] = {"mt_paragraphs": len(d.blocks), "ref_paragraphs": len(groups),
                           "damages": len(d.instances), "mt_chars": len(mt_text)}  # fmt: skip
    mt_texts = [b.text for b in d.blocks if b.label not in ("marker", "caption")]
    for mode, ref_texts, lang, params in (
        ("same", [" ".join(g.ref) for g in groups], "en", SAME_LANGUAGE),
        ("cross", [" ".join(g.src) for g in groups], "ru", CROSS_LANGUAGE),
    ):
        cross = mode == "cross"
        units_t, align_t = [], []
        for _ in range(runs):
            t0 = time.perf_counter()
            mu = [unit(t, "en", cross) for t in mt_texts]
            ru = [unit(t, lang, cross) for t in ref_texts]
            t1 = time.perf_counter()
            align(mu, ru, params)
            t2 = time.perf_counter()
            units_t.append(t1 - t0)
            align_t.append(t2 - t1)
        out[f"{mode}_units_ms"] = statistics.median(units_t) * 1000
        out[f"{mode}_align_ms"] = statistics.median(align_t) * 1000
        kwargs = {"reference": ref_text} if mode == "same" else {"source": src_text}
        check_text(mt_text, lang="en", **kwargs)  # warm-up
        ts = []
        for _ in range(max(1, runs // 2)):
            t0 = time.perf_counter()
            report = check_text(mt_text, lang="en", **kwargs)
            ts.append(time.perf_counter() - t0)
        out[f"{mode}_check_ms"] = statistics.median(ts) * 1000
        fid = report.files[0].fidelity
        if mode == "same":  # what the scores cost inside that check_text: every pair, then the corpus again
            from tqcheck.metrics import Metrics

            mp, rp = report.files[0].document.paragraphs, fid.reference.paragraphs
            pairs = [("\n".join(mp[i - 1].text for i in p.mt), "\n".join(rp[j - 1].text for j in p.ref))
                     for p in fid.pairs if p.mt and p.ref]  # fmt: skip
            metrics = Metrics()
            t0 = time.perf_counter()
            for h, r in pairs:
                metrics.score_pair(h, r)
            t1 = time.perf_counter()
            metrics.score_corpus([h for h, _ in pairs], [r for _, r in pairs])
            out["same_score_pairs_ms"] = (t1 - t0) * 1000
            out["same_score_corpus_ms"] = (time.perf_counter() - t1) * 1000
        ev = evaluate(d, report)
        if "structure_error" in ev:
            out[f"{mode}_f1"] = None
        else:
            out[f"{mode}_f1"] = prf(ev["tp"], ev["fp"], ev["fn"])[2]
            out[f"{mode}_inst_ok"] = sum(v for k, v in ev.items() if k.startswith("inst_") and k.endswith("_ok"))
    # the same article with the metrics alone (what check_text adds for scoring)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="10 documents, one system, a few seconds (CI smoke test)")
    ap.add_argument("--systems", default=",".join(DEFAULT_SYSTEMS), help="comma-separated system names")
    ap.add_argument("--docs", type=int, default=0, help="limit to the first N documents (0 = all)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--all-versions", action="store_true", help="every single damage on every article (2x longer)")
    ap.add_argument("--show-errors", type=int, default=2, help="wrong instances printed per damage type and mode")
    ap.add_argument("--json", help="write every figure (and every wrong instance) as JSON")
    args = ap.parse_args()

    if not DATA.exists():
        sys.exit(f"missing {DATA}")
    started = time.perf_counter()
    docs = load(DATA)
    systems = [s for s in args.systems.split(",") if s]
    doc_ids = sorted(docs)
    if args.quick:
        systems = systems[:1]
        doc_ids = random.Random(args.seed).sample(doc_ids, 10)
        args.show_errors = 0
    if args.docs:
        doc_ids = doc_ids[: args.docs]

    tasks = []
    for si, system in enumerate(systems):
        for di, doc_id in enumerate(doc_ids):
            if args.all_versions:
                versions = VERSIONS
            else:  # 4 of the 8 single damages per article, the other 4 with the next system
                versions = ("none", *(k for i, k in enumerate(DAMAGES) if (i + di + si) % 2 == 0), "mixed")
            rows = docs[doc_id][system]
            groups = make_groups(rows, grouping(doc_id, len(rows), args.seed))
            rng = random.Random(f"{args.seed}:other:{doc_id}")
            others = rng.sample([d for d in doc_ids if d != doc_id], min(5, len(doc_ids) - 1))
            other_mt = []
            for o in others:
                orows = docs[o][system]
                og = make_groups(orows, grouping(o, len(orows), args.seed))
                other_mt.append(" ".join(rng.choice(og).mt))
            tasks.append({"doc_id": doc_id, "system": system, "groups": groups, "other_mt": other_mt,
                          "versions": versions, "modes": MODES, "seed": args.seed})  # fmt: skip

    n_checks = sum(len(t["versions"]) for t in tasks) * len(MODES)
    print(f"bench_align: {len(doc_ids)} documents x {len(systems)} systems ({', '.join(systems)}); per article: "
          f"clean, mixed and {'all 8' if args.all_versions else '4 of the 8'} single damages; x {len(MODES)} modes "
          f"= {n_checks} checks; seed {args.seed}; {args.workers} workers", flush=True)  # fmt: skip
    results: list[dict[str, Any]] = []
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(args.workers) as pool:
        for k, res in enumerate(pool.imap_unordered(run_task, tasks, chunksize=2), start=1):
            results.append(res)
            if k % 50 == 0:
                print(f"  {k}/{len(tasks)} articles, {time.perf_counter() - started:.0f} s", flush=True)

    # ---- aggregate
    agg: dict[tuple[str, str], collections.Counter[str]] = collections.defaultdict(collections.Counter)
    times: dict[str, list[float]] = collections.defaultdict(list)
    errors: list[dict[str, Any]] = []
    structure_errors = []
    slow: list[tuple[float, str, str, str, str, int]] = []
    for res in results:
        for r in res["results"]:
            key = (r["mode"], r["version"])
            if "structure_error" in r:
                structure_errors.append((res["doc_id"], res["system"], r["version"], r["structure_error"]))
                continue
            for k, v in r.items():
                if isinstance(v, int | float) and k not in ("ms",):
                    agg[key][k] += v
                    agg[(r["mode"], "ALL")][k] += v
            agg[key]["articles"] += 1
            agg[(r["mode"], "ALL")]["articles"] += 1
            times[r["mode"]].append(r["ms"])
            slow.append((r["ms"], r["mode"], res["doc_id"], res["system"], r["version"], r["paragraphs"]))
            errors.extend(r.get("errors", []))

    figures: dict[str, Any] = {"date": datetime.date.today().isoformat(), "machine": f"{platform.machine()}, 2 cores",
                               "python": platform.python_version(), "documents": len(doc_ids), "systems": systems,
                               "seed": args.seed, "modes": {}}  # fmt: skip
    for mode in MODES:
        title = (
            "same-language (reference = human English)"
            if mode == "same"
            else ("cross-lingual (source = Russian, no model: figures, names, length)")
        )
        section(f"Alignment F1, {title}")
        print(f"  {'damage':<15}{'articles':>9}{'damages':>9}{'P':>8}{'R':>8}{'F1':>8}{'content F1':>12}"
              f"{'group F1':>10}  {'instance ok':<20}")  # fmt: skip
        mode_fig = {}
        for version in (*VERSIONS, "ALL"):
            c = agg[(mode, version)]
            if not c["articles"]:
                continue
            p, r, f1 = prf(c["tp"], c["fp"], c["fn"])
            cf1 = prf(c["ctp"], c["fp"], c["cfn"])[2]
            gf1 = prf(c["gtp"], c["gfp"], c["gfn"])[2]
            kinds = DAMAGES if version in ("mixed", "ALL") else (version,)
            n_inst = sum(c[f"inst_{k}"] for k in kinds)
            n_ok = sum(c[f"inst_{k}_ok"] for k in kinds)
            label = "ALL (micro)" if version == "ALL" else version
            print(f"  {label:<15}{c['articles']:>9}{n_inst:>9}{p:>8.4f}{r:>8.4f}{f1:>8.4f}{cf1:>12.4f}{gf1:>10.4f}  "
                  f"{pct(n_ok, n_inst) if n_inst else '–'}")  # fmt: skip
            mode_fig[version] = {"articles": c["articles"], "damages": n_inst, "precision": p, "recall": r, "f1": f1,
                                 "content_f1": cf1, "group_f1": gf1, "instances_ok": n_ok,
                                 "links": {k: c[k] for k in ("tp", "fp", "fn", "aside_links", "aside_one_side")}}  # fmt: skip
        c = agg[(mode, "ALL")]
        print("  by damage type, over every article it occurs in (incl. mixed), and why the wrong ones are wrong:")
        for kind in DAMAGES:
            why = ", ".join(f"{r} {c[f'why_{kind}_{r}']}" for r in REASONS if c[f"why_{kind}_{r}"])
            print(f"    {kind:<15} instance ok {pct(c[f'inst_{kind}_ok'], c[f'inst_{kind}'])}  {why}")
        print("    (" + "; ".join(f"{k}: {v}" for k, v in REASONS.items()) + ")")
        print(f"  furniture: markers set aside {pct(c['furn_marker_ok'], c['furn_marker'])}, caption lines "
              f"{pct(c['furn_caption_ok'], c['furn_caption'])}; real MT paragraphs set aside as furniture "
              f"{c['content_as_furniture']}, reference paragraphs set aside {c['ref_as_furniture']} of "
              f"{c['ref_paragraphs']} (truth links lost that way: {c['aside_links']} of "
              f"{c['tp'] + c['fn']}, {c['aside_one_side']} of them set aside on one side only)")  # fmt: skip
        if c.get("not_model_free"):
            print(f"  NOTE: {c['not_model_free']} cross-lingual checks used a model (kind != 'source')")
        t = sorted(times[mode])
        print(f"  check_text per article: median {statistics.median(t):.1f} ms, mean {statistics.mean(t):.1f}, "
              f"p95 {t[int(0.95 * (len(t) - 1))]:.1f}, max {t[-1]:.1f} ({len(t)} checks, 2 workers)")  # fmt: skip
        worst = sorted((x for x in slow if x[1] == mode), reverse=True)[:3]
        print("  slowest: " + "; ".join(f"{ms:.0f} ms {doc} {sysname} {v} ({n} paragraphs)"
                                        for ms, _, doc, sysname, v, n in worst))  # fmt: skip
        p, r, f1 = prf(c["tp"], c["fp"], c["fn"])
        if mode == "same":
            print(f"  goal F1 >= {GOAL_F1}: {'OK' if f1 >= GOAL_F1 else 'UNDER GOAL'} ({f1:.4f})")
        mode_fig["by_damage_instances"] = {k: [c[f"inst_{k}_ok"], c[f"inst_{k}"]] for k in DAMAGES}
        mode_fig["why_wrong"] = {k: {r: c[f"why_{k}_{r}"] for r in REASONS if c[f"why_{k}_{r}"]} for k in DAMAGES}
        mode_fig["furniture"] = {
            k: c[k]
            for k in (
                "furn_marker",
                "furn_marker_ok",
                "furn_caption",
                "furn_caption_ok",
                "content_as_furniture",
                "ref_as_furniture",
                "ref_paragraphs",
            )
        }
        mode_fig["ms_per_article"] = {"median": statistics.median(t), "mean": statistics.mean(t),
                                      "p95": t[int(0.95 * (len(t) - 1))], "max": t[-1]}  # fmt: skip
        figures["modes"][mode] = mode_fig
    if structure_errors:
        print(f"\n  STRUCTURE ERRORS ({len(structure_errors)}), first: {structure_errors[:3]}")

    if args.show_errors:
        section("Examples of wrong instances (first per damage type and mode)")
        shown: collections.Counter[tuple[str, str]] = collections.Counter()
        for e in errors:
            key = (e["mode"], e["kind"])
            if shown[key] >= args.show_errors:
                continue
            shown[key] += 1
            print(f"  [{e['mode']}/{e['kind']}: {e['reason']}] {e['doc_id']} {e['system']} ({e['version']}): "
                  f"truth {e['truth']} pred {e['pred']} furniture_ok={e['furniture_ok']}")  # fmt: skip
            for bi in e["blocks"]:
                print(f"      MT[{bi}] {e['mt'][bi]!r}")
            for g in e["groups"]:
                print(f"      REF[{g}] {e['ref'][g]!r}")

    if args.quick:
        print("\n  (the synthetic 200-paragraph article is skipped in --quick: it takes half a minute)")
    else:
        section("Synthetic 200-paragraph article (main process, medians)")
        lt = time_long(docs, systems[0], args.seed, runs=5)
        print(f"  {lt['mt_paragraphs']} MT paragraphs ({lt['damages']} damages, {lt['mt_chars']:,} chars) vs "
              f"{lt['ref_paragraphs']} reference paragraphs")  # fmt: skip
        for mode in MODES:
            tot = lt[f"{mode}_units_ms"] + lt[f"{mode}_align_ms"]
            print(f"  {mode:<6} alignment: unit() both sides {lt[f'{mode}_units_ms']:6.1f} ms + align() "
                  f"{lt[f'{mode}_align_ms']:6.1f} ms = {tot:6.1f} ms  (goal well under 1 s, taken as < 250 ms: "
                  f"{'OK' if tot < GOAL_LONG_S * 1000 / 4 else 'OVER'});  F1 {lt[f'{mode}_f1']:.4f}, damages right "
                  f"{lt.get(f'{mode}_inst_ok', 0)}/{lt['damages']}")  # fmt: skip
            print(f"         whole check_text {lt[f'{mode}_check_ms']:6.0f} ms", end="")
            if mode == "same":
                print(f", of which the scores: Metrics.score_pair over the pairs {lt['same_score_pairs_ms']:.0f} ms + "
                      f"score_corpus {lt['same_score_corpus_ms']:.0f} ms (it recomputes every metric)")  # fmt: skip
            else:
                print(" (no scores in this mode)")
        figures["long_article"] = lt
    total = time.perf_counter() - started
    print(f"\n  total run time {total:.0f} s")
    figures["run_seconds"] = total
    if args.json:
        figures["wrong_instances"] = errors
        Path(args.json).write_text(json.dumps(figures, indent=1, ensure_ascii=False), encoding="utf-8")
    # A broken aligner fails the run (CI runs --quick); a missed goal is printed, not failed.
    same_f1 = figures["modes"].get("same", {}).get("ALL", {}).get("f1", 0.0)
    if structure_errors or len(results) != len(tasks) or same_f1 < BROKEN_F1:
        print(f"benchmark FAILED: {len(structure_errors)} structure errors, {len(results)}/{len(tasks)} articles, "
              f"same-language F1 {same_f1:.3f} (broken below {BROKEN_F1})", file=sys.stderr)  # fmt: skip
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
