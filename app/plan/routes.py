"""Action plan pages. Thin: read the request, ask app.plan.services, render."""
import io
from flask import Response, abort, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from .. import csvsafe, geography
from ..forms import read_date
from ..extensions import db
from ..staff import menu
from ..staff.auth import requires
from ..staff.models import ADMINISTRATOR, CAMPAIGN_STAFF
from . import bp, services
from .models import COUNTY, PlanAction, PlanActivity, PlanFigure, PlanIndicator

PLAN_STAFF = (ADMINISTRATOR, CAMPAIGN_STAFF)  # the working group's officers record and read the plan
menu.register("plan.index", _l("Action plan"), PLAN_STAFF, order=25)


def _found(model, public_id):
    row = services.by_public_id(model, public_id)
    if row is None:
        abort(404)
    return row


def _period():
    """The months asked for: a finished quarter ("2026-Q3") or the last N whole months."""
    quarter = request.args.get("quarter", "")
    months = services.parse_quarter(quarter)
    if months:
        return months, quarter, None
    count = request.args.get("months", "12")
    count = int(count) if count.isdigit() and int(count) in services.PERIODS else 12
    return services.last_months(count), "", count


def _area():
    area = request.args.get("area", COUNTY)
    return area if area in services.AREAS else COUNTY


@bp.get("")
@requires(*PLAN_STAFF)
def index():
    months, quarter, count = _period()
    area = _area()
    priority, owner = request.args.get("priority", ""), request.args.get("owner", "")
    found = services.rows(services.actions(priority, owner), months, area)
    imported = request.args.get("imported", "")
    return render_template("plan/index.html", rows=found, months=months, quarter=quarter, count=count, area=area,
                           priority=priority, owner=owner, priorities=services.PRIORITIES, owners=services.owners(),
                           quarters=services.finished_quarters(), periods=services.PERIODS,
                           areas=[(a, services.area_label(a)) for a in services.AREAS],
                           imported=int(imported) if imported.isdigit() else None)


DONE = {"action": _l("The action is saved."), "rule": _l("The status rule is saved."),
        "figure": _l("The figure is saved."), "activity": _l("The activity is saved."),
        "removed": _l("The activity is removed: it is no longer counted.")}


@bp.get("/actions/<public_id>")
@requires(*PLAN_STAFF)
def action(public_id):
    found = _found(PlanAction, public_id)
    months = services.last_months(12)
    return render_template("plan/action.html", action=found, months=months,
                           rows=[services.indicator_row(i, months) for i in found.indicators],
                           history={i.id: services.figure_history(i) for i in found.indicators},
                           activities={i.id: services.recent_activities(i) for i in found.indicators},
                           area_label=services.area_label, day_label=services.day_label, done=DONE.get(request.args.get("done", "")))


def _action_form(action_row=None):
    problems, values = {}, {}
    if request.method == "POST":
        values = {name: request.form.get(name, "") for name in ("code", "title", "owner", "timescale")}
        change = request.form.get("change", "")
        retired = {"retire": True, "restore": False}.get(change)
        try:
            saved = services.save_action(values, action_row, retired=retired)
        except services.Problems as found:
            problems = found.errors
        else:
            db.session.commit()
            return redirect(url_for("plan.action", public_id=saved.public_id, done="action"))
    elif action_row is not None:
        values = {name: getattr(action_row, name) for name in ("code", "title", "owner", "timescale")}
    return render_template("plan/action_form.html", action=action_row, values=values, problems=problems), (
        400 if problems else 200)


@bp.route("/actions/new", methods=["GET", "POST"])
@requires(ADMINISTRATOR)
def new_action():
    return _action_form()


@bp.route("/actions/<public_id>/edit", methods=["GET", "POST"])
@requires(ADMINISTRATOR)
def edit_action(public_id):
    return _action_form(_found(PlanAction, public_id))


@bp.route("/indicators/<public_id>/rule", methods=["GET", "POST"])
@requires(ADMINISTRATOR)
def rule(public_id):
    indicator = _found(PlanIndicator, public_id)
    problems = {}
    values = {"direction": indicator.direction, "target": "" if indicator.target is None else str(indicator.target),
              "stale_months": str(indicator.stale_months), "public": indicator.public}
    if request.method == "POST":
        values = {"direction": request.form.get("direction", ""), "target": request.form.get("target", "")[:20],
                  "stale_months": request.form.get("stale_months", "")[:5], "public": request.form.get("public") == "yes"}
        try:
            services.save_rule(indicator, values["direction"], values["target"], values["stale_months"], values["public"])
        except services.Problems as found:
            problems = found.errors
        else:
            db.session.commit()
            return redirect(url_for("plan.action", public_id=indicator.action.public_id, done="rule"))
    return render_template("plan/rule_form.html", indicator=indicator, values=values, problems=problems), (
        400 if problems else 200)


def _choices(source: str):
    return [i for i in services.indicators() if i.source == source]


@bp.route("/figures/new", methods=["GET", "POST"])
@requires(*PLAN_STAFF)
def new_figure():
    return _figure_form(None)


