"""The online report: one question per page, a standard and an easy-read version, drafts kept
server-side and encrypted, and a submission that is durable and idempotent."""
import click
from flask import Blueprint

bp = Blueprint("reporting", __name__, url_prefix="/report", cli_group="report")

from . import models  # noqa: E402,F401
from . import routes  # noqa: E402,F401


@bp.record_once
def _setup(state) -> None:
    from ..core.exit import register_exit_hook
    from ..crypto import keys_cli
    from .services import exit_hook

    register_exit_hook(state.app, exit_hook)
    if "keys" not in state.app.cli.commands:
        state.app.cli.add_command(keys_cli)


@bp.cli.command("purge-drafts")
def purge_drafts():
    """Delete report drafts older than four hours. Run it from cron every hour."""
    from .services import purge_expired

    click.echo(f"Deleted {purge_expired()} expired drafts.")
