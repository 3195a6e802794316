"""The command line: a thin layer over the library. Exit codes: 0 pass, 1 gate failed, 2 error."""

from __future__ import annotations

import glob
import os
import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click

from tqcheck import __version__

if TYPE_CHECKING:
    from tqcheck.model import FileReport
    from tqcheck.settings import Settings

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
SKIP_NAMES = {"readme.md", "changelog.md", "license.md", "readme.txt"}
LEVELS = ["error", "warning", "info"]


class InputProblem(click.ClickException):
    """An input, config or environment problem: one line on stderr, exit code 2."""

    exit_code = 2

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"tqcheck: error: {self.format_message()}", err=True)


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def expand_paths(args: tuple[str, ...]) -> list[str]:
    """Files to check, in a stable order: files as given, folders searched, globs expanded."""
    out: list[str] = []
    for arg in args:
        if arg == "-":
            out.append(arg)
            continue
        path = Path(arg)
        if path.is_dir():
            found = sorted(
                str(p)
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in TEXT_SUFFIXES
                and p.name.lower() not in SKIP_NAMES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                raise InputProblem(f"{arg}: no .txt or .md files in this folder")
            out.extend(found)
        elif path.exists() or not glob.has_magic(arg):
            out.append(arg)
        else:
            matched = sorted(m for m in glob.glob(arg, recursive=True) if Path(m).is_file())
            if not matched:
                raise InputProblem(f"{arg}: no files match")
            out.extend(matched)
    return out


def _settings(
    ctx_cfg: str | None,
    lang: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str | None,
    min_severity: str | None,
) -> Settings:
    from dataclasses import replace

    from tqcheck.config import load_settings
    from tqcheck.errors import TqcheckError
    from tqcheck.model import Severity
    from tqcheck.rules import unknown_selectors

    try:
        settings, _ = load_settings(Path(ctx_cfg) if ctx_cfg else None, Path.cwd())
    except TqcheckError as exc:
        raise InputProblem(str(exc)) from None
    sel, ign = _split(select), _split(ignore)
    bad = unknown_selectors(sel + ign)
    if bad:
        raise click.BadParameter(
            f"unknown rule code or name {bad[0]!r} (see `tqcheck rules`)", param_hint="--select/--ignore"
        )
    changes: dict[str, Any] = {}
    if lang:
        changes["lang"] = lang
    if sel:
        changes["select"] = sel
    if ign:
        changes["ignore"] = settings.ignore + ign
    if fail_on:
        changes["fail_on"] = None if fail_on == "never" else Severity.parse(fail_on)
    if min_severity:
        changes["min_severity"] = Severity.parse(min_severity)
    return replace(settings, **changes)


class _Group(click.Group):
    """Reports usage errors as one `tqcheck: error:` line with exit code 2, like every other error."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.pop("standalone_mode", None)
        try:
            return super().main(*args, standalone_mode=False, **kwargs)  # type: ignore[call-overload]  # click types standalone_mode=False as a separate overload only when passed literally with args
        except click.exceptions.NoArgsIsHelpError as exc:
            click.echo(exc.ctx.get_help() if exc.ctx is not None else "")
            sys.exit(0)
        except click.UsageError as exc:
            message = exc.format_message()
            hint = f" (see `{exc.ctx.command_path} --help`)" if exc.ctx is not None and "(see" not in message else ""
            click.echo(f"tqcheck: error: {message}{hint}", err=True)
            sys.exit(2)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.exceptions.Abort:
            click.echo("tqcheck: aborted", err=True)
            sys.exit(130)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tqcheck")
def main() -> None:
    """tqcheck: find machine-translation artefacts in news articles.

    Exit codes: 0 nothing at the gate level, 1 the gate failed, 2 usage, input or config error.
    """


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--lang", help="Target language of the article (en, ru). Default: detected.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Output format."
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
) -> None:
    """Check articles for MT artefacts. PATHS: files, folders, globs, or - for stdin."""
    from tqcheck.checker import check_bytes, check_file
    from tqcheck.errors import TqcheckError
    from tqcheck.model import Report

    settings = _settings(config, lang, select, ignore, fail_on, min_severity)
    files: list[FileReport] = []
    errors: list[tuple[str, str]] = []
    for path in expand_paths(paths):
        try:
            if path == "-":
                files.append(check_bytes(sys.stdin.buffer.read(), "<stdin>", settings))
            else:
                files.extend(check_file(path, settings=settings).files)
        except TqcheckError as exc:
            errors.append((path, str(exc)))
            click.echo(f"tqcheck: error: {exc}", err=True)
        except MemoryError:
            errors.append((path, "out of memory"))
            click.echo(f"tqcheck: error: {path}: out of memory", err=True)
    report = Report(tuple(files), settings.fail_on)
    _emit(report, errors, fmt, output, quiet)
    if errors:
        sys.exit(2)
    sys.exit(1 if report.failed else 0)


def _emit(report: object, errors: list[tuple[str, str]], fmt: str, output: str | None, quiet: bool) -> None:
    from tqcheck.model import Report

    assert isinstance(report, Report)
    if fmt == "json":
        from tqcheck.render.json import render_json

        rendered = render_json(report, errors)
    else:
        from tqcheck.render.text import render_text

        color = output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        rendered = render_text(report, color=color, quiet=quiet, errors=len(errors))
    if output:
        try:
            Path(output).parent.mkdir(parents=True, exist_ok=True)
            Path(output).write_text(rendered, encoding="utf-8")
        except OSError as exc:
            raise InputProblem(f"{output}: cannot write: {exc.strerror}") from None
    else:
        click.echo(rendered, nl=False)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True)
def rules(fmt: str) -> None:
    """List every rule: code, name, default severity, what it flags."""
    from tqcheck.rules import RULES

    if fmt == "markdown":
        click.echo("| code | name | severity | flags |\n|---|---|---|---|")
        for r in RULES:
            summary = r.summary.replace("|", "\\|")
            click.echo(f"| {r.code} | {r.name} | {r.severity.label} | {summary} |")
        return
    if fmt == "json":
        import json

        rows = [{"code": r.code, "rule": r.name, "severity": r.severity.label, "summary": r.summary} for r in RULES]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    width = max(len(r.name) for r in RULES)
    for r in RULES:
        click.echo(f"{r.code}  {r.name:<{width}}  {r.severity.label:<7}  {r.summary}")


@main.command()
@click.argument("rule")
def explain(rule: str) -> None:
    """Show the documentation of one rule, by code (ART001) or name (source-marker)."""
    from tqcheck.rules import lookup

    found = lookup(rule)
    if found is None:
        raise click.BadParameter(f"no rule {rule!r} (see `tqcheck rules`)", param_hint="RULE")
    click.echo(f"{found.code} {found.name} (default severity: {found.severity.label})\n")
    click.echo(found.doc)
