"""Delivery of outbox rows by e-mail, with retries and back-off.

Each row is claimed before it is sent (its next attempt moved into the future in one conditional
UPDATE), so two senders running at once never send the same notification twice. A message holds
the report's reference and a link to it in the staff area: never what the person wrote. A lock-out
notice names the staff account and until when it is locked: never an address or a browser.
"""
import smtplib
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import func, select, update

from ..extensions import db
from ..reporting.models import Outbox, Report
from ..core import clock
from ..staff.models import ADMINISTRATOR, StaffUser
from ..reporting import police
from . import POLICE_REFERRAL, REFERRAL, REPORT_RECEIVED, STAFF_LOCKED, STAFF_LOCKED_CODES

CLAIM_FOR = timedelta(minutes=5)  # a sender that dies mid-send releases its claim after this
MAX_BACKOFF = timedelta(hours=1)
SUBJECTS = {
    REPORT_RECEIVED: "New hate crime report {reference}",
    REFERRAL: "Referral for support: report {reference}",
    POLICE_REFERRAL: "Hate crime report {reference} passed to the police",
}
BODIES = {
    REPORT_RECEIVED: "A new report has arrived. Its reference is {reference}.",
    REFERRAL: "The case team has referred report {reference} to you for support.",
}
# What the police may have is what the person agreed to, and the e-mail says so.
POLICE_BODIES = {
    police.WITH_DETAILS: "The hate crime case team is passing report {reference} to you. The person agreed that"
                         " the police may have what happened, where and when, and their name and contact"
                         " details.",
    police.FACTS_ONLY: "The hate crime case team is passing report {reference} to you. The person agreed that"
                       " the police may have what happened, where and when, but NOT their name or contact"
                       " details: please do not ask the case team for them.",
}
POLICE_ENDING = ("\n\nThe case team will send you the details by your agreed secure route. This e-mail never"
                 " contains what the person wrote or who they are. Please do not forward it.\n")
LOCKED_SUBJECT = "Staff account locked after wrong {what}"
LOCKED_BODY = (
    "The staff account {email} has been locked until {until}, after failed sign-in tries that ended with"
    " wrong {what}. Nobody can sign in to it until then, not even with the right password and code.\n\n"
    "If this was you, wait until then and sign in again.\n\n"
    "If it was not you, {advice} An administrator can make a new set-up link on the account's page in"
    " the staff area: it sets a new password and a new authenticator, and ends every session.\n\n"
    "More failed tries lock the account again, each time for twice as long (at most 24 hours), until"
    " its owner next signs in.\n"
)
LOCKED_ADVICE = {
    True: "someone else knows this account's password and has been guessing its second-factor codes:"
          " tell an administrator straight away.",
    False: "someone may be trying to guess this account's password: tell an administrator.",
}


class NotConfigured(RuntimeError):
    pass


@dataclass
class Result:
    delivered: int = 0
    failed: int = 0
    gave_up: int = 0


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 … minutes after each failure, at most an hour."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def recipients(row: Outbox) -> list[str]:
    if row.kind in STAFF_LOCKED:
        # The account's owner and every active administrator, as they are when it is sent.
        owner = db.session.scalar(select(StaffUser.email).where(StaffUser.id == row.staff_user_id))
        admins = db.session.scalars(select(StaffUser.email).where(
            StaffUser.role == ADMINISTRATOR, StaffUser.active.is_(True)).order_by(StaffUser.email))
        return list(dict.fromkeys(address for address in (owner, *admins) if address))
    setting = {REPORT_RECEIVED: "CASE_TEAM_EMAIL", REFERRAL: "REFERRAL_EMAIL",
               POLICE_REFERRAL: "POLICE_REFERRAL_EMAIL"}.get(row.kind, "CASE_TEAM_EMAIL")
    value = current_app.config.get(setting) or ""
    return [a.strip() for a in value.split(",") if a.strip()]


