"""What each role may do with rooms, availability and reservations."""

from frontoffice.core.models import Role as R
from frontoffice.core.policy import declare

DESK = {R.FRONT_DESK_AGENT, R.RECEPTIONIST, R.FRONT_OFFICE_MANAGER, R.ADMINISTRATOR}

declare(
    {
        # Room types, rooms, availability and prices.
        "inventory.view": set(R.values) - {R.BACK_OFFICE_HR},
        # Reservations: dates, room type, party, the guest's name (contact details need
        # guest.view).
        "reservation.view": DESK
        | {R.CONCIERGE, R.PORTER, R.CASHIER, R.FILE_CLERK, R.BACK_OFFICE_FINANCE},
        "reservation.manage": DESK,
        # Taking back a no-show recorded by mistake today.
        "reservation.reinstate": {R.FRONT_OFFICE_MANAGER, R.ADMINISTRATOR},
        # The rates page: prices, minimum stays and closed-to-arrival days by date. The
        # desk reads it (it quotes and sells those rates); the manager sets them.
        "rates.view": DESK,
        "rates.manage": {R.FRONT_OFFICE_MANAGER, R.ADMINISTRATOR},
        # A room's housekeeping status (clean, dirty, inspected): the desk sets it as
        # housekeeping reports (there is no housekeeping role yet).
        "room.housekeeping": DESK,
        # Stays at the desk: check-in, walk-in, room move, check-out.
        "stay.manage": DESK,
        # The room rack: every room with its status and who is in it (porters and the
        # bell desk use it; it shows no money).
        "rooms.rack": set(R.values) - {R.BACK_OFFICE_HR},
        # The night audit (day close): it posts every in-house stay's night and rolls the
        # business date. Night auditors are front desk agents; receptionists (the daytime
        # desk of other offices) do not close the day.
        "audit.run": {R.FRONT_DESK_AGENT, R.FRONT_OFFICE_MANAGER, R.ADMINISTRATOR},
        # Group room blocks: rooms held per type and night until a cut-off, their pick-up.
        # Booking from a block is `reservation.manage`.
        "block.view": DESK | {R.CONCIERGE},
        "block.manage": {R.CONCIERGE, R.FRONT_OFFICE_MANAGER, R.ADMINISTRATOR},
        # The daily reports the audit stores: those who run it, and finance (reads only).
        "report.view": {
            R.FRONT_DESK_AGENT,
            R.FRONT_OFFICE_MANAGER,
            R.ADMINISTRATOR,
            R.BACK_OFFICE_FINANCE,
        },
    }
)
