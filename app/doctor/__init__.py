"""`flask doctor`: checks that a site is ready to serve, and says in plain words what is wrong.

Each check returns a Finding; the command prints them and exits 1 when any failed, so it can
gate a deployment (run it after `flask db upgrade`, before starting the workers). Only what the
site cannot serve without fails (settings, keys, the database and its migrations, built files);
mail and Redis only warn, because the running site copes with either being down.
"""
import click
from flask import Flask

from .checks import FAIL, WARN, run_all


def register(app: Flask) -> None:
    @app.cli.command("doctor")
    def doctor():
        """Check configuration, keys, database, migrations, Redis, e-mail and built files."""
        findings = run_all()
        for finding in findings:
            click.echo(f"{finding.status:<5} {finding.area}: {finding.message}")
        failed = [f for f in findings if f.status == FAIL]
        if failed:
            click.echo(f"\n{len(failed)} problem(s) to fix before this site can serve people.")
            raise SystemExit(1)
        warnings = sum(f.status == WARN for f in findings)
        if warnings:
            click.echo(f"\nNothing stops this site serving; {warnings} warning(s) above to look into.")
        else:
            click.echo("\nEverything checked is in order.")
