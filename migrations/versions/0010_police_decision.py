"""The person's decision about the police, stored with each report.

Reports made before the question was asked keep an empty value, which the site reads as
"talk to me first": nothing goes to the police until the person has been asked.

Revision ID: 0010_police_decision
Revises: 0007_staff_lockouts
"""
from alembic import op
import sqlalchemy as sa


revision = '0010_police_decision'
down_revision = '0007_staff_lockouts'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.add_column(sa.Column('police_decision', sa.String(length=20), nullable=True))


def downgrade():
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.drop_column('police_decision')
