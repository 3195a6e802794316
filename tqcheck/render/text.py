"""Terminal output: `path:line:col CODE name message`, grouped by file, then a summary line."""

from __future__ import annotations

import io

from rich.console import Console
from rich.text import Text

from tqcheck.model import Report, Severity
from tqcheck.render import RenderOptions
from tqcheck.render.summary import summary

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def render_text(report: Report, options: RenderOptions | None = None, width: int = 200) -> str:
    """Human-readable findings; ANSI colour only when ``options.color`` is true."""
    options = options or RenderOptions()
    color, quiet, errors = options.color, options.quiet, len(options.errors)
    buf = io.StringIO()
    console = Console(
        file=buf,
        force_terminal=color,
        no_color=not color,
        width=width,
        highlight=False,
        soft_wrap=True,
        emoji=False,
        markup=False,
    )
    if not quiet:
        for fr in report.files:
            if not fr.findings:
                continue
            header = Text(fr.document.path, style="bold underline")
            if fr.document.encoding not in ("utf-8", "ascii"):
                header.append(f" (read as {fr.document.encoding})", style="dim")
            console.print(header)
            for f in fr.findings:
                line = Text()
                line.append(f"{fr.document.path}:{f.line}:{f.column}", style="bold")
                line.append(" ")
                line.append(f.code, style=_STYLE[f.severity])
                line.append(f" {f.rule} ", style="dim")
                line.append(f.message)
                console.print(line)
            console.print()
    s = summary(report)
    sev = s["by_severity"]
    if errors:
        verdict = Text("ERROR", style="bold red")
    else:
        verdict = Text("PASS" if s["passed"] else "FAIL", style="bold green" if s["passed"] else "bold red")
    line = Text()
    line.append(verdict)
    files = s["files"]
    line.append(
        f" {s['findings']} finding{'s' if s['findings'] != 1 else ''} "
        f"({sev['error']} error{'s' if sev['error'] != 1 else ''}, "
        f"{sev['warning']} warning{'s' if sev['warning'] != 1 else ''}, "
        f"{sev['info']} info) in {files} file{'s' if files != 1 else ''}; gate: fail on {s['fail_on']}"
        + (f"; {errors} input{'s' if errors != 1 else ''} could not be checked" if errors else "")
    )
    console.print(line)
    return buf.getvalue()
