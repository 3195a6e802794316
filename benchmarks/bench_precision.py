"""Precision of the rules on real text nobody here wrote, and recall on injected defects.

Run from the repository root:

    python benchmarks/bench_precision.py [--quick] [--json FILE] [--list-errors FILE]

1. **False alarms.** Every professional article of ``../shared/data`` (``wmt-ruen`` references and
   sources, ``wmt-enru`` sources and references: text published by newsrooms) and every MT output
   article is checked with default settings. Per language, side and rule: findings per 1,000
   paragraphs and the share of articles that fail the default gate (``fail-on = error``). On
   professional text every error finding is a false alarm unless the text really has the defect;
   ``--list-errors`` writes them all for judging.
2. **Injected defects** (recall against what the same text gives before injection):
   - one- to three-word English leftovers put into professional Russian paragraphs: UNT001 recall;
   - Latin names and titles (``The Mail on Sunday``, ``«Face the Nation»``, domains, e-mails) put
     into professional Russian paragraphs: UNT001 false-alarm rate per paragraph;
   - mojibake three ways (UTF-8 read as cp1252, UTF-8 read as cp1251, cp1251 read as Latin-1) of
     professional paragraphs: ENC001 detection rate and exact restoration by its fix.

``--quick`` checks the professional news and every tenth MT article, with smaller injection
samples (a few seconds), and exits non-zero when the run breaks or a goal of the word-level rules
is missed (errors per 1,000 professional paragraphs, leftover recall, name false alarms,
mojibake detection and restoration); the whole-gate figures are printed with a verdict for
information. The full run (~10-30 s) takes every MT article (``--domains all``: every domain).
Figures are rates measured in the same run; random choices use a fixed seed.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import wmtdata  # noqa: E402

from tqcheck.checker import check_text  # noqa: E402
from tqcheck.fixer import fix_text  # noqa: E402
from tqcheck.model import Finding, Severity  # noqa: E402
from tqcheck.settings import Settings  # noqa: E402

GOAL_ERRORS_PER_1000 = 3.0
# The rules this benchmark gates in --quick (the paragraph-level ones are gated by their own tests).
WORD_LEVEL = ("ENC", "UNT", "QUO", "TYP", "NAM", "ART003")
GOAL_FAILING_SHARE = 1 / 50
GOAL_LEFTOVER_RECALL = 0.90
GOAL_NAME_FALSE_ALARMS = 0.01
GOAL_MOJIBAKE_DETECTION = 0.95
GOAL_MOJIBAKE_RESTORE = 0.90

# Common English words and phrases an MT or a tired editor leaves in a Russian sentence.
LEFTOVERS: tuple[str, ...] = (
    "next month",
    "however",
    "according to",
    "the government",
    "last week",
    "meanwhile",
    "board of directors",
    "in addition",
    "said",
    "deal",
    "at least",
    "the report",
    "this year",
    "because",
    "would be",
    "people",
    "without",
    "despite the",
    "children",
    "on Monday",
    "workers",
    "soon",
    "was arrested",
    "the new law",
    "market",
    "is expected to",
    "agreement",
    "police",
)
# Latin script that belongs in Russian news: names, titles, brands, domains, e-mail, units, code.
LATIN_NAMES: tuple[str, ...] = (
    "The Mail on Sunday",
    "«Face the Nation»",
    "движение Black Lives Matter",
    "CBS Los Angeles",
    "travel.gov.gr",
    "The New York Times",
    "газета The Guardian",
    "Financial Times",
    "Wall Street Journal",
    "компания Apple",
    "iPhone 13 Pro",
    "сервис Netflix",
    "press@kremlin.ru",
    "www.bbc.co.uk",
    "COVID-19",
    "NASA",
    "5 GHz",
    "USB-C",
    "Microsoft Teams",
    "Boris Johnson",
    "«Game of Thrones»",
    "Manchester United",
    "Formula 1",
    "Deutsche Bank",
    "World Health Organization",
    "PlayStation 5",
    "Tesla Model S",
    "COP26",
)


def _paragraphs(article: wmtdata.Article) -> int:
    return sum(1 for s in article.segments if s.strip())


def measure_side(articles: Iterable[wmtdata.Article]) -> dict[str, object]:
    """Findings per rule, failing articles and every error finding, for one language and side."""
    per_rule: Counter[str] = Counter()
    failing_rule: Counter[str] = Counter()
    severity_of: dict[str, str] = {}
    errors: list[dict[str, object]] = []
    n_articles = n_paragraphs = n_failing = 0
    for art in articles:
        report = check_text(art.text(), lang=art.lang, path=art.name)
        n_articles += 1
        n_paragraphs += _paragraphs(art)
        n_failing += report.failed
        fired_error: set[str] = set()
        for f in report.findings:
            per_rule[f.code] += 1
            severity_of[f.code] = f.severity.label
            if f.severity >= Severity.ERROR:
                fired_error.add(f.code)
                errors.append(_error_row(art, report.files[0].document.text, f))
        failing_rule.update(fired_error)
    return {
        "articles": n_articles,
        "paragraphs": n_paragraphs,
        "failing_articles": n_failing,
        "per_rule": dict(per_rule),
        "failing_by_rule": dict(failing_rule),
        "severity": severity_of,
        "errors": errors,
    }


def _error_row(art: wmtdata.Article, text: str, f: Finding) -> dict[str, object]:
    para = text.split("\n\n")[f.paragraph - 1] if f.paragraph else ""
    return {
        "article": art.name,
        "code": f.code,
        "line": f.line,
        "message": f.message,
        "span": text[f.start : f.end][:120],
        "paragraph": para[:300],
    }


def _leftover_recall(ru_paragraphs: list[str], rng: random.Random) -> tuple[float, int]:
    found = total = 0
    for para in ru_paragraphs:
        words = para.split()
        if len(words) < 6:
            continue
        phrase = rng.choice(LEFTOVERS)
        at = rng.randrange(1, len(words) - 1)
        injected = " ".join([*words[:at], phrase, *words[at:]])
        before = {(f.start, f.end) for f in check_text(para, lang="ru").findings if f.code == "UNT001"}
        start = len(" ".join(words[:at])) + 1
        end = start + len(phrase)
        hits = [
            f
            for f in check_text(injected, lang="ru").findings
            if f.code == "UNT001" and f.start < end and f.end > start and (f.start, f.end) not in before
        ]
        found += bool(hits)
        total += 1
    return (found / total if total else 0.0), total


def _name_false_alarms(ru_paragraphs: list[str], rng: random.Random) -> tuple[float, int]:
    flagged = total = 0
    for para in ru_paragraphs:
        words = para.split()
        if len(words) < 6:
            continue
        if any(f.code == "UNT001" for f in check_text(para, lang="ru").findings):
            continue  # judge only what the injection adds
        name = rng.choice(LATIN_NAMES)
        at = rng.randrange(1, len(words) - 1)
        injected = " ".join([*words[:at], name, *words[at:]])
        flagged += any(f.code == "UNT001" for f in check_text(injected, lang="ru").findings)
        total += 1
    return (flagged / total if total else 0.0), total


def _cp1252_sloppy(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


def _garble(text: str, how: str) -> str | None:
    try:
        if how == "utf8-as-cp1252":
            # As CMS pipelines (and ftfy's `sloppy-windows-1252`) do: the five bytes cp1252 leaves
            # undefined come through as the Latin-1 control characters.
            return "".join(_cp1252_sloppy(b) for b in text.encode("utf-8"))
        if how == "utf8-as-cp1251":
            return text.encode("utf-8").decode("cp1251")
        return text.encode("cp1251").decode("latin-1")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None  # a byte cp1252/cp1251 cannot decode, or a character cp1251 lacks: not this case


def _mojibake(paragraphs: dict[str, list[str]]) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    cases = {
        "utf8-as-cp1252": paragraphs["en"] + paragraphs["ru"],
        "utf8-as-cp1251": paragraphs["ru"] + paragraphs["en"],
        "cp1251-as-latin1": paragraphs["ru"],
    }
    for how, paras in cases.items():
        detected = restored = total = 0
        for para in paras:
            if para.isascii():
                continue  # ASCII survives every wrong decoding: nothing to garble
            bad = _garble(para, how)
            if bad is None or bad == para:
                continue
            lang = "ru" if para in paragraphs["ru"] else "en"
            report = check_text(bad, lang=lang)
            enc = [f for f in report.findings if f.code == "ENC001"]
            total += 1
            detected += bool(enc)
            if enc:
                restored += fix_text(bad, lang=lang, settings=Settings(select=("ENC001",))) == para
        out[how] = {
            "cases": total,
            "detected": detected / total if total else 0.0,
            "restored": restored / total if total else 0.0,
        }
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument(
        "--quick", action="store_true", help="a fixed sample, a few seconds; non-zero exit on a missed goal"
    )
    ap.add_argument("--json", type=Path, help="write every figure as JSON")
    ap.add_argument("--list-errors", type=Path, help="write every error finding on professional text (JSON lines)")
    ap.add_argument("--domains", default="news", help="WMT domains, comma-separated, or `all` (default: news)")
    ap.add_argument("--no-mt", action="store_true", help="skip the MT sides (they take most of the time)")
    args = ap.parse_args(argv)
    if not wmtdata.available():
        print(f"bench_precision: the WMT data is missing ({wmtdata.DATA}); nothing to measure")
        return 0 if args.quick else 1
    t0 = time.perf_counter()
    rng = random.Random(8)
    domains = None if args.domains == "all" else args.domains.split(",")
    prof = wmtdata.professional(domains)
    mt: list[wmtdata.Article] = []
    if not args.no_mt:
        mt = wmtdata.machine(domains)
        if args.quick:
            mt = mt[::10]
    groups: dict[tuple[str, str], list[wmtdata.Article]] = defaultdict(list)
    for a in prof:
        groups[(a.lang, "professional")].append(a)
    for a in mt:
        groups[(a.lang, "MT")].append(a)
    results = {f"{lang}/{side}": measure_side(arts) for (lang, side), arts in sorted(groups.items())}
    ok = _print_sides(results)

    paragraphs = {lang: [s for a in prof if a.lang == lang for s in a.segments if s.strip()] for lang in ("en", "ru")}
    ru_sample = rng.sample(paragraphs["ru"], min(len(paragraphs["ru"]), 60 if args.quick else 600))
    recall, n_recall = _leftover_recall(ru_sample, rng)
    names, n_names = _name_false_alarms(ru_sample, rng)
    moji_sample = {k: rng.sample(v, min(len(v), 40 if args.quick else 400)) for k, v in paragraphs.items()}
    moji = _mojibake(moji_sample)
    print("\nInjected defects (seed 8)")
    print(
        f"  English leftovers in Russian, UNT001 recall: {recall:.1%} of {n_recall} (goal >= {GOAL_LEFTOVER_RECALL:.0%})"
    )
    print(
        f"  Latin names in Russian, UNT001 false alarms: {names:.1%} of {n_names} (goal <= {GOAL_NAME_FALSE_ALARMS:.0%})"
    )
    ok &= recall >= GOAL_LEFTOVER_RECALL and names <= GOAL_NAME_FALSE_ALARMS
    for how, r in moji.items():
        print(
            f"  mojibake {how:17} ENC001 detected {r['detected']:.1%}, restored exactly {r['restored']:.1%} of {r['cases']:.0f}"
        )
        ok &= r["detected"] >= GOAL_MOJIBAKE_DETECTION and r["restored"] >= GOAL_MOJIBAKE_RESTORE
    print(f"\n{'word-level goals met' if ok else 'WORD-LEVEL GOAL MISSED'} in {time.perf_counter() - t0:.1f} s")

    if args.list_errors:
        with args.list_errors.open("w", encoding="utf-8") as fh:
            for key, r in results.items():
                if key.endswith("professional"):
                    for row in r["errors"]:  # type: ignore[attr-defined]
                        fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    if args.json:
        slim = {k: {kk: vv for kk, vv in v.items() if kk != "errors"} for k, v in results.items()}
        payload = {"sides": slim, "leftover_recall": recall, "name_false_alarms": names, "mojibake": moji}
        args.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0 if ok or not args.quick else 1


def _print_sides(results: dict[str, dict[str, object]]) -> bool:
    ok = True
    for key, r in results.items():
        paras = int(r["paragraphs"])  # type: ignore[call-overload]
        arts = int(r["articles"])  # type: ignore[call-overload]
        failing = int(r["failing_articles"])  # type: ignore[call-overload]
        per_rule: dict[str, int] = r["per_rule"]  # type: ignore[assignment]
        by_rule: dict[str, int] = r["failing_by_rule"]  # type: ignore[assignment]
        sev: dict[str, str] = r["severity"]  # type: ignore[assignment]
        n_err = len(r["errors"])  # type: ignore[arg-type]
        err_rate = 1000 * n_err / max(1, paras)
        print(f"\n{key}: {arts} articles, {paras} paragraphs")
        print(
            f"  error findings per 1,000 paragraphs: {err_rate:.1f}; failing articles: {failing} ({failing / max(1, arts):.1%})"
        )
        print(f"  {'rule':8} {'severity':8} {'per 1,000 para':>15} {'failing articles':>17}")
        for code in sorted(per_rule):
            print(f"  {code:8} {sev[code]:8} {1000 * per_rule[code] / max(1, paras):15.1f} {by_rule.get(code, 0):17}")
        if key.endswith("professional"):
            word_level = sum(1 for e in r["errors"] if str(e["code"]).startswith(WORD_LEVEL))  # type: ignore[attr-defined]
            word_rate = 1000 * word_level / max(1, paras)
            verdict = "OK" if err_rate <= GOAL_ERRORS_PER_1000 else "OVER GOAL"
            share = "OK" if failing / max(1, arts) <= GOAL_FAILING_SHARE else "OVER GOAL"
            print(f"  goal: errors <= {GOAL_ERRORS_PER_1000:g} per 1,000 paragraphs: {verdict}; ", end="")
            print(f"failing <= 1 article in 50: {share}")
            print(f"  word-level rules ({', '.join(WORD_LEVEL)}) only: {word_rate:.1f} errors per 1,000 paragraphs")
            ok &= word_rate <= GOAL_ERRORS_PER_1000
    return ok


if __name__ == "__main__":
    sys.exit(main())
