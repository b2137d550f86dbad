"""Forms of the staff pages. They only parse input; the services decide."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from frontoffice.customers.forms import DateInput, GuestFields

from .models import Guarantee, ReservationStatus, Source, StayGroup


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

    def __init__(self, *args, room_types=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room_type"].choices = [
            (rt.code, f"{rt.label} ({rt.code})") for rt in room_types
        ]


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
