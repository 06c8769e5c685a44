"""The case queue as a to-do list and referrals Beacon can open: who a report is assigned to, and
one row per referral link (only the link's SHA-256 is stored).

Revision ID: 0014_case_queue
Revises: 0012_officer_answers
Create Date: 2026-12-03 10:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0014_case_queue'
down_revision = '0012_officer_answers'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.add_column(sa.Column('assigned_to_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_report_assigned_to_id'), ['assigned_to_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_report_assigned_to_id_staff_user'), 'staff_user',
                                    ['assigned_to_id'], ['id'])
    op.create_table('referral',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('token_hash', sa.String(length=64), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['report_id'], ['report.id'], name=op.f('fk_referral_report_id_report')),
    sa.ForeignKeyConstraint(['created_by_id'], ['staff_user.id'], name=op.f('fk_referral_created_by_id_staff_user')),
    sa.ForeignKeyConstraint(['revoked_by_id'], ['staff_user.id'], name=op.f('fk_referral_revoked_by_id_staff_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referral')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_referral_token_hash'))
    )
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referral_report_id'), ['report_id'], unique=False)


def downgrade():
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referral_report_id'))
    op.drop_table('referral')
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_report_assigned_to_id_staff_user'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_report_assigned_to_id'))
        batch_op.drop_column('assigned_to_id')
