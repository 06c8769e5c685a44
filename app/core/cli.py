"""`flask sample-data`: loads the clearly-marked sample data each feature provides."""
import click
from flask import Flask, current_app


def register_sample_loader(app: Flask, name: str, loader) -> None:
    app.extensions.setdefault("sample_loaders", {})[name] = loader


def refuse_in_production(what: str) -> None:
    """Sample and synthetic rows would be counted with real ones (and shown to the public), so a
    production site never takes them, whoever types the command."""
    if current_app.config["APP_ENV"] == "production":
        raise click.ClickException(f"{what} is for development sites only: this is a production site, nothing was added.")


def register(app: Flask) -> None:
    @app.cli.command("sample-data")
    def sample_data():
        """Load sample data (marked as sample) for a development site. Safe to run twice."""
        refuse_in_production("Sample data")
        loaders = app.extensions.get("sample_loaders", {})
        if not loaders:
            click.echo("No sample data to load.")
        for name, loader in loaders.items():
            count = loader()
            click.echo(f"{name}: {count} sample rows in place")
