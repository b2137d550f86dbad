"""What apps above `customers` add to it, without `customers` importing them.

- `search_conditions`: callables `(establishment, q) -> Q | None` that widen a guest search
  (lodging adds "the guest of this confirmation code").
- `detail_panels`: callables `(request, access, customer) -> (template, context) | None` that
  add a panel to the guest's page (lodging adds their reservations).
"""

from __future__ import annotations

from collections.abc import Callable

search_conditions: list[Callable] = []
detail_panels: list[Callable] = []
