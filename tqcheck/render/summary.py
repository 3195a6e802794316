"""Counts shared by every output format, kept incrementally so batches can stream."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from tqcheck.model import FileReport, Report, Severity


@dataclass
class Tally:
    """Running counts over file reports (for a streamed batch, nothing else is kept)."""

    fail_on: Severity | None
    files: int = 0
    failed_files: int = 0
    by_severity: Counter[Severity] = field(default_factory=Counter)
    by_rule: Counter[str] = field(default_factory=Counter)

    def add(self, fr: FileReport) -> None:
        self.files += 1
        self.by_severity.update(f.severity for f in fr.findings)
        self.by_rule.update(f"{f.code} {f.rule}" for f in fr.findings)
        gate = self.fail_on
        if gate is not None and any(f.severity >= gate for f in fr.findings):
            self.failed_files += 1

    def summary(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "findings": sum(self.by_severity.values()),
            "by_severity": {s.label: self.by_severity[s] for s in sorted(Severity, reverse=True)},
            "by_rule": {k: self.by_rule[k] for k in sorted(self.by_rule)},
            "fail_on": self.fail_on.label if self.fail_on else "never",
            "passed": self.failed_files == 0,
            "articles": {"passed": self.files - self.failed_files, "failed": self.failed_files},
        }


def summary(report: Report) -> dict[str, Any]:
    tally = Tally(report.fail_on)
    for fr in report.files:
        tally.add(fr)
    return tally.summary()
