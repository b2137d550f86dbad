"""What each role may do with protocols, message templates, messages and the knowledge base."""

from frontoffice.core.models import Role as R
from frontoffice.core.policy import declare

DESK = {R.FRONT_DESK_AGENT, R.RECEPTIONIST}
MANAGERS = {R.FRONT_OFFICE_MANAGER, R.ADMINISTRATOR}
FRONT = DESK | {R.CONCIERGE, R.PORTER, R.CASHIER, R.FILE_CLERK} | MANAGERS

declare(
    {
        # Read the protocols (greeting and call scripts) and the message templates.
        "template.view": FRONT,
        # Write them (a new version each time).
        "template.manage": MANAGERS,
        # Send a guest a message from a template; read the outbox.
        "message.send": DESK | {R.CONCIERGE} | MANAGERS,
        # The knowledge base of answers to customers' questions: read and search.
        "answer.view": FRONT,
        "answer.manage": MANAGERS,
    }
)
