"""Forms of the guest pages. They only parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from frontoffice.core import countries
from frontoffice.core.models import Language

from .models import Customer


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
        help_text=_("As dialled here, or with the country code (+44 20 7946 0958)"),
    )
    language = forms.ChoiceField(
        label=_("Preferred language"), required=False, choices=[("", "—"), *Language.choices]
    )


class GuestForm(GuestFields):
    nationality = forms.ChoiceField(label=_("Nationality"), required=False)
    vip_level = forms.TypedChoiceField(
        label=_("VIP level"), coerce=int, choices=Customer.Vip.choices, initial=0
    )
    vip_instructions = forms.CharField(
        label=_("Handling instructions"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
        help_text=_("How to look after this guest: shown wherever the guest appears."),
    )
    private = forms.BooleanField(
        label=_("Presence not disclosed"),
        required=False,
        help_text=_(
            "A celebrity or executive: only staff allowed to see private guests find them, and every look is logged."
        ),
    )
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000, required=False
    )
    confirm_duplicate = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, may_declare_private: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_declare_private:
            del self.fields["private"]
        # Countries by name, in the page's language.
        self.fields["nationality"].choices = [("", "—"), *countries.choices()]

    def clean_last_name(self):
        value = self.cleaned_data["last_name"].strip()
        if not value:
            raise forms.ValidationError(_("The last name is required."))
        return value
