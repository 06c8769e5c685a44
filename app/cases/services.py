"""The case team's work on reports: find them, read them, move them on, export them.

Every function that shows or changes a report writes to the audit trail in the same transaction.
"""
import io
import json
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from flask import abort
from babel import Locale
from flask_babel import get_locale, lazy_gettext as _l
from sqlalchemy import func, select

from .. import csvsafe, geography, messages, spreadsheet
from ..campaigns.models import Campaign
from ..centres.models import Centre
from ..extensions import db
from ..forms import read_date
from ..followup import services as followup
from ..outbox import POLICE_REFERRAL, REFERRAL, enqueue
from ..reporting import choices, evidence, police
from ..reporting.models import Report
from ..reporting.services import normalise_reference
from ..core import clock
from ..i18n import LANGUAGES
from ..staff import audit
from ..staff.models import StaffUser
from . import queue as queue_rules
from .models import DECISION_CHANGE, NOTE, POLICE, REFERRED, STATUS_CHANGE, STATUSES, CaseEvent, Referral

PER_PAGE = 50
NOTE_MAX = 5000
POLICE_RETENTION_DAYS = 7 * 365  # a report passed to the police is kept as long as police records

VIEW = audit.register("report.view", _l("Report opened"))
STATUS = audit.register("report.status", _l("Report status changed"))
NOTED = audit.register("report.note", _l("Case note added"))
REPLIED = audit.register("report.reply", _l("Reply to the reporter written"))
EXPORT = audit.register("report.export", _l("Reports exported"))
REFUSED = audit.register("report.refused", _l("Refused: beyond what the person agreed"))
DECISION = audit.register("report.police_decision", _l("Decision about the police recorded"))
POLICE_SUMMARY = audit.register("report.police_summary", _l("Summary for the police downloaded"))
IMAGE = audit.register("report.image", _l("Photo or screenshot opened"))

CHANNELS = ("online", "easy-read", "centre-assisted")
STRAND_VALUES = tuple(v for v, _ in choices.STRANDS)
LOCATION_VALUES = tuple(v for v, _ in choices.LOCATIONS)
DISTRICT_VALUES = tuple(d.slug for d in geography.DISTRICTS) + (geography.OUTSIDE, geography.NOT_SURE)


@dataclass(frozen=True)
class Filters:
    status: str = ""
    strand: str = ""
    district: str = ""
    location: str = ""
    channel: str = ""
    task: str = ""  # one of queue.TASKS: mine, unassigned, needs a reply, overdue
    date_from: date | None = None
    date_to: date | None = None
    page: int = 1

    def as_args(self) -> dict:
        """The filters as query arguments, for links that keep them (pages, export)."""
        args = {k: getattr(self, k) for k in ("status", "strand", "district", "location", "channel", "task") if getattr(self, k)}
        if self.date_from:
            args["from"] = self.date_from.isoformat()
        if self.date_to:
            args["to"] = self.date_to.isoformat()
        return args

    def audit_detail(self) -> dict:
        return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in self.as_args().items()}


@dataclass
class Parsed:
    filters: Filters
    errors: dict = field(default_factory=dict)  # field name -> problem code
    parts: dict = field(default_factory=dict)  # "from"/"to" -> the date boxes as typed


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def parse_filters(args) -> Parsed:
    """Read the queue's filters from query arguments. Unknown choices are dropped; bad dates are errors."""
    def pick(name, allowed):
        value = (args.get(name) or "").strip()
        return value if value in allowed else ""

    errors = {}
    dates = {}
    parts = {}
    for name in ("from", "to"):
        answer = read_date(args, name)  # the day, month and year boxes (or name=2026-11-28 in a link)
        dates[name], parts[name] = answer.value, answer.parts
        if answer.problem is not None:
            errors[name] = "part" if answer.problem is messages.DATE_PART else "date"
    if dates["from"] and dates["to"] and dates["to"] < dates["from"]:
        errors["to"] = "order"
        dates["to"] = None
    page = (args.get("page") or "1").strip()
    filters = Filters(
        status=pick("status", STATUSES), strand=pick("strand", STRAND_VALUES),
        district=pick("district", DISTRICT_VALUES), location=pick("location", LOCATION_VALUES),
        channel=pick("channel", CHANNELS), task=pick("task", queue_rules.TASKS), date_from=dates["from"], date_to=dates["to"],
        page=int(page) if page.isdigit() and 0 < len(page) < 6 else 1,
    )
    return Parsed(filters, errors, parts)


