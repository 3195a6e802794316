"""`tqcheck check`: run the rules over articles and gate on the result."""

from __future__ import annotations

import contextlib
import itertools
import os
import sys
from collections.abc import Callable, Generator, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import click

from tqcheck.cli.common import (
    LEVELS,
    InputProblem,
    build_settings,
    close_output,
    emit,
    expand_inputs,
    folder_jobs,
    input_format_option,
    lazy_folders,
    model_path_option,
    open_output,
    progress_bar,
    report_suppressed,
    report_verdict,
    rule_options,
)
from tqcheck.cli.model import backend_options
from tqcheck.render import FORMATS

if TYPE_CHECKING:
    from tqcheck.batch import Failed, Job, LazyJobs
    from tqcheck.executors import Engine
    from tqcheck.model import FileReport
    from tqcheck.render.parquet import ParquetSink
    from tqcheck.settings import Settings


@click.command()
@click.argument("paths", nargs=-1)
@rule_options("")
@input_format_option
@click.option(
    "--format", "fmt", type=click.Choice(list(FORMATS)), default="text", show_default=True, help="Output format."
)
@click.option("-o", "--output", type=click.Path(writable=True), help="Write the report to FILE (html: or a FOLDER/).")
@click.option(
    "--fail-on",
    type=click.Choice([*LEVELS, "never"]),
    help="Gate: exit 1 on findings at or above this level. [default: error]",
)
@click.option(
    "--min-severity", type=click.Choice(LEVELS), help="Only report findings at or above this level. [default: info]"
)
@click.option("-q", "--quiet", is_flag=True, help="Print only the summary line.")
@click.option(
    "--reference",
    type=click.Path(dir_okay=False),
    help="Reference in the article's language (e.g. a back-translation of the original).",
)
@click.option(
    "--source", type=click.Path(dir_okay=False), help="The original the article was translated from (e.g. Russian)."
)
@click.option(
    "--model",
    callback=model_path_option,
    help="Model for back-translating --source: a folder (MarianMT or CTranslate2) or a Hugging Face id.",
)
@click.option(
    "--allow-download", is_flag=True, help="Let the model be downloaded (default: offline, local files only)."
)
@click.option("--no-cache", is_flag=True, help="Do not read or write the back-translation cache.")
@backend_options
@click.option("--manifest", type=click.Path(dir_okay=False), help="CSV with columns article,reference,source.")
@click.option(
    "-j", "--jobs", "jobs_option", type=click.IntRange(min=1), help="Parallel processes [default: the cores]."
)
@click.option(
    "--baseline", type=click.Path(dir_okay=False), help="Report and gate only on findings not in this baseline."
)
@click.option("--write-baseline", type=click.Path(dir_okay=False), help="Record the current findings as the baseline.")
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="Run on local processes (-j) or on a Dask cluster (pip install 'tqcheck[dask]').",
)
@click.option("--dask-address", help="Dask scheduler (tcp://host:8786) [default: a LocalCluster, a worker per core].")
def check(
    paths: tuple[str, ...],
    lang: str | None,
    fmt: str,
    output: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str | None,
    min_severity: str | None,
    config: str | None,
    quiet: bool,
    reference: str | None,
    source: str | None,
    model: str | None,
    allow_download: bool,
    no_cache: bool,
    manifest: str | None,
    jobs_option: int | None,
    baseline: str | None,
    write_baseline: str | None,
    engine: str,
    dask_address: str | None,
    backend: str | None = None,
    device: str | None = None,
) -> None:
    """Check articles for MT artefacts. PATHS: files, folders, globs, or - for stdin.

    In a folder, `x.en.txt` is checked against `x.ref.en.txt` (reference) and `x.ru.txt` (source)
    when they are there; `--manifest` pairs files explicitly. PATHS may be fsspec URLs
    (s3://bucket/prefix/, file://...).
    """
    # Imported here, not at the top: `tqcheck --help` must stay light (no rich, no checker).
    from tqcheck.baseline import load_baseline
    from tqcheck.batch import Failed, Job, LazyJobs, default_workers, pair_by_name, read_manifest
    from tqcheck.checker import check_bytes
    from tqcheck.errors import TqcheckError
    from tqcheck.lang.profiles import language_code
    from tqcheck.model import Report
    from tqcheck.render.jsonl import file_lines, tail_line
    from tqcheck.render.summary import Tally
    from tqcheck.render.text import file_block, summary_block

    settings = build_settings(config, lang, select, ignore, fail_on, min_severity)
    settings = replace(
        settings,
        model=model or settings.model,
        allow_download=allow_download or settings.allow_download,
        cache=settings.cache and not no_cache,
        backend=backend or settings.backend,
        device=device or settings.device,
    )
    try:
        accepted = load_baseline(baseline) if baseline else None
        target = language_code(settings.lang or "en")
        folders = None if manifest or reference or source else lazy_folders(paths)
        jobs: list[Job] | LazyJobs
        if manifest:
            jobs = read_manifest(manifest)
        elif folders:  # made one folder at a time, twice (a count, then the run): no list of the archive
            jobs = LazyJobs(lambda: folder_jobs(folders, target))
        else:
            inputs = expand_inputs(paths)
            if not inputs:
                raise InputProblem("no articles: give PATHS or --manifest")
            if "-" in inputs and len(inputs) > 1:
                raise InputProblem("`-` (standard input) cannot be combined with other paths")
            if reference or source:
                if len(inputs) != 1:
                    raise InputProblem("--reference/--source go with exactly one article")
                if inputs[0] == "-":
                    raise InputProblem("--reference/--source need the article as a file, not standard input")
                jobs = [Job(inputs[0], reference, source)]
            else:
                jobs = pair_by_name(inputs, target)
    except TqcheckError as exc:
        raise InputProblem(str(exc)) from None
    if output is not None:
        written = Path(output).resolve()
        clash = [
            j.article
            for j in jobs
            for f in (j.article, j.reference, j.source)
            if f and f != "-" and Path(f).resolve() == written
        ]
        if clash:
            raise InputProblem(f"{output}: is also an input; the report would overwrite the article")
    if baseline and write_baseline and Path(baseline).resolve() == Path(write_baseline).resolve():
        raise InputProblem("--baseline and --write-baseline name the same file")
    if dask_address and engine != "dask":
        raise InputProblem("--dask-address goes with --engine dask")
    if fmt == "parquet":
        if not output:
            raise InputProblem("--format parquet writes a dataset: give -o DIR/")
        if Path(output).exists() and not Path(output).is_dir():
            raise InputProblem(f"{output}: --format parquet writes a folder, and this is a file")
        if any(j.article == "-" for j in jobs):
            raise InputProblem("--format parquet reads files, not standard input")
        if baseline or write_baseline:
            raise InputProblem("--baseline/--write-baseline do not go with --format parquet")
    # A pool costs ~0.5 s to start: worth it only for a real batch unless asked for.
    workers = jobs_option or settings.jobs or (default_workers() if len(jobs) >= 8 else 1)
    streaming = fmt in ("text", "jsonl")
    color = fmt == "text" and output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    out = open_output(output) if streaming else None
    tally = Tally(settings.fail_on)
    kept: list[FileReport] = []
    recorded: list[FileReport] = []
    errors: list[tuple[str, str]] = []
    stdin_jobs = [] if isinstance(jobs, LazyJobs) else [j for j in jobs if j.article == "-"]
    file_jobs = jobs if isinstance(jobs, LazyJobs) else [j for j in jobs if j.article != "-"]
    results: list[FileReport | Failed] = []
    suppressed = 0
    for _ in stdin_jobs:
        try:
            results.append(check_bytes(sys.stdin.buffer.read(), "<stdin>", settings))
        except TqcheckError as exc:
            results.append(Failed("-", str(exc)))
    sink = _parquet_sink(output, settings) if fmt == "parquet" else None
    with (
        _removed_on_error(out, output),
        progress_bar(len(file_jobs)) as advance,
        contextlib.closing(
            _checked(file_jobs, settings, (engine, dask_address, workers, jobs_option or settings.jobs), sink, advance)
        ) as checked,
    ):
        # A chain, not a list: each result is reported (and dropped) as soon as it arrives.
        for result in itertools.chain(results, checked):
            if isinstance(result, Failed):
                errors.append((result.path, result.message))
                click.echo(f"tqcheck: error: {result.message}", err=True)
                continue
            if write_baseline:
                recorded.append(result)  # a new baseline records everything, whatever the old one accepted
            fr = accepted.apply(result) if accepted else result
            suppressed += len(result.findings) - len(fr.findings)
            if fr.fidelity is not None and fr.fidelity.unavailable:
                click.echo(f"tqcheck: warning: {fr.document.path}: fidelity scores unavailable: "
                           f"{fr.fidelity.unavailable}", err=True)  # fmt: skip
            tally.add(fr)
            if not streaming and sink is None:
                kept.append(fr)
            if out is not None and fmt == "text" and not quiet and not write_baseline:
                out.write(file_block(fr, color))
            elif out is not None and fmt == "jsonl":
                out.write(file_lines(fr))
    if write_baseline:
        from tqcheck.baseline import write_baseline as write

        count = write(write_baseline, recorded)
        click.echo(f"tqcheck: wrote {count} finding{'s' if count != 1 else ''} of {len(recorded)} "
                   f"file{'s' if len(recorded) != 1 else ''} to {write_baseline}", err=True)  # fmt: skip
    if sink is not None:
        from tqcheck.render.parquet import abandon_dataset, finish_dataset

        try:
            finish_dataset(sink, output or "")
        except OSError as exc:
            abandon_dataset(sink)
            raise InputProblem(f"{output}: cannot write: {exc.strerror}") from None
        click.echo(f"tqcheck: wrote {sum(tally.by_severity.values())} findings of {tally.files + len(errors)} "
                   f"articles to {output}", err=True)  # fmt: skip
    elif out is not None:
        if not (write_baseline and fmt == "text"):  # a new baseline is not a verdict
            out.write(summary_block(tally, errors, color) if fmt == "text" else tail_line(tally, errors))
        close_output(out, output)
    else:
        emit(Report(tuple(kept), settings.fail_on), errors, fmt, output, quiet)
    report_suppressed(baseline, suppressed)
    report_verdict(tally, errors, output, write_baseline)
    if errors:
        sys.exit(2)
    sys.exit(0 if write_baseline or tally.failed_files == 0 else 1)


