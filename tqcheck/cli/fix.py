"""`tqcheck fix`: apply the rules' fixes, as a diff (default), in place, or to another file.

Exit codes: 0 when every input was handled (whether or not there was something to fix), 2 on a
usage, input, config or write error. Files are rewritten atomically: the new bytes go to a
temporary file in the same folder, which is flushed, fsynced and then renamed over the original,
so an interrupted run leaves either the old file or the new one, never a truncated one.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tqcheck.cli.common import InputProblem, build_settings, expand_paths, input_format_option, rule_options

if TYPE_CHECKING:
    from tqcheck.fixer import FixResult
    from tqcheck.inputs.fixing import MarkupFixResult
    from tqcheck.settings import Settings


@click.command()
@click.argument("paths", nargs=-1, required=True)
@rule_options("' fixes")
@input_format_option
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff of the fixes; change nothing (default).")
@click.option("--write", is_flag=True, help="Rewrite the files in place (atomically; encoding and line ends kept).")
@click.option("--backup", is_flag=True, help="With --write: save the original as PATH.orig first.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="Write the fixed text of the one input to FILE (- for standard output).",
)
@click.option("--unsafe-fixes", is_flag=True, help="Also apply fixes that may change meaning.")
def fix(
    paths: tuple[str, ...],
    show_diff: bool,
    write: bool,
    backup: bool,
    output: str | None,
    unsafe_fixes: bool,
    lang: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    config: str | None,
) -> None:
    """Apply the rules' fixes: a diff by default, --write to rewrite. PATHS: files, folders, globs, -.

    Applies safe fixes (and with --unsafe-fixes the others too), re-checking until nothing more
    applies. Without --write or -o it only prints the diff. Exit 0 unless there was an error (2).
    """
    if show_diff and (write or output):
        raise click.UsageError("--diff cannot be combined with --write or -o")
    if write and output:
        raise click.UsageError("--write and -o are exclusive: -o writes the fixed text elsewhere")
    if backup and not write:
        raise click.UsageError("--backup needs --write")
    files = expand_paths(paths)
    if output and len(files) != 1:
        raise click.UsageError(f"-o takes exactly one input file, got {len(files)}")
    if write and "-" in files:
        raise click.UsageError("--write cannot rewrite standard input; use -o FILE or -o -")
    settings = build_settings(config, lang, select, ignore, None, None)

    applied = changed = left = more_unsafe = 0
    failed = False
    for path in files:
        try:
            result = _fix_one(path, settings, unsafe_fixes, write=write, backup=backup, output=output)
        except InputProblem as exc:
            exc.show()
            failed = True
            continue
        applied += len(result.applied)
        changed += result.changed
        left += len(result.remaining.findings)
        more_unsafe += 0 if unsafe_fixes else _unsafe_available(result)
    _summary(applied, changed, left, more_unsafe, dry_run=not (write or output))
    if failed:
        sys.exit(InputProblem.exit_code)


def _fix_one(
    path: str, settings: Settings, unsafe: bool, *, write: bool, backup: bool, output: str | None
) -> FixResult | MarkupFixResult:
    """Fix one input and deliver the result; any problem becomes an :class:`InputProblem`."""
    if path != "-":
        markup = _fix_markup(path, settings, unsafe)
        if markup is not None:
            _deliver(
                path,
                markup.data,
                markup.before,
                markup.after,
                markup.changed,
                write=write,
                backup=backup,
                output=output,
            )
            return markup
    from tqcheck.checker import build_document
    from tqcheck.errors import TqcheckError
    from tqcheck.fixer import encode_text, fix_document
    from tqcheck.reading import decode

    name = "<stdin>" if path == "-" else path
    try:
        data = sys.stdin.buffer.read() if path == "-" else _read_bytes(Path(path), settings)
        document = build_document(decode(data, name), name, settings)
        result = fix_document(document, settings, unsafe)
    except TqcheckError as exc:
        raise InputProblem(str(exc)) from None
    except MemoryError:
        raise InputProblem(f"{name}: out of memory") from None
    if not result.converged:
        click.echo(f"tqcheck: warning: {name}: fixes still apply after {result.passes} passes", err=True)
    new = data
    if result.changed:
        try:
            new = encode_text(result.text, document.encoding, document.newline, data)
        except UnicodeEncodeError as exc:
            raise InputProblem(f"{name}: cannot encode the fixed text as {document.encoding}: {exc.reason}") from None
    _deliver(name, new, document.text, result.text, result.changed, write=write, backup=backup, output=output)
    return result


def _fix_markup(path: str, settings: Settings, unsafe: bool) -> MarkupFixResult | None:
    """Fix an HTML or Word file (None: the file is text, fixed by the text path)."""
    from tqcheck.errors import TqcheckError
    from tqcheck.inputs import detect_format
    from tqcheck.inputs.fixing import fix_docx, fix_html

    try:
        data = _read_bytes(Path(path), settings)
        fmt = detect_format(path, data, settings.input_format)
        if fmt == "sniff":
            from tqcheck.inputs.html import looks_like_html
            from tqcheck.reading import decode

            fmt = "html" if looks_like_html(decode(data, path).text) else "text"
        if fmt not in ("html", "docx"):
            return None
        result = (fix_html if fmt == "html" else fix_docx)(data, path, settings, unsafe)
    except TqcheckError as exc:
        raise InputProblem(str(exc)) from None
    if not result.converged:
        click.echo(f"tqcheck: warning: {path}: fixes still apply after {result.passes} passes", err=True)
    for f in result.skipped:
        click.echo(
            f"tqcheck: note: {path}:{f.line}:{f.column}: {f.code} fix not applied (it crosses markup or "
            f"formatting; edit it by hand): {f.fix.description if f.fix else f.message}",
            err=True,
        )
    return result


def _deliver(
    path: str, data: bytes, before: str, after: str, changed: bool, *, write: bool, backup: bool, output: str | None
) -> None:
    """Write the new bytes of a file (or show the diff): text, HTML and Word alike."""
    from tqcheck.fixer import unified_diff

    if output == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    elif output:
        _write(Path(output), data, mode_from=None)
    elif write:
        if changed:
            unchanged = f"; {path} is unchanged"
            if backup:
                if Path(f"{path}.orig").exists():
                    raise InputProblem(
                        f"{path}.orig exists already; move it away first (it may hold the true original)"
                    )
                _write(Path(f"{path}.orig"), Path(path).read_bytes(), mode_from=Path(path), note=unchanged)
            _write(Path(path), data, mode_from=Path(path), note=unchanged)
    else:
        click.echo(unified_diff(before, after, path), nl=False)


def _read_bytes(path: Path, settings: Settings) -> bytes:
    """The file's bytes; a missing, unreadable, oversized file or a folder raises InputError."""
    from tqcheck.reading import read_bytes

    return read_bytes(path, int(settings.max_file_size_mb * 1_000_000))


