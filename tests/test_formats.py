"""The CI output formats (sarif, junit, github, jsonl): golden files of the seed article, SARIF
against the official 2.1.0 schema, and each format's own rules (XML counts, GitHub escaping,
one JSON value a line).

Golden files are compared byte for byte. After a deliberate change, regenerate them with
``TQCHECK_REGEN_GOLDEN=1 .venv/bin/python -m pytest tests/test_formats.py`` and review the diff.
"""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from tqcheck.checker import check_text
from tqcheck.cli import main
from tqcheck.model import Document, FileReport, Finding, Paragraph, ParagraphKind, Report, Severity
from tqcheck.render import FORMATS, RenderOptions, renderer
from tqcheck.render.github import escape_data, escape_property, render_github
from tqcheck.render.json import render_json
from tqcheck.render.jsonl import render_jsonl
from tqcheck.render.junit import render_junit
from tqcheck.render.sarif import render_sarif
from tqcheck.rules import RULES
from tqcheck.settings import Settings

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden"
SCHEMA = HERE / "data" / "sarif-schema-2.1.0.json"
REGEN = os.environ.get("TQCHECK_REGEN_GOLDEN") == "1"
SEED_NAME = "rt-central-asia-bases.en.txt"
CI_FORMATS = {"sarif": ".sarif", "junit": ".junit.xml", "github": ".github.txt", "jsonl": ".jsonl"}
DIRTY = "The plan costs $ 240 million.\n\nRT\n\nWork will start in March.\n"


@pytest.fixture(scope="module")
def seed_report(seed_path: Path) -> Report:
    """The seed article with default settings, under a path that does not depend on the checkout."""
    return check_text(seed_path.read_text(encoding="utf-8"), path=SEED_NAME)


@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def sarif_errors(validator: jsonschema.protocols.Validator, log: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(log)]


def report_of(*texts: tuple[str, str], fail_on: Severity | None = Severity.ERROR) -> Report:
    """A multi-file report from (path, text) pairs."""
    files = tuple(fr for path, text in texts for fr in check_text(text, lang="en", path=path).files)
    return Report(files, fail_on)


def one_finding(
    message: str, path: str = "a.txt", line: int = 1, end_line: int = 1, fail_on: Severity = Severity.ERROR
) -> Report:
    """A hand-made report with one finding, for messages and paths no rule produces."""
    text = "x" * 40 + "\n" + "y" * 40 + "\n"
    doc = Document(
        path, text, "utf-8", "\n", "en", (Paragraph(1, 0, 81, 1, 2, text[:81], ParagraphKind.BODY),), (0, 41, 82)
    )
    end = 41 * (end_line - 1) + 5
    finding = Finding("TYP003", "spacing", Severity.WARNING, message, 1, 2, end, line, 3, end_line, 6)
    return Report((FileReport(doc, (finding,)),), fail_on)


# --- golden files -----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", CI_FORMATS)
def test_golden_seed(fmt: str, seed_report: Report) -> None:
    """Each format of the seed report is byte-identical to its reviewed golden file."""
    golden = GOLDEN / f"seed{CI_FORMATS[fmt]}"
    got = renderer(fmt)(seed_report, RenderOptions())
    if REGEN:
        golden.parent.mkdir(exist_ok=True)
        golden.write_bytes(got.encode("utf-8"))
    assert golden.is_file(), f"{golden.name} is missing: run with TQCHECK_REGEN_GOLDEN=1 and review it"
    assert got == golden.read_bytes().decode("utf-8"), (
        f"{fmt} output differs from {golden.name}; if intended, regenerate with TQCHECK_REGEN_GOLDEN=1"
    )


@pytest.mark.parametrize("fmt", CI_FORMATS)
def test_formats_are_registered_and_deterministic(fmt: str) -> None:
    """Every CI format is one line in FORMATS, and renders the same report identically twice."""
    assert fmt in FORMATS
    report = report_of(("a.txt", DIRTY), ("b.txt", "Fine text here.\n"))
    assert renderer(fmt)(report, RenderOptions()) == renderer(fmt)(report, RenderOptions())
    assert renderer(fmt)(Report((), Severity.ERROR), RenderOptions())  # an empty run still renders


