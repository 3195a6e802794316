"""The pipeline: text -> Document -> findings -> Report. No files or terminals here except
:func:`check_file`, which reads its one path."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tqcheck.lang.detect import DEFAULT_CANDIDATES, detect_language, document_language
from tqcheck.lang.profiles import LanguageProfile, get_profile
from tqcheck.model import Document, Fidelity, FileReport, Finding, Paragraph, ParagraphKind, Report
from tqcheck.paragraphs import Block, classify, split_blocks
from tqcheck.readability import readability
from tqcheck.reading import DecodedText, from_string, line_starts
from tqcheck.rules import active_rules
from tqcheck.rules.base import Context, Hit, Rule
from tqcheck.settings import Settings

if TYPE_CHECKING:
    from tqcheck.backtranslate import Translator


def build_document(decoded: DecodedText, path: str, settings: Settings, lang: str | None = None) -> Document:
    """Split text into paragraphs, classify them, and detect languages and readability.

    ``lang`` fixes the document's language (default: ``settings.lang``, else detected).
    """
    text = decoded.text
    blocks = list(split_blocks(text))
    languages, doc_lang = detect_languages([b.text for b in blocks], settings, lang)
    profile = get_profile(doc_lang)
    kinds = classify(blocks, profile, settings.extra_agencies)
    paragraphs = tuple(
        make_paragraph(i, b, kind, language, profile)
        for i, (b, kind, language) in enumerate(zip(blocks, kinds, languages, strict=True), start=1)
    )
    return Document(path, text, decoded.encoding, decoded.newline, doc_lang, paragraphs, line_starts(text))


def detect_languages(texts: Sequence[str], settings: Settings, lang: str | None) -> tuple[list[str | None], str]:
    """Each paragraph's language and the document's: ``lang`` (else ``settings.lang``) when fixed,
    else the one detected over the most text."""
    candidates = settings.languages or DEFAULT_CANDIDATES
    languages = [detect_language(t, candidates) for t in texts]
    return languages, document_language(languages, [len(t) for t in texts], lang or settings.lang)


def make_paragraph(
    index: int, block: Block, kind: ParagraphKind, language: str | None, profile: LanguageProfile
) -> Paragraph:
    """A classified block as a Paragraph; body text and bullets get a readability score."""
    scored = kind in (ParagraphKind.BODY, ParagraphKind.BULLET)
    return Paragraph(
        index=index,
        start=block.start,
        end=block.end,
        line=block.line,
        end_line=block.end_line,
        text=block.text,
        kind=kind,
        language=language,
        readability=readability(block.text, profile) if scored else None,
    )


def check_document(document: Document, settings: Settings, fidelity: Fidelity | None = None) -> FileReport:
    """Run the selected rules over a document (and its comparison with a reference, if any)."""
    ctx = Context(document, get_profile(document.language), settings, fidelity)
    findings: list[Finding] = []
    ignored = _ignored_for(document.path, settings)
    for rule in active_rules(settings.select, settings.ignore + ignored):
        severity = settings.severity_overrides.get(rule.code, rule.severity)
        if severity < settings.min_severity:
            continue
        findings.extend(_locate(document, rule, severity, hit) for hit in rule.check(ctx))
    findings = _outside_mojibake(findings)
    findings.sort(key=lambda f: f.sort_key)
    return FileReport(document, tuple(findings), fidelity)


def _outside_mojibake(findings: list[Finding]) -> list[Finding]:
    """Drop findings of other rules that lie inside a span ENC001 reports as mojibake: the
    garbled letters are not a mixed-script word (UNT002) nor a foreign quotation mark (QUO004),
    and ENC001's repair fixes them."""
    garbled = [(f.start, f.end) for f in findings if f.code == "ENC001"]
    if not garbled:
        return findings
    return [f for f in findings if f.code == "ENC001" or not any(s <= f.start and f.end <= e for s, e in garbled)]


def _ignored_for(path: str, settings: Settings) -> tuple[str, ...]:
    """Rules switched off for this path by `per-file-ignores` (glob on the path or its name)."""
    from fnmatch import fnmatch
    from pathlib import PurePath

    name = PurePath(path).as_posix()
    return tuple(
        sel
        for pattern, selectors in settings.per_file_ignores
        if fnmatch(name, pattern) or fnmatch(PurePath(path).name, pattern) or PurePath(name).match(pattern)
        for sel in selectors
    )


def compare_with(
    mt: Document, settings: Settings, reference: Document | None = None, source: Document | None = None
) -> Fidelity | None:
    """Compare the MT with its reference; with only a source, back-translate it first.

    Without a usable model the comparison falls back to the source itself (alignment, figures and
    names still work; scores are marked unavailable with the reason).
    """
    fidelity = _compare_with(mt, settings, reference, source)
    return replace(fidelity, threshold=settings.min_fidelity) if fidelity is not None else None


