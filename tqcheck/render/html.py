"""HTML report: one self-contained page per run, or a page per article and an index.

The page is rendered with Jinja2 (autoescaped) from the same report model as the JSON output:
a header with the verdict and the counts, a chart of fidelity and readability along the article,
then the article paragraph by paragraph beside its aligned reference, every finding highlighted
on its exact span. CSS, SVG and the little JavaScript (filters, sortable index) are inline; the
page fetches nothing and stays fully readable with JavaScript off.

Article and reference text only ever reaches the page escaped: through Jinja's autoescape, or,
for the highlighted paragraph text, through :func:`markupsafe.escape` piece by piece.
"""

from __future__ import annotations

import base64
import bisect
import functools
import hashlib
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tqcheck import __version__
from tqcheck.model import (
    AlignedPair,
    Fidelity,
    FileReport,
    Finding,
    Paragraph,
    Report,
    Severity,
)
from tqcheck.render import RenderOptions

if TYPE_CHECKING:
    import jinja2
    from markupsafe import Markup


def _threshold(fid: Fidelity | None) -> float:
    """Below this fidelity a paragraph is marked failing: the run's `min-fidelity` (FID001's)."""
    return fid.threshold if fid is not None else 35.0


_TEMPLATES = Path(__file__).with_name("templates")
_LANGUAGES = {"en": "English", "ru": "Russian", "uk": "Ukrainian", "be": "Belarusian", "kk": "Kazakh"}
_SEVERITY_WORD = {Severity.ERROR: "Error", Severity.WARNING: "Warning", Severity.INFO: "Info"}
_KIND_LABEL = {
    "reference": "Reference",
    "back-translation": "Source, back-translated",
    "source": "Source",
}

# ----------------------------------------------------------------------------------------------
# View model: plain values the templates read. Built once per page; no markup in here except the
# highlighted paragraph text, which is assembled from escaped pieces.


@dataclass(frozen=True)
class FindingView:
    id: str  # element id of the list entry; the first highlight piece is id + "-m"
    code: str
    rule: str
    severity: str  # error | warning | info
    severity_word: str
    message: str
    message_parts: tuple[tuple[str, bool], ...]  # (text, is_code): `quoted` bits of the message
    line: int
    column: int
    fix: str | None
    fix_parts: tuple[tuple[str, bool], ...]
    fix_safe: bool
    tip: str  # tooltip and aria-label: severity, code, message and fix
    multi: bool  # the span runs over several paragraphs
    paragraph: int = 0  # the paragraph it is listed under (0: none)
    excerpt: str = ""  # the flagged text, shortened, for the "What to fix" list
    line_word: str = "line"  # a Word file has paragraphs, not lines: "Word ¶"
    column_word: str = "col"


@dataclass
class ParaView:
    index: int
    id: str
    line: int
    end_line: int
    kind: str
    furniture: bool
    lang: str | None
    html: Markup
    findings: list[FindingView] = field(default_factory=list)
    reading_ease: float | None = None
    fidelity: float | None = None
    failing: bool = False
    reasons: list[str] = field(default_factory=list)
    line_word: str = "line"


@dataclass(frozen=True)
class RefView:
    index: int
    id: str
    line: int
    kind: str
    furniture: bool
    lang: str | None
    text: str
    line_word: str = "line"
    back_translation: str | None = None  # the MT model's English for this source paragraph
    reading_ease: float | None = None  # only when the reference is in the article's language


@dataclass(frozen=True)
class PairView:
    label: str
    mt_label: str
    ref_label: str
    fidelity: float | None
    chrf: float | None
    bleu: float | None
    ter: float | None
    length_ratio: float | None
    confidence: float
    missing_figures: tuple[str, ...]
    extra_figures: tuple[str, ...]
    missing_names: tuple[str, ...]
    low: bool
    mt_ease: float | None = None
    ref_ease: float | None = None

    @property
    def reads_worse(self) -> bool:
        """The translation is much harder to read than its reference (20+ Flesch points)."""
        return self.mt_ease is not None and self.ref_ease is not None and self.mt_ease < self.ref_ease - 20


@dataclass(frozen=True)
class Row:
    kind: str  # pair | omission | addition | furniture | single
    left: list[ParaView]
    right: list[RefView]
    pair: PairView | None = None


