"""What each role may do with accounts (folios), payments, invoices and the day's figures."""

from frontoffice.core.models import Role as R
from frontoffice.core.policy import declare

DESK = {R.FRONT_DESK_AGENT, R.RECEPTIONIST, R.FRONT_OFFICE_MANAGER, R.ADMINISTRATOR}
MANAGERS = {R.FRONT_OFFICE_MANAGER, R.ADMINISTRATOR}

declare(
    {
        # Read a folio: its entries and balance. Porters, concierges, file clerks and HR see
        # no money.
        "folio.view": DESK | {R.CASHIER, R.BACK_OFFICE_FINANCE},
        # Post charges to a folio; open company and house accounts.
        "folio.charge": DESK,
        # Take a payment (cash, card, bank transfer).
        "folio.pay": DESK | {R.CASHIER},
        # Refunds, reversals and allowances above the manager's limit.
        "folio.correct": MANAGERS,
        # Issue the invoice of a folio (which closes it). Reading invoices and receipts is
        # folio.view: back office finance reads every one and changes none.
        "invoice.issue": DESK | {R.CASHIER},
        # Cancel an invoice with a cancellation invoice (which reopens the folio).
        "invoice.cancel": MANAGERS,
    }
)
