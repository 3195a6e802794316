"""The command line: a thin layer over the library. Exit codes: 0 pass, 1 gate failed, 2 error.

Each command lives in its own module; importing this package imports click and those modules
only (the checker and its dependencies load when a command runs).
"""

from __future__ import annotations

import sys
from typing import Any

import click

from tqcheck import __version__
from tqcheck.cli.check import check
from tqcheck.cli.common import InputProblem
from tqcheck.cli.fix import fix
from tqcheck.cli.model import model
from tqcheck.cli.rules import explain, rules
from tqcheck.cli.score import score

__all__ = ["InputProblem", "main"]


class _Group(click.Group):
    """Reports usage errors as one `tqcheck: error:` line with exit code 2, like every other error."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.pop("standalone_mode", None)
        try:
            return super().main(*args, standalone_mode=False, **kwargs)  # type: ignore[call-overload]  # click types standalone_mode=False as a separate overload only when passed literally with args
        except click.exceptions.NoArgsIsHelpError as exc:
            click.echo(exc.ctx.get_help() if exc.ctx is not None else "")
            sys.exit(0)
        except click.UsageError as exc:
            message = exc.format_message()
            hint = f" (see `{exc.ctx.command_path} --help`)" if exc.ctx is not None and "(see" not in message else ""
            click.echo(f"tqcheck: error: {message}{hint}", err=True)
            sys.exit(2)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.exceptions.Abort:
            click.echo("tqcheck: aborted", err=True)
            sys.exit(130)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tqcheck")
def main() -> None:
    """tqcheck: find machine-translation artefacts in news articles.

    Exit codes: 0 nothing at the gate level, 1 the gate failed, 2 usage, input or config error.
    """


main.add_command(check)
main.add_command(fix)
main.add_command(rules)
main.add_command(explain)
main.add_command(score)
main.add_command(model)
