"""mentorship and twinning: engagements, mentor role, employer, posting fields

Existing rows get the defaults the models give new ones (no mentor, no employer, no sessions or counterpart).

Revision ID: 3a7bd53c10b0
Revises: f5b2c8d1a6e3
Create Date: 2026-12-06 10:20:47.436906

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3a7bd53c10b0'
down_revision = 'f5b2c8d1a6e3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('engagements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('profile_id', sa.Integer(), nullable=False),
    sa.Column('opportunity_id', sa.Integer(), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=False),
    sa.Column('agreed', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('ACTIVE', 'COMPLETED', name='engagementstatus', native_enum=False, length=12), nullable=False),
    sa.Column('member_rating', sa.Integer(), nullable=True),
    sa.Column('member_feedback', sa.Text(), nullable=False),
    sa.Column('institution_rating', sa.Integer(), nullable=True),
    sa.Column('institution_feedback', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('completed_at', sa.DateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('agreed >= 1', name=op.f('ck_engagements_agreed_positive')),
    sa.CheckConstraint('institution_rating IS NULL OR institution_rating BETWEEN 1 AND 5', name=op.f('ck_engagements_institution_rating_range')),
    sa.CheckConstraint('member_rating IS NULL OR member_rating BETWEEN 1 AND 5', name=op.f('ck_engagements_member_rating_range')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_engagements_created_by_id_users')),
    sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], name=op.f('fk_engagements_institution_id_institutions')),
    sa.ForeignKeyConstraint(['opportunity_id'], ['opportunities.id'], name=op.f('fk_engagements_opportunity_id_opportunities')),
    sa.ForeignKeyConstraint(['profile_id'], ['member_profiles.id'], name=op.f('fk_engagements_profile_id_member_profiles')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_engagements')),
    sa.UniqueConstraint('profile_id', 'opportunity_id', name='uq_engagements_profile_opportunity')
    )
    with op.batch_alter_table('engagements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_engagements_institution_id'), ['institution_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_engagements_opportunity_id'), ['opportunity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_engagements_profile_id'), ['profile_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_engagements_status'), ['status'], unique=False)

    op.create_table('engagement_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('engagement_id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_engagement_entries_author_id_users')),
    sa.ForeignKeyConstraint(['engagement_id'], ['engagements.id'], name=op.f('fk_engagement_entries_engagement_id_engagements')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_engagement_entries'))
    )
    with op.batch_alter_table('engagement_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_engagement_entries_engagement_id'), ['engagement_id'], unique=False)

    with op.batch_alter_table('member_profiles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_mentor', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('employer', sa.String(length=200), nullable=False, server_default=''))

    with op.batch_alter_table('opportunities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sessions', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('mentee_type', sa.String(length=20), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('counterpart_field', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('counterpart_countries', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.create_check_constraint(op.f('ck_opportunities_sessions_positive'), 'sessions IS NULL OR sessions >= 1')



def downgrade():
    with op.batch_alter_table('opportunities', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_opportunities_sessions_positive'), type_='check')
        batch_op.drop_column('counterpart_countries')
        batch_op.drop_column('counterpart_field')
        batch_op.drop_column('mentee_type')
        batch_op.drop_column('sessions')

    with op.batch_alter_table('member_profiles', schema=None) as batch_op:
        batch_op.drop_column('employer')
        batch_op.drop_column('is_mentor')

    with op.batch_alter_table('engagement_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_engagement_entries_engagement_id'))

    op.drop_table('engagement_entries')
    with op.batch_alter_table('engagements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_engagements_status'))
        batch_op.drop_index(batch_op.f('ix_engagements_profile_id'))
        batch_op.drop_index(batch_op.f('ix_engagements_opportunity_id'))
        batch_op.drop_index(batch_op.f('ix_engagements_institution_id'))

    op.drop_table('engagements')
