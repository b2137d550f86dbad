"""What procedures add to the apps below it (see customers.extensions and lodging.extensions)."""

from __future__ import annotations


def register() -> None:
    pass
