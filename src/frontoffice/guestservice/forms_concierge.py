"""Forms of the concierge's pages. They only parse input; the services decide."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from frontoffice.billing.forms import NumberField
from frontoffice.core import formats
from frontoffice.core.models import Language

from .models import Attraction, Recommendation

PERIOD = re.compile(r"^\s*(\d{1,2}[:.]\d{2})\s*[-–]\s*(\d{1,2}[:.]\d{2})\s*$")


class SearchInput(forms.TextInput):
    input_type = "search"


class CatalogueFilter(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        max_length=200,
        required=False,
        widget=SearchInput({"autocomplete": "off"}),
    )
    category = forms.ChoiceField(label=_("Category"), required=False)
    language = forms.ChoiceField(label=_("Language spoken"), required=False)
    open_now = forms.BooleanField(label=_("Open now"), required=False)
    guest = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, languages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("All"))] + list(Attraction.Category.choices)
        self.fields["language"].choices = [("", _("Any"))] + [
            (code, formats.language_name(code)) for code in languages
        ]


def _hhmm(text: str) -> str:
    hours, minutes = re.split(r"[:.]", text)
    return f"{int(hours):02d}:{minutes}"


def hours_text(periods: list) -> str:
    """[["09:00", "17:00"], …] as typed on the form: 09:00–17:00, …"""
    return ", ".join(f"{opens}–{closes}" for opens, closes in periods)


class AttractionForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    category = forms.ChoiceField(label=_("Category"), choices=Attraction.Category.choices)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    price_level = forms.TypedChoiceField(
        label=_("Price level"),
        coerce=int,
        choices=[(0, _("Free")), (1, "€"), (2, "€€"), (3, "€€€"), (4, "€€€€")],
    )
    languages = forms.CharField(
        label=_("Languages spoken"),
        max_length=100,
        required=False,
        help_text=_("Two-letter codes separated by commas, e.g. en, nl, de."),
    )
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    website = forms.CharField(label=_("Website"), max_length=300, required=False)
    active = forms.BooleanField(label=_("In the catalogue"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Opening hours: one line per weekday, Monday first, in the page's language.
        names = formats.locale().days["format"]["wide"]
        for day in range(7):
            self.fields[f"hours_{day}"] = forms.CharField(
                label=names[day],
                max_length=100,
                required=False,
                help_text=_("e.g. 09:00–17:00, 19:00–01:00; empty: closed") if day == 0 else "",
            )
        for code, label in Language.choices:
            self.fields[f"notes_{code}"] = forms.CharField(
                label=_("Notes (%(language)s)") % {"language": label},
                max_length=2000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def hours_fields(self):
        return [self[f"hours_{day}"] for day in range(7)]

    def notes_fields(self):
        return [self[f"notes_{code}"] for code in Language.values]

    def clean(self):
        data = super().clean()
        hours = {}
        for day in range(7):
            text = data.get(f"hours_{day}") or ""
            periods = []
            for part in filter(None, (p.strip() for p in text.split(","))):
                match = PERIOD.match(part)
                if not match:
                    self.add_error(
                        f"hours_{day}", _("Write each period as 09:00–17:00, separated by commas.")
                    )
                    break
                periods.append([_hhmm(match.group(1)), _hhmm(match.group(2))])
            if periods:
                hours[str(day)] = periods
        data["opening_hours"] = hours
        codes = re.split(r"[\s,;]+", data.get("languages") or "")
        data["languages"] = [c for c in codes if c]
        return data

    def service_data(self, extra_notes: dict | None = None) -> dict:
        d = self.cleaned_data
        notes = dict(extra_notes or {})
        for code in Language.values:
            notes[code] = d.get(f"notes_{code}") or ""
        return {
            "name": d["name"],
            "category": d["category"],
            "address": d["address"],
            "price_level": d["price_level"],
            "languages": d["languages"],
            "phone": d["phone"],
            "website": d["website"],
            "active": d["active"],
            "opening_hours": d["opening_hours"],
            "notes": notes,
        }

    @classmethod
    def initial_of(cls, attraction: Attraction) -> dict:
        initial = {
            "name": attraction.name,
            "category": attraction.category,
            "address": attraction.address,
            "price_level": attraction.price_level,
            "languages": ", ".join(attraction.languages),
            "phone": attraction.phone,
            "website": attraction.website,
            "active": attraction.active,
        }
        for day in range(7):
            initial[f"hours_{day}"] = hours_text(attraction.opening_hours.get(str(day), []))
        for code in Language.values:
            initial[f"notes_{code}"] = attraction.notes.get(code, "")
        return initial


class BookingForm(forms.Form):
    # One per rendering of the form: a double tap books (and charges) once.
    form_token = forms.CharField(widget=forms.HiddenInput, min_length=16, max_length=64)
    kind = forms.ChoiceField(
        label=_("What"),
        choices=Recommendation.Kind.choices,
        widget=forms.RadioSelect,
        initial=Recommendation.Kind.BOOKING,
    )
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(
        label=_("Time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("For a booking."),
    )
    party_size = forms.IntegerField(label=_("Party size"), min_value=1, max_value=500, initial=1)
    confirmation = forms.CharField(label=_("Confirmation"), max_length=100, required=False)
    cost = NumberField(label=_("Cost"), required=False)
    reservation = forms.ChoiceField(label=_("Stay"), required=False)
    charge_to_folio = forms.BooleanField(label=_("Charge to the guest's folio"), required=False)
    notes = forms.CharField(
        label=_("Notes"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, stays=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reservation"].choices = [("", _("None"))] + [
            (r.confirmation, r.confirmation + (f" · {r.room.number}" if r.room_id else ""))
            for r in stays
        ]
