"""Centres kept in the staff area: each change to a centre's details, who made it and what changed.

Revision ID: 0015_centre_history
Revises: 0014_case_queue
Create Date: 2026-12-03 10:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0015_centre_history'
down_revision = '0014_case_queue'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'centre_edit',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('centre_id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('action', sa.String(length=20), nullable=False),
        sa.Column('changes', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['actor_id'], ['staff_user.id']),
        sa.ForeignKeyConstraint(['centre_id'], ['centre.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('centre_edit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_centre_edit_centre_id'), ['centre_id'], unique=False)


def downgrade():
    with op.batch_alter_table('centre_edit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_centre_edit_centre_id'))
    op.drop_table('centre_edit')
