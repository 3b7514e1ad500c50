"""member profiles: the supply page's covering index

Revision ID: f5b2c8d1a6e3
Revises: e4a1f0c7b9d2
Create Date: 2026-12-06 10:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f5b2c8d1a6e3'
down_revision = 'e4a1f0c7b9d2'
branch_labels = None
depends_on = None

TAKING_PART = sa.text("consent_at IS NOT NULL AND erased_at IS NULL")


def upgrade():
    op.create_index('ix_member_profiles_supply', 'member_profiles', ['country', 'city', 'created_at'],
                    postgresql_include=['acquis_chapters', 'investment_sectors'],
                    postgresql_where=TAKING_PART, sqlite_where=TAKING_PART)


def downgrade():
    op.drop_index('ix_member_profiles_supply', table_name='member_profiles')
