"""What guest services add to the apps below it (see customers.extensions and
lodging.extensions): each area appends its callables in `register`."""

from __future__ import annotations


def register() -> None:
    from . import hooks_complaints

    hooks_complaints.register()
