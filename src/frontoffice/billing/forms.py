"""Forms of the folio pages. They only parse input; the services decide."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from babel.numbers import NumberFormatError, parse_decimal
from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from frontoffice.core import formats

from .models import Category, ChargeCategory, Method

AMOUNT = {"max_length": 20, "widget": forms.TextInput(attrs={"inputmode": "decimal"})}
NUMBER = re.compile(r"^-?[\d.,]+$")


def parse_number(text: str) -> Decimal | None:
    """A number as people type it in the page's language (12,50 on a Dutch page, 12.50 on
    an English one), else in the plain dot form (12.50 on a Dutch page too); None when it
    is neither. Only digits, separators and a leading minus (the services explain that
    one); no exponents, no NaN."""
    typed = re.sub(r"[\s\u00a0\u202f]", "", text or "")
    if not NUMBER.match(typed):
        return None
    try:
        return parse_decimal(typed, locale=formats.locale(translation.get_language()), strict=True)
    except (NumberFormatError, InvalidOperation, ValueError):
        pass
    try:
        return Decimal(typed)
    except InvalidOperation:
        return None


class NumberField(forms.CharField):
    """An amount or a quantity typed in the page's language, cleaned to its plain form
    ("12.50"), which the services (and the idempotency fingerprint) take."""

    def __init__(self, *, invalid=_("Enter an amount."), **kwargs):
        self.invalid = invalid
        super().__init__(**{**AMOUNT, **kwargs})

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        number = parse_number(value)
        if number is None:
            raise forms.ValidationError(self.invalid, code="invalid")
        return str(number)


class Confirmable(forms.Form):
    # One per rendering of the form: a second submission gets the first's answer.
    form_token = forms.CharField(widget=forms.HiddenInput, min_length=16, max_length=64)
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


def category_choices(establishment) -> list[tuple[str, str]]:
    """The categories a charge may have: the built-in ones, then the establishment's own."""
    own = ChargeCategory.objects.filter(establishment=establishment).order_by("code")
    return list(Category.choices) + [(c.code.lower(), c.label) for c in own]


class ChargeForm(forms.Form):
    # One per rendering of the form: a double tap posts one charge.
    form_token = forms.CharField(widget=forms.HiddenInput, min_length=16, max_length=64)
    category = forms.ChoiceField(label=_("Category"))
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    quantity = NumberField(label=_("Quantity"), initial="1", invalid=_("Enter a quantity."))
    unit_price = NumberField(label=_("Unit price"))

    def __init__(self, *args, establishment=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices(establishment)


class PaymentForm(Confirmable):
    amount = NumberField(label=_("Amount"))
    method = forms.ChoiceField(label=_("Method"), choices=Method.choices)
    card_token = forms.CharField(
        label=_("Card terminal token"),
        max_length=100,
        required=False,
        help_text=_("For a card: the token the card terminal shows."),
    )


class RefundForm(Confirmable):
    amount = NumberField(label=_("Amount"))
    method = forms.ChoiceField(label=_("Method"), choices=Method.choices)
    reason = forms.CharField(label=_("Reason"), max_length=500)


class AllowanceForm(Confirmable):
    entry = forms.TypedChoiceField(label=_("Charge"), coerce=int)
    amount = NumberField(label=_("Amount"))
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
    amount = NumberField(label=_("Amount"))

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
    allowance_limit = NumberField(label=_("Allowance limit for the desk"))
