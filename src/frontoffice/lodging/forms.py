"""Forms of the staff pages. They only parse input; the services decide."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from babel.numbers import get_group_symbol
from django import forms
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from frontoffice.core import countries, formats
from frontoffice.customers.forms import DateInput, GuestFields

from .models import DocumentType, Guarantee, ReservationStatus, Source, StayGroup


class ReservationForm(GuestFields):
    # One per rendering of the form: a second submission of it gets the first's answer.
    form_token = forms.CharField(widget=forms.HiddenInput, min_length=16, max_length=64)
    guest_id = forms.IntegerField(
        required=False, widget=forms.HiddenInput, min_value=1, max_value=2**62
    )
    # Set once the look-alikes were shown: a new record for the guest anyway.
    confirm_new_guest = forms.BooleanField(required=False, widget=forms.HiddenInput)
    room_type = forms.ChoiceField(label=_("Room type"))
    arrival = forms.DateField(label=_("Arrival"), widget=DateInput())
    departure = forms.DateField(label=_("Departure"), widget=DateInput())
    adults = forms.IntegerField(label=_("Adults"), min_value=1, max_value=50, initial=1)
    children = forms.IntegerField(label=_("Children"), min_value=0, max_value=50, initial=0)
    rate_plan = forms.ChoiceField(label=_("Rate plan"), required=False)
    source = forms.ChoiceField(label=_("Source"), choices=Source.choices, initial=Source.PHONE)
    guarantee = forms.ChoiceField(label=_("Guarantee"), choices=Guarantee.choices)
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000, required=False
    )

    def __init__(self, *args, room_types=(), rate_plans=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room_type"].choices = [
            (rt.code, f"{rt.label} ({rt.code})") for rt in room_types
        ]
        self.fields["rate_plan"].choices = [("", _("Best available (base rate)"))] + [
            (p.code, p.label) for p in rate_plans
        ]
        # The live quote beside the form reads these.
        for name in ("room_type", "rate_plan", "arrival", "departure", "adults", "children"):
            self.fields[name].widget.attrs["class"] = "quote-input"

    def clean(self):
        data = super().clean()
        if self.errors.pop("form_token", None):
            self.add_error(None, _("This form has expired: check the details and book again."))
        if not data.get("guest_id") and not data.get("last_name"):
            self.add_error("last_name", _("Choose a guest or enter a last name."))
        return data


class ModifyForm(forms.Form):
    room_type = forms.ChoiceField(label=_("Room type"))
    arrival = forms.DateField(label=_("Arrival"), widget=DateInput())
    departure = forms.DateField(label=_("Departure"), widget=DateInput())
    adults = forms.IntegerField(label=_("Adults"), min_value=1, max_value=50)
    children = forms.IntegerField(label=_("Children"), min_value=0, max_value=50)
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000, required=False
    )

    def __init__(self, *args, room_types=(), in_house=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room_type"].choices = [
            (rt.code, f"{rt.label} ({rt.code})") for rt in room_types
        ]
        if in_house:
            self.fields["arrival"].disabled = True
            self.fields["room_type"].disabled = True


# The reasons a desk hears most; one click, then details if any. Stored as the words of the
# establishment's own language, so its reports read the same whoever typed them.
CANCEL_REASONS = [
    ("plans", _("Change of plans")),
    ("elsewhere", _("Booked elsewhere")),
    ("duplicate", _("Duplicate reservation")),
    ("illness", _("Illness")),
    ("travel", _("Travel disrupted")),
    ("price", _("Price")),
    ("other", _("Other")),
]


class CancelForm(forms.Form):
    common = forms.ChoiceField(
        label=_("Reason for the cancellation"),
        choices=CANCEL_REASONS,
        widget=forms.RadioSelect,
        required=False,
    )
    reason = forms.CharField(
        label=_("Details"),
        max_length=500,
        required=False,
        help_text=_("Required when the reason is not in the list."),
    )

    def __init__(self, *args, language: str = "en", **kwargs):
        super().__init__(*args, **kwargs)
        self.language = language

    def clean(self):
        data = super().clean()
        common = data.get("common") or "other"
        details = (data.get("reason") or "").strip()
        if common == "other":
            if not details:
                self.add_error("reason", _("Give a reason for the cancellation."))
                return data
            data["text"] = details
            return data
        with translation.override(self.language):
            label = str(dict(CANCEL_REASONS)[common])
        data["text"] = f"{label}: {details}" if details else label
        return data


class ReservationFilter(forms.Form):
    """The list's filters, all optional and combined. A view of the list (in house,
    arrivals on a date, …) with its date left blank means today."""

    q = forms.CharField(label=_("Name, email or confirmation"), required=False, max_length=200)
    group = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("All reservations")), *StayGroup.choices],
    )
    arrival = forms.DateField(label=_("Arrival"), required=False, widget=DateInput())
    departure = forms.DateField(label=_("Departure"), required=False, widget=DateInput())
    stay_from = forms.DateField(label=_("Staying from"), required=False, widget=DateInput())
    stay_to = forms.DateField(label=_("Staying until"), required=False, widget=DateInput())
    # Not offered on the page (the views above say more), kept for links that carry it.
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *ReservationStatus.choices],
        widget=forms.HiddenInput,
    )

    def __init__(self, data=None, *, today: dt.date, **kwargs):
        if data is not None:
            # Arrivals or departures without a date are today's, and the form says so.
            data = data.copy()
            for group, name in (
                (StayGroup.ARRIVALS, "arrival"),
                (StayGroup.DEPARTURES, "departure"),
            ):
                if data.get("group") == group and not data.get(name):
                    data[name] = today.isoformat()
        super().__init__(data, **kwargs)
        if data is None:
            # A fresh list: the desk agent is about to type a name.
            self.fields["q"].widget.attrs["autofocus"] = True
        self.fields["q"].widget.input_type = "search"

    def clean(self):
        data = super().clean()
        start, end = data.get("stay_from"), data.get("stay_to")
        if start and end and end < start:
            self.add_error("stay_to", _("The end of the range must not be before its start."))
        return data


AMOUNT = re.compile(r"^(\d{1,10})(?:([.,])(\d{1,6}))?$")


def parse_amount(text: str, currency: str) -> Decimal:
    """A price as people type it in their language: 129,50 or 129.50. A dot or comma
    followed by three digits where the language groups thousands with it (1.250 on a
    German page) could be either, and is refused rather than guessed."""
    typed = re.sub(r"\s", "", text or "")
    for sign in {currency, formats.amount(0, currency).strip("0,. \u00a0\u202f")}:
        if sign:
            typed = typed.replace(sign, "")
    match = AMOUNT.match(typed)
    example = formats.plain_amount(Decimal("129.5"), currency)
    if match is None:
        raise forms.ValidationError(
            gettext("Enter a price such as %(example)s.") % {"example": example}
        )
    whole, separator, decimals = match.groups()
    if separator and separator == get_group_symbol(formats.locale()) and len(decimals) == 3:
        raise forms.ValidationError(
            gettext("Enter a price such as %(example)s.") % {"example": example}
        )
    return Decimal(f"{whole}.{decimals}" if separator else whole)


ARRIVAL_CHOICES = [
    ("", _("Unchanged")),
    ("closed", _("Closed to arrival")),
    ("open", _("Open to arrival")),
]


class RateChangeForm(forms.Form):
    """The rates page's change: which nights, and what to set on them. The service checks
    the rest (ranges, values, that something changes), so the API says the same."""

    # No focus on open: the page is the grid first (a focused select would also take the
    # shortcut letters as its own type-ahead); after a refusal, the field at fault has it.
    rate_plan = forms.ChoiceField(label=_("Rate plan"))
    room_types = forms.MultipleChoiceField(
        label=_("Room types"), required=False, widget=forms.CheckboxSelectMultiple
    )
    first_night = forms.DateField(label=_("From"), widget=DateInput())
    last_night = forms.DateField(label=_("Until (last night)"), widget=DateInput())
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Weekdays"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    price = forms.CharField(
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    price_reset = forms.BooleanField(label=_("Back to the plan's price"), required=False)
    min_stay = forms.IntegerField(
        label=_("Minimum stay (nights)"), min_value=1, max_value=365, required=False
    )
    min_stay_reset = forms.BooleanField(label=_("Back to the plan's minimum stay"), required=False)
    arrival = forms.ChoiceField(label=_("Arrivals"), required=False, choices=ARRIVAL_CHOICES)

    def __init__(self, *args, rate_plans=(), room_types=(), currency="EUR", **kwargs):
        super().__init__(*args, **kwargs)
        self.currency = currency
        self.fields["rate_plan"].choices = [
            (p.code, p.label if p.active else f"{p.label} ({gettext('inactive')})")
            for p in rate_plans
        ]
        self.fields["room_types"].choices = [(rt.code, rt.label) for rt in room_types]
        days = formats.locale().days["stand-alone"]
        self.fields["weekdays"].choices = [(i, days["abbreviated"][i]) for i in range(7)]
        self.fields["price"].label = gettext("New price per night (%(currency)s)") % {
            "currency": currency
        }

    def clean_price(self):
        value = self.cleaned_data.get("price", "").strip()
        return parse_amount(value, self.currency) if value else None

    def clean(self):
        data = super().clean()
        # Said here at once, and again by the service for the API.
        if not data.get("room_types") and "room_types" not in self.errors:
            self.add_error("room_types", gettext("Choose at least one room type."))
        if not data.get("weekdays") and "weekdays" not in self.errors:
            self.add_error("weekdays", gettext("Choose at least one weekday."))
        first, last = data.get("first_night"), data.get("last_night")
        if first and last and last < first:
            self.add_error("last_night", gettext("The last night cannot be before the first."))
        return data

    def focus_first_error(self) -> None:
        """Shown again with errors: the focus goes to the first field that has one."""
        wrong = next((name for name in self.fields if name in self.errors), None)
        if wrong is None:
            return
        self.fields[wrong].widget.attrs["autofocus"] = True

    def service_arguments(self) -> dict:
        d = self.cleaned_data
        return {
            "rate_plan_code": d["rate_plan"],
            "room_type_codes": d["room_types"],
            "first_night": d["first_night"],
            "last_night": d["last_night"],
            "weekdays": d["weekdays"],
            "price": d.get("price"),
            "price_reset": bool(d.get("price_reset")),
            "min_stay": d.get("min_stay"),
            "min_stay_reset": bool(d.get("min_stay_reset")),
            "closed_to_arrival": {"closed": True, "open": False}.get(d.get("arrival") or ""),
        }


# --- stays at the desk ---------------------------------------------------------------------


class RegistrationFields(forms.Form):
    """The registration card (check-in and walk-in) and the keys handed out."""

    nationality = forms.ChoiceField(label=_("Nationality"), required=False)
    document_type = forms.ChoiceField(
        label=_("Identity document"),
        required=False,
        choices=[("", "—"), *DocumentType.choices],
    )
    document_number = forms.CharField(label=_("Document number"), max_length=50, required=False)
    address = forms.CharField(
        label=_("Address"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    keys = forms.IntegerField(label=_("Keys"), min_value=0, max_value=20, initial=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nationality"].choices = [("", "—"), *countries.choices()]

    def registration(self) -> dict[str, str]:
        d = self.cleaned_data
        return {
            name: d[name]
            for name in ("nationality", "document_type", "document_number", "address")
            if d.get(name)
        }


class CheckInForm(RegistrationFields):
    room = forms.ChoiceField(label=_("Room"), widget=forms.RadioSelect)
    allow_dirty = forms.BooleanField(
        label=_("The room is not clean yet: check in anyway"), required=False
    )
    luggage_help = forms.BooleanField(
        label=_("Luggage help: a porter brings the bags from the car to the room"),
        required=False,
    )

    field_order = ["room", "allow_dirty"]

    def __init__(self, *args, rooms=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.rooms = list(rooms)
        self.fields["room"].choices = [(room.number, room.number) for room in self.rooms]


class WalkInForm(GuestFields, RegistrationFields):
    form_token = forms.CharField(widget=forms.HiddenInput, min_length=16, max_length=64)
    room_type = forms.ChoiceField(label=_("Room type"))
    departure = forms.DateField(label=_("Departure"), widget=DateInput())
    adults = forms.IntegerField(label=_("Adults"), min_value=1, max_value=50, initial=1)
    children = forms.IntegerField(label=_("Children"), min_value=0, max_value=50, initial=0)
    rate_plan = forms.ChoiceField(label=_("Rate plan"), required=False)
    guarantee = forms.ChoiceField(label=_("Guarantee"), choices=Guarantee.choices)
    room = forms.ChoiceField(label=_("Room"), required=False)
    allow_dirty = forms.BooleanField(
        label=_("The room is not clean yet: check in anyway"), required=False
    )
    luggage_help = forms.BooleanField(
        label=_("Luggage help: a porter brings the bags from the car to the room"),
        required=False,
    )
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000, required=False
    )

    field_order = ["last_name", "first_name"]

    def __init__(self, *args, room_types=(), rate_plans=(), rooms=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room_type"].choices = [
            (rt.code, f"{rt.label} ({rt.code})") for rt in room_types
        ]
        self.fields["rate_plan"].choices = [("", _("Best available (base rate)"))] + [
            (p.code, p.label) for p in rate_plans
        ]
        self.fields["room"].choices = [("", _("Best free room of the type"))] + [
            (
                tile.room.number,
                f"{tile.room.number} · {tile.room.room_type.code} · "
                f"{tile.room.get_housekeeping_display()}",
            )
            for tile in rooms
        ]

    def clean(self):
        data = super().clean()
        if self.errors.pop("form_token", None):
            self.add_error(None, _("This form has expired: check the details and send it again."))
        if not (data.get("last_name") or "").strip():
            self.add_error("last_name", _("The last name is required."))
        return data


class MoveForm(forms.Form):
    room = forms.ChoiceField(label=_("New room"))
    reason = forms.CharField(label=_("Reason for the move"), max_length=200)

    def __init__(self, *args, rooms=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].choices = [("", "—")] + [
            (
                tile.room.number,
                f"{tile.room.number} · {tile.room.room_type.label} · "
                f"{tile.room.get_housekeeping_display()}",
            )
            for tile in rooms
        ]


RACK_STATUS_CHOICES = [
    ("", _("Any status")),
    ("vacant", _("Vacant")),
    ("occupied", _("Occupied")),
    ("clean", _("Clean")),
    ("dirty", _("Dirty")),
    ("inspected", _("Inspected")),
    ("out_of_order", _("Out of order")),
]


class RackFilter(forms.Form):
    floor = forms.TypedChoiceField(label=_("Floor"), required=False, coerce=int, empty_value=None)
    room_type = forms.ChoiceField(label=_("Room type"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=RACK_STATUS_CHOICES)

    def __init__(self, *args, floors=(), room_types=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["floor"].choices = [("", _("All floors"))] + [
            (f, formats.number(f)) for f in floors
        ]
        self.fields["room_type"].choices = [("", _("All room types"))] + [
            (rt.code, rt.label) for rt in room_types
        ]
