"""programme data revision: triggers count every change to a programme's data in `datachange`

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
    op.create_table(
        'datachange',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('programme_id', sa.Integer(), nullable=False),
        sa.Column('weight', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_datachange')),
    )
    with op.batch_alter_table('datachange', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_datachange_programme_id'), ['programme_id'], unique=False)
    data_revision.create_triggers(op.get_bind())


def downgrade() -> None:
    data_revision.drop_triggers(op.get_bind())
    with op.batch_alter_table('datachange', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_datachange_programme_id'))
    op.drop_table('datachange')
