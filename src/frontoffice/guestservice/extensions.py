"""What guest services add to the apps below it (see customers.extensions and
lodging.extensions): each area appends its callables in `register`."""

from __future__ import annotations


def _add(hooks: list, fn) -> None:
    if fn not in hooks:
        hooks.append(fn)


def register() -> None:
    from frontoffice.lodging import extensions as lodging

    # --- requests, porters, luggage ---
    from . import demo_requests, requests_hooks

    _add(lodging.after_check_in, requests_hooks.luggage_on_arrival)
    _add(lodging.after_check_out, requests_hooks.luggage_on_departure)
    _add(lodging.dashboard_panels, requests_hooks.wake_up_panel)
    _add(lodging.demo_steps, demo_requests.demo_requests)
