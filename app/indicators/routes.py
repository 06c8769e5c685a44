"""Indicator pages. Thin: read the period, ask app.indicators.services, render."""
import io

from flask import Response, abort, render_template, request
from flask_babel import lazy_gettext as _l

from .. import csvsafe, geography, messages
from ..forms import date_parts, read_date
from ..campaigns import channels
from ..reporting import choices
from ..core import clock
from ..staff import menu
from ..staff.auth import requires
from ..staff.models import ADMINISTRATOR, CAMPAIGN_STAFF
from . import public_bp, services, staff_bp

menu.register("indicators.dashboard", _l("Indicators"), (ADMINISTRATOR, CAMPAIGN_STAFF), order=20)


def _period():
    """The period and district asked for, with a message for each date that is not a real one."""
    default = services.default_period(clock.today())
    problems, dates = {}, {}
    for name, fallback in (("from", default.start), ("to", default.end)):
        answer = read_date(request.args, name)
        dates[name] = answer.value or fallback
        if answer.problem is not None:
            problems[name] = answer.problem
    if dates["to"] < dates["from"]:
        problems["to"] = messages.CASES_DATE_ORDER
        dates["from"], dates["to"] = default.start, default.end
    district = request.args.get("district", "")
    district = district if district in geography.BY_SLUG else ""
    return services.Period(dates["from"], dates["to"], district), problems


def _typed(name: str, value) -> dict:
    """The boxes as the person filled them when a date was wrong, else the date in use."""
    answer = read_date(request.args, name)
    return answer.parts if answer.problem is not None else date_parts(value)


@staff_bp.get("")
@requires(ADMINISTRATOR, CAMPAIGN_STAFF)
def dashboard():
    period, problems = _period()
    each_campaign, each_channel = services.campaign_rows(period)
    campaign_months = services.campaign_figures(period).months
    return render_template(
        "indicators/dashboard.html", period=period, problems=problems, cards=services.cards(period),
        typed={"from": _typed("from", period.start), "to": _typed("to", period.end)},
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
    period = services.default_period(clock.today())
    return render_template("indicators/figures.html", period=period, total=services.shown(services.total(period)),
                           tables=services.public_tables(period), centres=services.centres_active())
