"""Counts shared by every output format."""

from __future__ import annotations

from collections import Counter
from typing import Any

from tqcheck.model import Report, Severity


def summary(report: Report) -> dict[str, Any]:
    findings = report.findings
    by_rule = Counter(f"{f.code} {f.rule}" for f in findings)
    return {
        "files": len(report.files),
        "findings": len(findings),
        "by_severity": {s.label: sum(1 for f in findings if f.severity == s) for s in sorted(Severity, reverse=True)},
        "by_rule": {k: by_rule[k] for k in sorted(by_rule)},
        "fail_on": report.fail_on.label if report.fail_on else "never",
        "passed": not report.failed,
    }
