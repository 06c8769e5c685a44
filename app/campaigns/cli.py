"""`flask campaigns ...`: create, list, QR codes, and deleting old salts."""
from pathlib import Path

import click
from flask import current_app

from ..core import clock
from . import bp, channels, counting, editing
from .qr import qr_png, qr_svg, short_link


@bp.cli.command("create")
@click.argument("code")
@click.option("--name", required=True, help='What the campaign is, e.g. "Spring bus adverts".')
@click.option("--channel", required=True, help="One of: " + ", ".join(channels.CODES))
@click.option("--placement", required=True, help='Where it is placed, e.g. "Route 321 bus rear panel".')
@click.option("--landing", default="/", show_default=True, help="The page on this site it leads to, e.g. /how-to-report")
@click.option("--starts", required=True, metavar="YYYY-MM-DD")
@click.option("--ends", required=True, metavar="YYYY-MM-DD")
def create(code, name, channel, placement, landing, starts, ends):
    """Add a campaign with its short link /c/CODE."""
    try:
        campaign = editing.create_campaign(
            code=code, name=name, channel=channel, placement=placement, landing_path=landing,
            starts_on=starts, ends_on=ends,
        )
    except editing.CampaignInvalid as invalid:
        _explain(invalid)
        raise SystemExit(1) from None
    click.echo(f"Created {campaign.code}: {short_link(campaign, current_app.config['SITE_URL'])}")


def _explain(invalid: editing.CampaignInvalid) -> None:
    """Prints each problem with the option to fix. Messages are in the site's default language."""
    with current_app.test_request_context("/"):
        option = {"code": "CODE", "landing_path": "--landing", "starts_on": "--starts", "ends_on": "--ends"}
        for field, message in invalid.errors.items():
            click.echo(f"{option.get(field, '--' + field)}: {message}", err=True)
    if "channel" in invalid.errors:
        click.echo("Channels: " + ", ".join(channels.CODES), err=True)


@bp.cli.command("list")
def list_campaigns():
    """Every campaign with its clicks, unique visitors (counted per day) and the reports it led to, in
    whole months that have ended, small numbers hidden as on the staff pages."""
    from ..indicators.services import CampaignFigures  # here: the indicators import this package

    rows = CampaignFigures.ever().each()
    if not rows:
        click.echo("No campaigns yet. Add one with: flask campaigns create CODE ...")
        return
    on = clock.today()
    header = f"{'code':<24} {'channel':<12} {'starts':<10} {'ends':<10} {'status':<11} {'clicks':>7} {'visitors':>8} {'reports':>7}  name"
    click.echo(header)
    with current_app.test_request_context("/"):  # "fewer than 5" in the site's default language
        lines = [(row.campaign, str(row.clicks), str(row.visitors), str(row.reports)) for row in rows]
    for c, clicks, visitors, reports in lines:
        if editing.is_active(c, on):
            status = "running"
        elif c.starts_on and on < c.starts_on:
            status = "not started"
        else:
            status = "ended"
        click.echo(
            f"{c.code:<24} {c.channel:<12} {str(c.starts_on or '-'):<10} {str(c.ends_on or '-'):<10} "
            f"{status:<11} {clicks:>7} {visitors:>8} {reports:>7}  {c.name}"
        )


@bp.cli.command("qr")
@click.argument("code")
@click.option("--format", "fmt", type=click.Choice(["svg", "png"]), default="svg", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="File to write (default: CODE.svg or CODE.png in this folder).")
def qr(code, fmt, out):
    """Write the QR code for a campaign's short link (SVG with the link printed beneath, or PNG)."""
    campaign = editing.find_campaign(code.strip().lower())
    if campaign is None:
        click.echo(f"No campaign has the code {code!r}. See them with: flask campaigns list", err=True)
        raise SystemExit(1)
    base_url = current_app.config["SITE_URL"]
    out = out or Path(f"{campaign.code}.{fmt}")
    if fmt == "svg":
        out.write_text(qr_svg(campaign, base_url), encoding="utf-8")
    else:
        out.write_bytes(qr_png(campaign, base_url))
    click.echo(f"Wrote {out} for {short_link(campaign, base_url)}")


@bp.cli.command("purge-salts")
def purge_salts():
    """Delete every daily salt older than today, so old visitor hashes can never be linked."""
    deleted = counting.purge_salts()
    click.echo(f"Deleted {deleted} old salt(s).")
