"""What the commands share: input expansion, settings from config and flags, output, errors."""

from __future__ import annotations

import contextlib
import glob
import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TextIO

import click

if TYPE_CHECKING:
    from tqcheck.batch import Job
    from tqcheck.model import Report
    from tqcheck.settings import Settings

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".docx")
SKIP_NAMES = {"readme.md", "changelog.md", "license.md", "readme.txt"}
LEVELS = ["error", "warning", "info"]


class InputProblem(click.ClickException):
    """An input, config or environment problem: one line on stderr, exit code 2."""

    exit_code = 2

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"tqcheck: error: {self.format_message()}", err=True)


def split_values(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def expand_paths(args: tuple[str, ...]) -> list[str]:
    """Files to check, in a stable order: files as given, folders searched, globs expanded."""
    out: list[str] = []
    for arg in args:
        if not arg.strip():
            raise InputProblem("an empty path was given (an unset variable?)")
        if arg == "-":
            out.append(arg)
            continue
        path = Path(arg)
        if path.is_dir():
            found = list(walk_folder(path))
            if not found:
                raise InputProblem(f"{arg}: no .txt, .md, .html or .docx files in this folder")
            out.extend(found)
        elif path.exists() or not glob.has_magic(arg):
            out.append(arg)
        else:
            matched = sorted(m for m in glob.glob(arg, recursive=True) if Path(m).is_file())
            if not matched:
                raise InputProblem(f"{arg}: no files match")
            out.extend(matched)
    return out


def expand_inputs(args: Sequence[str]) -> list[str]:
    """:func:`expand_paths`, with fsspec URLs (``s3://bucket/prefix/``) listed as well."""
    from tqcheck.run import expand_url, is_url

    return [
        p for arg in args for p in (expand_url(arg, TEXT_SUFFIXES, SKIP_NAMES) if is_url(arg) else expand_paths((arg,)))
    ]


def walk_folder(folder: Path) -> Iterator[str]:
    """The article files under ``folder``, lazily, in the order of ``sorted()`` over their full paths.

    One folder is listed (and sorted) at a time: memory grows with the widest folder, not with the
    tree. A sub-folder ``b`` sorts as ``b/``, so ``a.txt`` < ``a/b.txt`` < ``a0.txt`` as in a global
    sort. Links inside the folder are not followed (`fix --write DIR` must not rewrite files outside
    it; a link named on the command line is still taken); hidden files and folders are skipped.
    """
    for name, is_dir in _entries(folder):
        path = folder / name
        if is_dir:
            yield from walk_folder(path)
        elif _is_article(path):
            yield str(path)


def _entries(folder: Path) -> list[tuple[str, bool]]:
    """(name, is a folder) of the visible files and real folders in ``folder``, in full-path order."""
    try:
        with os.scandir(folder) as it:
            found = [
                (e.name, e.is_dir(follow_symlinks=False))
                for e in it
                if not e.name.startswith(".") and (e.is_dir(follow_symlinks=False) or e.is_file(follow_symlinks=False))
            ]
    except OSError:  # an unreadable folder is skipped, as rglob does
        return []
    return sorted(found, key=lambda e: e[0] + "/" if e[1] else e[0])


def folder_jobs(folders: Sequence[str], target: str) -> Iterator[Job]:
    """The jobs of :func:`pair_by_name` over ``expand_paths(folders)``, in the same order, made one
    folder at a time (pairing only groups files of one folder): memory stays flat in the number of
    articles. ``folders`` must be folders none of which holds another."""
    for folder in folders:
        yield from _folder_jobs(Path(folder), target)


def _folder_jobs(folder: Path, target: str) -> Iterator[Job]:
    from tqcheck.batch import pair_by_name

    entries = _entries(folder)
    names = {str(folder / name): name for name, is_dir in entries if not is_dir and _is_article(folder / name)}
    # This folder's jobs sit at their article's place among its sub-folders (sorted as `name/`).
    here: list[tuple[str, Job | None]] = [(names[j.article], j) for j in pair_by_name(list(names), target)]
    here += [(name + "/", None) for name, is_dir in entries if is_dir]
    for key, job in sorted(here, key=lambda item: item[0]):
        if job is not None:
            yield job
        else:
            yield from _folder_jobs(folder / key[:-1], target)


def lazy_folders(args: Sequence[str]) -> list[str] | None:
    """``args`` when they are all local folders, none inside another (so that their jobs can be
    made lazily by :func:`folder_jobs`), else None. A folder without articles is an error, as in
    :func:`expand_paths`."""
    if not args or not all(a.strip() and a != "-" and "://" not in a and Path(a).is_dir() for a in args):
        return None
    real = [Path(a).resolve() for a in args]
    if len(set(real)) < len(real) or any(a in b.parents for a in real for b in real):
        return None
    for arg in args:
        if next(walk_folder(Path(arg)), None) is None:
            raise InputProblem(f"{arg}: no .txt, .md, .html or .docx files in this folder")
    return list(args)


def _is_article(path: Path) -> bool:
    """A file a folder walk takes: a text, Markdown, HTML or Word file, not a README nor our report."""
    return path.suffix.lower() in TEXT_SUFFIXES and path.name.lower() not in SKIP_NAMES and not _is_our_report(path)


def _is_our_report(path: Path) -> bool:
    """An HTML report tqcheck wrote (a folder re-checked after `-o FOLDER/`): not an article."""
    if path.suffix.lower() not in (".html", ".htm"):
        return False
    try:
        with path.open("rb") as fh:
            head = fh.read(2048)
    except OSError:
        return False
    return b'<meta name="generator" content="tqcheck' in head


def build_settings(
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
    sel, ign = split_values(select), split_values(ignore)
    bad = unknown_selectors(sel + ign)
    if bad:
        raise click.BadParameter(
            f"unknown rule code or name {bad[0]!r} (see `tqcheck rules`)", param_hint="--select/--ignore"
        )
    changes: dict[str, Any] = {}
    if lang:
        changes["lang"] = lang
    if lang or settings.lang:
        from tqcheck.lang.profiles import PROFILES, is_supported

        chosen = lang or settings.lang or ""
        if not is_supported(chosen):  # once here, not once per article
            raise InputProblem(f"lang: no profile for {chosen!r} (have: {', '.join(sorted(PROFILES))})")
    if sel:
        changes["select"] = sel
    if ign:
        changes["ignore"] = settings.ignore + ign
    if fail_on:
        changes["fail_on"] = None if fail_on == "never" else Severity.parse(fail_on)
    if min_severity:
        changes["min_severity"] = Severity.parse(min_severity)
    ctx = click.get_current_context(silent=True)
    if ctx is not None and ctx.meta.get("tqcheck.input_format"):
        changes["input_format"] = ctx.meta["tqcheck.input_format"]
    return replace(settings, **changes)


def emit(report: Report, errors: list[tuple[str, str]], fmt: str, output: str | None, quiet: bool) -> None:
    """Render the report in ``fmt`` and write it to ``output`` or standard output."""
    from tqcheck.render import RenderOptions, renderer

    if fmt == "html" and output and (output.endswith(("/", os.sep)) or Path(output).is_dir()):
        # A folder: a page per article and an index.html linking them.
        from tqcheck.render.html import write_html_reports

        try:
            write_html_reports(report, output, RenderOptions(errors=tuple(errors)))
        except OSError as exc:
            raise InputProblem(f"{output}: cannot write: {exc.strerror}") from None
        return
    color = fmt == "text" and output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    rendered = renderer(fmt)(report, RenderOptions(errors=tuple(errors), color=color, quiet=quiet))
    if output:
        try:
            Path(output).parent.mkdir(parents=True, exist_ok=True)
            Path(output).write_text(rendered, encoding="utf-8")
        except OSError as exc:
            raise InputProblem(f"{output}: cannot write: {exc.strerror}") from None
    else:
        click.echo(rendered, nl=False)


def open_output(output: str | None) -> TextIO:
    """Where a streamed report goes: standard output, or a temporary file beside ``output`` that
    :func:`close_output` renames into place (a failed run never leaves half a report)."""
    if output is None:
        return sys.stdout
    try:
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=Path(output).parent, prefix=".tqcheck-", suffix=".part")
        os.close(fd)
        return open(tmp, "w", encoding="utf-8")  # closed and renamed by close_output
    except OSError as exc:
        raise InputProblem(f"{output}: cannot write: {exc.strerror}") from None


def close_output(stream: TextIO, output: str | None) -> None:
    if output is None:
        stream.flush()
        return
    stream.close()
    try:
        os.replace(stream.name, output)
    except OSError as exc:
        Path(stream.name).unlink(missing_ok=True)
        raise InputProblem(f"{output}: cannot write: {exc.strerror}") from None


@contextlib.contextmanager
def progress_bar(total: int) -> Iterator[Callable[[], None]]:
    """A rich progress bar on stderr for batches, only when stderr is a terminal."""
    if total < 2 or not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn("checking"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  transient=True) as progress:  # fmt: skip
        task = progress.add_task("check", total=total)
        yield lambda: progress.advance(task)


def rule_options(what: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """`--lang`, `--select`, `--ignore` and `--config`, the same for every command that runs rules."""

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        for option in reversed(
            [
                click.option("--lang", help="Target language of the article (en, ru). Default: detected."),
                click.option("--select", multiple=True, help=f"Only these rules{what}: codes, code prefixes or names (comma-separated)."),
                click.option("--ignore", multiple=True, help=f"Skip these rules{what}: codes, code prefixes or names (comma-separated)."),
                click.option("--config", "config", type=click.Path(dir_okay=False),
                             help="Config file (default: nearest tqcheck.toml or pyproject.toml)."),
            ]
        ):  # fmt: skip
            command = option(command)
        return command

    return decorate


def looks_like_path(value: str) -> bool:
    """A `--model` value meant as a folder, not a Hugging Face id (`org/name` or `name`)."""
    return (
        value.startswith(("./", "../", "/", "~", ".\\", "..\\"))
        or value in (".", "..")
        or "\\" in value
        or value.count("/") > 1
        or value.endswith(("/", os.sep))
        or (os.sep != "/" and os.sep in value)
    )


def model_path_option(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """`--model ./typo`: a folder that does not exist is a usage error (exit 2), not a warning."""
    if value is not None and looks_like_path(value) and not Path(value).expanduser().exists():
        raise InputProblem(
            f"--model {value}: no such folder; pass the folder of a downloaded MarianMT model "
            "(e.g. `hf download Helsinki-NLP/opus-mt-ru-en --local-dir models/opus-mt-ru-en`, "
            "then --model models/opus-mt-ru-en) or a Hugging Face model id"
        )
    return value


def report_verdict(
    tally: Any, errors: Sequence[tuple[str, str]], output: str | None, write_baseline: str | None
) -> None:
    """With `-o FILE` the report goes to the file; the verdict and counts still go to stderr."""
    if output is None or write_baseline:
        return
    from tqcheck.render.text import verdict_line

    click.echo(f"{verdict_line(tally, errors)} (report: {output})", err=True)


def report_suppressed(baseline: str | None, suppressed: int) -> None:
    """How many findings a baseline run left out, so a clean run is not mistaken for a clean article."""
    if baseline:
        noun = "finding" if suppressed == 1 else "findings"
        click.echo(f"tqcheck: baseline {baseline} suppressed {suppressed} known {noun}", err=True)


def _remember_input_format(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value:
        ctx.meta["tqcheck.input_format"] = value


def input_format_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """`--input-format auto|text|markdown|html|docx`: read by build_settings, not a parameter."""
    return click.option(
        "--input-format",
        type=click.Choice(["auto", "text", "markdown", "html", "docx"]),
        expose_value=False,
        is_eager=True,
        callback=_remember_input_format,
        help="Format of the inputs (articles, --reference, --source). [default: auto: by file name, then content]",
    )(command)
