"""`flask outbox send`: deliver waiting notifications. Run it every minute (DEPLOY.md has a timer).
`flask outbox status`: one line and an exit code for monitoring."""
import time

import click
from sqlalchemy.exc import SQLAlchemyError

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


# Exit codes as monitoring plugins use them (Nagios, Icinga, and what most others read).
OK, WARNING, CRITICAL, UNKNOWN = 0, 1, 2, 3


@bp.cli.command("status")
@click.option("--max-wait", type=int, default=30, show_default=True,
              help="Minutes a notice may wait before this counts as a warning.")
def status(max_wait: int):
    """One line for monitoring, and an exit code: 0 all sent, 1 a notice waiting longer than
    --max-wait minutes, 2 a notice given up on (the case team was not told of a report), 3 the
    outbox could not be read (the database is down: /healthz says so too)."""
    try:
        found = sender.health()
    except SQLAlchemyError as exc:
        click.echo(f"OUTBOX UNKNOWN: cannot read the outbox ({type(getattr(exc, 'orig', None) or exc).__name__})")
        raise SystemExit(UNKNOWN) from None
    line = f"{found.given_up} given up, {found.waiting} waiting (oldest {found.oldest_minutes} min)"
    if found.given_up:
        click.echo(f"OUTBOX CRITICAL: {line}; see /staff/outbox")
        raise SystemExit(CRITICAL)
    if found.waiting and found.oldest_minutes > max_wait:
        click.echo(f"OUTBOX WARNING: {line}; is the mail server answering?")
        raise SystemExit(WARNING)
    click.echo(f"OUTBOX OK: {line}")
