"""JUnit XML output, for CI test-report views (GitLab, Jenkins, Azure Pipelines, test reporters).

One ``<testsuite>`` for the run, one ``<testcase>`` per article. An article fails with one
``<failure>`` per finding at or above the gate (``--fail-on``); with the gate at ``never`` nothing
fails. Findings below the gate are listed in the test case's ``<system-out>``; an input that could
not be checked is a test case with an ``<error>``. No timings or timestamps, so the output is
byte-identical across runs.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from tqcheck.model import Finding, Report
from tqcheck.render import RenderOptions
from tqcheck.render.summary import summary

# Characters XML 1.0 cannot carry at all, even escaped; ElementTree would write them and leave
# a file no parser reads. Article text quoted in a message can contain them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value)


def _line(path: str, f: Finding) -> str:
    return f"{path}:{f.line}:{f.column}: {f.severity.label} {f.code} {f.rule}: {f.message}"


def render_junit(report: Report, options: RenderOptions | None = None) -> str:
    """The report as JUnit XML: articles are test cases, findings at or above the gate failures."""
    errors = list(options.errors) if options else []
    gate = report.fail_on
    s = summary(report)
    failed_files = sum(1 for fr in report.files if gate is not None and any(f.severity >= gate for f in fr.findings))
    counts = {
        "tests": str(len(report.files) + len(errors)),
        "failures": str(failed_files),
        "errors": str(len(errors)),
        "skipped": "0",
    }
    root = ET.Element("testsuites", {"name": "tqcheck", **counts})
    suite = ET.SubElement(root, "testsuite", {"name": "tqcheck", **counts})
    props = ET.SubElement(suite, "properties")
    ET.SubElement(props, "property", {"name": "fail_on", "value": s["fail_on"]})
    ET.SubElement(props, "property", {"name": "findings", "value": str(s["findings"])})
    for fr in report.files:
        path = _clean(fr.document.path)
        case = ET.SubElement(suite, "testcase", {"classname": "tqcheck", "name": path})
        below: list[str] = []
        for f in fr.findings:
            if gate is not None and f.severity >= gate:
                failure = ET.SubElement(
                    case,
                    "failure",
                    {"message": _clean(f"{f.code} {f.rule}: {f.message}"), "type": f.severity.label},
                )
                failure.text = _clean(_line(fr.document.path, f))
            else:
                below.append(_clean(_line(fr.document.path, f)))
        if below:
            ET.SubElement(case, "system-out").text = "\n".join(below)
    for path, message in errors:
        case = ET.SubElement(suite, "testcase", {"classname": "tqcheck", "name": _clean(path)})
        ET.SubElement(case, "error", {"message": _clean(message), "type": "input"}).text = _clean(f"{path}: {message}")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