# --- SARIF -------------------------------------------------------------------------------------


def test_sarif_of_the_seed_is_valid(seed_report: Report, sarif_validator: jsonschema.protocols.Validator) -> None:
    """The seed report validates against the vendored official SARIF 2.1.0 schema."""
    log = json.loads(render_sarif(seed_report))
    assert sarif_errors(sarif_validator, log) == []
    assert log["version"] == "2.1.0"
    assert len(log["runs"][0]["results"]) == len(seed_report.findings)


def test_sarif_with_input_errors_and_replacements_is_valid(sarif_validator: jsonschema.protocols.Validator) -> None:
    """Inputs that could not be checked are tool notifications; fixes with inserted text validate."""
    report = report_of(("desk/a b.txt", DIRTY + "The Pеntagon said so.\n"))
    log = json.loads(render_sarif(report, RenderOptions(errors=(("missing.txt", "missing.txt: no such file"),))))
    assert sarif_errors(sarif_validator, log) == []
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert invocation["toolExecutionNotifications"][0]["message"]["text"] == "missing.txt: no such file"
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
    assert uris == {"desk/a%20b.txt"}  # a URI reference: the space is percent-encoded
    inserted = [
        rep["insertedContent"]["text"]
        for r in log["runs"][0]["results"]
        for fix in r.get("fixes", [])
        for rep in fix["artifactChanges"][0]["replacements"]
        if "insertedContent" in rep
    ]
    assert "Pentagon" in inserted


