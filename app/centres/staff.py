"""Centres in the staff area: the list, add, change, close, re-open and confirm the details.

Administrators and campaign staff (who recruit and check the centres). Thin: the rules are in
rules.py (shared with the CSV import) and the saving in editing.py.
"""
from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

from .. import geography
from ..extensions import db
from ..staff import auth, menu
from ..staff.auth import requires
from ..staff.models import ADMINISTRATOR, CAMPAIGN_STAFF, StaffUser
from . import editing
from .forms import CentreForm
from .models import Centre

bp = Blueprint("centre_admin", __name__, url_prefix="/staff/centres")
auth.install(bp)
# "Centres", not "Reporting centres": the home page of staff who never see a report says nothing of reports.
menu.register("centre_admin.index", _l("Centres"), (ADMINISTRATOR, CAMPAIGN_STAFF), order=45)
ALLOWED = (ADMINISTRATOR, CAMPAIGN_STAFF)


def _centre(code: str) -> Centre:
    found = editing.by_code(code)
    if found is None:
        abort(404)
    return found


@bp.context_processor
def helpers():
    return {"district_name": geography.district_name}


@bp.get("")
@requires(*ALLOWED)
def index():
    return render_template("centres/staff_index.html", centres=editing.all_centres())


def _save(form: CentreForm, centre: Centre | None) -> Centre | None:
    try:
        return editing.save(centre, form.values(), checked=form.checked.data)
    except editing.CentreInvalid as exc:
        db.session.rollback()
        for name, message in exc.errors.items():
            getattr(form, name).errors = [str(message)]
        return None


@bp.route("/new", methods=["GET", "POST"])
@requires(*ALLOWED)
def new():
    form = CentreForm()
    if form.validate_on_submit():
        saved = _save(form, None)
        if saved is not None:
            return redirect(url_for("centre_admin.show", code=saved.code))
    return render_template("centres/staff_form.html", form=form, centre=None)


@bp.route("/<code>/edit", methods=["GET", "POST"])
@requires(*ALLOWED)
def edit(code: str):
    centre = _centre(code)
    if request.method == "GET":
        form = CentreForm(data=editing.as_text(centre))
    else:
        form = CentreForm()
    form.code.data = centre.code
    if form.validate_on_submit():
        saved = _save(form, centre)
        if saved is not None:
            return redirect(url_for("centre_admin.show", code=saved.code))
    return render_template("centres/staff_form.html", form=form, centre=centre)


@bp.get("/<code>")
@requires(*ALLOWED)
def show(code: str):
    centre = _centre(code)
    rows = editing.history(centre)
    ids = {row.actor_id for row in rows if row.actor_id}
    names = {u.id: (u.name or u.email) for u in db.session.scalars(db.select(StaffUser).where(StaffUser.id.in_(ids)))} if ids else {}
    return render_template("centres/staff_show.html", centre=centre, history=rows, names=names, form=FlaskForm())


@bp.post("/<code>")
@requires(*ALLOWED)
def act(code: str):
    centre = _centre(code)
    if not FlaskForm().validate_on_submit():
        abort(400)
    action = request.form.get("action")
    if action == "close":
        editing.set_open(centre, False)
    elif action == "reopen":
        editing.set_open(centre, True)
    elif action == "checked":
        editing.confirm_checked(centre)
    else:
        abort(400)
    return redirect(url_for("centre_admin.show", code=centre.code))