def claim(now: datetime, limit: int = 50) -> list[int]:
    """Take up to `limit` due rows for this sender. Returns their ids; commits."""
    due = db.session.scalars(
        select(Outbox.id).where(Outbox.delivered_at.is_(None), Outbox.next_attempt_at.is_not(None),
                                Outbox.next_attempt_at <= now)
        .order_by(Outbox.next_attempt_at, Outbox.id).limit(limit)
    ).all()
    claimed = []
    for row_id in due:
        # Only one sender's UPDATE can match: the row's time moves past `now` as it succeeds.
        result = db.session.execute(
            update(Outbox).where(Outbox.id == row_id, Outbox.delivered_at.is_(None),
                                 Outbox.next_attempt_at <= now)
            .values(next_attempt_at=now + CLAIM_FOR)
        )
        if result.rowcount == 1:
            claimed.append(row_id)
    db.session.commit()
    return claimed


def _content(row: Outbox) -> tuple[str, str]:
    """The subject and text of a notification."""
    if row.kind in STAFF_LOCKED:
        codes = row.kind == STAFF_LOCKED_CODES
        what = "second-factor codes" if codes else "passwords"
        email = db.session.scalar(select(StaffUser.email).where(StaffUser.id == row.staff_user_id))
        until = clock.aware(row.locked_until).strftime("%H:%M UTC on %d %B %Y")
        return LOCKED_SUBJECT.format(what=what), LOCKED_BODY.format(
            email=email, until=until, what=what, advice=LOCKED_ADVICE[codes])
    reference, decision = db.session.execute(
        select(Report.reference, Report.police_decision).where(Report.id == row.report_id)).one()
    if row.kind == POLICE_REFERRAL:
        return SUBJECTS[POLICE_REFERRAL].format(reference=reference), (
            POLICE_BODIES[police.decision(decision)].format(reference=reference) + POLICE_ENDING)
    if row.kind == REFERRAL:
        return SUBJECTS[REFERRAL].format(reference=reference), _referral_text(row, reference)
    link = current_app.config["SITE_URL"].rstrip("/") + f"/staff/cases/{reference}"
    return SUBJECTS.get(row.kind, SUBJECTS[REPORT_RECEIVED]).format(reference=reference), (
        BODIES.get(row.kind, BODIES[REPORT_RECEIVED]).format(reference=reference)
        + f"\n\nOpen it in the staff area (you will be asked to sign in):\n{link}\n\n"
        "This e-mail never contains what the person wrote. Please do not forward it.\n"
    )


REFERRAL_TEXT = (
    "The hate crime case team has referred report {reference} to you for support. The person asked to be"
    " put in touch with you.\n\nOpen the referral here (no account is needed):\n{link}\n\n"
    "The link works once only, until {until}. It shows what the person agreed you may have: their name,"
    " how to contact them and a short summary of what happened. If it has expired or was already used,"
    " ask the case team for a new one and quote the reference.\n\n"
    "This e-mail never contains what the person wrote or who they are. Please do not forward it.\n"
)
REFERRAL_WITHDRAWN = ("Report {reference} was referred to you, but the case team withdrew the referral before"
                      " this e-mail was sent. There is nothing to do.\n")


def _referral_text(row: Outbox, reference: str) -> str:
    """The referral e-mail: its single-use link is made now, so only its hash is ever stored."""
    from ..cases import referrals

    issued = referrals.issue_link(row.report_id)
    if issued is None:
        return REFERRAL_WITHDRAWN.format(reference=reference)
    token, until = issued
    link = current_app.config["SITE_URL"].rstrip("/") + f"/referral/{token}"
    return REFERRAL_TEXT.format(reference=reference, link=link, until=until.strftime("%H:%M UTC on %d %B %Y"))


def message_for(row: Outbox) -> EmailMessage:
    config = current_app.config
    subject, text = _content(row)
    msg = EmailMessage()
    msg["Subject"] = subject
    msg["From"] = config.get("MAIL_FROM") or "no-reply@localhost"
    msg["To"] = ", ".join(recipients(row))
    # A Date and a Message-ID under the site's own domain: mail servers and spam filters expect both.
    msg["Date"] = format_datetime(clock.now())
    msg["Message-ID"] = make_msgid(domain=urlsplit(config["SITE_URL"]).hostname or "localhost")
    msg.set_content(text)
    return msg


