"""Report roll-ups are re-dated by Hertfordshire's calendar, as clicks already were.

The daily report counts were dated by UTC, so a report sent between midnight and 1am in summer
counted towards the day before, while a click at the same moment counted towards the day it was.
The roll-ups are only a cache of the report rows: they are emptied here and rebuilt by the site's
own calendar the next time a count needs them. Going down empties them again, for the same reason.

Revision ID: 0010_report_days_site_calendar
Revises: 0009_police_decision
"""
from alembic import op


revision = '0010_report_days_site_calendar'
down_revision = '0009_police_decision'
branch_labels = None
depends_on = None


def upgrade():
    op.execute("DELETE FROM report_day")
    op.execute("DELETE FROM report_day_mark")


def downgrade():
    op.execute("DELETE FROM report_day")
    op.execute("DELETE FROM report_day_mark")
