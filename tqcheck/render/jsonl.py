"""JSON Lines output: one finding per line, then one summary line, for streaming and `jq -c`.

Each finding line has exactly the keys of a finding in the JSON report (``finding_dict``); the
last line is ``{"summary": {...}, "errors": [...]}`` with the JSON report's summary and errors.
"""

from __future__ import annotations

import json

from tqcheck.model import Report
from tqcheck.render import RenderOptions
from tqcheck.render.json import finding_dict
from tqcheck.render.summary import summary

_LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def render_jsonl(report: Report, options: RenderOptions | None = None) -> str:
    """Findings in report order, one JSON object a line (stable key order), then the summary."""
    errors = list(options.errors) if options else []
    lines = [json.dumps(finding_dict(f, fr.document), ensure_ascii=False) for fr in report.files for f in fr.findings]
    tail = {"summary": summary(report), "errors": [{"path": p, "message": m} for p, m in errors]}
    lines.append(json.dumps(tail, ensure_ascii=False))
    # JSON leaves these unescaped, but str.splitlines() and some editors break lines at them.
    return "\n".join(lines).translate(_LINE_BREAKS) + "\n"
