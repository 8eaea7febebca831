"""The rules of a grant (core.grants), which the input models, single writes and the workbook all ask."""

from __future__ import annotations

from datetime import date

from omstilling.core.enums import PaymentKind
from omstilling.core.grants import payment_problem, share_problem

NBSP = "\u00a0"
PAY, BACK = PaymentKind.PAYMENT, PaymentKind.RETURNED


def test_a_programme_share_equal_to_the_grant_or_absent_is_fine_and_another_is_not():
    assert share_problem(100_000, 100_000) is None
    assert share_problem(100_000, None) is None
    assert share_problem(100_000, 90_000) == (
        f"omstillingsprogrammets andel (90{NBSP}000{NBSP}kr) må være lik tilsagnet (100{NBSP}000{NBSP}kr)"
    )


def test_payments_are_taken_in_date_order_whatever_order_they_come_in():
    late, early = (date(2014, 9, 1), PAY, 60_000), (date(2014, 4, 1), PAY, 60_000)
    assert payment_problem("2014-01", 100_000, [late, early]) == (
        0,
        f"samlet utbetalt til prosjekt 2014-01 blir 120{NBSP}000{NBSP}kr, mer enn tilsagnet på 100{NBSP}000{NBSP}kr",
    )


def test_a_repayment_counts_only_what_was_paid_before_its_day_and_a_payment_first_on_the_same_day():
    paid = (date(2014, 9, 1), PAY, 60_000)
    assert payment_problem("2014-01", 100_000, [paid, (date(2014, 4, 1), BACK, 10_000)]) == (
        1,
        f"mer tilbakeført enn de 0{NBSP}kr som er utbetalt til prosjekt 2014-01 før denne datoen",
    )
    assert payment_problem("2014-01", 100_000, [(date(2014, 9, 1), BACK, 10_000), paid]) is None


def test_money_paid_back_makes_room_for_a_later_payment_within_the_grant():
    lines = [(date(2014, 4, 1), PAY, 100_000), (date(2014, 5, 1), BACK, 30_000), (date(2014, 6, 1), PAY, 30_000)]
    assert payment_problem("2014-01", 100_000, lines) is None
    assert payment_problem("2014-01", 100_000, [*lines, (date(2014, 7, 1), PAY, 1)])[0] == 3