@dataclass(frozen=True)
class Bar:
    index: int
    href: str
    x: float
    label: str
    fid_y: float | None
    fid_h: float
    fid_low: bool
    re_y: float | None
    re_h: float
    furniture: bool
    failing: bool


@dataclass(frozen=True)
class Chart:
    width: float
    height: float
    slot: float
    bar: float
    fid_top: float
    fid_base: float
    re_top: float
    re_base: float
    threshold_y: float
    bars: list[Bar]
    has_fidelity: bool
    threshold: float = 35.0


@dataclass(frozen=True)
class RuleCount:
    code: str
    rule: str
    severity: str
    severity_word: str
    count: int
    summary: str
    summary_parts: tuple[tuple[str, bool], ...]


@dataclass(frozen=True)
class TodoGroup:
    """One rule's findings in the "What to fix" panel: errors first, then warnings."""

    code: str
    rule: str
    severity: str
    severity_word: str
    summary_parts: tuple[tuple[str, bool], ...]
    items: tuple[FindingView, ...]  # the first TODO_MAX of the rule's findings
    more: int = 0  # how many more the article holds


TODO_MAX = 25  # entries listed per rule: the panel is a to-do list, not a second copy of the article


@dataclass
class ArticleView:
    number: int
    prefix: str
    path: str
    language: str
    encoding: str
    failed: bool
    gate: str
    verdict: str
    verdict_detail: str
    counts: dict[str, int]
    total: int
    rules: list[RuleCount]
    reference_label: str | None
    reference_noun: str  # "reference" or "source", in sentences
    reference_path: str | None
    reference_language: str | None
    fidelity_kind: str | None
    fidelity: float | None
    corpus: dict[str, float] | None
    model: str | None
    unavailable: str | None
    reading_ease: float | None
    reading_band: str
    paragraphs: int
    words: int
    failing: int
    chart: Chart
    rows: list[Row]
    two_columns: bool
    orphans: list[FindingView]
    page: str = ""  # file name of its own page in a batch
    todo: list[TodoGroup] = field(default_factory=list)
    main_problem: str = ""  # e.g. "ART001 source-marker ×3": the rule an editor should look at first
    worst_key: tuple[int, int, float, int] = (0, 0, 0.0, 0)  # sort key of a batch index: worst first


# ----------------------------------------------------------------------------------------------
# Highlights


def _tip(f: Finding) -> str:
    text = f"{_SEVERITY_WORD[f.severity]} {f.code}: {f.message}"
    if f.fix is not None:
        text += f"\nFix: {f.fix.description}" + ("" if f.fix.safe else " (may change meaning)")
    return text


EXCERPT_MAX = 60


def _excerpt(text: str) -> str:
    """The flagged text as one short line (whole-paragraph findings are not quoted)."""
    flat = " ".join(text.split())
    return flat if len(flat) <= EXCERPT_MAX else flat[: EXCERPT_MAX - 1].rstrip() + "…"


def _line_words(input_format: str | None) -> tuple[str, str]:
    """How a location reads: `line 3, col 5`, or in a Word file `Word ¶ 3, char 5` (its paragraph)."""
    return ("Word ¶", "char") if input_format == "docx" else ("line", "col")


def _finding_view(
    f: Finding, fid: str, multi: bool, paragraph: int = 0, excerpt: str = "", input_format: str | None = None
) -> FindingView:
    line_word, column_word = _line_words(input_format)
    return FindingView(
        line_word=line_word,
        column_word=column_word,
        id=fid,
        code=f.code,
        rule=f.rule,
        severity=f.severity.label,
        severity_word=_SEVERITY_WORD[f.severity],
        message=f.message,
        message_parts=code_parts(f.message),
        line=f.line,
        column=f.column,
        fix=f.fix.description if f.fix is not None else None,
        fix_parts=code_parts(f.fix.description) if f.fix is not None else (),
        fix_safe=f.fix.safe if f.fix is not None else True,
        tip=_tip(f),
        multi=multi,
        paragraph=paragraph,
        excerpt=excerpt,
    )


def code_parts(text: str) -> tuple[tuple[str, bool], ...]:
    """Split a message on its backticks: ``(text, True)`` for the quoted bits, shown as code."""
    pieces = text.split("`")
    if len(pieces) % 2 == 0:  # an odd number of backticks: show it as it is
        return ((text, False),)
    return tuple((piece, i % 2 == 1) for i, piece in enumerate(pieces) if piece or i % 2 == 1)


