"""`flask outbox send`: deliver waiting notifications. Run it every minute (DEPLOY.md has a timer)."""
import time

import click

from . import bp, sender


@bp.cli.command("send")
@click.option("--loop", "interval", type=int, default=0, help="Keep running, sending every N seconds.")
def send(interval: int):
    """Send every notification that is due, retrying failures later with back-off."""
    while True:
        try:
            result = sender.send_due()
        except sender.NotConfigured as exc:
            raise click.ClickException(str(exc)) from None
        click.echo(f"Delivered {result.delivered}, will retry {result.failed}, gave up on {result.gave_up}.")
        if not interval:
            return
        time.sleep(interval)