def _compare_with(
    mt: Document, settings: Settings, reference: Document | None = None, source: Document | None = None
) -> Fidelity | None:
    from tqcheck.fidelity import compare

    if reference is not None:
        return compare(mt, reference, kind="reference", source=source)
    if source is None:
        return None
    if source.language == mt.language:
        return compare(mt, source, kind="reference", source=source)
    outcome = _back_translate(source, mt.language, settings)
    if isinstance(outcome, str):
        return compare(mt, source, kind="source", source=source, unavailable=outcome)
    texts, model, (backend, quantization) = outcome
    fidelity = compare(mt, source, kind="back-translation", source=source, back_translation=texts, model=model)
    return replace(fidelity, backend=backend, quantization=quantization)


def _back_translate(
    source: Document, target: str, settings: Settings
) -> tuple[list[str], str, tuple[str | None, str | None]] | str:
    """The back-translation of every source paragraph, the model id and (backend, quantisation),
    or why there is none."""
    try:
        from tqcheck.backtranslate import ModelUnavailable, describe, load_translator
    except ImportError:  # pragma: no cover - the package ships it; guards a partial install
        return "back-translation is not available in this installation"
    try:
        translator = shared(load_translator)(
            settings.model,
            source.language,
            target,
            allow_download=settings.allow_download,
            cache=settings.cache,
            backend=settings.backend,
            device=settings.device,
        )
        texts = translator.translate([p.text for p in source.paragraphs])
        return texts, translator.model_id, describe(translator)
    except ModelUnavailable as exc:
        return str(exc)


#: One lock per loaded model: a Dask worker may run tasks in threads, and a model must not be run
#: by two of them at once. Weak keys: a model that ``load_translator`` lets go takes its lock along.
_MODEL_LOCKS: weakref.WeakKeyDictionary[object, threading.Lock] = weakref.WeakKeyDictionary()
_MODEL_LOCKS_LOCK = threading.Lock()


class _Serialized:
    """A translator whose model is used by one thread at a time (the lock is the model's)."""

    def __init__(self, inner: Translator, lock: threading.Lock) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        self.backend = getattr(inner, "backend", None)  # what backtranslate.describe reports
        self.quantization = getattr(inner, "quantization", None)
        self.lock = lock

    def translate(self, texts: Sequence[str]) -> list[str]:
        with self.lock:
            return self.inner.translate(texts)


def shared(load: Callable[..., Translator]) -> Callable[..., Translator]:
    """``load`` with its model run by one thread at a time. ``load_translator`` already hands back
    the model it loaded before for the same model and settings in this process, so a batch
    worker (a `-j` process, a Dask worker) loads its model once and reuses it for every article;
    asking it each time (files are checked, nothing is loaded twice) keeps ``--backend auto``
    right when a conversion appears in the middle of a process's life."""

    def loaded(*args: Any, **kwargs: Any) -> Translator:
        translator = load(*args, **kwargs)
        model = getattr(translator, "inner", translator)  # the cache wraps the model's translator
        with _MODEL_LOCKS_LOCK:
            lock = _MODEL_LOCKS.setdefault(model, threading.Lock())
        return _Serialized(translator, lock)

    return loaded


def _locate(document: Document, rule: Rule, severity, hit: Hit) -> Finding:  # type: ignore[no-untyped-def]
    line, column = document.position(hit.start)
    end_line, end_column = document.end_position(hit.end)
    return Finding(
        rule.code,
        rule.name,
        severity,
        hit.message,
        hit.paragraph,
        hit.start,
        hit.end,
        line,
        column,
        end_line,
        end_column,
        hit.fix,
    )


def check_text(
    text: str,
    lang: str | None = None,
    settings: Settings | None = None,
    path: str = "<text>",
    reference: str | None = None,
    source: str | None = None,
) -> Report:
    """Check an article given as a string, optionally against a reference and/or its source."""
    settings = _with_lang(settings or Settings(), lang)
    document = build_document(from_string(text), path, settings)
    ref_doc = build_document(from_string(reference), "<reference>", settings, document.language) if reference else None
    src_doc = build_document(from_string(source), "<source>", replace(settings, lang=None)) if source else None
    fidelity = compare_with(document, settings, ref_doc, src_doc)
    return Report((check_document(document, settings, fidelity),), settings.fail_on)


def check_bytes(data: bytes, path: str, settings: Settings) -> FileReport:
    from tqcheck.inputs import build

    return check_document(build(data, path, settings), settings)


def check_file(
    path: str | Path,
    lang: str | None = None,
    settings: Settings | None = None,
    reference: str | Path | None = None,
    source: str | Path | None = None,
) -> Report:
    """Check one file (any supported encoding), optionally against a reference and/or source file."""
    settings = _with_lang(settings or Settings(), lang)
    from tqcheck.inputs import load_document  # text, Markdown, HTML or Word, by name or content

    document = load_document(path, settings)
    ref_doc = src_doc = None
    if reference is not None:
        ref_doc = load_document(reference, settings, document.language)
    if source is not None:
        src_doc = load_document(source, replace(settings, lang=None))
    fidelity = compare_with(document, settings, ref_doc, src_doc)
    return Report((check_document(document, settings, fidelity),), settings.fail_on)


def _with_lang(settings: Settings, lang: str | None) -> Settings:
    return settings if lang is None else replace(settings, lang=lang)
