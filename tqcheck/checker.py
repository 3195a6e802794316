"""The pipeline: text -> Document -> findings -> Report. No files or terminals here except
:func:`check_file`, which reads its one path."""

from __future__ import annotations

from pathlib import Path

from tqcheck.errors import ConfigError
from tqcheck.lang.detect import DEFAULT_CANDIDATES, detect_language
from tqcheck.lang.profiles import get_profile, is_supported
from tqcheck.model import Document, FileReport, Finding, Paragraph, ParagraphKind, Report
from tqcheck.paragraphs import classify, split_blocks
from tqcheck.readability import readability
from tqcheck.reading import DecodedText, decode, read_path
from tqcheck.rules import active_rules
from tqcheck.rules.base import Context, Hit, Rule
from tqcheck.settings import Settings


def build_document(decoded: DecodedText, path: str, settings: Settings) -> Document:
    """Split text into paragraphs, classify them, and detect languages and readability."""
    text = decoded.text
    blocks = list(split_blocks(text))
    candidates = settings.languages or DEFAULT_CANDIDATES
    languages = [detect_language(b.text, candidates) for b in blocks]
    if settings.lang:
        if not is_supported(settings.lang):
            raise ConfigError(f"lang: no profile for {settings.lang!r} (have: en, ru)")
        doc_lang = settings.lang.split("-")[0].lower()
    else:
        weight: dict[str, int] = {}
        for block, lang in zip(blocks, languages, strict=True):
            if lang and is_supported(lang):
                weight[lang] = weight.get(lang, 0) + len(block.text)
        doc_lang = max(sorted(weight), key=lambda k: weight[k]) if weight else "en"
    profile = get_profile(doc_lang)
    kinds = classify(blocks, profile)
    paragraphs = tuple(
        Paragraph(
            index=i,
            start=b.start,
            end=b.end,
            line=b.line,
            end_line=b.end_line,
            text=b.text,
            kind=kind,
            language=lang,
            readability=readability(b.text, profile) if kind in (ParagraphKind.BODY, ParagraphKind.BULLET) else None,
        )
        for i, (b, kind, lang) in enumerate(zip(blocks, kinds, languages, strict=True), start=1)
    )
    line_starts = [0]
    line_starts.extend(i + 1 for i, ch in enumerate(text) if ch == "\n")
    return Document(path, text, decoded.encoding, decoded.newline, doc_lang, paragraphs, tuple(line_starts))


def check_document(document: Document, settings: Settings) -> FileReport:
    """Run the selected rules over a document."""
    ctx = Context(document, get_profile(document.language), settings)
    findings: list[Finding] = []
    for rule in active_rules(settings.select, settings.ignore):
        severity = settings.severity_overrides.get(rule.code, rule.severity)
        if severity < settings.min_severity:
            continue
        findings.extend(_locate(document, rule, severity, hit) for hit in rule.check(ctx))
    findings.sort(key=lambda f: f.sort_key)
    return FileReport(document, tuple(findings))


def _locate(document: Document, rule: Rule, severity, hit: Hit) -> Finding:  # type: ignore[no-untyped-def]
    line, column = document.position(hit.start)
    end_line, end_column = document.position(hit.end)
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


def check_text(text: str, lang: str | None = None, settings: Settings | None = None, path: str = "<text>") -> Report:
    """Check an article given as a string."""
    settings = _with_lang(settings or Settings(), lang)
    decoded = DecodedText(text.replace("\r\n", "\n").replace("\r", "\n"), "utf-8", "\n")
    return Report((check_document(build_document(decoded, path, settings), settings),), settings.fail_on)


def check_bytes(data: bytes, path: str, settings: Settings) -> FileReport:
    return check_document(build_document(decode(data, path), path, settings), settings)


def check_file(path: str | Path, lang: str | None = None, settings: Settings | None = None) -> Report:
    """Check one file (any supported encoding)."""
    settings = _with_lang(settings or Settings(), lang)
    p = Path(path)
    decoded = read_path(p, int(settings.max_file_size_mb * 1_000_000))
    return Report((check_document(build_document(decoded, str(path), settings), settings),), settings.fail_on)


def _with_lang(settings: Settings, lang: str | None) -> Settings:
    if lang is None:
        return settings
    from dataclasses import replace

    return replace(settings, lang=lang)