@contextlib.contextmanager
def _removed_on_error(out: TextIO | None, output: str | None) -> Iterator[None]:
    """An interrupted or failed run removes its temporary report (close_output renames it only at the end)."""
    try:
        yield
    except BaseException:
        if out is not None and output is not None:
            out.close()
            Path(out.name).unlink(missing_ok=True)
        raise


def _parquet_sink(output: str | None, settings: Settings) -> ParquetSink:
    from tqcheck.errors import TqcheckError
    from tqcheck.render.parquet import start_dataset

    try:
        return start_dataset(output or "", settings.fail_on)
    except OSError as exc:
        raise InputProblem(f"{output}: cannot write: {exc.strerror}") from None
    except TqcheckError as exc:
        raise InputProblem(str(exc)) from None


def _checked(
    jobs: list[Job] | LazyJobs,
    settings: Settings,
    engine: tuple[str, str | None, int, int | None],
    sink: ParquetSink | None,
    advance: Callable[[], None],
) -> Generator[FileReport | Failed]:
    """The results of ``jobs`` in order, on the engine asked for (started here and stopped when the
    run ends, is interrupted or fails; an unfinished Parquet dataset is then removed)."""
    from tqcheck.run import chunk_size_for, partition_size, run_jobs

    try:
        with _engine(*engine, len(jobs)) as eng:
            yield from run_jobs(
                jobs,
                settings,
                eng.executor,
                chunk_size=(partition_size if sink else chunk_size_for)(len(jobs), eng.slots),
                window=4 * eng.slots,
                sink=sink,
                on_done=lambda n: _repeat(advance, n),  # the bar counts completed tasks, whatever their order
            )
    except BaseException:
        if sink is not None:
            from tqcheck.render.parquet import abandon_dataset

            abandon_dataset(sink)
        raise


@contextlib.contextmanager
def _engine(engine: str, address: str | None, workers: int, asked: int | None, jobs: int) -> Iterator[Engine]:
    """The executor a run goes to; one-line errors when it cannot start."""
    from tqcheck.errors import TqcheckError
    from tqcheck.executors import dask_engine, local_engine

    if engine == "dask":
        try:
            with dask_engine(address, asked) as eng:
                yield eng
        except TqcheckError as exc:
            raise InputProblem(str(exc)) from None
        return
    with local_engine(max(1, min(workers, jobs))) as eng:
        yield eng


def _repeat(step: Callable[[], None], times: int) -> None:
    for _ in range(times):
        step()
