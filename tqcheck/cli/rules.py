"""`tqcheck rules` and `tqcheck explain`: the rule table and each rule's documentation."""

from __future__ import annotations

import click


@click.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True)
def rules(fmt: str) -> None:
    """List every rule: code, name, default severity, what it flags."""
    from tqcheck.rules import RULES

    if fmt == "markdown":
        click.echo("| code | name | severity | flags |\n|---|---|---|---|")
        for r in RULES:
            summary = r.summary.replace("|", "\\|")
            click.echo(f"| {r.code} | {r.name} | {r.severity.label} | {summary} |")
        return
    if fmt == "json":
        import json

        rows = [{"code": r.code, "rule": r.name, "severity": r.severity.label, "summary": r.summary} for r in RULES]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    width = max(len(r.name) for r in RULES)
    for r in RULES:
        click.echo(f"{r.code}  {r.name:<{width}}  {r.severity.label:<7}  {r.summary}")


@click.command()
@click.argument("rule")
def explain(rule: str) -> None:
    """Show the documentation of one rule, by code (ART001) or name (source-marker)."""
    from tqcheck.rules import lookup

    found = lookup(rule)
    if found is None:
        raise click.BadParameter(f"no rule {rule!r} (see `tqcheck rules`)", param_hint="RULE")
    click.echo(f"{found.code} {found.name} (default severity: {found.severity.label})\n")
    click.echo(found.doc)
