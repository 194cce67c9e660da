"""``screening rules validate`` and ``screening rules test``: for rule maintainers and CI."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

rules_app = typer.Typer(help="Check rule files and run every rule's own cases.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    from screening.cli.calibrate import calibrate_command

    rules_app.command("calibrate")(calibrate_command)
    app.add_typer(rules_app, name="rules")


@rules_app.command("validate")
def validate_command() -> None:
    """Schema-check every rule file and the policy, and every field each rule names against the typed
    columns of what its kind joins (suppliers, their goods, watch-list hits, its indicator dataset)."""
    from screening.context import load_context
    from screening.errors import ConfigError
    from screening.findings import field_problems

    ctx = load_context()  # loads and validates rules, policy, goods vocabulary and datasets
    console = Console(highlight=False)
    unknown = {d for r in ctx.rules.rules for d in r.datasets} - set(ctx.dataset_info)
    if unknown:
        raise ConfigError(f"Rules rest on datasets that are not loaded: {', '.join(sorted(unknown))}.")
    broken = field_problems(ctx)
    if broken:
        lines = [f"{ctx.rules.files[rule_id]}: {p}" for rule_id, found in broken.items() for p in found]
        raise ConfigError(
            f"{len(broken)} rule(s) name fields that do not exist:\n" + "\n".join(lines),
            hint="Fix each field (the nearest existing one is named), then run `screening rules validate`.",
        )
    table = Table(title=f"{len(ctx.rules.rules)} rules valid (rules version {ctx.rules.version})")
    for col in ("id", "v", "category", "severity", "points", "kind", "datasets", "cases"):
        table.add_column(col)
    for r in ctx.rules.rules:
        table.add_row(
            r.id,
            str(r.version),
            r.category,
            r.severity,
            f"{r.points:g}",
            r.kind,
            ", ".join(r.datasets),
            str(len(r.cases)),
        )
    console.print(table)


@rules_app.command("test")
def test_command(
    rule: Annotated[str | None, typer.Option(help="Only this rule id.")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List every case.")] = False,
) -> None:
    """Run every rule's cases (RULE_ID::case_name); exit 1 if any fails."""
    from screening.rules.cases import load_case_context, run_cases

    console = Console(highlight=False)
    results = run_cases(load_case_context(), only=rule)
    failed = [r for r in results if not r.passed]
    skipped = [r for r in results if r.skipped]
    for r in results:
        if verbose or not r.passed or r.skipped:
            mark = "[red]FAIL[/]" if not r.passed else ("[yellow]SKIP[/]" if r.skipped else "[green]ok[/]")
            console.print(f"{mark} {r.case_id}", end="")
            console.print(f"  {r.message}" if r.message != "ok" else "", markup=False)
    passed = len(results) - len(failed) - len(skipped)
    console.print(f"{passed} passed, {len(failed)} failed" + (f", {len(skipped)} skipped" if skipped else ""))
    if failed:
        raise typer.Exit(1)
