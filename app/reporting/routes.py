"""Thin handlers: parse, call a service, render or redirect (POST, redirect, GET)."""
from flask import abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_wtf.csrf import CSRFError, generate_csrf
from markupsafe import Markup
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import RequestEntityTooLarge

from .. import messages
from ..extensions import db, rate_limited
from ..followup import services as followup
from ..requests import allow_uploads
from . import bp, evidence, police, services, steps, summary, view, words
from .forms import CheckForm

SUBMIT_LIMIT = "10 per hour;3 per minute"
SUBMIT_SCOPE = "report-send"  # one count for the standard and easy-read sends


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
    return {"report_url": _url, "pictogram": view.pictogram, "police": police, "file_size": evidence.size_text}


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
        step=step, form=form, easy=easy, notice=notice, files=_files(form, notice),
        fields=view.field_params(step, form, answers, easy),
        heading=view.heading_text(step, form, answers, easy),
        multi=step.heading is not None,
        back_url=back_url, switch_url=_switch_url(step.name, easy), answers=answers,
        step_picture=view.pictogram(step.pictogram) if easy else None,
        safety=_safety(answers),
    ), status


def _step(name: str, easy: bool):
    step = steps.BY_NAME.get(name)
    if step is None:
        abort(404)
    try:
        draft = services.load_draft()
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
    answers = draft.answers
    first = steps.first_unanswered(answers)
    if not step.applies(answers):
        return redirect(_url(first or steps.CHECK, easy))
    if first is not None and _order(first) < _order(name):
        return redirect(_url(first, easy))
    if request.method == "POST":
        form = step.form()
        if form.validate_on_submit():
            if form.uploads:
                return _uploads(step, form, draft, easy)
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
        return _again(step, form, easy, list(request.form.items(multi=True)))
    kept = services.typed(answers, name)
    if kept is not None:
        return _render_step(step, _typed_form(step, kept), answers, easy)
    form = step.form(formdata=None, data=step.form.prefill(answers, step.keys))
    return _render_step(step, form, answers, easy)


def _again(step, form, easy: bool, fields: list, problems: list[str] | None = None, status: int = 200):
    """A question sent with mistakes: keep what was typed in the draft and send the browser back to
    the question (post, redirect, get), so Back and Forward never meet a page that answered a POST."""
    try:
        services.keep_typed(step.name, fields, problems)
    except SQLAlchemyError:  # nowhere to keep it: show the errors at once, as before
        db.session.rollback()
        if problems:
            form.files.errors = [Markup("<br>").join(problems)]
        return _render_step(step, form, {}, easy, status=status)
    return redirect(_url(step.name, easy, **request.args.to_dict()), code=303)


def _typed_form(step, kept: dict):
    """The question as it was sent, with its errors found again (so in the page's language)."""
    data = MultiDict([tuple(pair) for pair in kept["fields"]])
    data["csrf_token"] = generate_csrf()
    form = step.form(formdata=data)
    form.validate()
    if kept["problems"]:  # each escaped: they hold file names
        form.files.errors = [Markup("<br>").join(kept["problems"])]
    return form


# Photos and screenshots --------------------------------------------------------------------------

def _upload_limit(view_args: dict) -> int | None:
    step = steps.BY_NAME.get(view_args.get("name", ""))
    return evidence.MAX_REQUEST if step is not None and step.form.uploads else None


allow_uploads("reporting.step", _upload_limit)
allow_uploads("reporting.easy_step", _upload_limit)


def _files(form, notice) -> list:
    """The files already added, for a question that takes files (none shown while the database is away)."""
    if not form.uploads or notice == "unavailable":
        return []
    try:
        return evidence.listed(services.load_draft().row)
    except SQLAlchemyError:
        db.session.rollback()
        return []


