"""local projects: organisations and their members, calls' budget ceiling, proposals with officers' scores,
projects with milestones and expenses

Revision ID: 8d3f4a6b2c10
Revises: 5b1e7c2a9f01
Create Date: 2026-12-06 10:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8d3f4a6b2c10'
down_revision = '5b1e7c2a9f01'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('member_profiles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_organisation', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('regions', sa.JSON(), nullable=False, server_default='[]'))
    with op.batch_alter_table('opportunities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('budget_eur', sa.Numeric(precision=14, scale=2), nullable=True))
        batch_op.create_check_constraint(op.f('ck_opportunities_budget_positive'), 'budget_eur IS NULL OR budget_eur > 0')
    op.create_table('organisations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('profile_id', sa.Integer(), nullable=False),
    sa.Column('contact_user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['contact_user_id'], ['users.id'], name=op.f('fk_organisations_contact_user_id_users')),
    sa.ForeignKeyConstraint(['profile_id'], ['member_profiles.id'], name=op.f('fk_organisations_profile_id_member_profiles')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisations')),
    sa.UniqueConstraint('profile_id', name=op.f('uq_organisations_profile_id'))
    )
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisations_contact_user_id'), ['contact_user_id'], unique=False)
    op.create_table('organisation_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('added_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['added_by_id'], ['users.id'], name=op.f('fk_organisation_members_added_by_id_users')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_organisation_members_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_organisation_members_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation_members')),
    sa.UniqueConstraint('organisation_id', 'user_id', name='uq_organisation_members_pair')
    )
    with op.batch_alter_table('organisation_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisation_members_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_organisation_members_user_id'), ['user_id'], unique=False)
    op.create_table('project_proposals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('profile_id', sa.Integer(), nullable=False),
    sa.Column('opportunity_id', sa.Integer(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('budget_eur', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('scores', sa.JSON(), nullable=False),
    sa.Column('recommended_budget_eur', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('scored_by_id', sa.Integer(), nullable=True),
    sa.Column('scored_at', sa.DateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('budget_eur > 0', name=op.f('ck_project_proposals_budget_positive')),
    sa.ForeignKeyConstraint(['opportunity_id'], ['opportunities.id'], name=op.f('fk_project_proposals_opportunity_id_opportunities')),
    sa.ForeignKeyConstraint(['profile_id'], ['member_profiles.id'], name=op.f('fk_project_proposals_profile_id_member_profiles')),
    sa.ForeignKeyConstraint(['scored_by_id'], ['users.id'], name=op.f('fk_project_proposals_scored_by_id_users')),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['users.id'], name=op.f('fk_project_proposals_submitted_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_proposals')),
    sa.UniqueConstraint('profile_id', 'opportunity_id', name='uq_project_proposals_pair')
    )
    with op.batch_alter_table('project_proposals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_proposals_opportunity_id'), ['opportunity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_project_proposals_profile_id'), ['profile_id'], unique=False)
    op.create_table('local_projects',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('profile_id', sa.Integer(), nullable=False),
    sa.Column('opportunity_id', sa.Integer(), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=False),
    sa.Column('budget_eur', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('status', sa.Enum('ACTIVE', 'COMPLETED', name='projectstatus', native_enum=False, length=10), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('completed_at', sa.DateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('budget_eur > 0', name=op.f('ck_local_projects_budget_positive')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_local_projects_created_by_id_users')),
    sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], name=op.f('fk_local_projects_institution_id_institutions')),
    sa.ForeignKeyConstraint(['opportunity_id'], ['opportunities.id'], name=op.f('fk_local_projects_opportunity_id_opportunities')),
    sa.ForeignKeyConstraint(['profile_id'], ['member_profiles.id'], name=op.f('fk_local_projects_profile_id_member_profiles')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_local_projects')),
    sa.UniqueConstraint('profile_id', 'opportunity_id', name='uq_local_projects_pair')
    )
    with op.batch_alter_table('local_projects', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_local_projects_institution_id'), ['institution_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_local_projects_opportunity_id'), ['opportunity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_local_projects_profile_id'), ['profile_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_local_projects_status'), ['status'], unique=False)
    op.create_table('project_milestones',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('done_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['local_projects.id'], name=op.f('fk_project_milestones_project_id_local_projects')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_milestones'))
    )
    with op.batch_alter_table('project_milestones', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_milestones_project_id'), ['project_id'], unique=False)
    op.create_table('project_expenses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('spent_on', sa.Date(), nullable=False),
    sa.Column('description', sa.String(length=300), nullable=False),
    sa.Column('amount_eur', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('amount_eur > 0', name=op.f('ck_project_expenses_amount_positive')),
    sa.ForeignKeyConstraint(['project_id'], ['local_projects.id'], name=op.f('fk_project_expenses_project_id_local_projects')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_project_expenses_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_expenses'))
    )
    with op.batch_alter_table('project_expenses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_expenses_project_id'), ['project_id'], unique=False)


def downgrade():
    for table, indexes in (('project_expenses', ['project_id']), ('project_milestones', ['project_id']),
                           ('local_projects', ['status', 'profile_id', 'opportunity_id', 'institution_id']),
                           ('project_proposals', ['profile_id', 'opportunity_id']),
                           ('organisation_members', ['user_id', 'organisation_id']),
                           ('organisations', ['contact_user_id'])):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in indexes:
                batch_op.drop_index(batch_op.f(f'ix_{table}_{column}'))
        op.drop_table(table)
    with op.batch_alter_table('opportunities', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_opportunities_budget_positive'), type_='check')
        batch_op.drop_column('budget_eur')
    with op.batch_alter_table('member_profiles', schema=None) as batch_op:
        batch_op.drop_column('regions')
        batch_op.drop_column('is_organisation')
