"""Configuration: `[tool.tqcheck]` or `tqcheck.toml`, strict validation, CLI flags win."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tqcheck.cli import main
from tqcheck.config import apply_table, find_config
from tqcheck.errors import ConfigError
from tqcheck.model import Severity
from tqcheck.settings import Settings

DIRTY = "The plan costs $ 240 million.\n\nRT\n\nWork will start in March.\n"


def check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *args: str):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(DIRTY, encoding="utf-8")
    return CliRunner().invoke(main, ["check", "a.txt", *args])


def test_pyproject_table_is_found_and_applied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.tqcheck]\nignore = ["ART001"]\n')
    result = check(tmp_path, monkeypatch)
    assert result.exit_code == 0 and "ART001" not in result.output


def test_tqcheck_toml_severity_override_and_fail_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "tqcheck.toml").write_text('fail-on = "warning"\n[severity]\nsource-marker = "info"\n')
    result = check(tmp_path, monkeypatch)
    assert result.exit_code == 1  # TYP001 is a warning, and warnings now fail
    assert "ART001" in result.output


def test_cli_flags_override_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "tqcheck.toml").write_text('fail-on = "warning"\n')
    assert check(tmp_path, monkeypatch, "--fail-on", "never").exit_code == 0


@pytest.mark.parametrize(
    ("toml", "says"),
    [
        ("fail-on = [", "invalid TOML"),
        ("colour = true", "unknown key 'colour'"),
        ('fail-on = "sometimes"', "fail-on"),
        ("long-sentence-words = -3", "long-sentence-words"),
        ('select = ["XYZ"]', "select: unknown rule code or name 'XYZ'"),
        ('[severity]\nART001 = "fatal"', "severity.ART001"),
    ],
)
def test_malformed_config_names_file_and_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, toml: str, says: str
) -> None:
    """Exit 2, one line, the file and the key named."""
    (tmp_path / "tqcheck.toml").write_text(toml + "\n")
    result = check(tmp_path, monkeypatch)
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "tqcheck.toml" in result.stderr and says in result.stderr


def test_pyproject_without_our_table_is_ignored(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert find_config(tmp_path) is None


def test_thresholds_and_agencies() -> None:
    s = apply_table(
        Settings(), {"long-sentence-words": 25, "extra-agencies": ["Fontanka"], "min-severity": "warning"}, Path("t")
    )
    assert s.long_sentence_words == 25 and s.extra_agencies == ("Fontanka",) and s.min_severity is Severity.WARNING
    with pytest.raises(ConfigError, match="t: languages: expected a list of strings"):
        apply_table(Settings(), {"languages": 3}, Path("t"))
