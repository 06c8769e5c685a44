"""Thin handlers: parse, call a service, render or redirect (POST, redirect, GET)."""
from flask import abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db, rate_limited
from ..followup import services as followup
from . import bp, services, steps, summary, view, words
from .forms import CheckForm

SUBMIT_LIMIT = "10 per hour;3 per minute"


def _url(name: str, easy: bool, **args) -> str:
    if name == "start":
        return url_for("reporting.easy_start" if easy else "reporting.start", **args)
    if name == steps.CHECK:
        return url_for("reporting.easy_check" if easy else "reporting.check", **args)
    if name == "confirmation":
        return url_for("reporting.easy_confirmation" if easy else "reporting.confirmation", **args)
    return url_for("reporting.easy_step" if easy else "reporting.step", name=name, **args)


def _switch_url(name: str, easy: bool) -> str:
    """The same page in the other version (standard <-> easy read)."""
    return _url(name, not easy)


@bp.app_context_processor
def report_urls():
    return {"report_url": _url, "pictogram": view.pictogram}


@bp.get("")
def start():
    return _start(easy=False)


@bp.get("/easy")
def easy_start():
    return _start(easy=True)


def _start(easy: bool):
    draft = services.load_draft()
    resume = steps.first_unanswered(draft.answers) if draft.answers else None
    return render_template(
        "reporting/start.html", easy=easy, first=_url(steps.STEPS[0].name, easy),
        resume=_url(resume or steps.CHECK, easy) if draft.answers else None,
        switch_url=_switch_url("start", easy),
    )


@bp.route("/<name>", methods=["GET", "POST"])
def step(name: str):
    return _step(name, easy=False)


@bp.route("/easy/<name>", methods=["GET", "POST"])
def easy_step(name: str):
    return _step(name, easy=True)


def _order(name: str) -> int:
    return [s.name for s in steps.STEPS].index(name)


def _safety(answers: dict) -> list[tuple]:
    """Words to say at once after the "about you" answers, each with its picture for easy read."""
    return [(view.pictogram(picture), said) for picture, said in words.safety(request.args.get("after"), answers)]


def _render_step(step, form, answers, easy, status=200, notice=None):
    change = request.args.get("change") == "1"
    back = steps.previous_step(step.name, answers)
    back_url = _url(steps.CHECK, easy) if change else _url(back or "start", easy)
    return render_template(
        "reporting/question.html",
        step=step, form=form, easy=easy, notice=notice,
        fields=view.field_params(step, form, answers, easy),
        heading=view.heading_text(step, form, answers, easy),
        multi=step.heading is not None,
        back_url=back_url, switch_url=_switch_url(step.name, easy), answers=answers,
        pictogram=view.pictogram(step.pictogram) if easy else None,
        safety=_safety(answers),
    ), status


def _step(name: str, easy: bool):
    step = steps.BY_NAME.get(name)
    if step is None:
        abort(404)
    try:
        answers = services.load_draft().answers
    except SQLAlchemyError:
        if request.method != "POST":
            raise  # nothing typed yet: the site's calm 503 page
        # The database went away between two questions: say so, and keep what was just typed on
        # the page; the answers already saved are safe in the draft and come back with it.
        db.session.rollback()
        current_app.logger.error("Could not read a report draft")
        form = step.form()
        form.validate_on_submit()
        return _render_step(step, form, {}, easy, status=503, notice="unavailable")
    first = steps.first_unanswered(answers)
    if not step.applies(answers):
        return redirect(_url(first or steps.CHECK, easy))
    if first is not None and _order(first) < _order(name):
        return redirect(_url(first, easy))
    if request.method == "POST":
        form = step.form()
        if form.validate_on_submit():
            try:
                answers = services.save_answers(name, form.answers(step.keys))
            except SQLAlchemyError:
                db.session.rollback()
                current_app.logger.error("Could not save a report draft")
                return _render_step(step, form, answers, easy, status=503, notice="unavailable")
            # Words to say at once (hurt, under 18) go on the next page, whichever it is.
            after = {"after": name} if words.safety(name, answers) else {}
            if request.args.get("change") == "1":
                return redirect(_url(steps.first_unanswered(answers) or steps.CHECK, easy, **after))
            return redirect(_url(steps.next_step(name, answers), easy, **after))
        return _render_step(step, form, answers, easy)
    form = step.form(formdata=None, data=step.form.prefill(answers, step.keys))
    return _render_step(step, form, answers, easy)