def _nesting_key(item: tuple[int, int, Finding, FindingView]) -> tuple[int, int, int, str, str, str]:
    """Outer first: earlier start, then longer span, then more severe, then code, message, id."""
    s, e, f, v = item
    return (s, -e, -int(f.severity), f.code, f.message, v.id)


def highlight(text: str, offset: int, spans: Sequence[tuple[int, int, Finding, FindingView]]) -> Markup:
    """The paragraph ``text`` (starting at document ``offset``) with each span as a ``<mark>``.

    Spans are document offsets already clipped to the paragraph. Overlapping spans are nested in a
    fixed order (:func:`_nesting_key`); where one ends inside another, the inner one is closed and
    reopened as a continuation piece (``data-part="cont"``), so every piece of a finding carries
    its id and the pieces' texts add up to the finding's text. A zero-width span is an empty mark.
    """
    from markupsafe import Markup, escape

    items = sorted(spans, key=_nesting_key)
    if not items:
        return escape(text)
    rank = {id(it): n for n, it in enumerate(items)}
    seen: set[str] = set()
    out: list[str] = []

    def open_tag(it: tuple[int, int, Finding, FindingView], empty: bool = False) -> str:
        v = it[3]
        first = v.id not in seen
        seen.add(v.id)
        # A finding about the whole paragraph (an omission nearby, a missing name, low fidelity) is
        # drawn lightly, so that the words flagged inside it still stand out.
        whole = not empty and it[0] <= offset and it[1] >= offset + len(text)
        cls = "hl" + (" first" if first else "") + (" pin" if empty else "") + (" whole" if whole else "")
        attrs = f' class="{cls}" data-severity="{v.severity}" data-code="{escape(v.code)}" data-finding="{v.id}"'
        if first:
            attrs += f' id="{v.id}-m" tabindex="0"'
        else:
            attrs += ' data-part="cont"'
        # The label is also the tooltip (CSS `attr(aria-label)`), shown on hover and on focus.
        return f'<mark{attrs} aria-label="{escape(v.tip)}">'

    bounds = sorted({offset, offset + len(text), *(s for s, _, _, _ in items), *(e for _, e, _, _ in items)})
    pins = [it for it in items if it[0] == it[1]]
    ranged = [it for it in items if it[0] < it[1]]
    stack: list[tuple[int, int, Finding, FindingView]] = []
    for i, pos in enumerate(bounds):
        nxt = bounds[i + 1] if i + 1 < len(bounds) else None
        want = [it for it in ranged if nxt is not None and it[0] <= pos and it[1] >= nxt]
        wanted = {id(it) for it in want}
        keep = 0
        while keep < len(stack) and id(stack[keep]) in wanted:
            keep += 1
        for _ in range(len(stack) - keep):
            out.append("</mark>")
            stack.pop()
        for it in pins:
            if it[0] == pos:
                out.append(open_tag(it, empty=True) + "</mark>")
        if nxt is None:
            break
        have = {id(it) for it in stack}
        for it in sorted((it for it in want if id(it) not in have), key=lambda it: rank[id(it)]):
            out.append(open_tag(it))
            stack.append(it)
        out.append(str(escape(text[pos - offset : nxt - offset])))
    out.extend("</mark>" for _ in stack)
    return Markup("".join(out))


# ----------------------------------------------------------------------------------------------
# Building one article's view


def _language(code: str | None) -> str:
    if not code:
        return "unknown"
    return f"{_LANGUAGES.get(code, code)} ({code})"


def _reading_band(ease: float | None) -> str:
    if ease is None:
        return ""
    for limit, word in ((90, "very easy"), (80, "easy"), (70, "fairly easy"), (60, "plain English"),
                        (50, "fairly difficult"), (30, "difficult")):  # fmt: skip
        if ease >= limit:
            return word
    return "very difficult"


def _pair_of(fid: Fidelity | None) -> dict[int, AlignedPair]:
    return {i: p for p in fid.pairs for i in p.mt} if fid is not None else {}


def _clip(f: Finding, p: Paragraph) -> tuple[int, int] | None:
    if f.start == f.end:
        return (f.start, f.start) if p.start <= f.start <= p.end else None
    s, e = max(f.start, p.start), min(f.end, p.end)
    return (s, e) if s < e else None


