"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request.

``::error file=PATH,line=L,col=C,endLine=L,endColumn=C2,title=CODE name::message``, with
``warning`` and ``notice`` for lower severities, escaped as GitHub's own toolkit escapes them.
GitHub takes columns only on a one-line span, so a finding over several lines gives lines only.
A plain summary line closes the output.
"""

from __future__ import annotations

from tqcheck.model import Finding, Report, Severity
from tqcheck.render import RenderOptions
from tqcheck.render.summary import summary

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(value: str) -> str:
    """A command's message: `%`, CR and LF are percent-encoded (`%` first)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """A property value: as a message, and also `:` and `,`, which delimit properties."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: dict[str, str | int], message: str) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{name} {props}::{escape_data(message)}" if props else f"::{name}::{escape_data(message)}"


def annotation(path: str, f: Finding) -> str:
    props: dict[str, str | int] = {"file": path, "line": f.line}
    if f.end_line == f.line:
        props.update(col=f.column, endLine=f.end_line, endColumn=f.end_column)
    else:  # GitHub rejects columns on a span over several lines
        props["endLine"] = f.end_line
    props["title"] = f"{f.code} {f.rule}"
    return command(COMMANDS[f.severity], props, f.message)


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def render_github(report: Report, options: RenderOptions | None = None) -> str:
    """One workflow command per finding and per input that could not be checked, then a summary."""
    errors = list(options.errors) if options else []
    lines = [annotation(fr.document.path, f) for fr in report.files for f in fr.findings]
    lines.extend(command("error", {"file": path, "title": "tqcheck"}, message) for path, message in errors)
    s = summary(report)
    sev = s["by_severity"]
    verdict = "ERROR" if errors else "PASS" if s["passed"] else "FAIL"
    lines.append(
        f"tqcheck: {verdict} {_n(s['findings'], 'finding')} ({_n(sev['error'], 'error')}, "
        f"{_n(sev['warning'], 'warning')}, {sev['info']} info) in {_n(s['files'], 'file')}; "
        f"gate: fail on {s['fail_on']}" + (f"; {_n(len(errors), 'input')} could not be checked" if errors else "")
    )
    return "\n".join(lines) + "\n"
