"""Indicators at scale and over time: daily roll-ups of clicks and reports, indexes for counting by day, and the
history of centres opening and closing (started from each centre's current state).

Revision ID: 0006_indicator_history
Revises: 0005_follow_up
Create Date: 2026-11-29 05:40:00

"""
from datetime import datetime

from alembic import op
import sqlalchemy as sa


revision = '0006_indicator_history'
down_revision = '0005_follow_up'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('click_day',
    sa.Column('campaign_key', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('clicks', sa.Integer(), nullable=False),
    sa.Column('visitors', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('campaign_key', 'day', name=op.f('pk_click_day'))
    )
    op.create_table('click_day_mark',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('through', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_click_day_mark'))
    )
    with op.batch_alter_table('click', schema=None) as batch_op:
        batch_op.create_index('ix_click_day', ['day'], unique=False)
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.create_index('ix_report_created_at', ['created_at'], unique=False)
        batch_op.create_index('ix_report_status_created_at', ['status', 'created_at', 'district'], unique=False)
    op.create_table('report_day',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('district', sa.String(length=40), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('tallies', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('day', 'district', name=op.f('pk_report_day'))
    )
    op.create_table('report_day_mark',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('through', sa.Date(), nullable=False),
    sa.Column('last_report_id', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_day_mark'))
    )

    op.create_table('centre_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('centre_id', sa.Integer(), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['centre_id'], ['centre.id'], name=op.f('fk_centre_change_centre_id_centre')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_centre_change'))
    )
    with op.batch_alter_table('centre_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_centre_change_centre_id'), ['centre_id'], unique=False)
    # What is known of centres already here: open (or closed) since they were added.
    centre = sa.table('centre', sa.column('id'), sa.column('created_at'), sa.column('active'))
    change = sa.table('centre_change', sa.column('centre_id'), sa.column('on'), sa.column('active'))
    connection = op.get_bind()
    rows = connection.execute(sa.select(centre.c.id, centre.c.created_at, centre.c.active)).all()
    for centre_id, created_at, active in rows:
        # SQLite hands back text, PostgreSQL a datetime.
        on = created_at.date() if hasattr(created_at, "date") else datetime.fromisoformat(str(created_at)).date()
        connection.execute(sa.insert(change).values(centre_id=centre_id, on=on, active=bool(active)))

def downgrade():
    with op.batch_alter_table('centre_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_centre_change_centre_id'))
    op.drop_table('centre_change')
    with op.batch_alter_table('click', schema=None) as batch_op:
        batch_op.drop_index('ix_click_day')
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.drop_index('ix_report_status_created_at')
        batch_op.drop_index('ix_report_created_at')
    op.drop_table('report_day_mark')
    op.drop_table('report_day')
    op.drop_table('click_day_mark')
    op.drop_table('click_day')
