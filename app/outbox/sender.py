"""Delivery of outbox rows by e-mail, with retries and back-off.

Each row is claimed before it is sent (its next attempt moved into the future in one conditional
UPDATE), so two senders running at once never send the same notification twice. A message holds
the report's reference and a link to it in the staff area: never what the person wrote.
"""
import smtplib
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app
from sqlalchemy import select, update

from ..extensions import db
from ..reporting.models import Outbox, Report
from ..staff import clock
from . import REFERRAL, REPORT_RECEIVED

CLAIM_FOR = timedelta(minutes=5)  # a sender that dies mid-send releases its claim after this
MAX_BACKOFF = timedelta(hours=1)
SUBJECTS = {
    REPORT_RECEIVED: "New hate crime report {reference}",
    REFERRAL: "Referral for support: report {reference}",
}
BODIES = {
    REPORT_RECEIVED: "A new report has arrived. Its reference is {reference}.",
    REFERRAL: "The case team has referred report {reference} to you for support.",
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


def recipients(kind: str) -> list[str]:
    setting = {REPORT_RECEIVED: "CASE_TEAM_EMAIL", REFERRAL: "REFERRAL_EMAIL"}.get(kind, "CASE_TEAM_EMAIL")
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


def message_for(row: Outbox, reference: str) -> EmailMessage:
    config = current_app.config
    link = config["SITE_URL"].rstrip("/") + f"/staff/cases/{reference}"
    msg = EmailMessage()
    msg["Subject"] = SUBJECTS.get(row.kind, SUBJECTS[REPORT_RECEIVED]).format(reference=reference)
    msg["From"] = config.get("MAIL_FROM") or "no-reply@localhost"
    msg["To"] = ", ".join(recipients(row.kind))
    msg["Message-ID"] = make_msgid(domain="reporthate")
    msg.set_content(
        BODIES.get(row.kind, BODIES[REPORT_RECEIVED]).format(reference=reference)
        + f"\n\nOpen it in the staff area (you will be asked to sign in):\n{link}\n\n"
        "This e-mail never contains what the person wrote. Please do not forward it.\n"
    )
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
        reference = db.session.scalar(select(Report.reference).where(Report.id == row.report_id))
        try:
            if not recipients(row.kind):
                raise NotConfigured("no recipient")
            if smtp is None:
                smtp = _connect()
            smtp.send_message(message_for(row, reference))
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