def _connect():
    config = current_app.config
    server = config.get("MAIL_SERVER")
    if not server:
        raise NotConfigured("MAIL_SERVER is not set, so notifications cannot be sent.")
    port = int(config.get("MAIL_PORT") or (465 if config.get("MAIL_USE_TLS") else 25))
    klass = smtplib.SMTP_SSL if config.get("MAIL_USE_TLS") else smtplib.SMTP
    smtp = klass(server, port, timeout=int(config.get("MAIL_TIMEOUT", 20)))
    if config.get("MAIL_STARTTLS"):
        smtp.starttls()
    if config.get("MAIL_USERNAME"):
        smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
    return smtp


def _describe(exc: Exception) -> str:
    """A short, safe description of a failure: the SMTP code and kind, never a message body."""
    code = getattr(exc, "smtp_code", None) or getattr(exc, "code", None)
    return f"{type(exc).__name__}{f' {code}' if isinstance(code, int) else ''}"[:200]


def send_due(now: datetime | None = None) -> Result:
    """Send every due notification once. Failures are retried later; none is lost."""
    if not current_app.config.get("MAIL_SERVER"):
        raise NotConfigured("MAIL_SERVER is not set, so notifications cannot be sent.")
    now = now or clock.now()
    result = Result()
    ids = claim(now)
    if not ids:
        return result
    smtp = None
    max_attempts = int(current_app.config.get("OUTBOX_MAX_ATTEMPTS", 8))
    for row_id in ids:
        row = db.session.get(Outbox, row_id)
        try:
            if not recipients(row):
                raise NotConfigured("no recipient")
            if smtp is None:
                smtp = _connect()
            smtp.send_message(message_for(row))
        except (OSError, smtplib.SMTPException, socket.timeout, NotConfigured) as exc:
            row.attempts += 1
            row.last_error = "no recipient configured" if isinstance(exc, NotConfigured) else _describe(exc)
            if row.attempts >= max_attempts:
                row.next_attempt_at = None  # stays visible as failed until someone tries again
                result.gave_up += 1
            else:
                row.next_attempt_at = now + backoff(row.attempts)
                result.failed += 1
            if smtp is not None and isinstance(exc, (OSError, smtplib.SMTPServerDisconnected)):
                smtp = None
        else:
            row.attempts += 1
            row.delivered_at = clock.now()
            row.next_attempt_at = None
            row.last_error = None
            result.delivered += 1
        db.session.commit()  # one row at a time: a crash never loses or repeats a delivered one
    if smtp is not None:
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            pass
    return result


def retry_now(row: Outbox) -> None:
    row.next_attempt_at = clock.now()
    db.session.commit()


def pending() -> list[Outbox]:
    """Every notification not yet delivered, oldest first."""
    return list(db.session.scalars(
        select(Outbox).where(Outbox.delivered_at.is_(None)).order_by(Outbox.created_at, Outbox.id)))


@dataclass
class Health:
    """What monitoring needs to know: notices given up on, and how long the oldest one has waited."""

    given_up: int
    waiting: int
    oldest_minutes: int


def health(now: datetime | None = None) -> Health:
    now = now or clock.now()
    undelivered = select(Outbox).where(Outbox.delivered_at.is_(None))
    given_up = db.session.scalar(select(func.count()).select_from(
        undelivered.where(Outbox.next_attempt_at.is_(None)).subquery())) or 0
    waiting = db.session.scalar(select(func.count()).select_from(
        undelivered.where(Outbox.next_attempt_at.is_not(None)).subquery())) or 0
    oldest = db.session.scalar(select(func.min(Outbox.created_at)).where(
        Outbox.delivered_at.is_(None), Outbox.next_attempt_at.is_not(None)))
    minutes = int((now - clock.aware(oldest)).total_seconds() // 60) if oldest else 0
    return Health(given_up, waiting, max(minutes, 0))
