"""The notifications page: what has not reached the case team yet, and why."""
from flask import abort, current_app, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select

from ..extensions import db
from ..reporting.models import Outbox, Report
from ..staff import audit, auth, menu
from ..staff.auth import requires
from ..staff.models import ADMINISTRATOR, CASE_WORKER
from . import bp, sender

auth.install(bp)
menu.register("outbox.index", _l("Notifications"), (ADMINISTRATOR, CASE_WORKER), order=60)
RETRY = audit.register("outbox.retry", _l("Notification sent again"))


@bp.get("")
@requires(ADMINISTRATOR, CASE_WORKER)
def index():
    rows = sender.pending()
    ids = {row.report_id for row in rows if row.report_id is not None}
    found = db.session.execute(select(Report.id, Report.reference).where(Report.id.in_(ids))).all() if ids else []
    references = {row_id: reference for row_id, reference in found}
    return render_template("outbox/index.html", rows=rows, references=references, form=FlaskForm(),
                           mail_server=bool(current_app.config.get("MAIL_SERVER")),
                           development=current_app.config.get("APP_ENV") != "production")


@bp.post("/<int:row_id>/retry")
@requires(ADMINISTRATOR, CASE_WORKER)
def retry(row_id: int):
    if not FlaskForm().validate_on_submit():
        abort(400)
    row = db.session.get(Outbox, row_id)
    if row is None or row.delivered_at is not None:
        abort(404)
    audit.record(RETRY, ("outbox", str(row.id)))
    sender.retry_now(row)
    return redirect(url_for("outbox.index"))