def _uploads(step, form, draft, easy: bool):
    """A question that takes files: remove one, add those chosen (and stay to see them listed), or go on."""
    change = {"change": 1} if request.args.get("change") == "1" else {}
    action = request.form.get("action", "continue")
    if draft.row is None:  # no earlier answer kept (cannot happen through the pages)
        return redirect(_url("start", easy))
    try:
        if request.form.get("remove"):
            evidence.remove(draft.row, request.form["remove"])
            return redirect(_url(step.name, easy, **change))
        chosen = [(f.filename, f.stream) for f in form.files.data or [] if f.filename]
        problems = evidence.add(draft.row, chosen) if chosen and action != "skip" else []
        if problems:
            return _again(step, form, easy, [], problems)
        if action == "upload":
            return redirect(_url(step.name, easy, **change))
        answers = services.save_answers(step.name, {})
    except SQLAlchemyError:
        db.session.rollback()
        current_app.logger.error("Could not save a report draft's files")
        return _render_step(step, form, draft.answers, easy, status=503, notice="unavailable")
    if change:
        return redirect(_url(steps.first_unanswered(answers) or steps.CHECK, easy))
    return redirect(_url(steps.next_step(step.name, answers), easy))


def _discard_body(limit: int = 4 * evidence.MAX_REQUEST) -> None:
    """Read what is left of a refused upload, so the browser gets the page instead of a reset
    connection (behind nginx, which buffers the body, this finds nothing to read)."""
    remaining = min(request.content_length or 0, limit)
    stream = request.environ.get("wsgi.input")
    try:
        while remaining > 0 and stream is not None:
            chunk = stream.read(min(remaining, 64 * 1024))
            if not chunk:
                break
            remaining -= len(chunk)
    except (OSError, ValueError):
        pass


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error):
    """Too much at once for a question that takes files: the same question, in the person's
    language, with everything kept; any other page gets the site's plain page."""
    args = request.view_args or {}
    step = steps.BY_NAME.get(args.get("name", ""))
    if request.endpoint not in ("reporting.step", "reporting.easy_step") or step is None or not step.form.uploads:
        return render_template("errors/400.html"), 413
    _discard_body()
    return _again(step, step.form(formdata=None), request.endpoint == "reporting.easy_step", [],
                  [str(messages.EVIDENCE_REQUEST_TOO_LARGE)], status=413)


# Check your answers and submit ---------------------------------------------------------------

def _submit_limit() -> str:
    return current_app.config.get("REPORT_SUBMIT_LIMIT", SUBMIT_LIMIT)


@bp.route("/check", methods=["GET", "POST"])
@rate_limited(_submit_limit, scope=SUBMIT_SCOPE, methods=["POST"])
def check():
    return _check(easy=False)


@bp.route("/easy/check", methods=["GET", "POST"])
@rate_limited(_submit_limit, scope=SUBMIT_SCOPE, methods=["POST"])
def easy_check():
    return _check(easy=True)


def _render_check(form, draft, easy, status=200, notice=None):
    return render_template(
        "reporting/check.html", form=form, easy=easy, notice=notice,
        rows=summary.rows(steps.applicable(draft.answers), draft.answers, easy, _url),
        key=draft.answers.get("_submission_key", ""), police_answer=draft.answers.get("police"),
        back_url=_url(steps.previous_step(steps.CHECK, draft.answers), easy),
        switch_url=_switch_url(steps.CHECK, easy),
        safety=_safety(draft.answers),
    ), status


def _check(easy: bool):
    form = CheckForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        if form.website.data:  # the honeypot: look the same, keep nothing but a receipt that soon expires
            services.forget_draft()
            services.keep_receipt(services.new_reference(), followup.new_code())
            return redirect(_url("confirmation", easy))
        key = (form.submission_key.data or "")[:64]
        try:
            existing = services.find_by_key(key)
        except SQLAlchemyError:
            db.session.rollback()
            existing = None
        if existing is not None:  # sent already (a second click): the reference again, not the code
            session.pop(services.SESSION_KEY, None)
            services.keep_receipt(existing.reference)
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
                                     follow_up_hash=code_hash, follow_up_code=code)
            if report.follow_up_hash != code_hash:  # a second click that found the first report
                session.pop(services.SESSION_KEY, None)
                services.keep_receipt(report.reference)
        except SQLAlchemyError:
            db.session.rollback()
            current_app.logger.error("Could not store a report")
            return _render_check(form, draft, easy, status=503, notice="unavailable")
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
    receipt = services.read_receipt()  # the code only on the first view, as the page says
    if receipt is None:
        return redirect(_url("start", easy))
    try:
        report = services.find_by_reference(receipt.reference)
    except SQLAlchemyError:
        db.session.rollback()
        report = None
    return render_template("reporting/confirmation.html", reference=receipt.reference, report=report, easy=easy,
                           follow_up_code=receipt.code, switch_url=_switch_url("confirmation", easy))


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

