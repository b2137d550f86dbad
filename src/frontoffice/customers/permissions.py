"""What each role may do with customer records."""

from frontoffice.core.models import Role as R
from frontoffice.core.policy import declare

DESK = {R.FRONT_DESK_AGENT, R.RECEPTIONIST, R.FRONT_OFFICE_MANAGER, R.ADMINISTRATOR}

declare(
    {
        # Names, contact details, notes and history of guests.
        "guest.view": DESK | {R.CONCIERGE, R.CASHIER, R.FILE_CLERK, R.BACK_OFFICE_FINANCE},
        "guest.manage": DESK | {R.CONCIERGE, R.FILE_CLERK},
        # Private guests (celebrities, executives): to see that they exist at all, and to
        # declare a guest private. Every look at their record is logged.
        "guest.private": DESK | {R.CASHIER, R.BACK_OFFICE_FINANCE},
    }
)
