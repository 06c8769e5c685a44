"""`flask centres import FILE.csv` and `flask centres export [FILE]`."""
import csv
import io
import sys

import click

from . import bp
from .csvfile import ImportFailed, export_csv, import_csv


@bp.cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def import_command(path):
    """Add or update centres from a CSV file (docs/centres-csv.md). Nothing changes if any row is wrong."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            text = fh.read()
    except UnicodeDecodeError:
        raise click.ClickException("The file is not UTF-8 text. Save it as 'CSV UTF-8' and try again.") from None

    def progress(rows):
        with click.progressbar(rows, label="Checking rows", file=sys.stderr) as bar:
            yield from bar

    try:
        result = import_csv(text, progress=progress)
    except ImportFailed as failed:
        for error in failed.errors:
            click.echo(error, err=True)
        raise click.ClickException(f"{len(failed.errors)} problem(s) found. Nothing was imported.") from None
    click.echo(f"Imported {result.created + result.updated} centres: {result.created} new, {result.updated} updated.")


@bp.cli.command("export")
@click.argument("path", required=False, type=click.Path(dir_okay=False, writable=True))
def export_command(path):
    """Write every centre to a CSV file, or to the screen when no file is given."""
    text = export_csv()
    if path:
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        rows = len(list(csv.reader(io.StringIO(text)))) - 1
        click.echo(f"Wrote {rows} centres to {path}.", err=True)
    else:
        click.echo(text, nl=False)
