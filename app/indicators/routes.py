"""Indicator pages. Thin: read the period, ask app.indicators.services, render."""
import io
from datetime import date

from flask import Response, abort, render_template, request
from flask_babel import lazy_gettext as _l

from .. import csvsafe, geography, messages
from ..campaigns import channels
from ..reporting import choices
from ..campaigns import services as campaigns
from ..staff import menu
from ..staff.auth import requires
from ..staff.models import ADMINISTRATOR, CAMPAIGN_STAFF
from . import public_bp, services, staff_bp

menu.register("indicators.dashboard", _l("Indicators"), (ADMINISTRATOR, CAMPAIGN_STAFF), order=20)


def _period():
    """The period and district asked for, with a message for each date that is not a real one."""
    default = services.default_period(campaigns.today())
    problems, dates = {}, {}
    for name, fallback in (("from", default.start), ("to", default.end)):
        text = (request.args.get(name) or "").strip()[:20]
        try:
            dates[name] = date.fromisoformat(text) if text else fallback
        except ValueError:
            problems[name] = messages.CASES_DATE
            dates[name] = fallback
    if dates["to"] < dates["from"]:
        problems["to"] = messages.CASES_DATE_ORDER
        dates["from"], dates["to"] = default.start, default.end
    district = request.args.get("district", "")
    district = district if district in geography.BY_SLUG else ""
    return services.Period(dates["from"], dates["to"], district), problems


@staff_bp.get("")
@requires(ADMINISTRATOR, CAMPAIGN_STAFF)
def dashboard():
    period, problems = _period()
    each_campaign, each_channel = services.campaign_rows(period)
    campaign_months = services.campaign_figures(period).months
    return render_template(
        "indicators/dashboard.html", period=period, problems=problems, cards=services.cards(period),
        tables=services.dashboard_tables(period), campaigns=each_campaign, campaign_channels=each_channel,
        campaign_months=campaign_months,
        channel_label=channels.label,
        districts=geography.DISTRICTS, shown=services.shown, baseline_years=services.BASELINE_YEARS,
        baseline_strands=[(dict(choices.STRANDS)[code], share) for code, share in services.BASELINE_STRANDS_2016],
        district_shares=services.district_shares(period),
    )


@staff_bp.get("/<name>.csv")
@requires(ADMINISTRATOR, CAMPAIGN_STAFF)
def table_csv(name: str):
    period, _ = _period()
    table = next((t for t in services.dashboard_tables(period) if t.name == name), None)
    if table is None:
        abort(404)
    out = io.StringIO()
    csvsafe.writer(out).writerows(services.csv_rows(table))
    filename = f"{name}-{period.start.isoformat()}-{period.end.isoformat()}.csv"
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@public_bp.get("/figures")
def figures():
    period = services.default_period(campaigns.today())
    return render_template("indicators/figures.html", period=period, total=services.shown(services.total(period)),
                           tables=services.public_tables(period), centres=services.centres_active())
