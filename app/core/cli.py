"""`flask sample-data`: loads the clearly-marked sample data each feature provides."""
import click
from flask import Flask


def register_sample_loader(app: Flask, name: str, loader) -> None:
    app.extensions.setdefault("sample_loaders", {})[name] = loader


def register(app: Flask) -> None:
    @app.cli.command("sample-data")
    def sample_data():
        """Load sample data (marked as sample) for a development site. Safe to run twice."""
        loaders = app.extensions.get("sample_loaders", {})
        if not loaders:
            click.echo("No sample data to load.")
        for name, loader in loaders.items():
            count = loader()
            click.echo(f"{name}: {count} sample rows in place")
