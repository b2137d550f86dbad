"""Forms of the staff pages. They only parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from frontoffice.core.models import Customer, Language

from .models import Guarantee, ReservationStatus, Source


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class GuestFields(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    email = forms.EmailField(label=_("Email"), max_length=254, required=False)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        required=False,
        help_text=_("International format, e.g. +31 20 123 4567"),
    )
    language = forms.ChoiceField(
        label=_("Preferred language"), required=False, choices=[("", "—"), *Language.choices]
    )


class ReservationForm(GuestFields):
    guest_id = forms.IntegerField(
        required=False, widget=forms.HiddenInput, min_value=1, max_value=2**62
    )
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
            (rt.code, f"{rt.name} ({rt.code})") for rt in room_types
        ]
        self.fields["rate_plan"].choices = [("", _("Best available (base rate)"))] + [
            (p.code, p.name) for p in rate_plans
        ]

    def clean(self):
        data = super().clean()
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
            (rt.code, f"{rt.name} ({rt.code})") for rt in room_types
        ]


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the cancellation"), max_length=500)


class ReservationFilter(forms.Form):
    q = forms.CharField(label=_("Name, email or confirmation"), required=False, max_length=200)
    arrival = forms.DateField(label=_("Arrival"), required=False, widget=DateInput())
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *ReservationStatus.choices],
    )


class GuestForm(GuestFields):
    nationality = forms.CharField(
        label=_("Nationality (country code)"), max_length=2, required=False
    )
    vip_level = forms.TypedChoiceField(
        label=_("VIP level"), coerce=int, choices=Customer.Vip.choices, initial=0
    )
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000, required=False
    )
    confirm_duplicate = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean_last_name(self):
        value = self.cleaned_data["last_name"].strip()
        if not value:
            raise forms.ValidationError(_("The last name is required."))
        return value
