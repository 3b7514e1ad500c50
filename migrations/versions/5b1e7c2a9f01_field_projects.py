"""field projects: postings' study levels, fields of study, supervisor and deliverable; members' researcher and
student roles with their study level; placements' deliverable

Revision ID: 5b1e7c2a9f01
Revises: 3a7bd53c10b0
Create Date: 2026-12-06 10:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5b1e7c2a9f01'
down_revision = '3a7bd53c10b0'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('opportunities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('study_levels', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('fields_of_study', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('supervisor', sa.String(length=160), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('deliverable', sa.Text(), nullable=False, server_default=''))
    with op.batch_alter_table('member_profiles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_researcher', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('is_student', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('study_level', sa.Enum('BACHELOR', 'MASTER', 'PHD', 'POSTDOC', name='studylevel',
                                                             native_enum=False, length=10), nullable=True))
    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deliverable_text', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('deliverable_submitted_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('deliverable_accepted_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.drop_column('deliverable_accepted_at')
        batch_op.drop_column('deliverable_submitted_at')
        batch_op.drop_column('deliverable_text')
    with op.batch_alter_table('member_profiles', schema=None) as batch_op:
        batch_op.drop_column('study_level')
        batch_op.drop_column('is_student')
        batch_op.drop_column('is_researcher')
    with op.batch_alter_table('opportunities', schema=None) as batch_op:
        batch_op.drop_column('deliverable')
        batch_op.drop_column('supervisor')
        batch_op.drop_column('fields_of_study')
        batch_op.drop_column('study_levels')
