"""Lock-outs that grow longer: how many an account has had since it last signed in, and lock-out
notices in the outbox (which may now be about a staff account instead of a report).

Revision ID: 0007_staff_lockouts
Revises: 0006_indicator_history
Create Date: 2026-11-29 15:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0007_staff_lockouts'
down_revision = '0006_indicator_history'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('staff_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lockouts', sa.Integer(), server_default='0', nullable=False))
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.alter_column('report_id', existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column('staff_user_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_outbox_staff_user_id_staff_user'), 'staff_user', ['staff_user_id'], ['id'])


def downgrade():
    # Notices about staff accounts have no report, which the older outbox requires.
    op.execute("DELETE FROM outbox WHERE report_id IS NULL")
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_outbox_staff_user_id_staff_user'), type_='foreignkey')
        batch_op.drop_column('locked_until')
        batch_op.drop_column('staff_user_id')
        batch_op.alter_column('report_id', existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table('staff_user', schema=None) as batch_op:
        batch_op.drop_column('lockouts')
