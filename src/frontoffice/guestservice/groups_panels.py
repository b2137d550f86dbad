"""The room-block panel of the manager's desk: open blocks whose cut-off is within a week
of the business date, with their pick-up. The manager's desk (another area) shows it."""

from __future__ import annotations

from frontoffice.lodging import selectors_blocks as blocks_sel

NEAR_DAYS = 7
TEMPLATE = "guestservice/_blocks_near_cutoff_panel.html"


def blocks_near_cutoff_panel(request, access) -> tuple[str, dict] | None:
    """(template, context), or None for a role that may not see blocks."""
    if not access.can("block.view"):
        return None
    est = access.establishment
    blocks = list(blocks_sel.blocks_near_cutoff(est, NEAR_DAYS)[:50])
    for block in blocks:
        held = (block.rooms_held or 0) + (block.rooms_released or 0)
        block.total_held = held
        block.pickup_percent = round(100 * (block.rooms_picked_up or 0) / held) if held else 0
    return TEMPLATE, {"near_cutoff_blocks": blocks, "near_cutoff_days": NEAR_DAYS}
