"""The strategy's action plan as data: actions (with history), indicators, partner figures and
activities. The plan itself is loaded from app/plan/data/actions.yaml, once; after that the working
group keeps it up to date in the staff area.

Revision ID: 0017_action_plan
Revises: 0015_centre_history
Create Date: 2026-12-03 10:40:00

"""
import secrets
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op


revision = '0017_action_plan'
down_revision = '0015_centre_history'
branch_labels = None
depends_on = None


def _public_id():
    return sa.Column('public_id', sa.String(length=32), nullable=False, unique=True)


def upgrade():
    action = op.create_table(
        'plan_action',
        sa.Column('id', sa.Integer(), primary_key=True),
        _public_id(),
        sa.Column('code', sa.String(length=12), nullable=False, unique=True),
        sa.Column('priority', sa.String(length=8), nullable=False),
        sa.Column('title', sa.Text(), nullable=False),
        sa.Column('owner', sa.String(length=200), nullable=False),
        sa.Column('timescale', sa.String(length=200), nullable=False),
        sa.Column('retired_on', sa.Date(), nullable=True),
    )
    change = op.create_table(
        'plan_action_change',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('action_id', sa.Integer(), sa.ForeignKey('plan_action.id'), nullable=False, index=True),
        sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('staff_id', sa.Integer(), sa.ForeignKey('staff_user.id'), nullable=True),
        sa.Column('values', sa.JSON(), nullable=False),
    )
    indicator = op.create_table(
        'plan_indicator',
        sa.Column('id', sa.Integer(), primary_key=True),
        _public_id(),
        sa.Column('action_id', sa.Integer(), sa.ForeignKey('plan_action.id'), nullable=False, index=True),
        sa.Column('key', sa.String(length=60), nullable=False, unique=True),
        sa.Column('wording', sa.Text(), nullable=False),
        sa.Column('baseline', sa.String(length=300), nullable=False),
        sa.Column('measure', sa.String(length=60), nullable=False),
        sa.Column('unit', sa.String(length=10), nullable=False),
        sa.Column('direction', sa.String(length=5), nullable=False),
        sa.Column('suppress', sa.Boolean(), nullable=False),
        sa.Column('public', sa.Boolean(), nullable=False),
        sa.Column('by_area', sa.Boolean(), nullable=False),
        sa.Column('target', sa.Numeric(14, 2), nullable=True),
        sa.Column('stale_months', sa.Integer(), nullable=False),
    )
    op.create_table(
        'plan_figure',
        sa.Column('id', sa.Integer(), primary_key=True),
        _public_id(),
        sa.Column('indicator_id', sa.Integer(), sa.ForeignKey('plan_indicator.id'), nullable=False, index=True),
        sa.Column('starts_on', sa.Date(), nullable=False),
        sa.Column('ends_on', sa.Date(), nullable=False),
        sa.Column('area', sa.String(length=40), nullable=False),
        sa.Column('value', sa.Numeric(14, 2), nullable=False),
        sa.Column('source', sa.String(length=200), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('recorded_by', sa.Integer(), sa.ForeignKey('staff_user.id'), nullable=True),
        sa.Column('replaced_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('replaced_by_id', sa.Integer(), sa.ForeignKey('plan_figure.id'), nullable=True),
    )
    op.create_index('ix_plan_figure_lookup', 'plan_figure', ['indicator_id', 'area', 'ends_on'])
    op.create_table(
        'plan_activity',
        sa.Column('id', sa.Integer(), primary_key=True),
        _public_id(),
        sa.Column('indicator_id', sa.Integer(), sa.ForeignKey('plan_indicator.id'), nullable=False, index=True),
        sa.Column('held_on', sa.Date(), nullable=False, index=True),
        sa.Column('area', sa.String(length=40), nullable=False),
        sa.Column('audience', sa.String(length=200), nullable=False),
        sa.Column('people', sa.Integer(), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('recorded_by', sa.Integer(), sa.ForeignKey('staff_user.id'), nullable=True),
        sa.Column('removed_at', sa.DateTime(timezone=True), nullable=True),
    )
    _load_plan(action, change, indicator)


def _load_plan(action, change, indicator):
    from app.plan import seed  # plain rows from the shipped data file; no models (they may move on)

    now = datetime.now(timezone.utc)
    bind = op.get_bind()
    for number, item in enumerate(seed.actions(), start=1):
        values = {name: item[name] for name in seed.ACTION_FIELDS}
        bind.execute(action.insert().values(id=number, public_id=secrets.token_urlsafe(16), **values))
        bind.execute(change.insert().values(action_id=number, changed_at=now, staff_id=None,
                                            values={**values, "retired": False}))
        for each in item["indicators"]:
            bind.execute(indicator.insert().values(public_id=secrets.token_urlsafe(16), action_id=number, **each))
    if bind.dialect.name == "postgresql":  # ids were given, so the sequence must move past them
        bind.execute(sa.text("SELECT setval(pg_get_serial_sequence('plan_action', 'id'), "
                             "(SELECT max(id) FROM plan_action))"))


def downgrade():
    for name in ('plan_activity', 'plan_figure', 'plan_indicator', 'plan_action_change', 'plan_action'):
        op.drop_table(name)
