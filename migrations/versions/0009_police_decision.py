"""The person's decision about the police, stored with each report, and the reason a case worker
recorded a new one.

Reports made before the question was asked keep an empty value, which the site reads as
"talk to me first": nothing goes to the police until the person has been asked.

Revision ID: 0009_police_decision
Revises: 0008_follow_up_session
"""
from alembic import op
import sqlalchemy as sa


revision = '0009_police_decision'
down_revision = '0008_follow_up_session'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.add_column(sa.Column('police_decision', sa.String(length=20), nullable=True))
    with op.batch_alter_table('case_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reason', sa.String(length=20), nullable=True))


def downgrade():
    with op.batch_alter_table('case_event', schema=None) as batch_op:
        batch_op.drop_column('reason')
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.drop_column('police_decision')
