"""A guest who checks in and out on the same day keeps (and pays) the first night: it is
posted at check-out, as the night audit would post it, and the audit never posts it again."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from frontoffice.billing.models import Entry
from frontoffice.billing.selectors import folio_balance
from frontoffice.billing.services import ledger
from frontoffice.core import tenancy
from frontoffice.core.errors import Conflict
from frontoffice.lodging import services

pytestmark = pytest.mark.django_db


def test_same_day_stay_pays_its_night_once(hotel, root):
    day = hotel.business_day()
    with tenancy.scope(hotel):
        stay = services.reservation_create(
            establishment=hotel,
            actor=root,
            room_type_code="std",
            arrival=day,
            departure=day + dt.timedelta(days=2),
            guest={"last_name": "Kurz"},
        )
        stay = services.reservation_check_in(reservation=stay, actor=root)
        with pytest.raises(Conflict) as caught:
            services.reservation_check_out(reservation=stay, actor=root)
        assert caught.value.code == "balance_due"
        # The night of today (the base rate, 100.00) is on the folio, posted once.
        rooms = Entry.objects.filter(folio_id=stay.folio_id, category="room")
        assert [(e.amount, e.business_date) for e in rooms] == [(D("100.00"), day)]
        assert folio_balance(stay.folio_id) == D("100.00")
        ledger.payment_take(folio=stay.folio, actor=root, amount="100.00", method="cash")
        done = services.reservation_check_out(reservation=stay, actor=root)
        assert (done.status, done.departure) == ("checked_out", day + dt.timedelta(days=1))
        assert rooms.count() == 1
        # Tonight's audit posts nothing more for it.
        services.night_audit(establishment=hotel, actor=root, business_date=day)
        assert rooms.count() == 1
        assert folio_balance(stay.folio_id) == 0


def test_a_guest_leaving_on_the_planned_day_is_charged_nothing_more(hotel, root):
    day = hotel.business_day()
    with tenancy.scope(hotel):
        stay = services.reservation_create(
            establishment=hotel,
            actor=root,
            room_type_code="std",
            arrival=day,
            departure=day + dt.timedelta(days=1),
            guest={"last_name": "Normal"},
        )
        stay = services.reservation_check_in(reservation=stay, actor=root)
        services.night_audit(establishment=hotel, actor=root, business_date=day)
        stay.refresh_from_db()
        assert folio_balance(stay.folio_id) == D("100.00")
        ledger.payment_take(folio=stay.folio, actor=root, amount="100.00", method="cash")
        services.reservation_check_out(reservation=stay, actor=root)
        assert Entry.objects.filter(folio_id=stay.folio_id, category="room").count() == 1
