"""JSON output: the contract scripts rely on. Bump SCHEMA_VERSION on any incompatible change."""

from __future__ import annotations

import json
from typing import Any

from tqcheck import __version__
from tqcheck.model import Document, FileReport, Finding, Report
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
    }


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
