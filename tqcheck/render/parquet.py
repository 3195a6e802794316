"""Parquet output: a dataset of two tables for archive audits, queried with DuckDB, pandas or Spark.

``--format parquet -o DIR/`` writes::

    DIR/findings/part-000000.parquet  one row per finding (path, code, rule, severity, line, …, fix)
    DIR/articles/part-000000.parquet  one row per article (path, language, counts, fidelity, verdict, error)

One file per partition (a chunk of consecutive articles), written by the worker that checked it
(a process of ``-j`` or a Dask worker: they must see ``DIR``, e.g. a shared disk). Files are
written under ``DIR/.tqcheck-partial-<run>/`` and moved into place only when the run completes,
so an interrupted run never leaves a dataset that looks complete. ``position`` is the article's
place in the input order: ``ORDER BY position, line, column`` gives the order of the other formats.

pyarrow is imported only by this module, and only when Parquet is written.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tqcheck.batch import Failed
from tqcheck.model import FileReport, Severity
from tqcheck.render import RenderOptions

if TYPE_CHECKING:
    import pyarrow as pa

    from tqcheck.model import Report

TABLES = ("findings", "articles")
PARTIAL_PREFIX = ".tqcheck-partial-"
PARQUET_EXTRA_HINT = "pip install 'tqcheck[dask]'"


def finding_rows(fr: FileReport, position: int) -> list[dict[str, Any]]:
    """One dict per finding, with the columns of the ``findings`` table."""
    from tqcheck.render.json import finding_dict

    rows = []
    for f in fr.findings:
        d = finding_dict(f, fr.document)
        rows.append({"position": position, **d})
    return rows


def article_row(result: FileReport | Failed, position: int, fail_on: Severity | None) -> dict[str, Any]:
    """The ``articles`` row of a result: counts by severity, fidelity and the verdict."""
    if isinstance(result, Failed):
        return {
            "position": position, "path": result.path, "language": None, "encoding": None, "paragraphs": None,
            "findings": None, "errors": None, "warnings": None, "infos": None, "fidelity": None,
            "fidelity_kind": None, "verdict": "error", "error": result.message,
        }  # fmt: skip
    fid = result.fidelity
    failed = fail_on is not None and any(f.severity >= fail_on for f in result.findings)
    return {
        "position": position,
        "path": result.document.path,
        "language": result.document.language,
        "encoding": result.document.encoding,
        "paragraphs": len(result.document.paragraphs),
        "findings": len(result.findings),
        "errors": result.count(Severity.ERROR),
        "warnings": result.count(Severity.WARNING),
        "infos": result.count(Severity.INFO),
        "fidelity": fid.fidelity if fid is not None else None,
        "fidelity_kind": fid.kind if fid is not None else None,
        "verdict": "failed" if failed else "passed",
        "error": None,
    }


def schemas() -> dict[str, pa.Schema]:
    import pyarrow as pa

    span = [(name, pa.int32()) for name in ("line", "column", "end_line", "end_column")]
    fix = pa.struct([("description", pa.string()), ("replacement", pa.string()), ("safe", pa.bool_()), *span])
    findings = pa.schema(
        [
            ("position", pa.int64()),
            ("code", pa.string()),
            ("rule", pa.string()),
            ("severity", pa.string()),
            ("message", pa.string()),
            ("path", pa.string()),
            *span,
            ("paragraph", pa.int32()),
            ("fix", fix),
        ]
    )
    counts = [(name, pa.int32()) for name in ("paragraphs", "findings", "errors", "warnings", "infos")]
    articles = pa.schema(
        [
            ("position", pa.int64()),
            ("path", pa.string()),
            ("language", pa.string()),
            ("encoding", pa.string()),
            *counts,
            ("fidelity", pa.float64()),
            ("fidelity_kind", pa.string()),
            ("verdict", pa.string()),
            ("error", pa.string()),
        ]
    )
    return {"findings": findings, "articles": articles}


@dataclass(frozen=True)
class ParquetSink:
    """Writes a chunk's results as one partition of each table (run on the worker). Picklable:
    it is sent with every task."""

    partial: str  # DIR/.tqcheck-partial-<run>
    fail_on: Severity | None

    def write(self, index: int, start: int, results: Sequence[FileReport | Failed]) -> None:
        findings: list[dict[str, Any]] = []
        articles: list[dict[str, Any]] = []
        for offset, r in enumerate(results):
            if isinstance(r, FileReport):
                findings.extend(finding_rows(r, start + offset))
            articles.append(article_row(r, start + offset, self.fail_on))
        self.write_tables(index, {"findings": findings, "articles": articles})

    def write_tables(self, index: int, rows: dict[str, list[dict[str, Any]]]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        for name, schema in schemas().items():
            folder = Path(self.partial) / name
            folder.mkdir(parents=True, exist_ok=True)
            final = folder / f"part-{index:06d}.parquet"
            # A rerun of the task (its worker died) writes the same partition again: a unique temporary
            # name, then a rename, so two attempts never interleave in one file.
            tmp = folder / f".{final.name}.{uuid.uuid4().hex}.tmp"
            pq.write_table(pa.Table.from_pylist(rows[name], schema=schema), tmp)
            os.replace(tmp, final)


def start_dataset(output: str, fail_on: Severity | None) -> ParquetSink:
    """A sink writing into a fresh hidden folder under ``output`` (created if needed)."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        from tqcheck.errors import ConfigError

        raise ConfigError(f"--format parquet needs pyarrow: {PARQUET_EXTRA_HINT}") from None
    partial = Path(output) / f"{PARTIAL_PREFIX}{uuid.uuid4().hex[:12]}"
    partial.mkdir(parents=True)
    return ParquetSink(str(partial), fail_on)


def finish_dataset(sink: ParquetSink, output: str) -> None:
    """Move the run's tables into ``output`` (replacing those of an earlier run)."""
    partial = Path(sink.partial)
    for name in TABLES:
        (partial / name).mkdir(exist_ok=True)
        for stray in (partial / name).glob(".*.tmp"):  # a write that a killed worker left behind
            stray.unlink(missing_ok=True)
        final = Path(output) / name
        if final.exists():
            old = partial / f"old-{name}"
            os.replace(final, old)
        os.replace(partial / name, final)
    shutil.rmtree(partial, ignore_errors=True)


def abandon_dataset(sink: ParquetSink) -> None:
    shutil.rmtree(sink.partial, ignore_errors=True)


def write_report(report: Report, output: str) -> None:
    """A whole in-memory report as a dataset of one partition (library use)."""
    sink = start_dataset(output, report.fail_on)
    try:
        sink.write(0, 0, report.files)
        finish_dataset(sink, output)
    except BaseException:
        abandon_dataset(sink)
        raise


def render_parquet(report: Report, options: RenderOptions | None = None) -> str:
    """Parquet is a dataset of files, not a string: this writes ``options.extra["output"]`` and
    returns a one-line note of what it wrote."""
    output = (options.extra if options else {}).get("output")
    if not output:
        from tqcheck.errors import ConfigError

        raise ConfigError("--format parquet writes a dataset: give -o DIR/")
    write_report(report, output)
    findings = sum(len(fr.findings) for fr in report.files)
    return f"wrote {findings} findings of {len(report.files)} articles to {output}\n"
