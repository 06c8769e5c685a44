"""`flask staff create EMAIL --role ROLE`: the way in for the first administrator."""
import click

from . import bp, services
from .models import ROLES


@bp.cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True, help="What the person may do.")
@click.option("--name", default="", help="The person's name, shown to administrators.")
def create(email: str, role: str, name: str):
    """Create a staff account and print its set-up link (valid for 72 hours, shown only now)."""
    try:
        user, token = services.create_account(email, role, name)
    except services.AccountError as exc:
        raise click.ClickException(
            {
                "exists": "There is already an account with that email address.",
                "email": "That is not an email address.",
                "name": "Names can be 200 characters or fewer.",
            }.get(exc.code, "That role is not known.")
        ) from None
    link = services.setup_link(token)
    click.echo(f"Account created for {user.email} ({role}).")
    click.echo("Send this set-up link to them privately. It works once, for 72 hours:")
    click.echo(link)