# Check your answers and submit ---------------------------------------------------------------

def _submit_limit() -> str:
    return current_app.config.get("REPORT_SUBMIT_LIMIT", SUBMIT_LIMIT)


@bp.route("/check", methods=["GET", "POST"])
@rate_limited(_submit_limit, methods=["POST"])
def check():
    return _check(easy=False)


@bp.route("/easy/check", methods=["GET", "POST"])
@rate_limited(_submit_limit, methods=["POST"])
def easy_check():
    return _check(easy=True)


def _render_check(form, draft, easy, status=200, notice=None):
    return render_template(
        "reporting/check.html", form=form, easy=easy, notice=notice,
        rows=summary.rows(steps.applicable(draft.answers), draft.answers, easy, _url),
        key=draft.answers.get("_submission_key", ""),
        back_url=_url(steps.previous_step(steps.CHECK, draft.answers), easy),
        switch_url=_switch_url(steps.CHECK, easy),
        safety=_safety(draft.answers),
    ), status


def _check(easy: bool):
    form = CheckForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        if form.website.data:  # the honeypot: look the same, keep nothing
            services.forget_draft()
            session[services.DONE_SESSION_KEY] = services.new_reference()
            session[followup.CODE_SESSION_KEY] = followup.new_code()
            return redirect(_url("confirmation", easy))
        key = (form.submission_key.data or "")[:64]
        try:
            existing = services.find_by_key(key)
        except SQLAlchemyError:
            db.session.rollback()
            existing = None
        if existing is not None:
            session.pop(services.SESSION_KEY, None)
            session[services.DONE_SESSION_KEY] = existing.reference
            return redirect(_url("confirmation", easy))
    draft = services.load_draft()
    first = steps.first_unanswered(draft.answers)
    if first is not None:
        return redirect(_url(first, easy))
    if request.method == "POST":
        # A form without its key (an old page, a stripped field) still sends once: use the draft's own key.
        key = key or services.submission_key(draft)
        try:
            code = followup.new_code()
            code_hash = followup.hash_code(code)
            report = services.submit(draft.answers, key, easy=easy, lang=str(get_locale() or "en"),
                                     follow_up_hash=code_hash)
        except SQLAlchemyError:
            db.session.rollback()
            current_app.logger.error("Could not store a report")
            return _render_check(form, draft, easy, status=503, notice="unavailable")
        session.pop(services.SESSION_KEY, None)
        session[services.DONE_SESSION_KEY] = report.reference
        if report.follow_up_hash == code_hash:  # not a second click that found the first report
            session[followup.CODE_SESSION_KEY] = code
        return redirect(_url("confirmation", easy))
    services.submission_key(draft)
    return _render_check(form, draft, easy)


@bp.get("/confirmation")
def confirmation():
    return _confirmation(easy=False)


@bp.get("/easy/confirmation")
def easy_confirmation():
    return _confirmation(easy=True)


def _confirmation(easy: bool):
    reference = session.get(services.DONE_SESSION_KEY)
    if not isinstance(reference, str):
        return redirect(_url("start", easy))
    try:
        report = services.find_by_reference(reference)
    except SQLAlchemyError:
        db.session.rollback()
        report = None
    # Shown once: a reload or a later visit finds it gone, as the page says.
    code = session.pop(followup.CODE_SESSION_KEY, None)
    return render_template("reporting/confirmation.html", reference=reference, report=report, easy=easy,
                           follow_up_code=code if isinstance(code, str) else None,
                           switch_url=_switch_url("confirmation", easy))


# A session lost part way (for example a phone asleep for hours) must not lose what was typed.

@bp.errorhandler(CSRFError)
def csrf_expired(error):
    args = request.view_args or {}
    easy = request.endpoint.startswith("reporting.easy")
    if request.endpoint in ("reporting.step", "reporting.easy_step"):
        step = steps.BY_NAME.get(args.get("name", ""))
        if step is not None:
            form = step.form()  # what was posted, not validated
            answers = services.load_draft().answers
            return _render_step(step, form, answers, easy, status=400, notice="expired")
    if request.endpoint in ("reporting.check", "reporting.easy_check"):
        draft = services.load_draft()
        if draft.answers and steps.first_unanswered(draft.answers) is None:
            services.submission_key(draft)
            return _render_check(CheckForm(), draft, easy, status=400, notice="expired")
    return render_template("errors/400.html"), 400

