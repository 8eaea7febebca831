"""the outbox message's kind as a column (reminder, alert, invitation, cancellation, removal), not its step's range

Until here the step carried the kind: <= 0 an alert (the negated id of the first row it told about), 1 … 999 a
reminder (its ladder step), 1000 + SEQUENCE a meeting's announcement (or, when its calendar object says CANCEL, the
meeting's cancellation), 2000 + SEQUENCE a removal from one participant's calendar. From here the kind is a column
and the step what the kind says it is: the ladder step, the SEQUENCE, the id of the first row an alert tells about.
The unique keys take the kind in, so each message is still one row. Self-contained: the values are written out here.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = ("paminnelse", "varsel", "invitasjon", "avlysning", "fjerning")
INVITATION_STEP, REMOVAL_STEP = 1000, 2000  # the old encoding, frozen here

OLD_KEYS = {
    "uq_outboxmessage_deadline_id_step_recipient": ["deadline_id", "step", "recipient"],
    "uq_outboxmessage_invitation_id_step_recipient": ["invitation_id", "step", "recipient"],
}
NEW_KEYS = {
    "uq_outboxmessage_deadline_id_kind_step_recipient": ["deadline_id", "kind", "step", "recipient"],
    "uq_outboxmessage_invitation_id_kind_step_recipient": ["invitation_id", "kind", "step", "recipient"],
}


def _kind() -> sa.Enum:
    return sa.Enum(
        *KINDS, name="messagekind", native_enum=False, create_constraint=False, length=max(len(k) for k in KINDS)
    )


def upgrade() -> None:
    # the keys go first: converted rows may meet under the old key (an alert's step 5 and a reminder's step 5)
    with op.batch_alter_table("outboxmessage", schema=None) as batch_op:
        for name in OLD_KEYS:
            batch_op.drop_constraint(name, type_="unique")
        batch_op.add_column(sa.Column("kind", _kind(), nullable=True))
    # one statement: every right-hand side reads the row's old step
    op.execute(
        "UPDATE outboxmessage SET "
        "kind = CASE WHEN step <= 0 THEN 'varsel' "
        f"WHEN step < {INVITATION_STEP} THEN 'paminnelse' "
        f"WHEN step >= {REMOVAL_STEP} THEN 'fjerning' "
        "WHEN UPPER(ics) LIKE '%METHOD:CANCEL%' THEN 'avlysning' "
        "ELSE 'invitasjon' END, "
        "step = CASE WHEN step <= 0 THEN -step "
        f"WHEN step < {INVITATION_STEP} THEN step "
        f"WHEN step >= {REMOVAL_STEP} THEN step - {REMOVAL_STEP} "
        f"ELSE step - {INVITATION_STEP} END"
    )
    with op.batch_alter_table("outboxmessage", schema=None) as batch_op:
        batch_op.alter_column("kind", existing_type=_kind(), nullable=False)
        listed = ", ".join(f"'{k}'" for k in KINDS)
        batch_op.create_check_constraint(op.f("ck_outboxmessage_messagekind"), f"kind IN ({listed})")
        for name, columns in NEW_KEYS.items():
            batch_op.create_unique_constraint(batch_op.f(name), columns)


def downgrade() -> None:
    with op.batch_alter_table("outboxmessage", schema=None) as batch_op:
        for name in NEW_KEYS:
            batch_op.drop_constraint(name, type_="unique")
        batch_op.drop_constraint(op.f("ck_outboxmessage_messagekind"), type_="check")
    op.execute(
        "UPDATE outboxmessage SET step = CASE kind WHEN 'varsel' THEN -step WHEN 'paminnelse' THEN step "
        f"WHEN 'fjerning' THEN step + {REMOVAL_STEP} ELSE step + {INVITATION_STEP} END"
    )
    with op.batch_alter_table("outboxmessage", schema=None) as batch_op:
        batch_op.drop_column("kind")
        for name, columns in OLD_KEYS.items():
            batch_op.create_unique_constraint(batch_op.f(name), columns)
