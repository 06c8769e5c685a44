"""Case queue pages. Thin: read the request, call app.cases.services, render or redirect."""
from flask import Response, abort, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from .. import messages
from ..core import clock
from ..reporting import police
from ..staff import menu
from ..staff.auth import current_user, requires
from ..staff.models import CASE_WORKER
from . import bp, queue as queue_rules, referrals, services, words
from .forms import DecisionForm, ExportForm, NoteForm, ReplyForm, StatusForm

menu.register("cases.queue", _l("Case queue"), (CASE_WORKER,), order=10)


def _task_summary(user) -> list:
    found = queue_rules.counts(user)
    return [(queue_rules.LABELS[key], found[key], url_for("cases.queue", task=key)) for key in queue_rules.TASKS]


menu.register_summary("cases.task", _l("Your case queue"), (CASE_WORKER,), _task_summary)

DATE_PROBLEMS = {"date": messages.DATE_REAL, "part": messages.DATE_PART, "order": messages.CASES_DATE_ORDER}


_labels = words.labels


@bp.get("")
@requires(CASE_WORKER)
def queue():
    parsed = services.parse_filters(request.args)
    reference = (request.args.get("reference") or "").strip()[:40]
    reference_problem = None
    if reference:
        found = services.find(reference)
        if found is not None:
            return redirect(url_for("cases.report", reference=found.reference))
        reference_problem = messages.CASES_REFERENCE_NOT_FOUND % {"reference": reference}
    filters = parsed.filters
    user = current_user()
    page = services.queue(filters, user)
    return render_template(
        "cases/queue.html", filters=filters, page=page, counts=services.status_counts(filters, user),
        task_counts=services.task_counts(filters, user), tags=queue_rules.tags(page.reports, user),
        date_problems={k: DATE_PROBLEMS[v] for k, v in parsed.errors.items()}, date_boxes=parsed.parts, reference=reference,
        reference_problem=reference_problem, labels=_labels(), export_form=ExportForm(),
    )


def _report_page(report, status_form=None, note_form=None, reply_form=None, decision_form=None, refused=None,
                 assign_problem=None):
    """The case page, for a GET and for a form shown again with its errors: both go through the audited show."""
    return render_template(
        "cases/report.html", labels=_labels(), **services.show(report, current_user()),
        assignee=queue_rules.assignee(report), case_workers=queue_rules.case_workers(report), assign_problem=assign_problem,
        referral=referrals.current(report),
        status_form=status_form or StatusForm(formdata=None, status=report.status),
        note_form=note_form or NoteForm(formdata=None), reply_form=reply_form or ReplyForm(formdata=None),
        decision_form=decision_form or DecisionForm(formdata=None), refused=refused, police=police,
    ), (403 if refused else 400 if assign_problem else 200)


REFUSALS = {"police": messages.CASES_NOT_AGREED_POLICE, "police-summary": messages.CASES_NOT_AGREED_POLICE,
            "referral": messages.CASES_NOT_AGREED_REFERRAL}


@bp.route("/<reference>", methods=["GET", "POST"])
@requires(CASE_WORKER)
def report(reference: str):
    found = services.open_report(reference)
    if request.method == "GET":
        return _report_page(found)
    action = request.form.get("action", "")
    if action == "status":
        form = StatusForm()
        if not form.validate_on_submit():
            return _report_page(found, status_form=form)
        try:
            services.change_status(found, current_user(), form.status.data, form.note.data or "")
        except services.NotAgreed as refusal:
            return _report_page(found, status_form=form, refused=REFUSALS[refusal.action])
    elif action == "decision":
        form = DecisionForm()
        if not form.validate_on_submit():
            return _report_page(found, decision_form=form)
        services.change_police_decision(found, current_user(), form.decision.data, form.reason.data, form.decision_note.data)
    elif action == "assign":
        if not queue_rules.assign(found, current_user(), (request.form.get("assignee") or "").strip()[:40]):
            return _report_page(found, assign_problem=messages.CASES_ASSIGNEE)
        return redirect(url_for("cases.report", reference=found.reference) + "#assigned")
    elif action == "revoke-referral":
        referrals.revoke(found, current_user())
        return redirect(url_for("cases.report", reference=found.reference) + "#referral")
    elif action == "resend-referral":
        try:
            referrals.send_again(found, current_user())
        except services.NotAgreed as refusal:
            return _report_page(found, refused=REFUSALS[refusal.action])
        return redirect(url_for("cases.report", reference=found.reference) + "#referral")
    elif action == "note":
        form = NoteForm()
        if not form.validate_on_submit():
            return _report_page(found, note_form=form)
        services.add_note(found, current_user(), form.text.data)
    elif action == "reply":
        form = ReplyForm()
        if not form.validate_on_submit():
            return _report_page(found, reply_form=form)
        services.reply(found, current_user(), form.message.data)
    else:
        abort(400)
    return redirect(url_for("cases.report", reference=found.reference) + "#history")


@bp.post("/<reference>/police-summary.txt")
@requires(CASE_WORKER)
def police_summary(reference: str):
    """What the police may be given, for the case team to send by the agreed secure route."""
    found = services.open_report(reference)
    try:
        body = services.police_summary(found, current_user())
    except services.NotAgreed as refusal:
        return _report_page(found, refused=REFUSALS[refusal.action])
    return Response(body, mimetype="text/plain", headers={
        "Content-Disposition": f'attachment; filename="police-summary-{found.reference}.txt"',
    })


# What a person sent is served as an image and nothing else: the type is the one we re-encoded it
# to, never sniffed, and a sandbox with no sources means even a browser fooled into rendering it as
# a page could run nothing.
IMAGE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cache-Control": "no-store",
}


@bp.get("/<reference>/images/<int:number>")
@requires(CASE_WORKER)
def image(reference: str, number: int):
    found = services.image(services.open_report(reference), current_user(), number)
    if found is None:
        abort(404)
    extension = "png" if found.content_type == "image/png" else "jpg"
    return Response(found.data, mimetype=found.content_type, headers={
        **IMAGE_HEADERS, "Content-Disposition": f'inline; filename="evidence-{number}.{extension}"'})


EXPORTS = {
    "csv": (services.export_csv, "text/csv"),
    "xlsx": (services.export_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


@bp.post("/export.<kind>")
@requires(CASE_WORKER)
def export(kind: str):
    if kind not in EXPORTS:
        abort(404)
    form = ExportForm()
    if not form.validate_on_submit():
        abort(400)
    parsed = services.parse_filters(request.form)
    write, mimetype = EXPORTS[kind]
    body, _count = write(parsed.filters, current_user(), bool(form.free_text.data))
    stamp = clock.now().strftime("%Y-%m-%d")
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="reports-{stamp}.{kind}"',
    })
