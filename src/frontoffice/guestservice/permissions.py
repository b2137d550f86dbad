"""What each role may do with guest requests, luggage, the concierge's catalogue and events,
complaints and the manager's desk."""

from frontoffice.core.models import Role as R
from frontoffice.core.policy import declare

DESK = {R.FRONT_DESK_AGENT, R.RECEPTIONIST}
MANAGERS = {R.FRONT_OFFICE_MANAGER, R.ADMINISTRATOR}

# --- requests, porters, luggage ---------------------------------------------------------
declare(
    {
        # Every department's queue: read, take, assign, escalate, cancel requests.
        "request.view": DESK | {R.CONCIERGE} | MANAGERS,
        "request.manage": DESK | {R.CONCIERGE} | MANAGERS,
        # Work one's jobs: start and complete them. Porters see the bell desk's jobs only.
        "request.work": DESK | {R.CONCIERGE, R.PORTER} | MANAGERS,
        # Each department's service levels: the minutes it has per kind and priority.
        "service_level.manage": MANAGERS,
        # Luggage stored with claim tags, and handed back.
        "luggage.manage": DESK | {R.CONCIERGE, R.PORTER} | MANAGERS,
    }
)

# --- concierge: catalogue, recommendations, events ----------------------------------------
declare(
    {
        # The catalogue of attractions, guests' recommendations and bookings, group events.
        "concierge.view": DESK | {R.CONCIERGE} | MANAGERS,
        # Keep the catalogue.
        "attraction.manage": {R.CONCIERGE} | MANAGERS,
        # Recommend and book for a guest (a booking's cost may go on the folio).
        "recommendation.manage": DESK | {R.CONCIERGE} | MANAGERS,
        # Group events.
        "event.manage": {R.CONCIERGE} | MANAGERS,
    }
)

# --- complaints, VIPs, the manager's desk, the shift log ----------------------------------
declare(
    {
        # Complaints and compliments: read and take them.
        "complaint.view": DESK | {R.CONCIERGE} | MANAGERS,
        "complaint.create": DESK | {R.CONCIERGE} | MANAGERS,
        # Resolve (escalated complaints: the manager only; compensation is an allowance).
        "complaint.resolve": DESK | MANAGERS,
        # The manager's desk: open complaints, VIPs, overdue requests, blocks near cut-off.
        "manager.desk": MANAGERS,
        # The shift log: notes handed from shift to shift.
        "shiftlog.use": DESK | {R.CONCIERGE, R.PORTER, R.CASHIER} | MANAGERS,
    }
)
