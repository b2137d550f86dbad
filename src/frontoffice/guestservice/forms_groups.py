"""Forms of the group pages: a room block, booking from it, an event and its attendees."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from frontoffice.customers.forms import DateInput

MAX_BLOCK_NIGHTS = 60


class BlockForm(forms.Form):
    """A block of the same rooms on every night from `first_night` on: a count per type."""

    name = forms.CharField(label=_("Group name"), max_length=200)
    first_night = forms.DateField(label=_("First night"), widget=DateInput())
    nights = forms.IntegerField(
        label=_("Nights"), min_value=1, max_value=MAX_BLOCK_NIGHTS, initial=1
    )
    cutoff = forms.DateField(label=_("Cut-off date"), widget=DateInput())
    event = forms.ChoiceField(label=_("Event"), required=False)

    def __init__(self, *args, room_types=(), events=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.room_types = list(room_types)
        self.fields["event"].choices = [("", _("No event"))] + [(str(e.pk), e.name) for e in events]
        for rt in self.room_types:
            self.fields[f"rooms_{rt.code}"] = forms.IntegerField(
                label=_("Rooms of %(type)s per night") % {"type": rt.label},
                min_value=0,
                max_value=500,
                initial=0,
                required=False,
            )

    def type_fields(self):
        return [self[f"rooms_{rt.code}"] for rt in self.room_types]

    def clean(self):
        data = super().clean()
        if not any(data.get(f"rooms_{rt.code}") for rt in self.room_types):
            self.add_error(None, _("Hold at least one room of some type."))
        return data

    def rooms(self) -> list[dict]:
        data = self.cleaned_data
        first = data["first_night"]
        return [
            {"room_type": rt.code, "date": first + dt.timedelta(days=i), "count": count}
            for rt in self.room_types
            if (count := data.get(f"rooms_{rt.code}"))
            for i in range(data["nights"])
        ]


class BlockEditForm(forms.Form):
    """A block's name, cut-off and event; the rooms it holds stay as they are."""

    name = forms.CharField(label=_("Group name"), max_length=200)
    cutoff = forms.DateField(label=_("Cut-off date"), widget=DateInput())
    event = forms.ChoiceField(label=_("Event"), required=False)

    def __init__(self, *args, events=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].choices = [("", _("No event"))] + [(str(e.pk), e.name) for e in events]


class BlockBookingForm(forms.Form):
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    room_type = forms.ChoiceField(label=_("Room type"))
    arrival = forms.DateField(label=_("Arrival"), widget=DateInput())
    departure = forms.DateField(label=_("Departure"), widget=DateInput())
    adults = forms.IntegerField(label=_("Adults"), min_value=1, max_value=50, initial=1)

    def __init__(self, *args, room_types=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room_type"].choices = [(code, label) for code, label in room_types]

    def clean(self):
        data = super().clean()
        arrival, departure = data.get("arrival"), data.get("departure")
        if arrival and departure and departure <= arrival:
            self.add_error("departure", _("The departure must be after the arrival."))
        return data


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class EventForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DateTimeInput())
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DateTimeInput())
    venue_room = forms.ChoiceField(label=_("Room"), required=False)
    venue_attraction = forms.ChoiceField(label=_("Attraction"), required=False)
    venue_text = forms.CharField(label=_("Venue"), max_length=200, required=False)
    organiser_name = forms.CharField(label=_("Organiser"), max_length=200, required=False)
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000, required=False
    )

    def __init__(self, *args, rooms=(), attractions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["venue_room"].choices = [("", "—")] + [(r.number, r.number) for r in rooms]
        self.fields["venue_attraction"].choices = [("", "—")] + [
            (str(a.pk), a.name) for a in attractions
        ]


class AttendeeForm(forms.Form):
    reservation = forms.CharField(
        label=_("Confirmation number"),
        max_length=12,
        required=False,
    )
    customer = forms.IntegerField(
        label=_("Guest number"), min_value=1, max_value=2**62, required=False
    )

    def clean(self):
        data = super().clean()
        if not data.get("reservation") and not data.get("customer"):
            self.add_error(None, _("Give a confirmation number or a guest number."))
        return data
