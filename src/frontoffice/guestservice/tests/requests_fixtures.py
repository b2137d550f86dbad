"""Shared setup for the requests tests: a guest in house, a walk-up customer, departments."""

from __future__ import annotations

import pytest

from frontoffice.core.models import Department
from frontoffice.core.services import establishments as establishment_services
from frontoffice.customers import services as customer_services
from frontoffice.lodging import services as lodging_services

__all__ = ["departments", "in_house", "walk_up"]


@pytest.fixture
def in_house(reservation, root):
    """Pia Pagetest, checked in (room given by the check-in)."""
    return lodging_services.reservation_check_in(reservation=reservation, actor=root)


@pytest.fixture
def walk_up(hotel, root):
    return customer_services.customer_create(
        establishment=hotel, actor=root, first_name="Walter", last_name="Walkup"
    )


@pytest.fixture
def departments(hotel):
    made = {}
    for kind, name in [
        (Department.Kind.HOUSEKEEPING, "Housekeeping"),
        (Department.Kind.BELL_DESK, "Bell desk"),
    ]:
        made[kind] = establishment_services.department_save(
            establishment=hotel, kind=kind, name=name
        )
    made[Department.Kind.FRONT_DESK] = Department.objects.get(
        establishment=hotel, kind=Department.Kind.FRONT_DESK
    )
    return made
