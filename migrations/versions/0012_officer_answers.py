"""What a police officer needs to act on: time of day, exact place, kind of disability, age band, injuries,
an earlier police report, what the person would like to happen, who did it and witnesses. All optional;
what the person typed is encrypted (text holding a Fernet token).

Revision ID: 0012_officer_answers
Revises: 0011_evidence
Create Date: 2026-12-02 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0012_officer_answers'
down_revision = '0011_evidence'
branch_labels = None
depends_on = None

COLUMNS = [
    ('time_of_day', sa.String(length=10)),
    ('incident_time', sa.String(length=5)),
    ('place', sa.Text()),
    ('disabilities', sa.String(length=100)),
    ('age_band', sa.String(length=12)),
    ('hurt', sa.String(length=10)),
    ('reported_to_police', sa.String(length=10)),
    ('crime_reference', sa.Text()),
    ('outcomes', sa.String(length=100)),
    ('offender_known', sa.String(length=20)),
    ('offender_count', sa.String(length=10)),
    ('offender_description', sa.Text()),
    ('witnesses', sa.String(length=10)),
    ('witness_contact', sa.Text()),
]


def upgrade():
    with op.batch_alter_table('report', schema=None) as batch_op:
        for name, kind in COLUMNS:
            batch_op.add_column(sa.Column(name, kind, nullable=True))


def downgrade():
    with op.batch_alter_table('report', schema=None) as batch_op:
        for name, _kind in reversed(COLUMNS):
            batch_op.drop_column(name)
