"""the whole life of a programme: wheel events bounded by the status period (phase), the final report as a
document kind

Revision ID: 0011
Revises: 0009
Create Date: 2026-12-02 06:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0011'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PHASES = ('hvert-ar', 'ikke-siste-ar', 'avslutning')
OLD_DOCUMENTS = ('arsrapport', 'halvarsrapport', 'styrerapport', 'soknad', 'psv-grunnlag', 'seminargrunnlag',
                 'handlingsplan')
NEW_DOCUMENTS = (*OLD_DOCUMENTS, 'sluttrapport')


def _listed(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def _documents(values: tuple[str, ...]) -> sa.Enum:
    return sa.Enum(*values, name='documentkind', native_enum=False, create_constraint=False,
                   length=max(len(v) for v in values))


def _swap_documents(old: tuple[str, ...], new: tuple[str, ...]) -> None:
    for table, column, nullable in (('wheelevent', 'document', True), ('documentrecord', 'kind', False)):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(f'ck_{table}_documentkind'), type_='check')
            batch_op.alter_column(column, existing_type=_documents(old), type_=_documents(new),
                                  existing_nullable=nullable)
            batch_op.create_check_constraint(op.f(f'ck_{table}_documentkind'), f"{column} IN ({_listed(new)})")


def upgrade() -> None:
    with op.batch_alter_table('wheelevent', schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            'phase', sa.Enum(*PHASES, name='wheelphase', native_enum=False, create_constraint=False,
                             length=max(len(v) for v in PHASES)),
            nullable=False, server_default='hvert-ar'))
        batch_op.create_check_constraint(op.f('ck_wheelevent_wheelphase'), f"phase IN ({_listed(PHASES)})")
    _swap_documents(OLD_DOCUMENTS, NEW_DOCUMENTS)


def downgrade() -> None:
    op.execute("DELETE FROM documentrecord WHERE kind = 'sluttrapport'")
    op.execute("UPDATE wheelevent SET document = NULL WHERE document = 'sluttrapport'")
    _swap_documents(NEW_DOCUMENTS, OLD_DOCUMENTS)
    with op.batch_alter_table('wheelevent', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_wheelevent_wheelphase'), type_='check')
        batch_op.drop_column('phase')
