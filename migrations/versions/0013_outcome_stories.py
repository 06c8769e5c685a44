"""Outcomes written by staff for the public page, and every version of each.

Revision ID: 0013_outcome_stories
Revises: 0012_officer_answers
Create Date: 2026-12-03 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0013_outcome_stories'
down_revision = '0012_officer_answers'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'outcome',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('public_id', sa.String(length=32), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('lang', sa.String(length=5), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('published', sa.Boolean(), nullable=False),
        sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('written_by_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['written_by_id'], ['staff_user.id'], name='fk_outcome_written_by_id_staff_user'),
        sa.PrimaryKeyConstraint('id', name='pk_outcome'),
        sa.UniqueConstraint('public_id', name='uq_outcome_public_id'),
    )
    with op.batch_alter_table('outcome', schema=None) as batch_op:
        batch_op.create_index('ix_outcome_lang', ['lang'], unique=False)
        batch_op.create_index('ix_outcome_published', ['published'], unique=False)
    op.create_table(
        'outcome_version',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('outcome_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('action', sa.String(length=20), nullable=False),
        sa.Column('changed', sa.String(length=100), nullable=False),
        sa.Column('by_id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('lang', sa.String(length=5), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['outcome_id'], ['outcome.id'], name='fk_outcome_version_outcome_id_outcome'),
        sa.ForeignKeyConstraint(['by_id'], ['staff_user.id'], name='fk_outcome_version_by_id_staff_user'),
        sa.PrimaryKeyConstraint('id', name='pk_outcome_version'),
    )
    with op.batch_alter_table('outcome_version', schema=None) as batch_op:
        batch_op.create_index('ix_outcome_version_outcome_id', ['outcome_id'], unique=False)


def downgrade():
    with op.batch_alter_table('outcome_version', schema=None) as batch_op:
        batch_op.drop_index('ix_outcome_version_outcome_id')
    op.drop_table('outcome_version')
    with op.batch_alter_table('outcome', schema=None) as batch_op:
        batch_op.drop_index('ix_outcome_published')
        batch_op.drop_index('ix_outcome_lang')
    op.drop_table('outcome')
