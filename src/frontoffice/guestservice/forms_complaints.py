"""Forms of the complaints pages and the shift log. They only parse input; the services
decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from frontoffice.core.models import Department

from .models import Complaint


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class SearchInput(forms.TextInput):
    input_type = "search"


class ComplaintFilter(forms.Form):
    """The complaints list's filters; the default is what the list always showed: open."""

    STATUSES = ("open", "escalated", "resolved", "all")

    q = forms.CharField(
        label=_("Guest or description"),
        max_length=200,
        required=False,
        widget=SearchInput({"autocomplete": "off"}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("open", _("Open")),
            ("escalated", _("Escalated")),
            ("resolved", _("Resolved")),
            ("all", _("All")),
        ],
    )
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("All"))] + list(Complaint.Category.choices),
    )


class ComplaintForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=Complaint.Kind.choices, initial=Complaint.Kind.COMPLAINT
    )
    category = forms.ChoiceField(label=_("Category"), choices=Complaint.Category.choices)
    severity = forms.ChoiceField(
        label=_("Severity"), choices=Complaint.Severity.choices, initial=Complaint.Severity.MEDIUM
    )
    reservation = forms.ChoiceField(label=_("Stay"), required=False)
    description = forms.CharField(
        label=_("What happened"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )
    follow_up = forms.DateField(label=_("Follow up on"), required=False, widget=DateInput())

    def __init__(self, *args, stays=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reservation"].choices = [("", "—")] + [
            (r.confirmation, f"{r.confirmation} · {r.arrival:%Y-%m-%d} – {r.departure:%Y-%m-%d}")
            for r in stays
        ]


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label=_("Resolution"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    compensation = forms.DecimalField(
        label=_("Compensation"),
        required=False,
        min_value=0.01,
        max_digits=12,
        decimal_places=2,
        help_text=_("An allowance on the stay's account."),
    )
    charge_entry = forms.TypedChoiceField(
        label=_("Charge reduced"), required=False, coerce=int, empty_value=None
    )
    satisfaction = forms.TypedChoiceField(
        label=_("Guest's satisfaction afterwards"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—")] + [(n, str(n)) for n in range(1, 6)],
    )
    follow_up = forms.DateField(label=_("Follow up on"), required=False, widget=DateInput())
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, charges=(), **kwargs):
        """`charges`: (entry id, label) of the stay's charges."""
        super().__init__(*args, **kwargs)
        self.fields["charge_entry"].choices = [("", _("The latest room night")), *charges]


class ShiftNoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note for the next shifts"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )
    department = forms.ChoiceField(
        label=_("Department"), required=False, choices=[("", "—"), *Department.Kind.choices]
    )
    important = forms.BooleanField(label=_("Important"), required=False)
