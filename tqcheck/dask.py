"""tqcheck for people who already work in Dask: findings and articles as a bag or a dataframe.

    import tqcheck.dask
    findings = tqcheck.dask.findings_frame(["s3://archive/2019/"])      # lazy dask.dataframe
    findings.groupby("code").size().compute()
    articles = tqcheck.dask.articles_frame(["s3://archive/2019/"])

Paths are files, folders, globs or fsspec URLs, paired by name as ``tqcheck check`` pairs them
(``x.en.txt`` with ``x.ref.en.txt`` and ``x.ru.txt``); or pass :class:`~tqcheck.batch.Job`
objects. The columns are those of the Parquet output (:mod:`tqcheck.render.parquet`); an article
that cannot be read is a row of ``articles`` with ``verdict == "error"``. The computation runs on
whatever Dask scheduler is active (a ``distributed.Client`` you made, else Dask's default).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tqcheck.batch import Failed, Job, pair_by_name
from tqcheck.cli.common import expand_inputs
from tqcheck.render.parquet import article_row, finding_rows, schemas
from tqcheck.run import run_job
from tqcheck.settings import Settings

if TYPE_CHECKING:
    import dask.bag
    import dask.dataframe


def jobs_for(paths: Iterable[str | Path | Job], lang: str = "en") -> list[Job]:
    """Jobs for files, folders, globs and URLs (paired by name), or jobs given as they are."""
    given: list[Job] = []
    files: list[str] = []
    for p in paths:
        if isinstance(p, Job):
            given.append(p)
            continue
        files.extend(expand_inputs((str(p),)))  # as `tqcheck check` expands (README.md, hidden folders skipped)
    return given + pair_by_name(files, lang)


def _bag(paths: Iterable[str | Path | Job], settings: Settings | None, partition_size: int) -> dask.bag.Bag:
    import dask.bag as db

    jobs = list(enumerate(jobs_for(paths, (settings or Settings()).lang or "en")))
    return db.from_sequence(jobs, partition_size=partition_size)


def _rows(kind: str, pairs: Sequence[tuple[int, Job]], settings: Settings) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for position, job in pairs:
        result = run_job(job, settings)
        if kind == "articles":
            rows.append(article_row(result, position, settings.fail_on))
        elif not isinstance(result, Failed):
            rows.extend(finding_rows(result, position))
    return rows


def findings_bag(
    paths: Iterable[str | Path | Job], settings: Settings | None = None, *, partition_size: int = 64
) -> dask.bag.Bag:
    """A bag of finding dicts (the ``findings`` table's columns), computed lazily."""
    s = settings or Settings()
    return _bag(paths, s, partition_size).map_partitions(lambda part: _rows("findings", part, s))


def articles_bag(
    paths: Iterable[str | Path | Job], settings: Settings | None = None, *, partition_size: int = 64
) -> dask.bag.Bag:
    """A bag of article dicts (the ``articles`` table's columns), computed lazily."""
    s = settings or Settings()
    return _bag(paths, s, partition_size).map_partitions(lambda part: _rows("articles", part, s))


def _meta(table: str) -> Any:
    """An empty frame of the table's columns, with Arrow dtypes (nullable ints, the fix struct)."""
    import pandas as pd

    return schemas()[table].empty_table().to_pandas(types_mapper=pd.ArrowDtype)


def findings_frame(
    paths: Iterable[str | Path | Job], settings: Settings | None = None, *, partition_size: int = 64
) -> dask.dataframe.DataFrame:
    """A dask.dataframe of findings: one row per finding, ``position`` = the article's input order."""
    return findings_bag(paths, settings, partition_size=partition_size).to_dataframe(meta=_meta("findings"))


def articles_frame(
    paths: Iterable[str | Path | Job], settings: Settings | None = None, *, partition_size: int = 64
) -> dask.dataframe.DataFrame:
    """A dask.dataframe of articles: counts by severity, fidelity, verdict, error message."""
    return articles_bag(paths, settings, partition_size=partition_size).to_dataframe(meta=_meta("articles"))
