"""Outcome pages in the staff area: write, preview, change, publish and take down, with history.

Administrators and campaign staff. Whoever wrote the text as it stands cannot publish it.
"""
from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from ..staff import auth, menu
from ..staff.auth import current_user, requires
from ..staff.models import ADMINISTRATOR, CAMPAIGN_STAFF
from . import services
from .forms import KIND_LABELS, OutcomeForm
from .models import CHANGED, PUBLISHED, UNPUBLISHED, WRITTEN

bp = Blueprint("outcomes_admin", __name__, url_prefix="/staff/outcomes")
auth.install(bp)
ALLOWED = (ADMINISTRATOR, CAMPAIGN_STAFF)
menu.register("outcomes_admin.index", _l("Outcomes"), ALLOWED, order=45)

ACTION_LABELS = {
    WRITTEN: _l("Written"),
    CHANGED: _l("Changed"),
    PUBLISHED: _l("Published"),
    UNPUBLISHED: _l("Taken off the public page"),
}
FIELD_LABELS = {"title": _l("Title"), "body": _l("Text"), "kind": _l("What it is"), "lang": _l("Language")}


@bp.context_processor
def helpers():
    return {"kind_label": KIND_LABELS.get, "action_label": ACTION_LABELS.get, "field_label": FIELD_LABELS.get}


def _outcome(public_id: str):
    found = services.find(public_id)
    if found is None:
        abort(404)
    return found


@bp.get("")
@requires(*ALLOWED)
def index():
    return render_template("outcomes/staff_index.html", outcomes=services.every())


def _form_page(form: OutcomeForm, outcome=None):
    """Preview or save. A preview saves nothing; a save goes to the outcome's page for a second person."""
    preview = None
    if form.validate_on_submit():
        try:
            clean = services.validate(**form.values())
        except services.OutcomeRefused as refused:
            for name, message in refused.errors.items():
                getattr(form, name).errors = [message]
        else:
            if request.form.get("action") == "preview":
                preview = services.render(clean["body"])
            else:
                saved = (services.write(current_user(), **clean) if outcome is None
                         else services.change(outcome, current_user(), **clean))
                return redirect(url_for("outcomes_admin.show", public_id=saved.public_id))
    return render_template("outcomes/staff_form.html", form=form, outcome=outcome, preview=preview)


@bp.route("/new", methods=["GET", "POST"])
@requires(*ALLOWED)
def new():
    return _form_page(OutcomeForm())


@bp.route("/<public_id>/edit", methods=["GET", "POST"])
@requires(*ALLOWED)
def edit(public_id: str):
    outcome = _outcome(public_id)
    return _form_page(OutcomeForm(obj=outcome) if request.method == "GET" else OutcomeForm(), outcome)


def _show(outcome, refusal=None):
    return render_template("outcomes/staff_show.html", outcome=outcome, body=services.render(outcome.body),
                           may_publish=services.may_publish(outcome, current_user()), refusal=refusal)


@bp.get("/<public_id>")
@requires(*ALLOWED)
def show(public_id: str):
    return _show(_outcome(public_id))


@bp.post("/<public_id>/<action>")
@requires(*ALLOWED)
def act(public_id: str, action: str):
    outcome = _outcome(public_id)
    steps = {"publish": services.publish, "unpublish": services.unpublish}
    if action not in steps:
        abort(404)
    try:
        steps[action](outcome, current_user())
    except services.OutcomeRefused as refused:
        return _show(outcome, refusal=refused.errors["outcome"])
    return redirect(url_for("outcomes_admin.show", public_id=outcome.public_id))
