"""The README's rules table is generated from the rule table and must stay current."""

from __future__ import annotations

import re

from click.testing import CliRunner

from tests.conftest import ROOT
from tqcheck.cli import main


def test_rules_table_is_current() -> None:
    """Regenerate with `tqcheck rules --format markdown` between the README's markers."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- rules:start -->\n(.*?)<!-- rules:end -->", readme, re.S)
    assert block is not None
    assert block.group(1) == CliRunner().invoke(main, ["rules", "--format", "markdown"]).output


def test_every_command_is_documented() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in main.commands:  # type: ignore[attr-defined]
        assert f"tqcheck {name}" in readme, name


def test_readme_commands_exist_in_the_makefile() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "\nreport:" in makefile and "\ntest:" in makefile


def test_every_config_key_is_documented() -> None:
    from tqcheck.config import KEYS

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [key for key in KEYS if key not in readme]
    assert not missing, f"README's Configuration section lacks {missing}"
