"""Forms of the folio pages. They only parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Category, ChargeCategory, Method

AMOUNT = {"max_length": 20, "widget": forms.TextInput(attrs={"inputmode": "decimal"})}


class Confirmable(forms.Form):
    # One per rendering of the form: a second submission gets the first's answer.
    form_token = forms.CharField(widget=forms.HiddenInput, min_length=16, max_length=64)
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class ChargeForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"))
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    quantity = forms.CharField(label=_("Quantity"), initial="1", **AMOUNT)
    unit_price = forms.CharField(label=_("Unit price"), **AMOUNT)

    def __init__(self, *args, establishment=None, **kwargs):
        super().__init__(*args, **kwargs)
        own = ChargeCategory.objects.filter(establishment=establishment).order_by("code")
        self.fields["category"].choices = list(Category.choices) + [
            (c.code.lower(), c.label) for c in own
        ]


class PaymentForm(Confirmable):
    amount = forms.CharField(label=_("Amount"), **AMOUNT)
    method = forms.ChoiceField(label=_("Method"), choices=Method.choices)
    card_token = forms.CharField(
        label=_("Card terminal token"),
        max_length=100,
        required=False,
        help_text=_("For a card: the token the card terminal shows."),
    )


class RefundForm(Confirmable):
    amount = forms.CharField(label=_("Amount"), **AMOUNT)
    method = forms.ChoiceField(label=_("Method"), choices=Method.choices)
    reason = forms.CharField(label=_("Reason"), max_length=500)


class AllowanceForm(Confirmable):
    entry = forms.TypedChoiceField(label=_("Charge"), coerce=int)
    amount = forms.CharField(label=_("Amount"), **AMOUNT)
    reason = forms.CharField(label=_("Reason"), max_length=500)

    def __init__(self, *args, charges=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].choices = charges


class ReverseForm(Confirmable):
    entry = forms.TypedChoiceField(label=_("Entry"), coerce=int)
    reason = forms.CharField(label=_("Reason"), max_length=500)

    def __init__(self, *args, entries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].choices = entries


class TransferForm(Confirmable):
    to_folio = forms.TypedChoiceField(label=_("Company account"), coerce=int)
    amount = forms.CharField(label=_("Amount"), **AMOUNT)

    def __init__(self, *args, companies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_folio"].choices = [(f.pk, f.name) for f in companies]


class AccountForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("company", _("Company")), ("house", _("House"))]
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=20, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    country = forms.CharField(label=_("Country (two letters)"), max_length=2, required=False)
    vat_id = forms.CharField(label=_("VAT number"), max_length=40, required=False)
    email = forms.CharField(label=_("Email"), max_length=254, required=False)


class LimitForm(forms.Form):
    allowance_limit = forms.CharField(label=_("Allowance limit for the desk"), **AMOUNT)
