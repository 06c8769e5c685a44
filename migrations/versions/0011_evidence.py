"""Evidence: photos and screenshots, re-encoded and encrypted, with a draft and with the sent report.

Revision ID: 0011_evidence
Revises: 0010_report_days_site_calendar
Create Date: 2026-12-03 07:01:36.581961

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011_evidence'
down_revision = '0010_report_days_site_calendar'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('report_evidence_draft',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('draft_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('content_type', sa.String(length=20), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['draft_id'], ['report_draft.id'], name=op.f('fk_report_evidence_draft_draft_id_report_draft'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_evidence_draft'))
    )
    with op.batch_alter_table('report_evidence_draft', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_evidence_draft_draft_id'), ['draft_id'], unique=False)

    op.create_table('report_evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('content_type', sa.String(length=20), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['report.id'], name=op.f('fk_report_evidence_report_id_report')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_evidence'))
    )
    with op.batch_alter_table('report_evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_evidence_report_id'), ['report_id'], unique=False)
    if op.get_bind().dialect.name == 'postgresql':
        # The images are Fernet tokens of encrypted data: PostgreSQL's compression would spend CPU on
        # every write (and on the copy at send) to gain little. Stored out of line, uncompressed.
        for table in ('report_evidence_draft', 'report_evidence'):
            op.execute(f'ALTER TABLE {table} ALTER COLUMN data SET STORAGE EXTERNAL')



def downgrade():
    with op.batch_alter_table('report_evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_evidence_report_id'))

    op.drop_table('report_evidence')
    with op.batch_alter_table('report_evidence_draft', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_evidence_draft_draft_id'))

    op.drop_table('report_evidence_draft')
