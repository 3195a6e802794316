"""JSON output: the contract scripts rely on. Bump SCHEMA_VERSION on any incompatible change."""

from __future__ import annotations

import json
from typing import Any

from tqcheck import __version__
from tqcheck.model import Document, Fidelity, FileReport, Finding, Report
from tqcheck.render import RenderOptions
from tqcheck.render.summary import summary

SCHEMA_VERSION = 1
_NEWLINES = {"\n": "lf", "\r\n": "crlf", "\r": "cr"}


def finding_dict(f: Finding, document: Document) -> dict[str, Any]:
    fix = None
    if f.fix is not None:
        line, column = document.position(f.fix.start)
        end_line, end_column = document.position(f.fix.end)
        fix = {
            "description": f.fix.description,
            "replacement": f.fix.replacement,
            "safe": f.fix.safe,
            "line": line,
            "column": column,
            "end_line": end_line,
            "end_column": end_column,
        }
    return {
        "code": f.code,
        "rule": f.rule,
        "severity": f.severity.label,
        "message": f.message,
        "path": document.path,
        "line": f.line,
        "column": f.column,
        "end_line": f.end_line,
        "end_column": f.end_column,
        "paragraph": f.paragraph,
        "fix": fix,
    }


def file_dict(fr: FileReport) -> dict[str, Any]:
    doc = fr.document
    return {
        "path": doc.path,
        "encoding": doc.encoding,
        "newline": _NEWLINES.get(doc.newline, "lf"),
        "language": doc.language,
        "paragraphs": [
            {
                "index": p.index,
                "line": p.line,
                "end_line": p.end_line,
                "kind": p.kind.value,
                "language": p.language,
                "readability": p.readability.as_dict() if p.readability else None,
            }
            for p in doc.paragraphs
        ],
        "findings": [finding_dict(f, doc) for f in fr.findings],
        "fidelity": fidelity_dict(fr.fidelity, doc) if fr.fidelity is not None else None,
    }


def fidelity_dict(fid: Fidelity, mt: Document) -> dict[str, Any]:
    """The comparison with the reference: document scores, then one entry per aligned pair."""
    ref = fid.reference

    def ease(doc: Document, indices: tuple[int, ...]) -> float | None:
        values = [doc.paragraphs[i - 1].readability for i in indices]
        known = [r.reading_ease for r in values if r is not None]
        return round(sum(known) / len(known), 1) if known else None

    return {
        "kind": fid.kind,
        "reference": ref.path,
        "reference_language": ref.language,
        "model": fid.model,
        "backend": fid.backend,
        "quantization": fid.quantization,
        "unavailable": fid.unavailable,
        "fidelity": fid.fidelity,
        "corpus": fid.corpus.as_dict() if fid.corpus else None,
        "signatures": fid.signatures,
        "furniture": {"mt": list(fid.mt_furniture), "reference": list(fid.ref_furniture)},
        "pairs": [
            {
                "mt": list(p.mt),
                "reference": list(p.ref),
                "mt_line": first_line(p.mt, mt),
                "reference_line": first_line(p.ref, ref),
                "similarity": p.similarity,
                "confidence": p.confidence,
                "scores": p.scores.as_dict() if p.scores else None,
                "fidelity": p.fidelity,
                "length_ratio": p.length_ratio,
                "reading_ease": {"mt": ease(mt, p.mt), "reference": ease(ref, p.ref)},
                "missing_figures": list(p.missing_figures),
                "extra_figures": [t for _, _, t in p.extra_figures],
                "missing_names": list(p.missing_names),
                "back_translation": (
                    "\n".join(fid.back_translation[j - 1] for j in p.ref) if fid.back_translation else None
                ),
            }
            for p in fid.pairs
        ],
    }


def first_line(indices: tuple[int, ...], doc: Document) -> int | None:
    if not indices:
        return None
    return doc.paragraphs[indices[0] - 1].line


def report_dict(report: Report, errors: list[tuple[str, str]] | None = None) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "tqcheck", "version": __version__},
        "files": [file_dict(fr) for fr in report.files],
        "errors": [{"path": p, "message": m} for p, m in (errors or [])],
        "summary": summary(report),
    }


def render_json(report: Report, options: RenderOptions | None = None) -> str:
    """The whole report as one JSON document (stable key order, byte-identical across runs)."""
    errors = list(options.errors) if options else []
    return json.dumps(report_dict(report, errors), ensure_ascii=False, indent=2) + "\n"
