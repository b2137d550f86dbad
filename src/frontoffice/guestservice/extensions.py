"""What guest services add to the apps below it (see customers.extensions and
lodging.extensions): each area appends its callables in `register`."""

from __future__ import annotations


def register() -> None:
    from frontoffice.lodging import extensions as lodging

    from .demo_groups import demo_groups

    if demo_groups not in lodging.demo_steps:
        lodging.demo_steps.append(demo_groups)