def test_sarif_rules_are_the_rules_that_fired(seed_report: Report) -> None:
    """The driver describes each rule with results, in rule-table order: code, kebab name, summary,
    docs; levels map error/warning/info to error/warning/note; ruleIndex points into that list."""
    run = json.loads(render_sarif(seed_report))["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "tqcheck"
    rules = driver["rules"]
    fired = [r for r in RULES if any(f.code == r.code for f in seed_report.findings)]
    assert [r["id"] for r in rules] == [r.code for r in fired]
    level = {"error": "error", "warning": "warning", "info": "note"}
    for descriptor, rule in zip(rules, fired, strict=True):
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert descriptor["help"]["text"] == rule.doc
        assert "**Example**" in descriptor["help"]["markdown"]
        assert descriptor["defaultConfiguration"]["level"] == level[rule.severity.label]
    for result, finding in zip(run["results"], seed_report.findings, strict=True):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == finding.code
        assert result["level"] == level[finding.severity.label]
        assert result["message"]["text"] == finding.message
        region = result["locations"][0]["physicalLocation"]["region"]
        assert (region["startLine"], region["startColumn"], region["endLine"], region["endColumn"]) == (
            finding.line,
            finding.column,
            finding.end_line,
            finding.end_column,
        )


def _offset(text: str, line: int, column: int) -> int:
    return sum(len(x) + 1 for x in text.split("\n")[: line - 1]) + column - 1


def test_sarif_fix_regions_are_converted_from_offsets(seed_report: Report) -> None:
    """A fix's deletedRegion is its own span (not the finding's): applying it by line and column
    gives the same text as applying the fix by document offsets."""
    doc = seed_report.files[0].document
    results = json.loads(render_sarif(seed_report))["runs"][0]["results"]
    with_fix = [(r, f) for r, f in zip(results, seed_report.findings, strict=True) if f.fix is not None]
    assert with_fix
    assert any(
        r["fixes"][0]["artifactChanges"][0]["replacements"][0]["deletedRegion"]["startLine"] != f.line
        for r, f in with_fix
    )
    for result, finding in with_fix:
        assert finding.fix is not None
        (replacement,) = result["fixes"][0]["artifactChanges"][0]["replacements"]
        deleted = replacement["deletedRegion"]
        start = _offset(doc.text, deleted["startLine"], deleted["startColumn"])
        end = _offset(doc.text, deleted["endLine"], deleted["endColumn"])
        assert (start, end) == (finding.fix.start, finding.fix.end)
        assert replacement.get("insertedContent", {"text": ""})["text"] == finding.fix.replacement


def test_sarif_fingerprints_are_unique_and_survive_moved_lines(seed_path: Path) -> None:
    """partialFingerprints tell the three `RT` markers apart and do not change when a paragraph
    is added above every finding."""
    text = seed_path.read_text(encoding="utf-8")

    def prints(t: str) -> list[str]:
        results = json.loads(render_sarif(check_text(t, path=SEED_NAME)))["runs"][0]["results"]
        return [r["partialFingerprints"]["tqcheckFindingHash/v1"] for r in results]

    before = prints(text)
    assert len(set(before)) == len(before)
    after = prints("Editor's note: updated.\n\n" + text)
    assert set(before) <= set(after)


# --- JUnit -------------------------------------------------------------------------------------


def test_junit_counts_follow_the_gate() -> None:
    """One test case per article; failures are the findings at or above the gate, the rest is
    system-out; the suite counts failed articles."""
    texts = (("a.txt", DIRTY), ("b.txt", "The council approved the plan on Monday.\n"))
    root = ET.fromstring(render_junit(report_of(*texts)))
    suite = root.find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("2", "1", "0")
    cases = {c.get("name"): c for c in suite.iter("testcase")}
    assert set(cases) == {"a.txt", "b.txt"} and {c.get("classname") for c in cases.values()} == {"tqcheck"}
    failures = cases["a.txt"].findall("failure")
    assert [f.get("message") for f in failures] == [
        "ART001 source-marker: source marker `RT` left as its own paragraph"
    ]
    assert failures[0].text is not None and failures[0].text.startswith("a.txt:3:1:")
    out = cases["a.txt"].find("system-out")
    assert out is not None and out.text is not None and "TYP001 currency-spacing" in out.text
    assert cases["b.txt"].find("failure") is None

    warning_gate = ET.fromstring(render_junit(report_of(*texts, fail_on=Severity.WARNING)))
    assert len(list(warning_gate.iter("failure"))) == 2
    never = ET.fromstring(render_junit(report_of(*texts, fail_on=None)))
    assert never.get("failures") == "0" and not list(never.iter("failure"))
    assert len(list(never.iter("system-out"))) == 1


def test_junit_of_the_seed_counts_its_errors(seed_report: Report) -> None:
    root = ET.fromstring(render_junit(seed_report))
    errors = sum(1 for f in seed_report.findings if f.severity == Severity.ERROR)
    assert len(list(root.iter("failure"))) == errors
    assert root.get("tests") == "1" and root.get("failures") == "1"


def test_junit_escapes_markup_and_drops_what_xml_cannot_carry() -> None:
    """`<`, `&`, quotes and newlines survive a round trip; control characters do not break the file."""
    message = 'a <b> & "c"\nd\x0c\x00e'
    root = ET.fromstring(render_junit(one_finding(message, path="x&y.txt", fail_on=Severity.WARNING)))
    (failure,) = root.iter("failure")
    assert failure.get("message") == 'TYP003 spacing: a <b> & "c"\nd\ufffd\ufffde'
    case = root.find("testsuite/testcase")
    assert case is not None and case.get("name") == "x&y.txt"


def test_junit_input_errors_are_error_cases() -> None:
    xml = render_junit(report_of(("a.txt", DIRTY)), RenderOptions(errors=(("gone.txt", "gone.txt: no such file"),)))
    root = ET.fromstring(xml)
    assert root.get("tests") == "2" and root.get("errors") == "1"
    (error,) = root.iter("error")
    assert error.get("message") == "gone.txt: no such file"


# --- GitHub workflow commands ---------------------------------------------------------------------


def test_github_escaping_rules() -> None:
    """Messages escape `%`, CR and LF; properties also `:` and `,` (GitHub's toolkit rules)."""
    assert escape_data("100% done, a: b\r\nnext") == "100%25 done, a: b%0D%0Anext"
    assert escape_property("100% done, a: b\r\nnext") == "100%25 done%2C a%3A b%0D%0Anext"
    assert escape_data("%0A") == "%250A"  # `%` first, so an escape already in the text stays literal


def test_github_annotation_escapes_message_and_path() -> None:
    report = one_finding("50% of it: a, b\nand more", path="desk/a,b:c.txt")
    (line, summary) = render_github(report).splitlines()
    assert line == (
        "::warning file=desk/a%2Cb%3Ac.txt,line=1,col=3,endLine=1,endColumn=6,title=TYP003 spacing::50%25 of it: a, b%0Aand more"
    )
    assert summary.startswith("tqcheck: PASS 1 finding (0 errors, 1 warning, 0 info) in 1 file")


def test_github_multi_line_finding_has_no_columns() -> None:
    """GitHub takes columns only for a one-line span."""
    (line, _) = render_github(one_finding("spans", line=1, end_line=2)).splitlines()
    assert line == "::warning file=a.txt,line=1,endLine=2,title=TYP003 spacing::spans"


def test_github_commands_by_severity(seed_report: Report) -> None:
    lines = render_github(seed_report).splitlines()
    commands = [line.split(" ", 1)[0] for line in lines[:-1]]
    assert commands.count("::error") == sum(1 for f in seed_report.findings if f.severity == Severity.ERROR)
    assert commands.count("::warning") == sum(1 for f in seed_report.findings if f.severity == Severity.WARNING)
    assert commands.count("::notice") == sum(1 for f in seed_report.findings if f.severity == Severity.INFO)
    assert lines[-1].startswith(f"tqcheck: FAIL {len(seed_report.findings)} findings")


# --- JSON Lines --------------------------------------------------------------------------------


def test_jsonl_lines_are_the_json_report(seed_report: Report) -> None:
    """One finding a line with the JSON report's keys, then the JSON report's summary."""
    lines = render_jsonl(seed_report).split("\n")
    assert lines[-1] == ""
    values = [json.loads(line) for line in lines[:-1]]
    full = json.loads(render_json(seed_report))
    assert values[:-1] == full["files"][0]["findings"]
    assert values[-1] == {"summary": full["summary"], "errors": []}


def test_jsonl_keeps_one_value_a_line_whatever_the_text() -> None:
    """Newlines and Unicode line separators in a message never split a line, even for splitlines()."""
    out = render_jsonl(one_finding("a\nb\u2028c\u2029d\x85e"))
    lines = out.splitlines()
    assert len(lines) == 2
    assert json.loads(lines[0])["message"] == "a\nb\u2028c\u2029d\x85e"
    assert "summary" in json.loads(lines[1])


# --- the command line ----------------------------------------------------------------------------


def test_cli_check_writes_valid_sarif(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, sarif_validator: jsonschema.protocols.Validator
) -> None:
    """`tqcheck check FILE --format sarif` end to end: exit 1 on the gate, SARIF on stdout."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(DIRTY, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "a.txt", "--format", "sarif"])
    assert result.exit_code == 1, result.output
    log = json.loads(result.stdout)
    assert sarif_errors(sarif_validator, log) == []
    results = log["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["TYP001", "ART001"]
    assert results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "a.txt"


def test_cli_sarif_with_an_unreadable_input(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, sarif_validator: jsonschema.protocols.Validator
) -> None:
    """A missing file: exit 2, the error on stderr, and still a valid SARIF log on stdout."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(DIRTY, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "a.txt", "gone.txt", "--format", "sarif", "--fail-on", "never"])
    assert result.exit_code == 2
    assert "gone.txt" in result.stderr
    log = json.loads(result.stdout)
    assert sarif_errors(sarif_validator, log) == []
    assert log["runs"][0]["invocations"][0]["executionSuccessful"] is False


@pytest.mark.parametrize("fmt", CI_FORMATS)
def test_cli_accepts_every_ci_format(fmt: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(DIRTY, encoding="utf-8")
    out = tmp_path / f"report{CI_FORMATS[fmt]}"
    result = CliRunner().invoke(main, ["check", "a.txt", "--format", fmt, "-o", str(out), "--select", "ART"])
    assert result.exit_code == 1, result.output
    report = check_text(DIRTY, path="a.txt", settings=Settings(select=("ART",)))
    assert out.read_text(encoding="utf-8") == renderer(fmt)(report, RenderOptions())