def _write(target: Path, data: bytes, mode_from: Path | None, note: str = "") -> None:
    """Write ``data`` to ``target`` atomically, keeping the mode of ``mode_from`` (if it exists)."""
    try:
        _atomic_write(target, data, mode_from)
    except OSError as exc:
        raise InputProblem(f"{target}: cannot write: {exc.strerror or exc}{note}") from None


def _atomic_write(target: Path, data: bytes, mode_from: Path | None) -> None:
    """Temp file in the same folder, fsync, rename over the target; the temp file never stays."""
    real = Path(os.path.realpath(target))  # through a symlink: replace the file, not the link
    real.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = stat.S_IMODE(os.stat(mode_from or real).st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".tqcheck-tmp", dir=real.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, real)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable where the OS allows it
        dir_fd = os.open(real.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _unsafe_available(result: FixResult | MarkupFixResult) -> int:
    from tqcheck.fixer import is_applicable

    text = result.text
    return sum(
        1
        for f in result.remaining.findings
        if f.fix is not None and not f.fix.safe and is_applicable(f, text, True, result.original.encoding)
    )


def _summary(applied: int, changed: int, left: int, more_unsafe: int, dry_run: bool) -> None:
    def n(count: int, word: str, plural: str) -> str:
        return f"{count} {word if count == 1 else plural}"

    fixes, files, findings = n(applied, "fix", "fixes"), n(changed, "file", "files"), n(left, "finding", "findings")
    if dry_run:
        line = f"{fixes} to apply in {files}, {findings} left"
    else:
        line = f"{fixes} applied in {files}, {findings} left"
    if more_unsafe:
        line += f" ({more_unsafe} more with --unsafe-fixes)"
    if dry_run and applied:
        line += "; use --write to apply"
    click.echo(line + ".", err=True)
