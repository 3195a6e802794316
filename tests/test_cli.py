"""The command line, through click's CliRunner: exit codes first, then what is printed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tqcheck.cli import main

CLEAN = "The council approved the plan on Monday.\n\nWork will start in March.\n"
DIRTY = "The plan costs $ 240 million.\n\nRT\n\nWork will start in March.\n"


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)  # no stray config from the project
    runner = CliRunner()
    return lambda *args, **kw: runner.invoke(main, list(args), **kw)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_clean_file_exits_0(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = run("check", str(write(tmp_path, "a.txt", CLEAN)))
    assert result.exit_code == 0
    assert "PASS 0 findings" in result.output


def test_error_finding_exits_1_with_location(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """`path:line:col: severity CODE name message`, grouped by file, then the summary."""
    path = write(tmp_path, "a.txt", DIRTY)
    result = run("check", str(path))
    assert result.exit_code == 1
    assert f"{path}:3:1: error ART001 source-marker source marker `RT` left as its own paragraph" in result.output
    assert f"{path}:1:16: warning TYP001 currency-spacing" in result.output
    assert result.output.rstrip().splitlines()[-1].startswith("FAIL 2 findings (1 error, 1 warning, 0 info)")


def test_fail_on_sets_the_gate_not_what_is_shown(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, "a.txt", "The plan costs $ 240 million.\n")
    assert run("check", str(path)).exit_code == 0  # a warning does not fail the default gate
    assert run("check", str(path), "--fail-on", "warning").exit_code == 1
    assert run("check", str(write(tmp_path, "b.txt", DIRTY)), "--fail-on", "never").exit_code == 0


def test_min_severity_hides_lower_findings(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = run("check", str(write(tmp_path, "a.txt", DIRTY)), "--min-severity", "error")
    assert "TYP001" not in result.output and "ART001" in result.output


def test_select_and_ignore(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = str(write(tmp_path, "a.txt", DIRTY))
    assert "ART001" not in run("check", path, "--select", "TYP").output
    assert "ART001" not in run("check", path, "--ignore", "source-marker").output
    assert run("check", path, "--ignore", "ART001,TYP001").exit_code == 0


def test_unknown_rule_is_a_usage_error(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = run("check", str(write(tmp_path, "a.txt", CLEAN)), "--select", "XYZ999")
    assert result.exit_code == 2 and "XYZ999" in result.stderr


def test_json_is_the_contract(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, "a.txt", DIRTY)
    result = run("check", str(path), "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["schema_version"] == 1 and data["tool"]["name"] == "tqcheck"
    (file,) = data["files"]
    assert file["encoding"] == "utf-8" and file["language"] == "en" and file["newline"] == "lf"
    assert [p["kind"] for p in file["paragraphs"]] == ["body", "marker", "body"]
    marker = next(f for f in file["findings"] if f["code"] == "ART001")
    assert marker == {
        "code": "ART001", "rule": "source-marker", "severity": "error",
        "message": "source marker `RT` left as its own paragraph", "path": str(path),
        "line": 3, "column": 1, "end_line": 3, "end_column": 3, "paragraph": 2,
        "fix": {"description": "remove the marker line", "replacement": "", "safe": True,
                "line": 3, "column": 1, "end_line": 5, "end_column": 1},
    }  # fmt: skip
    assert data["summary"]["passed"] is False and data["summary"]["by_severity"]["error"] == 1


def test_json_is_byte_identical_across_runs(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = str(write(tmp_path, "a.txt", DIRTY))
    assert run("check", path, "--format", "json").output == run("check", path, "--format", "json").output


def test_output_file_and_no_colour(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "reports" / "r.txt"
    result = run("check", str(write(tmp_path, "a.txt", DIRTY)), "-o", str(out))
    assert result.exit_code == 1 and result.stdout == ""
    # The report is in the file, but the verdict and counts still reach the terminal (stderr).
    assert (
        result.stderr.startswith("FAIL 2 findings (1 error, 1 warning, 0 info) in 1 file") and str(out) in result.stderr
    )
    text = out.read_text(encoding="utf-8")
    assert "ART001" in text and "\x1b[" not in text


def test_quiet_prints_only_the_summary(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = run("check", str(write(tmp_path, "a.txt", DIRTY)), "-q")
    assert result.output.strip().startswith("FAIL") and len(result.output.strip().splitlines()) == 1


def test_folders_and_globs(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A folder is searched for .txt/.md (README.md skipped); a glob is expanded."""
    d = tmp_path / "articles"
    d.mkdir()
    write(d, "one.txt", CLEAN)
    write(d, "two.md", DIRTY)
    write(d, "README.md", DIRTY)
    data = json.loads(run("check", str(d), "--format", "json").output)
    assert [Path(f["path"]).name for f in data["files"]] == ["one.txt", "two.md"]
    data = json.loads(run("check", str(d / "*.txt"), "--format", "json").output)
    assert [Path(f["path"]).name for f in data["files"]] == ["one.txt"]