@bp.route("/figures/<public_id>/correct", methods=["GET", "POST"])
@requires(*PLAN_STAFF)
def correct_figure(public_id):
    figure = _found(PlanFigure, public_id)
    if figure.replaced_at is not None:
        abort(404)
    return _figure_form(figure)


def _figure_form(replacing):
    problems = {}
    values = {"indicator": request.args.get("indicator", ""), "area": COUNTY}
    if replacing is not None:
        values = {"indicator": replacing.indicator.public_id, "area": replacing.area, "value": str(replacing.value),
                  "source": replacing.source, "note": replacing.note, "starts_on": replacing.starts_on,
                  "ends_on": replacing.ends_on}
    if request.method == "POST":
        values = {name: request.form.get(name, "") for name in ("indicator", "area", "value", "source", "note")}
        dates = {name: read_date(request.form, name) for name in ("starts_on", "ends_on")}
        values["starts_on"], values["ends_on"] = dates["starts_on"].value, dates["ends_on"].value
        indicator = services.by_public_id(PlanIndicator, values["indicator"])
        try:
            figure = services.record_figure(indicator, values["starts_on"], values["ends_on"], values["area"],
                                            values["value"], values["source"], values["note"], replacing)
        except services.Problems as found:
            problems = found.errors
        else:
            db.session.commit()
            return redirect(url_for("plan.action", public_id=figure.indicator.action.public_id, done="figure"))
        values["typed"] = {name: answer.parts for name, answer in dates.items()}
    return render_template("plan/figure_form.html", values=values, problems=problems, replacing=replacing,
                           indicators=_choices("partner"), areas=[(a, services.area_label(a)) for a in services.AREAS]), (
        400 if problems else 200)


@bp.route("/figures/import", methods=["GET", "POST"])
@requires(*PLAN_STAFF)
def import_figures():
    problems = {}
    if request.method == "POST":
        upload = request.files.get("file")
        data = upload.read(2_000_001) if upload else b""
        if not data or len(data) > 2_000_000:
            problems = {0: [_l("Choose a CSV file of at most 2 MB")]}
        else:
            try:
                saved = services.import_figures(data)
            except services.Problems as found:
                db.session.rollback()
                problems = found.errors
            else:
                db.session.commit()
                return redirect(url_for("plan.index", imported=saved))
    return render_template("plan/import.html", problems=problems, columns=services.IMPORT_COLUMNS,
                           indicators=_choices("partner"), areas=services.AREAS), (400 if problems else 200)


@bp.route("/activities/new", methods=["GET", "POST"])
@requires(*PLAN_STAFF)
def new_activity():
    problems = {}
    values = {"indicator": request.args.get("indicator", "")}
    if request.method == "POST":
        values = {name: request.form.get(name, "") for name in ("indicator", "area", "audience", "people", "note")}
        held = read_date(request.form, "held_on")
        held_on = held.value
        indicator = services.by_public_id(PlanIndicator, values["indicator"])
        try:
            activity = services.record_activity(indicator, held_on, values["area"], values["audience"],
                                                values["people"], values["note"])
        except services.Problems as found:
            problems = found.errors
        else:
            db.session.commit()
            return redirect(url_for("plan.action", public_id=activity.indicator.action.public_id, done="activity"))
        values["typed"] = {"held_on": held.parts}
    return render_template("plan/activity_form.html", values=values, problems=problems,
                           indicators=_choices("activity"), districts=geography.DISTRICTS), (400 if problems else 200)


@bp.post("/activities/<public_id>/remove")
@requires(*PLAN_STAFF)
def remove_activity(public_id):
    activity = _found(PlanActivity, public_id)
    if activity.removed_at is None:
        services.remove_activity(activity)
        db.session.commit()
    return redirect(url_for("plan.action", public_id=activity.indicator.action.public_id, done="removed"))


def _quarter():
    quarter = request.args.get("quarter", "") or services.finished_quarters()[0]
    months = services.parse_quarter(quarter)
    if months is None:
        abort(404)
    return quarter, months


@bp.get("/report")
@requires(*PLAN_STAFF)
def report():
    quarter, months = _quarter()
    return render_template("plan/report.html", quarter=quarter, label=services.quarter_label(quarter),
                           rows=services.rows(services.actions(), months), quarters=services.finished_quarters(),
                           priorities=services.PRIORITIES)


@bp.get("/report.<kind>")
@requires(*PLAN_STAFF)
def report_file(kind):
    if kind not in ("csv", "xlsx"):
        abort(404)
    quarter, months = _quarter()
    table = services.report_table(services.rows(services.actions(), months))
    name = f"action-plan-{quarter}"
    if kind == "csv":
        out = io.StringIO()
        csvsafe.writer(out).writerows(table)
        body, mimetype = out.getvalue(), "text/csv"
    else:
        body = services.spreadsheet(table, quarter)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}.{kind}"'})


@bp.app_context_processor
def _public_progress():
    """The public figures page (app.indicators) shows the indicators the board marked public, through
    this function, so the figures page does not import the plan and the plan can use the indicators."""
    return {"public_plan_progress": lambda: services.public_rows(services.last_months(12))}
