"""Terminal output: `path:line:col: severity CODE name message`, grouped by file, then a summary line.

The severity word is on every line (as compilers and ruff print it), so a CI log or a terminal
without colour keeps the difference between an error and a warning.

Built from two pieces, a block per file and the summary, so that a batch can print each file as
soon as it is checked.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich.console import Console
from rich.text import Text

from tqcheck.model import FileReport, Report, Severity
from tqcheck.render import RenderOptions
from tqcheck.render.summary import Tally

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
WIDTH = 200


def _console(buf: io.StringIO, color: bool) -> Console:
    return Console(file=buf, force_terminal=color, no_color=not color, width=WIDTH, highlight=False,
                   soft_wrap=True, emoji=False, markup=False)  # fmt: skip


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def file_block(fr: FileReport, color: bool = False) -> str:
    """The findings of one file, under its path; empty when it has none."""
    if not fr.findings:
        return ""
    buf = io.StringIO()
    console = _console(buf, color)
    header = Text(fr.document.path, style="bold underline")
    if fr.document.encoding not in ("utf-8", "ascii"):
        header.append(f" (read as {fr.document.encoding})", style="dim")
    if fr.fidelity is not None and fr.fidelity.fidelity is not None:
        header.append(f"  fidelity {fr.fidelity.fidelity:.0f}", style="dim")
    console.print(header)
    for f in fr.findings:
        line = Text()
        line.append(f"{fr.document.path}:{f.line}:{f.column}:", style="bold")
        line.append(" ")
        line.append(f"{f.severity.label} {f.code}", style=_STYLE[f.severity])
        line.append(f" {f.rule} ", style="dim")
        line.append(f.message.replace("\n", " "))  # one finding, one line: a quote may span lines
        console.print(line)
    console.print()
    return buf.getvalue()


def summary_block(tally: Tally, errors: Sequence[tuple[str, str]] = (), color: bool = False) -> str:
    """The verdict line (and, for several files, articles passed/failed and the top rules)."""
    buf = io.StringIO()
    console = _console(buf, color)
    s = tally.summary()
    sev = s["by_severity"]
    if tally.files > 1:
        top = sorted(tally.by_rule.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
        arts = s["articles"]
        console.print(Text(f"articles: {arts['passed']} passed, {arts['failed']} failed"
                           + (f"; top rules: {', '.join(f'{k} ({n})' for k, n in top)}" if top else "")))  # fmt: skip
    if errors:
        verdict = Text("ERROR", style="bold red")
    elif tally.fail_on is None:
        verdict = Text("NOT GATED", style="bold")
    else:
        verdict = Text("PASS" if s["passed"] else "FAIL", style="bold green" if s["passed"] else "bold red")
    line = Text()
    line.append(verdict)
    line.append(
        f" {_plural(s['findings'], 'finding')} ({_plural(sev['error'], 'error')}, {_plural(sev['warning'], 'warning')}, "
        f"{sev['info']} info) in {_plural(s['files'], 'file')}; gate: fail on {s['fail_on']}"
        + (f"; {_plural(len(errors), 'input')} could not be checked" if errors else "")
    )
    console.print(line)
    return buf.getvalue()


def verdict_line(tally: Tally, errors: Sequence[tuple[str, str]] = ()) -> str:
    """The last line of :func:`summary_block` without colour: what `-o FILE` still prints to stderr."""
    return summary_block(tally, errors, False).rstrip("\n").rsplit("\n", 1)[-1]


def render_text(report: Report, options: RenderOptions | None = None) -> str:
    """Human-readable findings; ANSI colour only when ``options.color`` is true."""
    options = options or RenderOptions()
    tally = Tally(report.fail_on)
    blocks = []
    for fr in report.files:
        tally.add(fr)
        if not options.quiet:
            blocks.append(file_block(fr, options.color))
    return "".join(blocks) + summary_block(tally, options.errors, options.color)
