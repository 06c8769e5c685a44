"""Retention: at the end of its period a report keeps only what is counted; drafts and salts go too."""
from datetime import date, datetime, timedelta, timezone

import pytest

from app import retention
from app.cases.models import NOTE, STATUS_CHANGE, CaseEvent
from app.extensions import db
from app.reporting.models import Report, ReportDraft
from app.staff.models import AuditEvent

from .report_helpers import make_report
from .staff_support import clock  # noqa: F401  (fixture)

MARK = "RETENTION-MARK-88"


@pytest.fixture(autouse=True)
def clock_now(clock):
    """The site has one clock, so the test's clock stamps reports as well as everything else."""
    return clock


def _report(app, until: date) -> str:
    reference = make_report(app, description=MARK, town=MARK, contact="contact", name=MARK, email="a@b.c")
    with app.app_context():
        report = db.session.scalar(db.select(Report).where(Report.reference == reference))
        report.retention_until = until
        db.session.add(CaseEvent(report_id=report.id, kind=NOTE, note=MARK))
        db.session.add(CaseEvent(report_id=report.id, kind=STATUS_CHANGE, status="closed"))
        db.session.commit()
    return reference


def _row(app, reference):
    with app.app_context():
        report = db.session.scalar(db.select(Report).where(Report.reference == reference))
        notes = [e.note for e in db.session.scalars(db.select(CaseEvent).where(CaseEvent.report_id == report.id))]
        db.session.expunge(report)
        return report, notes


def test_a_report_is_kept_until_its_day_and_anonymised_after(app, clock, tmp_path):
    today = clock.now().date()
    kept = _report(app, today)  # its last day is today
    gone = _report(app, today - timedelta(days=1))
    with app.app_context():
        counts = retention.purge()
    assert counts.reports == 1
    report, notes = _row(app, kept)
    assert report.description == MARK and report.anonymised_at is None and MARK in notes
    report, notes = _row(app, gone)
    assert report.anonymised_at is not None
    assert (report.description, report.town, report.contact, report.strand_other) == ("", None, None, None)
    assert report.strands == "race" and report.district == "stevenage"  # counted answers stay
    assert notes == [None, None]
    # Nothing a person wrote is readable in the file, before or after (it is encrypted at rest).
    assert MARK.encode() not in (tmp_path / "test.db").read_bytes()


def test_purge_is_idempotent_and_audited_with_counts_only(app, clock):
    _report(app, clock.now().date() - timedelta(days=3))
    with app.app_context():
        assert retention.purge().reports == 1
        assert retention.purge().reports == 0
        details = [e.detail for e in db.session.scalars(
            db.select(AuditEvent).where(AuditEvent.action == "retention.purge"))]
    assert details == [{"reports": 1, "images": 0}, {"reports": 0, "images": 0}]


def test_dry_run_changes_nothing(app, clock):
    reference = _report(app, clock.now().date() - timedelta(days=3))
    result = app.test_cli_runner().invoke(args=["retention", "purge", "--dry-run"])
    assert result.exit_code == 0 and "Would anonymise 1 reports" in result.output
    assert _row(app, reference)[0].anonymised_at is None
    result = app.test_cli_runner().invoke(args=["retention", "purge"])
    assert "Anonymised 1 reports" in result.output
    assert _row(app, reference)[0].anonymised_at is not None


def test_expired_drafts_are_deleted(app, clock):
    with app.app_context():
        now = clock.now()
        for hours, token in ((-1, "old"), (1, "fresh")):
            db.session.add(ReportDraft(token_hash=token, answers="{}", created_at=now, updated_at=now,
                                       expires_at=now + timedelta(hours=hours)))
        db.session.commit()
        assert retention.purge().drafts == 1
        assert db.session.scalars(db.select(ReportDraft.token_hash)).all() == ["fresh"]


def test_an_anonymised_report_can_no_longer_be_followed_up(app, client, clock):
    from app.followup import services as followup

    reference = _report(app, clock.now().date() - timedelta(days=3))
    with app.app_context():
        retention.purge()
        assert followup.find_report(reference, "0" * 26) is None
        report = db.session.scalar(db.select(Report).where(Report.reference == reference))
        assert report.follow_up_hash is None
