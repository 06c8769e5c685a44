"""Follow-up: a slow hash of the code a person uses to come back to their report.

Revision ID: 0005_follow_up
Revises: 0004_cases
Create Date: 2026-11-28 18:49:48.117118

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005_follow_up'
down_revision = '0004_cases'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.add_column(sa.Column('follow_up_hash', sa.String(length=200), nullable=True))


def downgrade():
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.drop_column('follow_up_hash')
