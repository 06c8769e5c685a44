"""Follow-up pages. Thin: check the form, call the service, render or redirect."""
from flask import current_app, redirect, render_template, request, url_for
from sqlalchemy.exc import SQLAlchemyError

from .. import messages
from ..extensions import db, rate_limited
from . import bp, services
from .forms import MessageForm, SignInForm

# Guessing is hopeless (130 bits), but each try costs a slow hash: keep tries few.
SIGN_IN_LIMIT = "10 per minute; 60 per hour"


def _limit():
    return current_app.config.get("FOLLOW_UP_RATE_LIMIT", SIGN_IN_LIMIT)


def _easy() -> bool:
    return request.args.get("easy") == "1" or request.form.get("easy") == "1"


def _url(endpoint: str, easy: bool) -> str:
    return url_for(endpoint, easy="1") if easy else url_for(endpoint)


@bp.route("", methods=["GET", "POST"])
@rate_limited(_limit, methods=["POST"])
def sign_in():
    easy = _easy()
    form = SignInForm()
    if form.validate_on_submit():
        report = services.find_report(form.reference.data, form.code.data)
        if report is not None:
            services.sign_in(report)
            return redirect(_url("followup.report", easy))
        # One message for every failure: it never says whether the reference exists.
        form.code.errors.append(messages.FOLLOW_UP_NO_MATCH)
        form.code.data = ""
    return render_template("followup/sign_in.html", form=form, easy=easy,
                           switch_url=_url("followup.sign_in", not easy))


@bp.route("/report", methods=["GET", "POST"])
def report():
    easy = _easy()
    found = services.current_report()
    if found is None:
        return redirect(_url("followup.sign_in", easy))
    form = MessageForm()
    sent = request.args.get("sent") == "1"
    if form.validate_on_submit():
        try:
            services.add_information(found, form.message.data)
        except SQLAlchemyError:
            db.session.rollback()
            current_app.logger.error("Could not store follow-up information")
            return render_template("followup/report.html", report=found, messages=services.messages(found),
                                   form=form, easy=easy, unavailable=True,
                                   switch_url=_url("followup.report", not easy)), 503
        target = url_for("followup.report", sent="1", **({"easy": "1"} if easy else {}))
        return redirect(target + "#sent")
    return render_template("followup/report.html", report=found, messages=services.messages(found), form=form,
                           easy=easy, sent=sent, switch_url=_url("followup.report", not easy))


@bp.post("/finish")
def finish():
    services.sign_out()
    return redirect(url_for("content.home"))
