"""member gender: optional, self-declared, for fairness reports only

Revision ID: e4a1f0c7b9d2
Revises: cb198d349654
Create Date: 2026-12-06 10:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e4a1f0c7b9d2'
down_revision = 'cb198d349654'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('member_profiles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('gender', sa.Enum('WOMAN', 'MAN', 'ANOTHER', 'UNDISCLOSED', name='gender',
                                                        native_enum=False, length=12), nullable=True))


def downgrade():
    with op.batch_alter_table('member_profiles', schema=None) as batch_op:
        batch_op.drop_column('gender')
