"""The ledger's services: every guard, each with a test that fails when it is removed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from frontoffice.billing import gateway, selectors
from frontoffice.billing.models import Entry, Folio, PaymentAttempt, Receipt, TaxRate
from frontoffice.billing.services import folios as folio_services
from frontoffice.billing.services import ledger
from frontoffice.core.errors import Conflict, Forbidden, Invalid

D = Decimal


def balance(folio):
    return selectors.folio_balance(folio)


def charge(folio, actor, price="100.00", category="room", **kw):
    return ledger.charge_post(folio=folio, actor=actor, category=category, unit_price=price, **kw)


def close(folio):
    Folio.objects.filter(pk=folio.pk).update(status=Folio.Status.CLOSED)


# --- charges and taxes ---------------------------------------------------------------------


def test_tax_included_in_a_charge(taxed, folio, desk):
    entry = charge(folio, desk, "119.00", "food_and_beverage")
    assert (entry.amount, entry.tax_rate, entry.tax_amount) == (D("119.00"), D("19"), D("19.00"))
    assert charge(folio, desk, "50.00", "room").tax_amount == 0


def test_dutch_accommodation_tax_by_validity(hotel, folio, desk):
    TaxRate.objects.create(
        establishment=hotel,
        category="room",
        rate=D("9"),
        valid_from=dt.date(2019, 1, 1),
        valid_until=dt.date(2025, 12, 31),
    )
    TaxRate.objects.create(
        establishment=hotel, category="room", rate=D("21"), valid_from=dt.date(2026, 1, 1)
    )
    for day, rate, tax in (
        (dt.date(2025, 12, 31), "9", "9.00"),
        (dt.date(2026, 1, 1), "21", "18.90"),
    ):
        type(hotel).unscoped.filter(pk=hotel.pk).update(business_date=day)
        entry = charge(folio, desk, "109.00" if rate == "9" else "108.90")
        assert (entry.tax_rate, entry.tax_amount, entry.business_date) == (D(rate), D(tax), day)


def test_unknown_category_is_refused(folio, desk):
    with pytest.raises(Invalid) as error:
        charge(folio, desk, category="spa")
    assert error.value.code == "unknown_category"


def test_closed_folio_takes_no_charge_allowance_reversal_or_transfer(folio, desk, manager, company):
    entry = charge(folio, desk)
    ledger.payment_take(folio=folio, actor=desk, amount="10.00", method="cash")
    close(folio)
    attempts = [
        lambda: charge(folio, desk),
        lambda: ledger.allowance_post(
            folio=folio,
            actor=manager,
            entry=entry,
            amount="1",
            reason="x",
            above_limit_allowed=True,
        ),
        lambda: ledger.entry_reverse(entry=entry, actor=manager, reason="x"),
        lambda: ledger.transfer_post(from_folio=folio, to_folio=company, actor=desk, amount="1"),
        lambda: ledger.transfer_post(from_folio=company, to_folio=folio, actor=desk, amount="1"),
    ]
    for attempt in attempts:
        with pytest.raises(Conflict) as error:
            attempt()
        assert error.value.code == "folio_closed"
    assert balance(folio) == D("90.00")
    assert not PaymentAttempt.objects.filter(folio=folio).exists()


# --- payments, receipts, the gateway -----------------------------------------------------


def test_cash_payment_gets_a_numbered_receipt(folio, desk):
    charge(folio, desk)
    first = ledger.payment_take(folio=folio, actor=desk, amount="60.00", method="cash")
    ledger.payment_take(folio=folio, actor=desk, amount="40.00", method="bank_transfer")
    assert (first.amount, first.kind, first.method) == (D("-60.00"), "payment", "cash")
    assert [r.number for r in Receipt.objects.order_by("sequence")] == [
        "R-000001",
        "R-000002",
    ]
    assert first.receipt.language == "en"
    assert balance(folio) == 0


def test_card_payment_stores_only_token_brand_and_last_four(folio, desk):
    entry = ledger.payment_take(
        folio=folio, actor=desk, amount="25.00", method="card", card_token="tok_mastercard"
    )
    assert (entry.card_brand, entry.card_last4, entry.card_token) == (
        "mastercard",
        "4444",
        "tok_mastercard",
    )
    attempt = PaymentAttempt.objects.get()
    assert (attempt.status, attempt.entry_id) == ("succeeded", entry.pk)
    assert len(gateway.TestGateway().charges()) == 1


def test_declined_card_is_recorded_and_takes_nothing(folio, desk):
    with pytest.raises(gateway.PaymentDeclined) as error:
        ledger.payment_take(
            folio=folio, actor=desk, amount="25.00", method="card", card_token="tok_declined"
        )
    assert (error.value.status, error.value.code) == (402, "card_declined")
    assert PaymentAttempt.objects.get().status == "declined"
    assert not Entry.objects.filter(folio=folio).exists()


def test_timeout_is_recorded_as_failed_not_taken(folio, desk):
    with pytest.raises(gateway.GatewayTimeout) as error:
        ledger.payment_take(
            folio=folio, actor=desk, amount="25.00", method="card", card_token="tok_timeout"
        )
    assert (error.value.status, error.value.code) == (504, "gateway_timeout")
    attempt = PaymentAttempt.objects.get()
    assert (attempt.status, attempt.error_code, attempt.entry_id) == (
        "failed",
        "gateway_timeout",
        None,
    )
    assert balance(folio) == 0


def test_unknown_token_is_bad_input(folio, desk):
    with pytest.raises(Invalid) as error:
        ledger.payment_take(
            folio=folio, actor=desk, amount="25.00", method="card", card_token="4111111111111111"
        )
    assert (error.value.code, error.value.field) == ("unknown_token", "card_token")
    with pytest.raises(Invalid):
        ledger.payment_take(folio=folio, actor=desk, amount="25.00", method="card")
    assert balance(folio) == 0


def test_one_reference_is_charged_and_posted_once(folio, desk):
    ref = ledger.reference_for(folio.establishment_id, desk.pk, "key-1")
    first = ledger.payment_take(
        folio=folio, actor=desk, amount="30.00", method="card", card_token="tok_visa", reference=ref
    )
    again = ledger.payment_take(
        folio=folio, actor=desk, amount="30.00", method="card", card_token="tok_visa", reference=ref
    )
    assert again.pk == first.pk
    assert balance(folio) == D("-30.00")
    assert len(gateway.TestGateway().charges()) == 1
    with pytest.raises(Invalid) as error:
        ledger.payment_take(
            folio=folio,
            actor=desk,
            amount="31.00",
            method="card",
            card_token="tok_visa",
            reference=ref,
        )
    assert error.value.code == "idempotency_mismatch"


def test_the_gateway_is_never_called_inside_a_transaction(folio, desk):
    with pytest.raises(RuntimeError), transaction.atomic():
        ledger.payment_take(
            folio=folio, actor=desk, amount="5", method="card", card_token="tok_visa"
        )


def test_amounts_are_checked(folio, desk):
    for bad in ("0", "-5", "abc", "1.001", "NaN", "1e12"):
        with pytest.raises(Invalid) as error:
            ledger.payment_take(folio=folio, actor=desk, amount=bad, method="cash")
        assert error.value.field == "amount"
    with pytest.raises(Invalid) as error:
        ledger.payment_take(folio=folio, actor=desk, amount="5", method="cheque")
    assert error.value.field == "method"


# --- refunds -------------------------------------------------------------------------------


def test_refund_never_more_than_paid_net_of_refunds(folio, desk, manager):
    charge(folio, desk)
    ledger.payment_take(folio=folio, actor=desk, amount="100.00", method="cash")
    with pytest.raises(Conflict) as error:
        ledger.refund_post(
            folio=folio, actor=manager, amount="100.01", method="cash", reason="over"
        )
    assert error.value.code == "refund_exceeds_payments"
    refund = ledger.refund_post(
        folio=folio, actor=manager, amount="60.00", method="cash", reason="early departure"
    )
    assert refund.amount == D("60.00") and refund.receipt.number.endswith("000002")
    with pytest.raises(Conflict):
        ledger.refund_post(folio=folio, actor=manager, amount="40.01", method="cash", reason="x")
    ledger.refund_post(folio=folio, actor=manager, amount="40.00", method="cash", reason="x")
    assert balance(folio) == D("100.00")


def test_reversed_payment_cannot_be_refunded(folio, desk, manager):
    payment = ledger.payment_take(folio=folio, actor=desk, amount="50.00", method="cash")
    ledger.entry_reverse(entry=payment, actor=manager, reason="taken by mistake")
    with pytest.raises(Conflict):
        ledger.refund_post(folio=folio, actor=manager, amount="1", method="cash", reason="x")


def test_refund_needs_a_reason(folio, desk, manager):
    ledger.payment_take(folio=folio, actor=desk, amount="50.00", method="cash")
    with pytest.raises(Invalid) as error:
        ledger.refund_post(folio=folio, actor=manager, amount="1", method="cash", reason="  ")
    assert error.value.field == "reason"


# --- allowances ----------------------------------------------------------------------------


def test_allowance_reduces_its_charge_with_its_tax(taxed, folio, desk, manager):
    meal = charge(folio, desk, "119.00", "food_and_beverage")
    allowance = ledger.allowance_post(
        folio=folio,
        actor=manager,
        entry=meal,
        amount="59.50",
        reason="cold soup",
        above_limit_allowed=True,
    )
    assert (allowance.amount, allowance.tax_amount, allowance.tax_rate) == (
        D("-59.50"),
        D("-9.50"),
        D("19"),
    )
    assert (allowance.applies_to_id, allowance.category) == (meal.pk, "food_and_beverage")
    assert balance(folio) == D("59.50")


def test_allowance_never_more_than_the_charge_less_earlier_ones(folio, desk, manager):
    room = charge(folio, desk)
    ledger.allowance_post(
        folio=folio, actor=manager, entry=room, amount="70", reason="x", above_limit_allowed=True
    )
    with pytest.raises(Conflict) as error:
        ledger.allowance_post(
            folio=folio,
            actor=manager,
            entry=room,
            amount="30.01",
            reason="x",
            above_limit_allowed=True,
        )
    assert error.value.code == "allowance_exceeds_charge"
    ledger.allowance_post(
        folio=folio, actor=manager, entry=room, amount="30", reason="x", above_limit_allowed=True
    )
    assert balance(folio) == 0


def test_allowance_only_on_a_charge_of_this_folio(folio, desk, manager, company):
    payment = ledger.payment_take(folio=folio, actor=desk, amount="5", method="cash")
    with pytest.raises(Invalid) as error:
        ledger.allowance_post(
            folio=folio,
            actor=manager,
            entry=payment.pk,
            amount="1",
            reason="x",
            above_limit_allowed=True,
        )
    assert error.value.code == "not_a_charge"
    other = charge(company, desk)
    with pytest.raises(Invalid) as error:
        ledger.allowance_post(
            folio=folio,
            actor=manager,
            entry=other.pk,
            amount="1",
            reason="x",
            above_limit_allowed=True,
        )
    assert error.value.field == "entry"
    with pytest.raises(Invalid):
        ledger.allowance_post(
            folio=folio,
            actor=manager,
            entry=other,
            amount="1",
            reason="x",
            above_limit_allowed=True,
        )


def test_allowance_above_the_limit_needs_a_manager(hotel, folio, desk, manager):
    room = charge(folio, desk)
    with pytest.raises(Forbidden) as error:
        ledger.allowance_post(folio=folio, actor=desk, entry=room, amount="0.01", reason="x")
    assert error.value.code == "allowance_above_limit"
    folio_services.billing_settings_set(establishment=hotel, actor=manager, allowance_limit="20.00")
    ledger.allowance_post(folio=folio, actor=desk, entry=room, amount="20.00", reason="x")
    with pytest.raises(Forbidden):
        ledger.allowance_post(folio=folio, actor=desk, entry=room, amount="20.01", reason="x")
    ledger.allowance_post(
        folio=folio, actor=manager, entry=room, amount="20.01", reason="x", above_limit_allowed=True
    )
    assert balance(folio) == D("59.99")


# --- reversals -----------------------------------------------------------------------------


def test_reversal_is_the_opposite_and_once_only(taxed, folio, desk, manager):
    meal = charge(folio, desk, "119.00", "food_and_beverage")
    (reversal,) = ledger.entry_reverse(entry=meal, actor=manager, reason="wrong room")
    assert (reversal.amount, reversal.tax_amount, reversal.reverses_id) == (
        D("-119.00"),
        D("-19.00"),
        meal.pk,
    )
    with pytest.raises(Conflict) as error:
        ledger.entry_reverse(entry=meal, actor=manager, reason="again")
    assert error.value.code == "already_reversed"
    assert balance(folio) == 0


def test_the_database_allows_one_reversal_per_entry(folio, desk, manager):
    room = charge(folio, desk)
    ledger.entry_reverse(entry=room, actor=manager, reason="x")
    with pytest.raises(Conflict):  # the unique index, reached past the check
        ledger._reversal(folio, manager, room, "again")


def test_reversing_a_charge_reverses_its_allowances_with_it(folio, desk, manager):
    room = charge(folio, desk)
    first = ledger.allowance_post(
        folio=folio, actor=manager, entry=room, amount="10", reason="x", above_limit_allowed=True
    )
    second = ledger.allowance_post(
        folio=folio, actor=manager, entry=room, amount="5", reason="x", above_limit_allowed=True
    )
    ledger.entry_reverse(entry=second, actor=manager, reason="given twice")
    reversals = ledger.entry_reverse(entry=room, actor=manager, reason="wrong folio")
    assert [r.reverses_id for r in reversals] == [room.pk, first.pk]
    assert balance(folio) == 0
    with pytest.raises(Conflict):
        ledger.entry_reverse(entry=first, actor=manager, reason="x")


def test_what_can_be_reversed(folio, desk, manager):
    cash = ledger.payment_take(folio=folio, actor=desk, amount="20", method="cash")
    (back,) = ledger.entry_reverse(entry=cash, actor=manager, reason="cash taken by mistake")
    assert back.amount == D("20.00")
    with pytest.raises(Conflict) as error:
        ledger.entry_reverse(entry=back, actor=manager, reason="x")
    assert error.value.code == "not_reversible"
    card = ledger.payment_take(
        folio=folio, actor=desk, amount="20", method="card", card_token="tok_visa"
    )
    with pytest.raises(Conflict) as error:
        ledger.entry_reverse(entry=card, actor=manager, reason="x")
    assert error.value.code == "card_payment_refund"
    refund = ledger.refund_post(folio=folio, actor=manager, amount="5", method="cash", reason="x")
    with pytest.raises(Conflict):
        ledger.entry_reverse(entry=refund, actor=manager, reason="x")


# --- transfers -----------------------------------------------------------------------------


def test_transfer_of_charges_pairs_out_and_in(taxed, folio, desk, manager, company):
    room = charge(folio, desk, "100.00")
    meal = charge(folio, desk, "119.00", "food_and_beverage")
    ledger.allowance_post(
        folio=folio, actor=manager, entry=meal, amount="59.50", reason="x", above_limit_allowed=True
    )
    out1, in1, out2, in2 = ledger.transfer_post(
        from_folio=folio, to_folio=company, actor=desk, entries=[room.pk, meal.pk]
    )
    assert (out1.kind, out1.amount, out1.folio_id, out1.applies_to_id) == (
        "transfer_out",
        D("-100.00"),
        folio.pk,
        room.pk,
    )
    assert (in1.kind, in1.amount, in1.folio_id, in1.counterpart_id) == (
        "transfer_in",
        D("100.00"),
        company.pk,
        out1.pk,
    )
    assert (out2.amount, out2.tax_amount, in2.amount, in2.tax_amount, in2.tax_rate) == (
        D("-59.50"),
        D("-9.50"),
        D("59.50"),
        D("9.50"),
        D("19"),
    )
    assert balance(folio) == 0 and balance(company) == D("159.50")
    with pytest.raises(Conflict) as error:
        ledger.transfer_post(from_folio=folio, to_folio=company, actor=desk, entries=[room.pk])
    assert error.value.code == "already_transferred"


def test_transfer_of_an_amount_settles_a_balance(folio, desk, company):
    charge(folio, desk, "300.00")
    with pytest.raises(Conflict) as error:
        ledger.transfer_post(from_folio=folio, to_folio=company, actor=desk, amount="300.01")
    assert error.value.code == "transfer_exceeds_balance"
    out, into = ledger.transfer_post(from_folio=folio, to_folio=company, actor=desk, amount="300")
    assert (out.amount, into.amount, into.counterpart_id) == (D("-300.00"), D("300.00"), out.pk)
    assert balance(folio) == 0 and balance(company) == D("300.00")


def test_transfer_guards(folio, desk, company, other_hotel, root):
    room = charge(folio, desk)
    payment = ledger.payment_take(folio=folio, actor=desk, amount="5", method="cash")
    with pytest.raises(Invalid) as error:
        ledger.transfer_post(from_folio=folio, to_folio=folio, actor=desk, amount="1")
    assert error.value.code == "same_folio"
    with pytest.raises(Invalid) as error:
        ledger.transfer_post(from_folio=folio, to_folio=company, actor=desk, entries=[payment.pk])
    assert error.value.code == "not_a_charge"
    with pytest.raises(Invalid):
        ledger.transfer_post(
            from_folio=folio, to_folio=company, actor=desk, entries=[room.pk], amount="1"
        )
    with pytest.raises(Invalid):
        ledger.transfer_post(from_folio=folio, to_folio=company, actor=desk, entries=[])
    elsewhere = folio_services.folio_create(
        establishment=other_hotel, actor=root, kind="house", name="House"
    )
    with pytest.raises(Invalid) as error:
        ledger.transfer_post(from_folio=folio, to_folio=elsewhere, actor=desk, amount="1")
    assert error.value.field == "to_folio"
    ledger.entry_reverse(entry=room, actor=root, reason="x")
    with pytest.raises(Conflict) as error:
        ledger.transfer_post(from_folio=folio, to_folio=company, actor=desk, entries=[room.pk])
    assert error.value.code == "already_reversed"


# --- accounts ------------------------------------------------------------------------------


def test_company_account_with_a_checked_vat_number(hotel, desk):
    folio = folio_services.folio_create(
        establishment=hotel,
        actor=desk,
        kind="company",
        name=" Acme ",
        country="nl",
        vat_id="859034987B01",
        email="ap@acme.example",
    )
    assert (folio.kind, folio.name, folio.vat_id, folio.country, folio.currency) == (
        "company",
        "Acme",
        "NL859034987B01",
        "NL",
        "EUR",
    )
    assert folio.history.get().history_user == desk
    for bad, field in (
        ({"vat_id": "NL123456789B01"}, "vat_id"),
        ({"kind": "guest"}, "kind"),
        ({"name": " "}, "name"),
        ({"email": "not-an-email"}, "email"),
        ({"country": "XX"}, "country"),
    ):
        with pytest.raises(Invalid) as error:
            folio_services.folio_create(
                **{"establishment": hotel, "actor": desk, "kind": "company", "name": "X", **bad}
            )
        assert error.value.field == field, bad


# --- the database itself -------------------------------------------------------------------


def test_the_database_refuses_to_change_an_entry(folio, desk):
    entry = charge(folio, desk)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE billing_entry SET amount = 1 WHERE id = %s", [entry.pk])
    entry.refresh_from_db()
    assert entry.amount == D("100.00")


def test_every_append_only_table_keeps_its_trigger_after_all_migrations(folio, desk):
    """A later migration that alters one of these tables rebuilds it on SQLite, which drops
    its triggers silently: after every migration, each still refuses an UPDATE."""
    from frontoffice.billing.services import invoices

    charge(folio, desk)
    payment = ledger.payment_take(folio=folio, actor=desk, amount="100.00", method="cash")
    invoice = invoices.invoice_issue(folio=folio, actor=desk)
    for table, row in [
        ("billing_entry", payment.pk),
        ("billing_receipt", payment.receipt.pk),
        ("billing_invoice", invoice.pk),
    ]:
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET establishment_id = establishment_id WHERE id = %s", [row]
            )


# --- review fixes --------------------------------------------------------------------------


def test_a_transferred_charge_cannot_be_reversed_or_reduced(folio, desk, manager, company):
    room = charge(folio, desk)
    ledger.transfer_post(from_folio=folio, to_folio=company, actor=desk, entries=[room.pk])
    with pytest.raises(Conflict) as error:
        ledger.entry_reverse(entry=room, actor=manager, reason="x")
    assert error.value.code == "already_transferred"
    with pytest.raises(Conflict) as error:
        ledger.allowance_post(
            folio=folio,
            actor=manager,
            entry=room,
            amount="10",
            reason="x",
            above_limit_allowed=True,
        )
    assert error.value.code == "already_transferred"
    assert balance(folio) == 0 and balance(company) == D("100.00")


def test_allowance_limit_counts_the_charges_earlier_allowances(hotel, folio, desk, manager):
    folio_services.billing_settings_set(establishment=hotel, actor=manager, allowance_limit="10.00")
    room = charge(folio, desk)
    ledger.allowance_post(folio=folio, actor=desk, entry=room, amount="10", reason="x")
    with pytest.raises(Forbidden) as error:
        ledger.allowance_post(folio=folio, actor=desk, entry=room, amount="10", reason="x")
    assert error.value.code == "allowance_above_limit"
    with pytest.raises(Forbidden):
        ledger.allowance_post(folio=folio, actor=desk, entry=room, amount="0.01", reason="x")
    ledger.allowance_post(
        folio=folio, actor=manager, entry=room, amount="10", reason="x", above_limit_allowed=True
    )
    assert balance(folio) == D("80.00")


def test_a_closed_folio_is_still_paid_and_paid_back(folio, desk, manager):
    charge(folio, desk)
    close(folio)
    ledger.payment_take(folio=folio, actor=desk, amount="100", method="bank_transfer")
    ledger.payment_take(folio=folio, actor=desk, amount="5", method="card", card_token="tok_visa")
    ledger.refund_post(folio=folio, actor=manager, amount="5", method="cash", reason="paid twice")
    assert balance(folio) == 0
    with pytest.raises(Conflict) as error:
        charge(folio, desk)
    assert error.value.code == "folio_closed"


def test_a_charge_too_high_or_rounding_to_zero_is_refused(folio, desk):
    for price, quantity in (("9999999999", "9999999"), ("0.01", "0.001")):
        with pytest.raises(Invalid) as error:
            charge(folio, desk, price, quantity=quantity)
        assert error.value.field == "unit_price"
    assert charge(folio, desk, "9999999999", quantity="1").amount == D("9999999999")
    assert not Entry.objects.filter(folio=folio, amount__lte=0).exists()
    assert balance(folio) == D("9999999999")


def test_charge_amount_checks_a_charge_as_posting_it_does_and_writes_nothing(folio, desk):
    asked = ledger.charge_amount(folio, "minibar", "12.50", "2")
    assert asked == ("minibar", Decimal("12.50"), Decimal("2"), Decimal("25.00"))
    for price, quantity, message in [
        ("12.50", "0", "Enter a quantity greater than zero."),
        ("12.50", "0.0001", "Enter a quantity greater than zero."),
        ("0.01", "0.1", "The price times the quantity rounds to zero."),
        ("99999999", "999", "The price times the quantity is too high."),
        ("1.234", "1", "This currency has 2 decimal places."),
    ]:
        with pytest.raises(Invalid) as asked_error:
            ledger.charge_amount(folio, "minibar", price, quantity)
        with pytest.raises(Invalid) as posted_error:
            ledger.charge_post(
                folio=folio, actor=desk, category="minibar", unit_price=price, quantity=quantity
            )
        assert str(asked_error.value.detail) == str(posted_error.value.detail) == message
    assert not Entry.objects.filter(folio=folio).exists()
