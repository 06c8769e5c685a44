"""Centres, campaigns, clicks and the daily salt.

Revision ID: 0001_centres_campaigns
Revises: 
Create Date: 2026-11-28 12:56:33.369239

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0001_centres_campaigns'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('campaign',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=24), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('channel', sa.String(length=30), nullable=False),
    sa.Column('placement', sa.String(length=200), nullable=False),
    sa.Column('landing_path', sa.String(length=200), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=True),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('is_sample', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign')),
    sa.UniqueConstraint('code', name=op.f('uq_campaign_code'))
    )
    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_channel'), ['channel'], unique=False)

    op.create_table('centre',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('town', sa.String(length=100), nullable=False),
    sa.Column('postcode', sa.String(length=10), nullable=False),
    sa.Column('district', sa.String(length=40), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('opening_hours', sa.Text(), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.Column('website', sa.String(length=300), nullable=False),
    sa.Column('languages', sa.String(length=300), nullable=False),
    sa.Column('step_free', sa.Boolean(), nullable=False),
    sa.Column('access_notes', sa.Text(), nullable=False),
    sa.Column('services', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('is_sample', sa.Boolean(), nullable=False),
    sa.Column('checked_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_centre')),
    sa.UniqueConstraint('code', name=op.f('uq_centre_code')),
    sa.UniqueConstraint('slug', name=op.f('uq_centre_slug'))
    )
    with op.batch_alter_table('centre', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_centre_active'), ['active'], unique=False)
        batch_op.create_index(batch_op.f('ix_centre_district'), ['district'], unique=False)

    op.create_table('daily_salt',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('salt', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_daily_salt'))
    )
    op.create_table('click',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=True),
    sa.Column('code_used', sa.String(length=24), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('minute', sa.DateTime(timezone=True), nullable=False),
    sa.Column('visitor_hash', sa.String(length=32), nullable=False),
    sa.Column('landing_path', sa.String(length=200), nullable=False),
    sa.Column('lang', sa.String(length=8), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_click_campaign_id_campaign')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_click'))
    )
    with op.batch_alter_table('click', schema=None) as batch_op:
        batch_op.create_index('ix_click_campaign_day', ['campaign_id', 'day'], unique=False)



def downgrade():
    with op.batch_alter_table('click', schema=None) as batch_op:
        batch_op.drop_index('ix_click_campaign_day')

    op.drop_table('click')
    op.drop_table('daily_salt')
    with op.batch_alter_table('centre', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_centre_district'))
        batch_op.drop_index(batch_op.f('ix_centre_active'))

    op.drop_table('centre')
    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaign_channel'))

    op.drop_table('campaign')
