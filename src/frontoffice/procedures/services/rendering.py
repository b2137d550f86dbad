"""Placeholders in message templates, filled from the reservation and the guest.

Only the names of `PLACEHOLDERS` are allowed, written `{name}` with nothing else inside the
braces (no attribute, index, conversion or format): a template with any other is refused
when it is saved. Rendering walks the template's own pieces once and puts each value in as
it is, so a value is never read as template text: a guest named "{confirmation}" stays
"{confirmation}", and in the HTML alternative every piece is escaped."""

from __future__ import annotations

from string import Formatter

from django.utils.html import escape
from django.utils.translation import gettext as _

from frontoffice.core import formats
from frontoffice.core.errors import Invalid

# The guest's and the establishment's: always there.
GUEST_PLACEHOLDERS = ("guest_name", "first_name", "last_name", "establishment")
# A reservation's: there when the message is about one. No amounts: roles that may send
# messages without seeing money (the concierge) see what they send.
STAY_PLACEHOLDERS = (
    "confirmation",
    "arrival",
    "departure",
    "nights",
    "room_type",
)
PLACEHOLDERS = GUEST_PLACEHOLDERS + STAY_PLACEHOLDERS


def _pieces(text: str) -> list[tuple[str, str | None]]:
    """(literal text, placeholder name or None), as str.format reads them."""
    try:
        parsed = list(Formatter().parse(text))
    except ValueError:
        raise Invalid(
            _(
                'A brace is not closed. Write placeholders as {first_name}; a brace on its own as "{{" or "}}".'
            ),
            code="bad_placeholder",
        ) from None
    pieces = []
    for literal, name, spec, conversion in parsed:
        if name is not None and (name not in PLACEHOLDERS or spec or conversion):
            written = (
                "{"
                + name
                + (f"!{conversion}" if conversion else "")
                + (f":{spec}" if spec else "")
                + "}"
            )
            raise Invalid(
                _("Unknown placeholder %(name)s. Use one of: %(known)s.")
                % {"name": written, "known": ", ".join("{" + p + "}" for p in PLACEHOLDERS)},
                code="unknown_placeholder",
                extra={"placeholder": name},
            )
        pieces.append((literal, name))
    return pieces


def check(text: str) -> set[str]:
    """The placeholders `text` uses; Invalid (422) for an unknown one or a stray brace."""
    return {name for _literal, name in _pieces(text) if name}


def values(*, establishment, customer, reservation=None, language: str) -> dict[str, str]:
    """Every placeholder's value, dates and amounts in the message's language."""
    filled = {
        "guest_name": customer.full_name,
        "first_name": customer.first_name or customer.full_name,
        "last_name": customer.last_name,
        "establishment": establishment.name,
    }
    if reservation is not None:
        filled.update(
            {
                "confirmation": reservation.confirmation,
                "arrival": formats.date(reservation.arrival, "long", language),
                "departure": formats.date(reservation.departure, "long", language),
                "nights": formats.number(
                    (reservation.departure - reservation.arrival).days, language
                ),
                "room_type": reservation.room_type.name,
            }
        )
    return filled


def missing(text: str, filled: dict[str, str]) -> set[str]:
    return {name for name in check(text) if name not in filled}


def render_text(text: str, filled: dict[str, str]) -> str:
    return "".join(literal + (filled[name] if name else "") for literal, name in _pieces(text))


def render_html(text: str, filled: dict[str, str]) -> str:
    """The HTML alternative: every piece escaped, paragraphs and line breaks kept."""
    body = "".join(
        escape(literal) + (escape(filled[name]) if name else "") for literal, name in _pieces(text)
    )
    paragraphs = [p.strip().replace("\n", "<br>\n") for p in body.split("\n\n") if p.strip()]
    return "\n".join(f"<p>{p}</p>" for p in paragraphs)