def _paragraph_views(fr: FileReport, prefix: str) -> tuple[list[ParaView], list[FindingView]]:
    doc = fr.document
    paras = doc.paragraphs
    by_index = {p.index: p for p in paras}
    pairs = _pair_of(fr.fidelity)
    spans: dict[int, list[tuple[int, int, Finding, FindingView]]] = {p.index: [] for p in paras}
    homed: dict[int, list[FindingView]] = {p.index: [] for p in paras}
    errors_in: set[int] = set()
    orphans: list[FindingView] = []
    starts = [p.start for p in paras]
    ordered = sorted(fr.findings, key=lambda f: f.sort_key)
    for n, f in enumerate(ordered, 1):
        lo = max(0, bisect.bisect_right(starts, f.start) - 1)
        hi = bisect.bisect_right(starts, f.end)
        touched = [(p, c) for p in paras[lo : max(hi, lo + 1)] if (c := _clip(f, p)) is not None]
        home = by_index.get(f.paragraph)
        if not touched and home is not None:  # outside any paragraph's text: a pin in its paragraph
            pos = min(max(f.start, home.start), home.end)
            touched = [(home, (pos, pos))]
        if home is None and touched:
            home = touched[0][0]
        whole = home is not None and f.start <= home.start and f.end >= home.end
        flagged = doc.text[f.start : f.end].strip()
        # No excerpt when the message quotes the text already (`Muhriddin` here; …).
        quoted = bool(flagged) and f"`{flagged}`" in f.message
        excerpt = "" if whole or quoted else _excerpt(doc.text[f.start : f.end])
        view = _finding_view(
            f, f"{prefix}f-{n}", len(touched) > 1, home.index if home else 0, excerpt, doc.input_format
        )
        for p, (s, e) in touched:
            spans[p.index].append((s, e, f, view))
        if home is None:
            orphans.append(view)
            continue
        homed[home.index].append(view)
        if f.severity == Severity.ERROR:
            errors_in.add(home.index)
    views: list[ParaView] = []
    for p in paras:
        pair = pairs.get(p.index)
        fidelity = pair.fidelity if pair is not None else None
        reasons = []
        if p.index in errors_in:
            reasons.append("error findings")
        if fidelity is not None and fidelity < _threshold(fr.fidelity):
            reasons.append(f"fidelity {fidelity:.0f} below {_threshold(fr.fidelity):g}")
        views.append(
            ParaView(
                index=p.index,
                id=f"{prefix}p-{p.index}",
                line=p.line,
                end_line=p.end_line,
                kind=p.kind.value,
                furniture=p.kind.is_furniture,
                lang=p.language,
                html=highlight(doc.text[p.start : p.end], p.start, spans[p.index]),
                findings=homed[p.index],
                reading_ease=p.readability.reading_ease if p.readability is not None else None,
                fidelity=fidelity,
                failing=bool(reasons),
                reasons=reasons,
                line_word=_line_words(doc.input_format)[0],
            )
        )
    return views, orphans


def _ref_views(fid: Fidelity, prefix: str) -> dict[int, RefView]:
    ref = fid.reference
    furniture = set(fid.ref_furniture)
    back = fid.back_translation if fid.back_translation and len(fid.back_translation) == len(ref.paragraphs) else None
    return {
        p.index: RefView(
            index=p.index,
            id=f"{prefix}r-{p.index}",
            line=p.line,
            kind=p.kind.value,
            furniture=p.kind.is_furniture or p.index in furniture,
            lang=p.language or ref.language,
            text=ref.text[p.start : p.end],
            line_word=_line_words(ref.input_format)[0],
            back_translation=back[p.index - 1] if back is not None else None,
            reading_ease=p.readability.reading_ease if p.readability is not None and fid.kind == "reference" else None,
        )
        for p in ref.paragraphs
    }


def _pair_view(pair: AlignedPair, threshold: float) -> PairView:
    def span(ix: tuple[int, ...]) -> str:
        if not ix:
            return "—"
        return f"¶ {ix[0]}" if len(ix) == 1 else f"¶ {ix[0]}–{ix[-1]}"

    s = pair.scores
    return PairView(
        label=f"{span(pair.mt)} ↔ {span(pair.ref)}",
        mt_label=span(pair.mt),
        ref_label=span(pair.ref),
        fidelity=pair.fidelity,
        chrf=s.chrf if s else None,
        bleu=s.bleu if s else None,
        ter=s.ter if s else None,
        length_ratio=pair.length_ratio,
        confidence=pair.confidence,
        missing_figures=pair.missing_figures,
        extra_figures=tuple(t for _, _, t in pair.extra_figures),
        missing_names=pair.missing_names,
        low=pair.fidelity is not None and pair.fidelity < threshold,
    )


