"""`flask campaigns create | list` and the sample campaigns."""
from datetime import date

import pytest
from sqlalchemy import func, select

from app.campaigns import channels, editing
from app.campaigns.models import Campaign
from app.extensions import db
from app.reporting.models import Report

from .campaign_helpers import Clock, make_campaign, utc, visit

GOOD = ["--name", "Spring bus adverts", "--channel", "bus", "--placement", "Route 321 bus rear panel",
        "--landing", "/transport-and-night-time", "--starts", "2026-03-01", "--ends", "2026-05-31"]


def create(app, code, *options):
    args = list(GOOD)
    for name, value in zip(options[::2], options[1::2]):
        args[args.index(name) + 1] = value
    return app.test_cli_runner().invoke(args=["campaigns", "create", code, *args])


def test_create_saves_the_campaign_and_prints_its_short_link(app):
    result = create(app, "bus321")
    assert result.exit_code == 0, result.output
    assert f"{app.config['SITE_URL']}/c/bus321" in result.output
    with app.app_context():
        campaign = db.session.scalar(select(Campaign))
        assert (campaign.code, campaign.name, campaign.channel, campaign.placement, campaign.landing_path,
                campaign.starts_on, campaign.ends_on, campaign.is_sample) == (
            "bus321", "Spring bus adverts", "bus", "Route 321 bus rear panel", "/transport-and-night-time",
            date(2026, 3, 1), date(2026, 5, 31), False)


@pytest.mark.parametrize(
    "code, options, says",
    [
        ("Bus_321", [], "CODE: Enter a short code"),
        ("bus-", [], "CODE: Enter a short code"),
        ("b", [], "CODE: Enter a short code"),
        ("a" * 25, [], "CODE: Enter a short code"),
        ("bus321", ["--channel", "boat"], "--channel: Choose where the campaign runs"),
        ("bus321", ["--name", "  "], "--name: Enter a name"),
        ("bus321", ["--placement", ""], "--placement: Enter where the campaign is placed"),
        ("bus321", ["--landing", "https://evil.example"], "--landing: Enter a page on this site"),
        ("bus321", ["--landing", "/%2F%2Fevil.example"], "--landing: Enter a page on this site"),
        ("bus321", ["--starts", "2026-02-30"], "--starts: Enter the date the campaign starts"),
        ("bus321", ["--ends", "next week"], "--ends: Enter the date the campaign ends"),
        ("bus321", ["--ends", "2026-02-28"], "--ends: Enter an end date that is the same as or after"),
    ],
)
def test_create_explains_each_mistake_and_saves_nothing(app, code, options, says):
    result = create(app, code, *options)
    assert result.exit_code == 1
    assert says in result.output
    if "--channel" in options:
        assert ", ".join(channels.CODES) in result.output
    with app.app_context():
        assert db.session.scalar(select(Campaign)) is None


def test_a_code_can_only_be_used_once(app):
    assert create(app, "bus321").exit_code == 0
    result = create(app, "bus321", "--name", "Another")
    assert result.exit_code == 1 and "another campaign already uses this one" in result.output


def test_list_shows_clicks_and_unique_visitors_per_campaign(app, client, monkeypatch):
    clock = Clock(monkeypatch, utc(2026, 3, 10))
    assert "No campaigns yet" in app.test_cli_runner().invoke(args=["campaigns", "list"]).output
    with app.app_context():
        make_campaign()
        make_campaign("radio-spring", channel="radio", placement="Breakfast advert", ends=date(2026, 3, 9))
    for address in ("192.0.2.1", "192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4", "192.0.2.5"):
        visit(client, "/c/bus321", address=address)
    clock.set(utc(2026, 3, 11))
    visit(client, "/c/bus321", address="192.0.2.1")
    clock.set(utc(2026, 4, 1))  # figures are for whole months that have ended
    output = app.test_cli_runner().invoke(args=["campaigns", "list"]).output
    lines = {line.split()[0]: line.split() for line in output.splitlines()[1:]}
    assert lines["bus321"][4:7] == ["running", "7", "6"]  # 5 people on day one, 1 on day two
    assert lines["radio-spring"][4:6] == ["ended", "0"]


def test_channel_labels_are_translated(app):
    with app.test_request_context("/?lang=en"):
        assert [str(label) for _code, label in channels.CHANNELS][:3] == ["Radio", "Billboard or poster", "Facebook"]
        assert channels.label("bus") == channels.label("bus") and str(channels.label("nope")) == "nope"
    assert channels.CODES == ("radio", "billboard", "facebook", "other-social", "bus", "train", "taxi", "school",
                              "centre", "other")


def test_sample_campaigns_are_marked_and_load_twice_safely(app, client):
    runner = app.test_cli_runner()
    for _ in range(2):
        result = runner.invoke(args=["sample-data"])
        assert result.exit_code == 0 and "campaigns: 5 sample rows" in result.output
    with app.app_context():
        samples = db.session.scalars(select(Campaign).order_by(Campaign.code)).all()
        assert len(samples) == 5
        assert all(c.is_sample and c.name.startswith("Sample:") for c in samples)
        assert {c.channel for c in samples} == {"radio", "billboard", "facebook", "bus", "taxi"}
        by_channel = {c.channel: c for c in samples}
        assert by_channel["bus"].placement == "Route 321 bus rear panel"
        assert "Watford" in by_channel["taxi"].placement
        assert all(editing.is_active(c) for c in samples)
        landings = [(c.code, c.landing_path) for c in samples]
    for code, landing in landings:
        assert visit(client, f"/c/{code}").headers["Location"] == landing
        # Status only: the content tests check the pages themselves.
        assert client.get(landing, check=False).status_code == 200, landing


@pytest.mark.parametrize("args", [["sample-data"], ["demo", "traffic", "--clicks", "5", "--reports", "5", "--yes"]])
def test_a_production_site_never_takes_sample_or_synthetic_rows(app, args):
    """They would be counted, and shown on the public figures, as if they were real."""
    app.config["APP_ENV"] = "production"
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code != 0 and "production site, nothing was added" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Campaign)) == 0
        assert db.session.scalar(select(func.count()).select_from(Report)) == 0
