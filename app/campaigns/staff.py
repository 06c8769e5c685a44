"""Campaign pages in the staff area: the list with its counts, create, edit, and QR downloads.

Administrators and campaign staff only. Counts only: nothing here ever shows a report, and every
count is published by app.indicators (whole months that have ended, small numbers hidden).
"""
from flask import Blueprint, Response, abort, current_app, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..core import clock
from ..extensions import db
from ..indicators.services import CampaignFigures
from ..staff import audit, auth, menu
from ..staff.auth import requires
from ..staff.models import ADMINISTRATOR, CAMPAIGN_STAFF
from . import channels, editing
from .forms import CampaignForm
from .models import Campaign
from .qr import qr_png, qr_svg, short_link

bp = Blueprint("campaign_admin", __name__, url_prefix="/staff/campaigns")
auth.install(bp)
menu.register("campaign_admin.index", _l("Campaigns"), (ADMINISTRATOR, CAMPAIGN_STAFF), order=40)
CREATED = audit.register("campaign.create", _l("Campaign created"))
CHANGED = audit.register("campaign.edit", _l("Campaign changed"))
ALLOWED = (ADMINISTRATOR, CAMPAIGN_STAFF)


def _campaign(code: str) -> Campaign:
    found = db.session.scalar(select(Campaign).where(Campaign.code == code))
    if found is None:
        abort(404)
    return found


def _status(campaign: Campaign) -> str:
    on = clock.today()
    if editing.is_active(campaign, on):
        return "running"
    return "not-started" if campaign.starts_on and on < campaign.starts_on else "ended"


@bp.context_processor
def helpers():
    return {"channel_label": channels.label, "campaign_status": _status, "landing_ok": editing.landing_page_exists}


@bp.get("")
@requires(*ALLOWED)
def index():
    figures = CampaignFigures.ever()
    return render_template("campaigns/staff_index.html", rows=figures.each(), unmatched=figures.unmatched_clicks())


def _save(form: CampaignForm, campaign: Campaign | None):
    try:
        if campaign is None:
            saved = editing.create_campaign(**form.values())
            audit.record(CREATED, ("campaign", saved.code))
        else:
            saved = editing.update_campaign(campaign, **form.values())
            audit.record(CHANGED, ("campaign", saved.code))
        db.session.commit()
        return saved
    except editing.CampaignInvalid as exc:
        for name, message in exc.errors.items():
            field = getattr(form, name)
            if not field.errors:  # a date's own problem (31 February) says more than "enter the date"
                field.errors = [message]
        return None


def _submitted(form: CampaignForm) -> bool:
    """Sent with a good CSRF token. The form's own checks (a date that is not real) do not stop the
    service's, so every problem is shown at once."""
    if not form.is_submitted():
        return False
    form.validate()
    return not form.csrf_token.errors


@bp.route("/new", methods=["GET", "POST"])
@requires(*ALLOWED)
def new():
    form = CampaignForm()
    if _submitted(form):
        saved = _save(form, None)
        if saved is not None:
            return redirect(url_for("campaign_admin.show", code=saved.code))
    return render_template("campaigns/staff_form.html", form=form, campaign=None)


@bp.route("/<code>/edit", methods=["GET", "POST"])
@requires(*ALLOWED)
def edit(code: str):
    campaign = _campaign(code)
    form = CampaignForm(obj=campaign) if request.method == "GET" else CampaignForm()
    if _submitted(form):
        saved = _save(form, campaign)
        if saved is not None:
            return redirect(url_for("campaign_admin.show", code=saved.code))
        db.session.rollback()
    return render_template("campaigns/staff_form.html", form=form, campaign=campaign)


@bp.get("/<code>")
@requires(*ALLOWED)
def show(code: str):
    campaign = _campaign(code)
    figures = CampaignFigures.ever()
    link = short_link(campaign, current_app.config["SITE_URL"])
    return render_template("campaigns/staff_show.html", campaign=campaign, months=figures.by_month(campaign),
                           summary=figures.row(campaign), link=link)


@bp.get("/<code>/qr.<kind>")
@requires(*ALLOWED)
def qr(code: str, kind: str):
    campaign = _campaign(code)
    base = current_app.config["SITE_URL"]
    if kind == "svg":
        body, mimetype = qr_svg(campaign, base), "image/svg+xml"
    elif kind == "png":
        body, mimetype = qr_png(campaign, base), "image/png"
    else:
        abort(404)
    # The code is 2-24 of [a-z0-9-]: safe in a file name as it is.
    disposition = "inline" if kind == "svg" and request.args.get("download") != "1" else "attachment"
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f'{disposition}; filename="qr-{campaign.code}.{kind}"'})