def test_stdin(run) -> None:  # type: ignore[no-untyped-def]
    result = run("check", "-", "--format", "json", input=DIRTY.encode())
    assert result.exit_code == 1 and json.loads(result.output)["files"][0]["path"] == "<stdin>"


def test_missing_file_is_exit_2_with_one_line(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = run("check", str(tmp_path / "nope.txt"))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"tqcheck: error: {tmp_path / 'nope.txt'}: no such file"


def test_rules_lists_every_rule(run) -> None:  # type: ignore[no-untyped-def]
    from tqcheck.rules import RULES

    result = run("rules")
    assert result.exit_code == 0
    for rule in RULES:
        assert f"{rule.code}  {rule.name}" in result.output
    assert len(json.loads(run("rules", "--format", "json").output)) == len(RULES)


def test_explain_by_code_or_name(run) -> None:  # type: ignore[no-untyped-def]
    by_code, by_name = run("explain", "QUO003"), run("explain", "dash-attribution")
    assert by_code.exit_code == 0 and by_code.output == by_name.output
    assert by_code.output.startswith("QUO003 dash-attribution (default severity: warning)")
    assert "Use instead:" in by_code.output
    assert run("explain", "nothing").exit_code == 2


def test_lang_option_selects_the_russian_profile(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, "ru.txt", "Эксперт назвал план «рискованным», — сказал он.\n")
    data = json.loads(run("check", str(path), "--lang", "ru", "--format", "json").output)
    assert data["files"][0]["language"] == "ru"
    assert run("check", str(path), "--lang", "xx").exit_code == 2


def test_severity_word_on_every_finding_line(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Without colour (CI logs, NO_COLOR) an error and a warning still read differently."""
    path = write(tmp_path, "a.txt", DIRTY)
    lines = [line for line in run("check", str(path)).stdout.splitlines() if line.startswith(f"{path}:")]
    assert lines and all(line.split(" ")[1] in ("error", "warning", "info") for line in lines)


def test_model_path_that_does_not_exist_is_exit_2(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A mistyped `--model ./typo` stops the run with one line instead of a warning and a fallback."""
    article = write(tmp_path, "a.txt", DIRTY)
    result = run("check", str(article), "--source", str(article), "--model", "./no-such-model")
    assert result.exit_code == 2
    assert result.stderr.startswith("tqcheck: error: --model ./no-such-model: no such folder")
    assert "hf download" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_baseline_runs_say_what_they_suppressed_and_wrote(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    article = str(write(tmp_path, "a.txt", DIRTY))
    baseline = str(tmp_path / "baseline.json")
    written = run("check", article, "--write-baseline", baseline)
    assert written.exit_code == 0
    assert "PASS" not in written.output and "FAIL" not in written.output  # a new baseline is not a verdict
    assert f"tqcheck: wrote 2 findings of 1 file to {baseline}" in written.stderr
    rerun = run("check", article, "--baseline", baseline)
    assert rerun.exit_code == 0 and f"tqcheck: baseline {baseline} suppressed 2 known findings" in rerun.stderr
