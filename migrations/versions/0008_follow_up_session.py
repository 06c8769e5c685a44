"""Follow-up sign-ins kept on the server (a hash of the cookie's random token), so they can be ended.

Revision ID: 0008_follow_up_session
Revises: 0007_staff_lockouts
Create Date: 2026-12-02 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0008_follow_up_session'
down_revision = '0007_staff_lockouts'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('follow_up_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['report.id'], name=op.f('fk_follow_up_session_report_id_report')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follow_up_session')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_follow_up_session_token_hash'))
    )
    with op.batch_alter_table('follow_up_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_follow_up_session_report_id'), ['report_id'], unique=False)


def downgrade():
    with op.batch_alter_table('follow_up_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_follow_up_session_report_id'))
    op.drop_table('follow_up_session')
