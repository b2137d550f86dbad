"""Billing fixtures: a hotel whose categories have tax rates, a guest folio, a company."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from frontoffice.billing.models import TaxRate
from frontoffice.billing.services import folios as folio_services


@pytest.fixture(autouse=True)
def _quick_gateway(settings, tmp_path):
    settings.FRONTOFFICE_GATEWAY_TIMEOUT = 0.05
    settings.DATA_DIR = tmp_path


@pytest.fixture
def taxed(hotel):
    TaxRate.objects.create(
        establishment=hotel,
        category="food_and_beverage",
        rate=Decimal("19"),
        valid_from=dt.date(2020, 1, 1),
    )
    return hotel


@pytest.fixture
def folio(reservation):
    return reservation.folio


@pytest.fixture
def company(hotel, root):
    return folio_services.folio_create(
        establishment=hotel, actor=root, kind="company", name="Acme BV", vat_id="NL859034987B01"
    )
