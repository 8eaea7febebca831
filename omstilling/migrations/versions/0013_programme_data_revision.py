"""programme data revision: a counter on each programme that triggers raise on every change to its data

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from omstilling import revision as data_revision

revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('programme', schema=None) as batch_op:
        batch_op.add_column(sa.Column('revision', sa.Integer(), server_default='0', nullable=False))
    data_revision.create_triggers(op.get_bind())


def downgrade() -> None:
    data_revision.drop_triggers(op.get_bind())
    with op.batch_alter_table('programme', schema=None) as batch_op:
        batch_op.drop_column('revision')
