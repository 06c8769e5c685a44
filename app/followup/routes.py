"""Follow-up pages. Thin: check the form, call the service, render or redirect."""
from flask import current_app, g, redirect, render_template, request, url_for
from flask_limiter import RateLimitExceeded
from sqlalchemy.exc import SQLAlchemyError

from .. import messages
from ..extensions import address_key, db, limiter, rate_limited
from ..reporting.services import normalise_reference
from . import bp, services
from .forms import MessageForm, SignInForm

# A code is 12 digits (about 40 bits): guesses are kept few per address, and per reference however
# many addresses they come from; each try also costs a slow hash.
SIGN_IN_LIMIT = "10 per minute; 60 per hour"
REFERENCE_LIMIT = "10 per hour; 30 per day"
# Each message puts the report back in the case team's queue: more than a person writes, per report
# (however many sign-ins) and per sign-in.
MESSAGE_LIMIT = "5 per 10 minutes"


def _limit():
    return current_app.config.get("FOLLOW_UP_RATE_LIMIT", SIGN_IN_LIMIT)


def _reference_limit():
    return current_app.config.get("FOLLOW_UP_REFERENCE_LIMIT", REFERENCE_LIMIT)


def _reference_key() -> str:
    """The reference tried, as an opaque key: the limiter's storage never holds it."""
    typed = request.form.get("reference", "")
    return address_key("follow-up-reference:" + (normalise_reference(typed) or typed.strip().upper()[:40]))


def _message_limit():
    return current_app.config.get("FOLLOW_UP_MESSAGE_LIMIT", MESSAGE_LIMIT)


def _report_key() -> str:
    return address_key(f"follow-up-report:{g.follow_up_report_id}")


def _session_key() -> str:
    return address_key(f"follow-up-session:{services.session_key()}")


def _easy() -> bool:
    return request.args.get("easy") == "1" or request.form.get("easy") == "1"


def _url(endpoint: str, easy: bool) -> str:
    return url_for(endpoint, easy="1") if easy else url_for(endpoint)


@bp.route("", methods=["GET", "POST"])
@limiter.limit(_reference_limit, key_func=_reference_key, methods=["POST"])
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
@limiter.limit(_message_limit, key_func=_report_key, methods=["POST"])
@limiter.limit(_message_limit, key_func=_session_key, methods=["POST"])
def report():
    easy = _easy()
    found = services.current_report()
    if found is None:
        return redirect(_url("followup.sign_in", easy))
    form = MessageForm()
    sent = request.args.get("sent") == "1"

    def page(status=200, **notice):
        return render_template("followup/report.html", report=found, messages=services.messages(found), form=form,
                               easy=easy, sent=sent, switch_url=_url("followup.report", not easy), **notice), status

    if form.validate_on_submit():
        g.follow_up_report_id = found.id
        try:
            limiter.check()  # only a message that would be stored counts
        except RateLimitExceeded:
            return page(429, too_many=True)  # what they typed stays in the box
        try:
            services.add_information(found, form.message.data)
        except SQLAlchemyError:
            db.session.rollback()
            current_app.logger.error("Could not store follow-up information")
            return page(503, unavailable=True)
        target = url_for("followup.report", sent="1", **({"easy": "1"} if easy else {}))
        return redirect(target + "#sent")
    return page()


@bp.post("/finish")
def finish():
    services.sign_out()
    return redirect(url_for("content.home"))
