"""`tqcheck check`: run the rules over articles and gate on the result."""

from __future__ import annotations

import sys
from dataclasses import replace
from typing import TYPE_CHECKING

import click

from tqcheck.cli.common import LEVELS, InputProblem, build_settings, emit, expand_paths
from tqcheck.render import FORMATS

if TYPE_CHECKING:
    from tqcheck.model import FileReport


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--lang", help="Target language of the article (en, ru). Default: detected.")
@click.option(
    "--format", "fmt", type=click.Choice(list(FORMATS)), default="text", show_default=True, help="Output format."
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write the report to FILE.")
@click.option("--select", multiple=True, help="Only these rules: codes, code prefixes or names (comma-separated).")
@click.option("--ignore", multiple=True, help="Skip these rules: codes, code prefixes or names (comma-separated).")
@click.option(
    "--fail-on",
    type=click.Choice([*LEVELS, "never"]),
    help="Gate: exit 1 on findings at or above this level. [default: error]",
)
@click.option(
    "--min-severity", type=click.Choice(LEVELS), help="Only report findings at or above this level. [default: info]"
)
@click.option(
    "--config",
    "config",
    type=click.Path(dir_okay=False),
    help="Config file (default: nearest tqcheck.toml or pyproject.toml).",
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
@click.option("--model", help="MarianMT model for back-translating --source: a local folder or a Hugging Face id.")
@click.option(
    "--allow-download", is_flag=True, help="Let the model be downloaded (default: offline, local files only)."
)
@click.option("--no-cache", is_flag=True, help="Do not read or write the back-translation cache.")
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
) -> None:
    """Check articles for MT artefacts. PATHS: files, folders, globs, or - for stdin."""
    from tqcheck.checker import check_bytes, check_file
    from tqcheck.errors import TqcheckError
    from tqcheck.model import Report

    settings = build_settings(config, lang, select, ignore, fail_on, min_severity)
    settings = replace(
        settings,
        model=model or settings.model,
        allow_download=allow_download or settings.allow_download,
        cache=settings.cache and not no_cache,
    )
    files: list[FileReport] = []
    errors: list[tuple[str, str]] = []
    inputs = expand_paths(paths)
    if (reference or source) and len(inputs) != 1:
        raise InputProblem("--reference/--source go with exactly one article")
    for path in inputs:
        try:
            if path == "-":
                files.append(check_bytes(sys.stdin.buffer.read(), "<stdin>", settings))
            else:
                files.extend(check_file(path, settings=settings, reference=reference, source=source).files)
            fid = files[-1].fidelity
            if fid is not None and fid.unavailable:
                click.echo(f"tqcheck: warning: fidelity scores unavailable: {fid.unavailable}", err=True)
        except TqcheckError as exc:
            errors.append((path, str(exc)))
            click.echo(f"tqcheck: error: {exc}", err=True)
        except MemoryError:
            errors.append((path, "out of memory"))
            click.echo(f"tqcheck: error: {path}: out of memory", err=True)
    report = Report(tuple(files), settings.fail_on)
    emit(report, errors, fmt, output, quiet)
    if errors:
        sys.exit(2)
    sys.exit(1 if report.failed else 0)
