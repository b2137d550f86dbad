"""Tax rates by date and an establishment's own charge categories, set up through the
services (the admin's only way in)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from frontoffice.billing import taxes
from frontoffice.billing.services import ledger, setup
from frontoffice.core import tenancy
from frontoffice.core.errors import Conflict, Invalid

pytestmark = pytest.mark.django_db


@pytest.fixture
def est(hotel):
    with tenancy.scope(hotel):
        yield hotel


def test_dutch_accommodation_rate_changes_on_the_first_of_january(est):
    setup.tax_rate_save(
        establishment=est,
        category="room",
        rate="9",
        valid_from=dt.date(2019, 1, 1),
        valid_until=dt.date(2025, 12, 31),
    )
    setup.tax_rate_save(
        establishment=est, category="room", rate="21", valid_from=dt.date(2026, 1, 1)
    )
    assert taxes.rate_on(est.pk, "room", dt.date(2025, 12, 31)) == D("9")
    assert taxes.rate_on(est.pk, "room", dt.date(2026, 1, 1)) == D("21")
    assert taxes.rate_on(est.pk, "breakfast", dt.date(2026, 1, 1)) is None
    # 121.00 at 21 %: 21.00 of it is tax; 109.00 at 9 %: 9.00.
    assert taxes.included(D("121.00"), D("21"), "EUR") == D("21.00")
    assert taxes.included(D("109.00"), D("9"), "EUR") == D("9.00")


def test_two_rates_of_one_category_never_overlap(est):
    setup.tax_rate_save(
        establishment=est, category="room", rate="7", valid_from=dt.date(2020, 1, 1)
    )
    with pytest.raises(Conflict) as caught:
        setup.tax_rate_save(
            establishment=est, category="room", rate="19", valid_from=dt.date(2026, 1, 1)
        )
    assert caught.value.code == "overlapping_rate"
    # Another category on the same dates is fine (German breakfast 19 %, rooms 7 %).
    setup.tax_rate_save(
        establishment=est, category="breakfast", rate="19", valid_from=dt.date(2020, 1, 1)
    )


@pytest.mark.parametrize("rate", ["-1", "100.5", "abc", "NaN"])
def test_a_rate_outside_0_to_100_is_refused(est, rate):
    with pytest.raises(Invalid) as caught:
        setup.tax_rate_save(
            establishment=est, category="room", rate=rate, valid_from=dt.date(2026, 1, 1)
        )
    assert caught.value.field == "rate"


def test_a_rate_of_an_unknown_category_is_refused(est):
    with pytest.raises(Invalid) as caught:
        setup.tax_rate_save(
            establishment=est, category="spa", rate="21", valid_from=dt.date(2026, 1, 1)
        )
    assert caught.value.code == "unknown_category"


def test_own_category_can_be_charged_and_taxed_and_not_removed_once_used(est, root):
    spa = setup.charge_category_save(
        establishment=est, code="SPA", name="Spa", names={"de": "Wellness"}
    )
    assert (spa.code, spa.names) == ("spa", {"de": "Wellness"})
    setup.tax_rate_save(
        establishment=est, category="spa", rate="21", valid_from=dt.date(2000, 1, 1)
    )
    from frontoffice.lodging import services

    reservation = services.reservation_create(
        establishment=est,
        actor=root,
        room_type_code="std",
        arrival=est.today(),
        departure=est.today() + dt.timedelta(days=1),
        guest={"last_name": "Spa"},
    )
    entry = ledger.charge_post(
        folio=reservation.folio, actor=root, category="spa", unit_price="60.50"
    )
    assert (entry.category, entry.tax_rate, entry.tax_amount) == ("spa", D("21"), D("10.50"))
    with pytest.raises(Conflict) as caught:
        setup.charge_category_delete(category=spa)
    assert caught.value.code == "in_use"
    with pytest.raises(Conflict):
        setup.charge_category_save(establishment=est, category=spa, code="wellness", name="W")
    with pytest.raises(Conflict):
        setup.charge_category_save(establishment=est, code="minibar", name="Minibar")
