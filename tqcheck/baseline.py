"""Baselines: accept today's findings so that a CI gate fails only on new ones.

A finding is recorded by file, rule code and a hash of the text it flags (white space folded),
never by line number, so edits elsewhere in the article do not invalidate it. Counts make it a
multiset: three `RT` markers recorded, a fourth is new.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from tqcheck.errors import ConfigError
from tqcheck.model import FileReport, Finding

SCHEMA_VERSION = 1


def fingerprint(fr: FileReport, f: Finding) -> str:
    """Rule code + hash of the flagged text (the whole line when the span is empty)."""
    text = fr.document.text
    flagged = text[f.start : f.end]
    if not flagged.strip():
        line_start = text.rfind("\n", 0, f.start) + 1
        line_end = text.find("\n", f.start)
        flagged = text[line_start : line_end if line_end >= 0 else len(text)]
    digest = hashlib.sha256(" ".join(flagged.split()).encode("utf-8")).hexdigest()[:16]
    return f"{f.code}:{digest}"


def _key_path(path: str, base: Path) -> str:
    try:
        return Path(os.path.relpath(Path(path).resolve(), base.resolve())).as_posix()
    except ValueError:  # another drive on Windows
        return Path(path).as_posix()


def write_baseline(path: str, reports: Iterable[FileReport]) -> int:
    """Record every finding of ``reports``; returns how many. Written atomically."""
    base = Path(path).resolve().parent
    entries: dict[str, dict[str, int]] = {}
    total = 0
    for fr in reports:
        counts = Counter(fingerprint(fr, f) for f in fr.findings)
        if counts:
            entries[_key_path(fr.document.path, base)] = dict(sorted(counts.items()))
            total += sum(counts.values())
    data = {"schema_version": SCHEMA_VERSION, "tool": "tqcheck", "findings": dict(sorted(entries.items()))}
    fd, tmp = tempfile.mkstemp(dir=base, prefix=".tqcheck-baseline-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=2, ensure_ascii=False)
            fh.write("\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return total


@dataclass(frozen=True)
class Baseline:
    """Accepted findings, by file."""

    base: Path
    entries: dict[str, dict[str, int]]

    def apply(self, fr: FileReport) -> FileReport:
        """The report without the findings the baseline accepts."""
        pool = Counter(self.entries.get(_key_path(fr.document.path, self.base), {}))
        kept = []
        for f in fr.findings:
            key = fingerprint(fr, f)
            if pool[key] > 0:
                pool[key] -= 1
            else:
                kept.append(f)
        return replace(fr, findings=tuple(kept))


def load_baseline(path: str) -> Baseline:
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such baseline file") from None
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{path}: not a tqcheck baseline: {exc}") from None
    findings = data.get("findings") if isinstance(data, dict) else None
    if not isinstance(findings, dict) or data.get("schema_version") != SCHEMA_VERSION:
        raise ConfigError(f"{path}: not a tqcheck baseline (schema_version {SCHEMA_VERSION} with `findings`)")
    for file, counts in findings.items():
        if not isinstance(counts, dict) or not all(
            isinstance(k, str) and isinstance(n, int) and not isinstance(n, bool) and n >= 0 for k, n in counts.items()
        ):
            raise ConfigError(f"{path}: not a tqcheck baseline: findings.{file} must map fingerprints to counts")
    return Baseline(Path(path).resolve().parent, findings)