def _rows(views: list[ParaView], fid: Fidelity | None, refs: dict[int, RefView]) -> list[Row]:
    """The article and its reference side by side: a row per aligned pair, furniture between."""
    if fid is None:
        return [Row("single", [v], []) for v in views]
    by_mt = {v.index: v for v in views}
    paired_mt = {i for p in fid.pairs for i in p.mt}
    paired_ref = {j for p in fid.pairs for j in p.ref}
    rows: list[Row] = []
    mt_done = ref_done = 0

    def gap(mt_to: int, ref_to: int) -> None:
        nonlocal mt_done, ref_done
        left = [by_mt[i] for i in range(mt_done + 1, mt_to) if i in by_mt and i not in paired_mt]
        right = [refs[j] for j in range(ref_done + 1, ref_to) if j in refs and j not in paired_ref]
        mt_done, ref_done = max(mt_done, mt_to - 1), max(ref_done, ref_to - 1)
        i = j = 0
        while i < len(left) or j < len(right):
            if i < len(left) and j < len(right) and left[i].kind == right[j].kind:
                rows.append(Row("furniture", [left[i]], [right[j]]))
                i, j = i + 1, j + 1
            elif i < len(left) and (j >= len(right) or all(r.kind != left[i].kind for r in right[j:])):
                rows.append(Row("furniture", [left[i]], []))
                i += 1
            else:
                rows.append(Row("furniture", [], [right[j]]))
                j += 1

    for pair in fid.pairs:
        mt_lo = min(pair.mt) if pair.mt else mt_done + 1
        ref_lo = min(pair.ref) if pair.ref else ref_done + 1
        gap(mt_lo if pair.mt else mt_done + 1, ref_lo if pair.ref else ref_done + 1)
        left: list[ParaView] = []
        if pair.mt:
            hi = max(pair.mt)
            left = [by_mt[i] for i in range(mt_lo, hi + 1) if i in by_mt and (i in pair.mt or i not in paired_mt)]
            mt_done = max(mt_done, hi)
        right: list[RefView] = []
        if pair.ref:
            hi = max(pair.ref)
            right = [refs[j] for j in range(ref_lo, hi + 1) if j in refs and (j in pair.ref or j not in paired_ref)]
            ref_done = max(ref_done, hi)
        if len(left) == 1 and len(right) == 1 and "heading" in (left[0].kind, right[0].kind):
            left, right = _same_heading_kind(left[0], right[0])
        kind = "pair" if pair.mt and pair.ref else ("omission" if pair.ref else "addition")
        view = _pair_view(pair, _threshold(fid))
        view = replace(view, mt_ease=_mean(v.reading_ease for v in left if v.index in pair.mt),
                       ref_ease=_mean(r.reading_ease for r in right if r.index in pair.ref))  # fmt: skip
        rows.append(Row(kind, left, right, view))
    gap(max(by_mt, default=0) + 1, max(refs, default=0) + 1)
    return rows


def _same_heading_kind(mt: ParaView, ref: RefView) -> tuple[list[ParaView], list[RefView]]:
    """A headline aligned with a headline is shown as one on both sides (the MT's often ends with
    a full stop, so the text alone calls it body)."""
    if mt.kind == "body" and ref.kind == "heading" and "\n" not in ref.text:
        mt = replace(mt, kind="heading", furniture=True)
    elif ref.kind == "body" and mt.kind == "heading":
        ref = replace(ref, kind="heading", furniture=True)
    return [mt], [ref]


