"""The luggage claim tag as a small PDF label (62 × 100 mm, as label printers take):
the tag number large, the guest's name, the pieces and the date (fpdf2, DejaVu Sans as
billing's documents use)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from frontoffice.billing.pdf import FONT, FONTS
from frontoffice.core import formats

from .models import Luggage
from .queue_display import guest_shown

NEXT_LINE = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT}


def luggage_label_pdf(luggage: Luggage, language: str, *, hide_private: bool = True) -> bytes:
    """The label; a private guest's name is "Private guest" for who may not know of them."""
    pdf = FPDF(orientation="P", unit="mm", format=(62, 100))
    pdf.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_title(_("Luggage tag %(tag)s") % {"tag": luggage.tag})
    pdf.set_lang(language)
    pdf.set_creator("Frontoffice")
    pdf.set_auto_page_break(auto=False)
    pdf.set_margins(4, 4, 4)
    pdf.add_page()
    pdf.set_font(FONT, "", 9)
    pdf.cell(0, 5, _("Luggage claim tag"), align="C", **NEXT_LINE)
    pdf.set_font(FONT, "B", 30)
    pdf.cell(0, 16, luggage.tag, align="C", **NEXT_LINE)
    pdf.ln(2)
    pdf.set_font(FONT, "B", 12)
    pdf.multi_cell(0, 6, guest_shown(luggage.customer, hide_private), align="C", **NEXT_LINE)
    pdf.set_font(FONT, "", 11)
    if luggage.reservation_id and luggage.reservation.room_id:
        pdf.cell(
            0,
            6,
            _("Room %(number)s") % {"number": luggage.reservation.room.number},
            align="C",
            **NEXT_LINE,
        )
    pieces = ngettext("%(n)s piece", "%(n)s pieces", luggage.pieces) % {
        "n": formats.number(luggage.pieces, language)
    }
    pdf.cell(0, 6, pieces, align="C", **NEXT_LINE)
    stored = luggage.stored_at.astimezone(ZoneInfo(luggage.establishment.timezone))
    pdf.cell(0, 6, formats.date(stored.date(), language=language), align="C", **NEXT_LINE)
    pdf.set_font(FONT, "", 8)
    pdf.multi_cell(0, 4, luggage.location, align="C", **NEXT_LINE)
    return bytes(pdf.output())
