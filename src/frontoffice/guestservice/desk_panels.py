"""What other areas add to the manager's desk, without this page importing them.

`manager_panels`: callables `(request, access) -> (template, context) | None`, rendered in
order after the open complaints and the VIPs (overdue requests, blocks near cut-off). A
panel returns None when the person may not see it or it has nothing to show; its template
receives its context as `panel`."""

from __future__ import annotations

from collections.abc import Callable

manager_panels: list[Callable] = []
