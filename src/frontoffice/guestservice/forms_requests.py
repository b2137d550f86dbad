"""Forms of the requests pages: a new request, cancelling one, storing and handing back
luggage."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from frontoffice.core.validation import MAX_ID

from .models import Priority, RequestKind


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class RequestForm(forms.Form):
    stay = forms.ChoiceField(
        label=_("Guest in house"),
        required=False,
        help_text=_("By room number and name; or choose a walk-up customer below."),
    )
    customer = forms.IntegerField(
        label=_("Walk-up customer (guest number)"),
        required=False,
        min_value=1,
        max_value=MAX_ID - 1,
    )
    department = forms.ChoiceField(label=_("Department"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=RequestKind.choices)
    priority = forms.ChoiceField(
        label=_("Priority"), choices=Priority.choices, initial=Priority.NORMAL
    )
    due_at = forms.DateTimeField(
        label=_("Due"),
        required=False,
        widget=DateTimeInput(),
        help_text=_("Leave empty for the department's usual time; a wake-up call's time."),
    )
    description = forms.CharField(
        label=_("What is asked"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, stays=(), departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stay"].choices = [("", "—")] + [
            (r.confirmation, f"{r.room.number if r.room_id else '—'} · {r.customer.full_name}")
            for r in stays
        ]
        self.fields["department"].choices = [("", _("The kind's usual department"))] + [
            (str(d.pk), d.name) for d in departments
        ]
        self.fields["stay"].widget.attrs["autofocus"] = True


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class StoreForm(forms.Form):
    stay = forms.ChoiceField(label=_("Guest in house"), required=False)
    customer = forms.IntegerField(
        label=_("or guest number"), required=False, min_value=1, max_value=MAX_ID - 1
    )
    pieces = forms.IntegerField(label=_("Pieces"), min_value=1, max_value=50, initial=1)
    location = forms.CharField(label=_("Where it is kept"), max_length=100)

    def __init__(self, *args, stays=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stay"].choices = [("", "—")] + [
            (r.confirmation, f"{r.room.number if r.room_id else '—'} · {r.customer.full_name}")
            for r in stays
        ]


class ReleaseForm(forms.Form):
    tag = forms.CharField(label=_("Claim tag"), max_length=12)
    last_name = forms.CharField(label=_("Guest's last name"), max_length=100)