def _mean(values: Iterable[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


def _chart(views: list[ParaView], prefix: str, has_fidelity: bool, threshold: float) -> Chart:
    """Bars along the article: a slot per paragraph, fidelity above, reading ease below."""
    width = 960.0
    slot = width / max(len(views), 1)
    bar = min(slot * 0.7, 22.0)
    fid_top, fid_base = 12.0, 72.0
    re_top, re_base = (88.0, 148.0) if has_fidelity else (12.0, 72.0)
    bars = []
    for k, v in enumerate(views):
        fid_h = fid_y = re_y = None
        re_h = 0.0
        if v.fidelity is not None:
            fid_h = max(1.5, (fid_base - fid_top) * min(max(v.fidelity, 0.0), 100.0) / 100)
            fid_y = fid_base - fid_h
        if v.reading_ease is not None:
            re_h = max(1.5, (re_base - re_top) * min(max(v.reading_ease, 0.0), 100.0) / 100)
            re_y = re_base - re_h
        parts = [f"¶ {v.index} ({v.kind}, {v.line_word} {v.line})"]
        if v.fidelity is not None:
            parts.append(f"fidelity {v.fidelity:.0f}")
        if v.reading_ease is not None:
            parts.append(f"reading ease {v.reading_ease:.0f}")
        if v.findings:
            parts.append(f"{len(v.findings)} finding{'s' if len(v.findings) != 1 else ''}")
        if v.failing:
            parts.append("failing: " + ", ".join(v.reasons))
        bars.append(
            Bar(
                index=v.index,
                href=f"#{prefix}p-{v.index}",
                x=round(k * slot, 2),
                label=" · ".join(parts),
                fid_y=round(fid_y, 2) if fid_y is not None else None,
                fid_h=round(fid_h or 0.0, 2),
                fid_low=v.fidelity is not None and v.fidelity < threshold,
                re_y=round(re_y, 2) if re_y is not None else None,
                re_h=round(re_h, 2),
                furniture=v.furniture,
                failing=v.failing,
            )
        )
    threshold_y = fid_base - (fid_base - fid_top) * threshold / 100
    return Chart(width, re_base + 2, round(slot, 3), round(bar, 2), fid_top, fid_base, re_top, re_base,
                 round(threshold_y, 2), bars, has_fidelity, threshold)  # fmt: skip


def _rule_counts(findings: Iterable[Finding]) -> list[RuleCount]:
    from tqcheck.rules import BY_CODE

    counts: dict[tuple[str, str], list[Finding]] = {}
    for f in findings:
        counts.setdefault((f.code, f.rule), []).append(f)
    out = []
    for (code, rule), fs in counts.items():
        sev = max(f.severity for f in fs)
        known = BY_CODE.get(code)
        doc = known.summary if known else ""
        out.append(RuleCount(code, rule, sev.label, _SEVERITY_WORD[sev], len(fs), doc, code_parts(doc)))
    return sorted(out, key=lambda r: (-int(Severity.parse(r.severity)), r.code))


TODO_LEVELS = (Severity.ERROR, Severity.WARNING)


def _todo(views: list[ParaView], orphans: list[FindingView]) -> list[TodoGroup]:
    """Errors then warnings, grouped by rule (most findings first), in reading order within a rule."""
    from tqcheck.rules import BY_CODE

    found = [f for v in views for f in v.findings] + orphans
    groups: dict[tuple[str, str, str], list[FindingView]] = {}
    for f in found:
        if f.severity in (s.label for s in TODO_LEVELS):
            groups.setdefault((f.severity, f.code, f.rule), []).append(f)
    rank = {s.label: n for n, s in enumerate(TODO_LEVELS)}
    out = []
    for (severity, code, rule), items in sorted(groups.items(), key=lambda kv: (rank[kv[0][0]], -len(kv[1]), kv[0][1])):
        known = BY_CODE.get(code)
        summary = known.summary if known else ""
        shown = tuple(items[:TODO_MAX])
        out.append(
            TodoGroup(code, rule, severity, items[0].severity_word, code_parts(summary), shown, len(items) - len(shown))
        )
    return out


def _main_problem(rules: list[RuleCount]) -> str:
    """The most severe rule with the most findings, e.g. `ART001 source-marker ×3`."""
    if not rules:
        return ""
    top = min(rules, key=lambda r: (-int(Severity.parse(r.severity)), -r.count, r.code))
    return f"{top.code} {top.rule}" + (f" ×{top.count}" if top.count > 1 else "")


def worst_first(articles: list[ArticleView]) -> list[ArticleView]:
    """A batch in the order an editor should open it: failing, then most errors, then lowest
    fidelity, then most warnings."""
    return sorted(articles, key=lambda a: a.worst_key)


def _verdict(findings: Sequence[Finding], gate: Severity | None) -> tuple[bool, str, str]:
    if gate is None:
        return False, "Not gated", "no gate was set (--fail-on never): the findings below are for review"
    over = sum(1 for f in findings if f.severity >= gate)
    if over:
        return True, "Fail", f"{over} finding{'s' if over != 1 else ''} at or above the gate level “{gate.label}”"
    return False, "Pass", f"no finding at or above the gate level “{gate.label}”"


def article_view(fr: FileReport, gate: Severity | None, number: int = 1, prefix: str = "") -> ArticleView:
    """Everything the page shows about one checked article."""
    doc = fr.document
    fid = fr.fidelity
    views, orphans = _paragraph_views(fr, prefix)
    refs = _ref_views(fid, prefix) if fid is not None else {}
    failed, verdict, detail = _verdict(fr.findings, gate)
    counts = {s.label: fr.count(s) for s in sorted(Severity, reverse=True)}
    prose = [p for p in doc.paragraphs if not p.kind.is_furniture and p.readability is not None]
    ease = sum(p.readability.reading_ease for p in prose if p.readability) / len(prose) if prose else None
    corpus = None
    if fid is not None and fid.corpus is not None:
        c = fid.corpus
        corpus = {"chrF": c.chrf, "chrF++": c.chrf_pp, "BLEU": c.bleu, "TER": c.ter}
    rules = _rule_counts(fr.findings)
    fid_value = fid.fidelity if fid is not None and fid.fidelity is not None else 101.0
    return ArticleView(
        todo=_todo(views, orphans),
        main_problem=_main_problem(rules),
        worst_key=(0 if failed else 1, -counts["error"], fid_value, -counts["warning"]),
        number=number,
        prefix=prefix,
        path=doc.path,
        language=_language(doc.language),
        encoding=doc.encoding,
        failed=failed,
        gate=gate.label if gate is not None else "never",
        verdict=verdict,
        verdict_detail=detail,
        counts=counts,
        total=len(fr.findings),
        rules=rules,
        reference_label=_KIND_LABEL.get(fid.kind, fid.kind) if fid is not None else None,
        reference_noun="source" if fid is not None and fid.kind != "reference" else "reference",
        reference_path=fid.reference.path if fid is not None else None,
        reference_language=_language(fid.reference.language) if fid is not None else None,
        fidelity_kind=fid.kind if fid is not None else None,
        fidelity=fid.fidelity if fid is not None else None,
        corpus=corpus,
        model=_model_label(fid) if fid is not None else None,
        unavailable=(fid.unavailable or _why_no_scores(fid)) if fid is not None else None,
        reading_ease=round(ease, 1) if ease is not None else None,
        reading_band=_reading_band(ease),
        paragraphs=len(doc.paragraphs),
        words=sum(p.readability.words for p in doc.paragraphs if p.readability),
        failing=sum(1 for v in views if v.failing),
        chart=_chart(views, prefix, fid is not None and fid.fidelity is not None, _threshold(fid)),
        rows=_rows(views, fid, refs),
        two_columns=fid is not None,
        orphans=orphans,
    )


def _why_no_scores(fid: Fidelity) -> str | None:
    if fid.fidelity is not None:
        return None
    if fid.kind == "source":
        return "the source was aligned across languages without a translation model, so there are no scores"
    return "no paragraph could be scored"


# ----------------------------------------------------------------------------------------------
# Rendering


@functools.lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(_TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["num"] = _num
    env.filters["code_parts"] = code_parts
    return env


def _num(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "—"
    return f"{value:.{digits}f}".replace("-", "−")


@functools.lru_cache(maxsize=1)
def _assets() -> tuple[str, str, str]:
    """The inline stylesheet, script, and the script's CSP hash (so no other script can run)."""
    css = (_TEMPLATES / "report.css").read_text(encoding="utf-8")
    js = (_TEMPLATES / "report.js").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(js.encode("utf-8")).digest()).decode("ascii")
    return css, js, f"sha256-{digest}"


def _page(template: str, **context: Any) -> str:
    from markupsafe import Markup

    css, js, script_hash = _assets()
    # Our own static assets, read from the package: the only content marked safe.
    context.update(css=Markup(css), js=Markup(js), script_hash=script_hash, version=__version__)
    return _environment().get_template(template).render(**context)


def _errors(options: RenderOptions | None) -> list[tuple[str, str]]:
    return list(options.errors) if options else []


def render_html(report: Report, options: RenderOptions | None = None) -> str:
    """The whole report as one self-contained HTML page (several articles: one after another)."""
    many = len(report.files) > 1
    articles = [article_view(fr, report.fail_on, n, f"a{n}-" if many else "") for n, fr in enumerate(report.files, 1)]
    return _page("report.html.j2", articles=articles, overview=_overview(report, articles), errors=_errors(options),
                 index_href=None, filters=_rule_counts(report.findings), ranked=worst_first(articles))  # fmt: skip


def _overview(report: Report, articles: list[ArticleView]) -> dict[str, Any]:
    failed, verdict, detail = _verdict(report.findings, report.fail_on)
    failing = sum(1 for a in articles if a.failed)
    if len(articles) > 1 and report.fail_on is not None:
        detail = f"{failing} of {len(articles)} articles fail at the gate level “{report.fail_on.label}”"
    counts = {s.label: sum(a.counts[s.label] for a in articles) for s in sorted(Severity, reverse=True)}
    return {
        "failed": failed,
        "verdict": verdict,
        "detail": detail,
        "counts": counts,
        "total": sum(counts.values()),
        "articles": len(articles),
        "failed_articles": failing,
        "gate": report.fail_on.label if report.fail_on is not None else "never",
    }


def page_names(report: Report) -> list[str]:
    """A file name per article: `x.en.txt` → `x.html` (unique in the folder; `index` is taken)."""
    taken = {"index"}
    names = []
    for fr in report.files:
        path = fr.document.path
        full = (
            re.sub(r"\.(txt|md|markdown|html?|docx)$", "", Path(path).name, flags=re.IGNORECASE)
            if path != "<stdin>"
            else ""
        )
        short = re.sub(r"\.[a-z]{2}$", "", full, flags=re.IGNORECASE)
        candidates = [_safe_name(short), _safe_name(full)]
        name = next((c for c in candidates if c.lower() not in taken), None)
        k = 2
        while name is None:
            c = f"{candidates[0]}-{k}"
            name = c if c.lower() not in taken else None
            k += 1
        taken.add(name.lower())
        names.append(f"{name}.html")
    return names


def _safe_name(name: str) -> str:
    cleaned = re.sub(r"[^\w.-]+", "-", name, flags=re.ASCII).strip(".-")
    return cleaned or "stdin"


def write_html_reports(
    report: Report, folder: str | os.PathLike[str], options: RenderOptions | None = None
) -> list[Path]:
    """A page per article in ``folder`` plus ``index.html`` linking them; returns the paths written."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    names = page_names(report)
    # An HTML article checked into its own folder must never be overwritten by its report page.
    inputs = {str(Path(fr.document.path).resolve()) for fr in report.files if fr.document.path != "<stdin>"}
    if str((out / "index.html").resolve()) in inputs:
        import errno

        raise OSError(errno.EEXIST, "index.html there is an input article; write the report to another folder")
    taken = {n.lower() for n in names}
    for i, name in enumerate(names):
        if str((out / name).resolve()) in inputs or name.lower() == "index.html":
            stem, k = name.removesuffix(".html") + ".report", 1
            while f"{stem}.html".lower() in taken or str((out / f"{stem}.html").resolve()) in inputs:
                k += 1
                stem = name.removesuffix(".html") + f".report-{k}"
            names[i] = f"{stem}.html"
            taken.add(names[i].lower())
    written: list[Path] = []
    articles: list[ArticleView] = []
    for n, (fr, name) in enumerate(zip(report.files, names, strict=True), 1):
        view = article_view(fr, report.fail_on, n)
        view.page = name
        single = Report((fr,), report.fail_on)
        html = _page("report.html.j2", articles=[view], overview=_overview(single, [view]), errors=[],
                     index_href="index.html", filters=view.rules, ranked=[view])  # fmt: skip
        target = out / name
        target.write_text(html, encoding="utf-8")
        written.append(target)
        articles.append(view)
    index = _page("index.html.j2", articles=worst_first(articles), overview=_overview(report, articles),
                  errors=_errors(options))  # fmt: skip
    (out / "index.html").write_text(index, encoding="utf-8")
    written.append(out / "index.html")
    return written


def _model_label(fid: Fidelity) -> str | None:
    """The back-translation model, with the backend and quantisation that ran it."""
    if fid.model is None:
        return None
    engine = " ".join(part for part in (fid.backend, fid.quantization) if part)
    return f"{fid.model} ({engine})" if engine else fid.model
