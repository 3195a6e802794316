"""SARIF 2.1.0 output, for code-scanning UIs (GitHub code scanning, VS Code's SARIF viewer).

One run; ``tool.driver.rules`` describes the rules that have results, in rule-table order (as
ruff does: the log documents what it reports, and a rule added to the table does not change the
log of a run it has no part in), each result points at its file with a 1-based region whose
``endColumn`` is exclusive, exactly as tqcheck counts. Columns count Unicode code points, which
the run says with ``columnKind`` (SARIF's default would be UTF-16 code units).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import Any
from urllib.parse import quote

from tqcheck import __version__
from tqcheck.model import Document, Finding, Report, Severity
from tqcheck.render import RenderOptions
from tqcheck.rules import RULES
from tqcheck.rules.base import Rule

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead")
FINGERPRINT_KEY = "tqcheckFindingHash/v1"


def artifact_uri(path: str) -> str:
    """The path as given, as a URI reference: `/` separators, anything unsafe percent-encoded."""
    return quote(path.replace("\\", "/"), safe="/")


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    """A rule's code, name, summary, default level and its docstring as help."""
    markdown = "\n\n".join(f"**{title}**\n\n{rule.section(title)}" for title in SECTIONS if rule.section(title))
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": " ".join(rule.section("What it does").split())},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "help": {"text": rule.doc, "markdown": markdown},
    }


def region(document: Document, start: int, end: int) -> dict[str, int]:
    line, column = document.position(start)
    end_line, end_column = document.position(end)
    return {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column}


def fingerprint(finding: Finding, document: Document) -> str:
    """Code, flagged text and the text of its first line, so the result survives lines moving.

    The same finding text on identical lines (three `RT` markers) is told apart by a 1-based
    ordinal appended after a colon, as GitHub does for its own line hashes.
    """
    text = document.text
    line_start = text.rfind("\n", 0, finding.start) + 1
    line_end = text.find("\n", finding.start)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    key = "\0".join((finding.code, text[finding.start : finding.end], " ".join(line.split())))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def result(finding: Finding, document: Document, rule_index: int, digest: str, ordinal: int) -> dict[str, Any]:
    uri = artifact_uri(document.path)
    out: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": uri},
                    "region": {
                        "startLine": finding.line,
                        "startColumn": finding.column,
                        "endLine": finding.end_line,
                        "endColumn": finding.end_column,
                    },
                }
            }
        ],
        "partialFingerprints": {FINGERPRINT_KEY: f"{digest}:{ordinal}"},
    }
    if finding.fix is not None:
        fix = finding.fix
        replacement: dict[str, Any] = {"deletedRegion": region(document, fix.start, fix.end)}
        if fix.replacement:  # no insertedContent means a pure deletion
            replacement["insertedContent"] = {"text": fix.replacement}
        out["fixes"] = [
            {
                "description": {"text": fix.description or "apply the suggested replacement"},
                "artifactChanges": [{"artifactLocation": {"uri": uri}, "replacements": [replacement]}],
                "properties": {"safe": fix.safe},
            }
        ]
    return out


def _descriptors(report: Report) -> list[dict[str, Any]]:
    fired = {f.code: f.rule for f in report.findings}
    known = [rule_descriptor(r) for r in RULES if r.code in fired]
    table = {r.code for r in RULES}
    return known + [{"id": code, "name": fired[code]} for code in sorted(fired) if code not in table]


def sarif_dict(report: Report, errors: list[tuple[str, str]] | None = None) -> dict[str, Any]:
    rules = _descriptors(report)
    index = {descriptor["id"]: i for i, descriptor in enumerate(rules)}
    results: list[dict[str, Any]] = []
    for fr in report.files:
        seen: Counter[str] = Counter()
        for f in fr.findings:
            digest = fingerprint(f, fr.document)
            seen[digest] += 1
            results.append(result(f, fr.document, index[f.code], digest, seen[digest]))
    notifications = [
        {
            "level": "error",
            "message": {"text": message},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(path)}}}],
        }
        for path, message in (errors or [])
    ]
    invocation: dict[str, Any] = {"executionSuccessful": not notifications}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "tqcheck",
                        "version": __version__,
                        "rules": rules,
                    }
                },
                "invocations": [invocation],
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def render_sarif(report: Report, options: RenderOptions | None = None) -> str:
    """The report as a SARIF 2.1.0 log (stable key order, byte-identical across runs)."""
    errors = list(options.errors) if options else []
    return json.dumps(sarif_dict(report, errors), ensure_ascii=False, indent=2) + "\n"