def _where(filters: Filters, with_status: bool = True, user=None) -> list:
    conditions = []
    if filters.task and user is not None:
        conditions.append(queue_rules.condition(filters.task, user))
    if with_status and filters.status:
        conditions.append(Report.status == filters.status)
    if filters.strand:
        # Strands are stored as a comma list; pad it so "race" never matches "not-race".
        conditions.append(("," + Report.strands + ",").contains(f",{filters.strand},"))
    if filters.district:
        conditions.append(Report.district == filters.district)
    if filters.location:
        conditions.append(Report.location_type == filters.location)
    if filters.channel:
        conditions.append(Report.channel == filters.channel)
    if filters.date_from:
        conditions.append(Report.created_at >= clock.start_of(filters.date_from))
    if filters.date_to:
        conditions.append(Report.created_at < clock.start_of(filters.date_to + timedelta(days=1)))
    return conditions


@dataclass(frozen=True)
class Page:
    reports: list
    total: int
    page: int
    pages: int


def queue(filters: Filters, user) -> Page:
    """Reports matching the filters, newest first, one page at a time."""
    conditions = _where(filters, user=user)
    total = db.session.scalar(select(func.count()).select_from(Report).where(*conditions)) or 0
    pages = max(1, -(-total // PER_PAGE))
    page = min(filters.page, pages)
    rows = db.session.scalars(
        select(Report).where(*conditions).order_by(Report.created_at.desc(), Report.id.desc())
        .limit(PER_PAGE).offset((page - 1) * PER_PAGE)
    ).all()
    return Page(list(rows), total, page, pages)


def status_counts(filters: Filters, user) -> dict[str, int]:
    """How many reports in each status, under every filter but the status itself."""
    rows = db.session.execute(
        select(Report.status, func.count()).where(*_where(filters, with_status=False, user=user)).group_by(Report.status)
    ).all()
    found = dict(rows)
    return {status: int(found.get(status, 0)) for status in STATUSES}


def task_counts(filters: Filters, user) -> dict[str, int]:
    """How many reports each to-do filter finds, under every filter but the to-do one itself."""
    return queue_rules.counts(user, _where(replace(filters, task=""), user=user))


def find(reference: str) -> Report | None:
    wanted = normalise_reference(reference)
    return db.session.scalar(select(Report).where(Report.reference == wanted)) if wanted else None


def open_report(reference: str) -> Report:
    """The report a case page is about: 404 when unknown. Showing it is `show`'s job."""
    if normalise_reference(reference) != reference:
        abort(404)
    report = find(reference)
    if report is None:
        abort(404)
    return report


def show(report: Report, actor) -> dict:
    """Everything a case page shows of a report, decrypted. The one way to get it, so every
    response that shows any part of a report is audited, a form error shown again included."""
    audit.record(VIEW, ("report", report.reference), actor=actor)
    db.session.commit()
    return {"report": report, "contact": contact_details(report), "origin": _origin(report),
            "history": _history(report), "images": evidence.for_report(report.id)}


def image(report: Report, actor, number: int):
    """One photo or screenshot of a report, decrypted; the view is audited. None when there is no such image."""
    found = evidence.one(report.id, number)
    if found is None:
        return None
    audit.record(IMAGE, ("report", report.reference), actor=actor, image=number)
    db.session.commit()
    return found


def contact_details(report: Report) -> dict:
    if not report.contact:
        return {}
    try:
        details = json.loads(report.contact)
    except ValueError:
        return {}
    return details if isinstance(details, dict) else {}


def _origin(report: Report) -> dict:
    campaign = db.session.get(Campaign, report.origin_campaign_id) if report.origin_campaign_id else None
    centre = db.session.get(Centre, report.origin_centre_id) if report.origin_centre_id else None
    return {"campaign": campaign, "centre": centre, "heard": report.heard_from}


def _history(report: Report) -> list[CaseEvent]:
    return list(db.session.scalars(
        select(CaseEvent).where(CaseEvent.report_id == report.id).order_by(CaseEvent.at, CaseEvent.id)
    ))


class NotAgreed(Exception):
    """The action goes beyond what the person agreed to; nothing was done, and the refusal is audited."""

    def __init__(self, action: str):
        super().__init__(action)
        self.action = action


def _require(report: Report, actor, agreed: bool, action: str) -> None:
    """The one gate in front of everything that shares a report outside the case team."""
    if agreed:
        return
    db.session.rollback()
    audit.record(REFUSED, ("report", report.reference), actor=actor, refused=action,
                 decision=police.decision(report.police_decision))
    db.session.commit()
    raise NotAgreed(action)


# What Beacon may have, in the words the person was given: "we give Beacon your name, how to contact
# you and a short summary of what happened ... We share nothing else" (reporting/forms.py SupportForm).
BEACON_CONTACT = ("name", "email", "phone", "voicemail", "safe_times", "language", "interpreter", "access_needs")


def beacon_share(report: Report, actor) -> dict:
    """Everything a referral to Beacon carries, and nothing more: the one place for that rule. Refused
    (and audited) unless the person asked for Beacon's support."""
    _require(report, actor, report.wants_support, "referral")
    contact = contact_details(report) if report.wants_contact else {}
    return {
        "reference": report.reference,
        "received": report.created_at,
        "contact": {key: contact[key] for key in BEACON_CONTACT if contact.get(key)},
        "description": report.description or "",
        "strands": [s for s in report.strands.split(",") if s],
        "district": report.district,
        "incident_date": report.incident_date,
        "date_kind": report.date_kind,
    }


def change_status(report: Report, actor, status: str, note: str = "") -> None:
    """Move a report on, with an optional note. Referral tells victim support through the outbox, and
    passing to the police tells the police contact; each only as far as the person agreed."""
    if status not in STATUSES:
        raise ValueError(status)
    now = clock.now()
    if status != report.status:
        if status == REFERRED:
            _require(report, actor, report.wants_support, "referral")
        if status == POLICE:
            _require(report, actor, police.may_pass_to_police(report.police_decision), "police")
        report.status = status
        db.session.add(CaseEvent(report_id=report.id, at=now, actor_id=actor.id, kind=STATUS_CHANGE, status=status))
        if status == REFERRED:
            db.session.add(Referral(report_id=report.id, created_at=now, created_by_id=actor.id))
            enqueue(REFERRAL, report.id, now=now)
        if status == POLICE:
            enqueue(POLICE_REFERRAL, report.id, now=now)
            report.retention_until = max(report.retention_until, now.date() + timedelta(days=POLICE_RETENTION_DAYS))
        audit.record(STATUS, ("report", report.reference), actor=actor, status=status)
    if note:
        db.session.add(CaseEvent(report_id=report.id, at=now, actor_id=actor.id, kind=NOTE, note=note))
        audit.record(NOTED, ("report", report.reference), actor=actor)
    db.session.commit()


def change_police_decision(report: Report, actor, decision: str, reason: str, note: str) -> None:
    """Record a new decision about the police: the person told a case worker, or someone is at
    serious risk. Kept in the history with its reason and audited, like every change of consent."""
    if decision not in police.VALUES or reason not in dict(police.CHANGE_REASONS):
        raise ValueError(decision)
    before = police.decision(report.police_decision)
    report.police_decision = decision
    db.session.add(CaseEvent(report_id=report.id, at=clock.now(), actor_id=actor.id, kind=DECISION_CHANGE,
                             status=decision, reason=reason, note=note))
    audit.record(DECISION, ("report", report.reference), actor=actor, before=before, after=decision, reason=reason)
    db.session.commit()


def police_summary(report: Report, actor) -> str:
    """What the police may be given, as plain text: the facts when the person agreed to the police
    being told, their name and contact details only when they agreed to that too. Audited."""
    _require(report, actor, police.may_pass_to_police(report.police_decision), "police-summary")
    labels = {"strand": dict(choices.STRANDS), "location": dict(choices.LOCATIONS),
              "platform": dict(choices.PLATFORMS), "when": dict(choices.WHEN), "repeat": dict(choices.REPEAT),
              "district": {d.slug: d.name for d in geography.DISTRICTS} | dict(geography.EXTRA_CHOICES)}
    lines = [
        f"Report {report.reference}, received {report.created_at.strftime('%Y-%m-%d %H:%M')} UTC",
        f"The person's decision: {police.words(report.police_decision)}",
        "",
        "What happened:", report.description or "", "",
        "Hate because of: " + ", ".join(str(labels["strand"].get(s, s)) for s in report.strands.split(",") if s)
        + (f" ({report.strand_other})" if report.strand_other else ""),
        "Where: " + str(labels["location"].get(report.location_type, report.location_type))
        + (f", {labels['platform'].get(report.online_platform, report.online_platform)}" if report.online_platform else ""),
        "Area: " + str(labels["district"].get(report.district, report.district)) + (f", {report.town}" if report.town else ""),
        "When: " + (report.incident_date.isoformat() if report.incident_date
                    else str(labels["when"].get(report.date_kind, report.date_kind))),
        "Happened before: " + str(labels["repeat"].get(report.repeat, report.repeat)),
        "",
    ]
    contact = contact_details(report) if police.may_give_police_contact(report.police_decision, report.wants_contact) else {}
    if contact:
        lines += ["Contact (the person agreed the police may have these):"]
        lines += [f"{key}: {contact[key]}" for key in ("name", "email", "phone", "safe_times", "language")
                  if contact.get(key)]
    else:
        lines += ["No name or contact details: the person did not agree to the police having them."]
    audit.record(POLICE_SUMMARY, ("report", report.reference), actor=actor, with_contact=bool(contact))
    db.session.commit()
    return "\n".join(str(line) for line in lines) + "\n"


def add_note(report: Report, actor, note: str) -> None:
    db.session.add(CaseEvent(report_id=report.id, at=clock.now(), actor_id=actor.id, kind=NOTE, note=note))
    audit.record(NOTED, ("report", report.reference), actor=actor)
    db.session.commit()


def reply(report: Report, actor, text: str) -> None:
    """A message the person will read when they come back with their follow-up code."""
    followup.reply(report, actor, text)
    audit.record(REPLIED, ("report", report.reference), actor=actor)
    db.session.commit()


# Export ---------------------------------------------------------------------------------------

# The columns of an export, in the words a person reads (the staff member's language). The free-text
# ones (what people wrote, contact details, access needs) only when asked for.
STRUCTURED = [
    ("reference", _l("Reference")), ("received", _l("Received (UTC)")), ("status", _l("Status")),
    ("police_decision", _l("Decision about the police")), ("channel", _l("How it was reported")),
    ("report_language", _l("Language of the report")), ("reporter", _l("Who reported")), ("age_band", _l("Age")),
    ("strands", _l("Hate because of")), ("disabilities", _l("Kind of disability")), ("location", _l("Where")),
    ("platform", _l("Online platform")), ("district", _l("District")), ("incident_date", _l("Date it happened")),
    ("date_kind", _l("When")), ("time_of_day", _l("Time of day")), ("incident_time", _l("Time")),
    ("repeat", _l("Happened before")), ("hurt", _l("Hurt")), ("offender_known", _l("Someone known")),
    ("offender_count", _l("How many people")), ("witnesses", _l("Anyone else who saw or heard it")),
    ("reported_to_police", _l("Already reported to the police")),
    ("outcomes", _l("What they would like to happen")), ("wants_support", _l("Wants support")),
    ("wants_contact", _l("Wants to be contacted")), ("contact_language", _l("Language to use with them")),
    ("interpreter", _l("Interpreter")), ("assigned_to", _l("Assigned to")), ("campaign", _l("Campaign")),
    ("centre", _l("Reporting centre")), ("heard_from", _l("They heard of us from")),
]
FREE_TEXT = [
    ("description", _l("What happened")), ("strand_other", _l("Other reason, in their words")),
    ("town", _l("Town or village")), ("place", _l("Exact place")), ("offender_description", _l("About who did it")),
    ("witness_contact", _l("How to reach witnesses")), ("crime_reference", _l("Police crime reference")),
    ("contact_name", _l("Name")), ("contact_email", _l("Email")), ("contact_phone", _l("Phone")),
    ("safe_times", _l("Safe times")), ("access_needs", _l("Access needs")),
]
FORMATS = ("csv", "xlsx")


def _word(names: dict, value) -> str:
    return str(names.get(value, value)) if value else ""


def _words(names: dict, values: str | None) -> str:
    return "; ".join(_word(names, v) for v in (values or "").split(",") if v)


def export_rows(filters: Filters, actor, include_free_text: bool, kind: str = "csv") -> tuple[list[str], list[list[str]]]:
    """Every report matching the filters (all pages), in words: a header and one row per report.
    The export itself is audited."""
    from .words import labels as all_labels

    labels = all_labels()
    yes_no = {True: _l("Yes"), False: _l("No")}
    rows = db.session.scalars(
        select(Report).where(*_where(filters, user=actor)).order_by(Report.created_at.desc(), Report.id.desc())
    ).all()
    campaigns = dict(db.session.execute(select(Campaign.id, Campaign.code)).all())
    centres = dict(db.session.execute(select(Centre.id, Centre.name)).all())
    staff = dict(db.session.execute(select(StaffUser.id, StaffUser.email)).all())
    # The report's language named in the staff member's own (Babel's names, from the CLDR).
    shown_in = get_locale() or Locale("en")
    languages = {language.code: Locale.parse(language.code).get_display_name(shown_in) for language in LANGUAGES}
    columns = STRUCTURED + (FREE_TEXT if include_free_text else [])
    out = []
    for r in rows:
        contact = contact_details(r) if r.wants_contact else {}
        line = [r.reference, r.created_at.strftime("%Y-%m-%d %H:%M"), _word(labels["status"], r.status),
                police.words(r.police_decision), _word(labels["channel"], r.channel), languages.get(r.lang, r.lang),
                _word(labels["role"], r.reporter_role), _word(labels["age"], r.age_band),
                _words(labels["strand"], r.strands), _words(labels["disability"], r.disabilities),
                _word(labels["location"], r.location_type), _word(labels["platform"], r.online_platform),
                _word(labels["district"], r.district), r.incident_date.isoformat() if r.incident_date else "",
                _word(labels["when"], r.date_kind), _word(labels["time"], r.time_of_day), r.incident_time or "",
                _word(labels["repeat"], r.repeat), _word(labels["answer"], r.hurt),
                _word(labels["known"], r.offender_known), _word(labels["count"], r.offender_count),
                _word(labels["answer"], r.witnesses), _word(labels["answer"], r.reported_to_police),
                _words(labels["outcome"], r.outcomes), str(yes_no[bool(r.wants_support)]),
                str(yes_no[bool(r.wants_contact)]), contact.get("language") or "",
                _word(labels["answer"], contact.get("interpreter")), staff.get(r.assigned_to_id, ""),
                campaigns.get(r.origin_campaign_id, ""), centres.get(r.origin_centre_id, ""),
                _word(labels["heard"], r.heard_from)]
        if include_free_text:
            line += [r.description, r.strand_other or "", r.town or "", r.place or "", r.offender_description or "",
                     r.witness_contact or "", r.crime_reference or "", contact.get("name", ""),
                     contact.get("email", ""), contact.get("phone", ""), contact.get("safe_times", ""),
                     contact.get("access_needs", "")]
        out.append([str(value) for value in line])
    audit.record(EXPORT, None, actor=actor, rows=len(rows), free_text=include_free_text,
                 **({"format": kind} if kind != "csv" else {}), **filters.audit_detail())
    db.session.commit()
    return [str(label) for _key, label in columns], out


def export_csv(filters: Filters, actor, include_free_text: bool) -> tuple[str, int]:
    """The export as CSV, every cell quoted and formula-safe (csvsafe)."""
    header, rows = export_rows(filters, actor, include_free_text)
    out = io.StringIO()
    writer = csvsafe.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue(), len(rows)


def export_xlsx(filters: Filters, actor, include_free_text: bool) -> tuple[bytes, int]:
    """The export as a spreadsheet: the same rows, every cell text (app.spreadsheet)."""
    header, rows = export_rows(filters, actor, include_free_text, kind="xlsx")
    return spreadsheet.xlsx(header, rows, "Reports"), len(rows)


def with_page(filters: Filters, page: int) -> Filters:
    return replace(filters, page=page)
