"""Forms of the invoice pages. They only parse input; the services decide (the VAT number
is checked by the service, and its refusal shown at the field)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from frontoffice.core import countries
from frontoffice.core.models import Language


class InvoiceIssueForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=20, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    vat_id = forms.CharField(
        label=_("VAT number"),
        max_length=30,
        required=False,
        help_text=_("A company's European VAT number, with its country prefix (NL, DE, PL, ES…)."),
    )
    language = forms.ChoiceField(label=_("Language of the invoice"), choices=Language.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "—")] + countries.choices()
        for name in ("name", "address", "postal_code", "city", "vat_id"):
            self.fields[name].widget.attrs["autocomplete"] = "off"

    def debtor(self) -> dict:
        return {
            key: self.cleaned_data.get(key) or ""
            for key in ("name", "address", "postal_code", "city", "country", "vat_id")
        }


class InvoiceCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the cancellation"),
        max_length=500,
        help_text=_("Printed on the cancellation invoice."),
    )
