"""JSON Lines output: one finding per line, then one summary line, for streaming and `jq -c`.

Each finding line has exactly the keys of a finding in the JSON report (``finding_dict``); the
last line is ``{"summary": {...}, "errors": [...]}`` with the JSON report's summary and errors.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from tqcheck.model import FileReport, Report
from tqcheck.render import RenderOptions
from tqcheck.render.json import finding_dict
from tqcheck.render.summary import Tally

_LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def file_lines(fr: FileReport) -> str:
    """The finding lines of one file (for streaming a batch)."""
    # JSON leaves these unescaped, but str.splitlines() and some editors break lines at them.
    return "".join(json.dumps(finding_dict(f, fr.document), ensure_ascii=False).translate(_LINE_BREAKS) + "\n"
                   for f in fr.findings)  # fmt: skip


def tail_line(tally: Tally, errors: Sequence[tuple[str, str]] = ()) -> str:
    tail = {"summary": tally.summary(), "errors": [{"path": p, "message": m} for p, m in errors]}
    return json.dumps(tail, ensure_ascii=False).translate(_LINE_BREAKS) + "\n"


def render_jsonl(report: Report, options: RenderOptions | None = None) -> str:
    """Findings in report order, one JSON object a line (stable key order), then the summary."""
    tally = Tally(report.fail_on)
    for fr in report.files:
        tally.add(fr)
    return "".join(file_lines(fr) for fr in report.files) + tail_line(tally, options.errors if options else ())
