"""Retention: nothing a person wrote is kept longer than promised.

`flask retention purge` (nightly) anonymises reports whose retention period has ended, deletes
expired drafts and old campaign salts. Anonymised reports keep the answers that are counted for the
indicators (strands, district, place, dates, channel, status) and lose everything typed, and
every photo or screenshot sent with them.
"""
from dataclasses import dataclass
from datetime import date

import click
from flask import Blueprint
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update

from ..campaigns.counting import purge_salts
from ..cases.models import CaseEvent
from ..extensions import db
from ..reporting.models import Report, ReportEvidence
from ..reporting.services import purge_expired
from ..core import clock
from ..staff import audit

bp = Blueprint("retention", __name__, cli_group="retention")
PURGE = audit.register("retention.purge", _l("Reports anonymised at the end of their retention period"))


@dataclass
class Counts:
    reports: int = 0
    images: int = 0
    drafts: int = 0
    salts: int = 0


def due(today: date) -> list[int]:
    return list(db.session.scalars(
        select(Report.id).where(Report.retention_until < today, Report.anonymised_at.is_(None))))


def purge(today: date | None = None, dry_run: bool = False) -> Counts:
    """Anonymise what is past its time. Idempotent: a second run finds nothing to do."""
    now = clock.now()
    today = today or now.date()
    ids = due(today)
    if dry_run:
        return Counts(reports=len(ids))
    counts = Counts(reports=len(ids))
    if ids:
        db.session.execute(update(Report).where(Report.id.in_(ids)).values(
            description="", strand_other=None, town=None, contact=None, place=None, crime_reference=None,
            offender_description=None, witness_contact=None, anonymised_at=now,
            follow_up_hash=None))
        # Notes, replies and the reporter's messages go too; status changes (no words) stay.
        db.session.execute(update(CaseEvent).where(CaseEvent.report_id.in_(ids)).values(note=None))
        counts.images = db.session.execute(
            delete(ReportEvidence).where(ReportEvidence.report_id.in_(ids))).rowcount or 0
    audit.record(PURGE, None, actor=None, reports=counts.reports, images=counts.images)
    db.session.commit()
    counts.drafts = purge_expired(now)
    counts.salts = purge_salts(today)
    return counts


@bp.cli.command("purge")
@click.option("--dry-run", is_flag=True, help="Count what would be anonymised; change nothing.")
def purge_command(dry_run: bool):
    """Anonymise reports past their retention date, delete expired drafts and old salts."""
    counts = purge(dry_run=dry_run)
    if dry_run:
        click.echo(f"Would anonymise {counts.reports} reports. Nothing was changed.")
        return
    click.echo(f"Anonymised {counts.reports} reports and deleted their {counts.images} images; "
               f"deleted {counts.drafts} expired drafts "
               f"and {counts.salts} old campaign salts.")
