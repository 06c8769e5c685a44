"""Report, report draft and outbox. Encrypted columns are Text holding Fernet tokens.

Revision ID: 0002_report
Revises: 0001_centres_campaigns
Create Date: 2026-11-28 13:39:28.418976

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002_report'
down_revision = '0001_centres_campaigns'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('report_draft',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('answers', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_draft')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_report_draft_token_hash'))
    )
    with op.batch_alter_table('report_draft', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_draft_expires_at'), ['expires_at'], unique=False)

    op.create_table('report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=14), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('lang', sa.String(length=8), nullable=False),
    sa.Column('reporter_role', sa.String(length=20), nullable=False),
    sa.Column('strands', sa.String(length=200), nullable=False),
    sa.Column('strand_other', sa.Text(), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('location_type', sa.String(length=20), nullable=False),
    sa.Column('online_platform', sa.String(length=20), nullable=True),
    sa.Column('district', sa.String(length=40), nullable=False),
    sa.Column('town', sa.Text(), nullable=True),
    sa.Column('incident_date', sa.Date(), nullable=True),
    sa.Column('date_kind', sa.String(length=10), nullable=False),
    sa.Column('repeat', sa.String(length=10), nullable=False),
    sa.Column('wants_support', sa.Boolean(), nullable=False),
    sa.Column('wants_contact', sa.Boolean(), nullable=False),
    sa.Column('contact', sa.Text(), nullable=True),
    sa.Column('heard_from', sa.String(length=20), nullable=False),
    sa.Column('origin_centre_id', sa.Integer(), nullable=True),
    sa.Column('origin_campaign_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('retention_until', sa.Date(), nullable=False),
    sa.Column('idempotency_key', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['origin_campaign_id'], ['campaign.id'], name=op.f('fk_report_origin_campaign_id_campaign')),
    sa.ForeignKeyConstraint(['origin_centre_id'], ['centre.id'], name=op.f('fk_report_origin_centre_id_centre')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_report_idempotency_key')),
    sa.UniqueConstraint('reference', name=op.f('uq_report_reference'))
    )
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_channel'), ['channel'], unique=False)
        batch_op.create_index(batch_op.f('ix_report_district'), ['district'], unique=False)
        batch_op.create_index(batch_op.f('ix_report_status'), ['status'], unique=False)

    op.create_table('outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['report_id'], ['report.id'], name=op.f('fk_outbox_report_id_report')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox'))
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_report_id'), ['report_id'], unique=False)



def downgrade():
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_report_id'))

    op.drop_table('outbox')
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_status'))
        batch_op.drop_index(batch_op.f('ix_report_district'))
        batch_op.drop_index(batch_op.f('ix_report_channel'))

    op.drop_table('report')
    with op.batch_alter_table('report_draft', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_draft_expires_at'))

    op.drop_table('report_draft')
