"""The rules of a grant, in one home: the programme's share of a project's financing equals the grant, and the
payments never exceed it. Input models (`omstilling.intake.schemas`), single writes (`omstilling.intake.writes`)
and the workbook's checks (`omstilling.intake.workbook.checks`) all ask here, so a payment refused in one is
refused in all, with the same words."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from omstilling.core.enums import PaymentKind
from omstilling.core.formatting import kr
from omstilling.core.language import _


def share_problem(grant: int, programme_share: int | None) -> str | None:
    """Why the programme's line of a project's financing does not fit its grant (None when it does, or when the
    financing has no programme line)."""
    if programme_share is None or programme_share == grant:
        return None
    return _("omstillingsprogrammets andel (%(share)s) må være lik tilsagnet (%(grant)s)") % {
        "share": kr(programme_share),
        "grant": kr(grant),
    }


def payment_problem(
    project: str, grant: int, payments: Sequence[tuple[date, PaymentKind, int]]
) -> tuple[int, str] | None:
    """The first of a project's payments and repayments that breaks the grant, as (its index in `payments`, why),
    or None. They are taken in date order, a payment before a repayment on the same day: what is paid out, less
    what has been paid back, may never exceed the grant, and no more can be paid back than has been paid out
    before that day."""
    net = 0
    order = sorted(range(len(payments)), key=lambda i: (payments[i][0], payments[i][1] is not PaymentKind.PAYMENT))
    for index in order:
        _day, kind, amount = payments[index]
        if kind is PaymentKind.PAYMENT:
            if net + amount > grant:
                return index, (
                    _("samlet utbetalt til prosjekt %(project)s blir %(paid)s, mer enn tilsagnet på %(grant)s")
                    % {"project": project, "paid": kr(net + amount), "grant": kr(grant)}
                )
            net += amount
        else:
            if amount > net:
                return index, (
                    _("mer tilbakeført enn de %(paid)s som er utbetalt til prosjekt %(project)s før denne datoen")
                    % {"paid": kr(net), "project": project}
                )
            net -= amount
    return None
