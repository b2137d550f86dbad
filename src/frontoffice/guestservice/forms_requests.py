"""Forms of the requests pages: a new request, completing one (with a charge), cancelling
one, a department's service levels, storing and handing back luggage."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from frontoffice.billing.forms import NumberField, category_choices
from frontoffice.core.validation import MAX_ID

from .models import Priority, RequestKind
from .services.requests import MAX_MINUTES


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


class CompleteForm(forms.Form):
    """A note, and for who may charge: a charge on the guest's folio (posted when a price or
    a category is given; the page asks once before it is)."""

    note = forms.CharField(
        label=_("Note"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    category = forms.ChoiceField(label=_("Category"), required=False)
    unit_price = NumberField(label=_("Unit price"), required=False)
    quantity = NumberField(
        label=_("Quantity"), initial="1", required=False, invalid=_("Enter a quantity.")
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    CHARGE_FIELDS = ("category", "unit_price", "quantity")

    def __init__(self, *args, establishment=None, charge: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if charge:
            self.fields["category"].choices = [("", "—")] + category_choices(establishment)
        else:
            for name in self.CHARGE_FIELDS:
                del self.fields[name]

    def charge(self) -> dict | None:
        """The charge asked for, or None; a half-filled charge is an error on the form."""
        d = self.cleaned_data
        if "unit_price" not in self.fields or not (d.get("unit_price") or d.get("category")):
            return None
        if not d.get("category"):
            self.add_error("category", _("Choose the charge's category."))
        if not d.get("unit_price"):
            self.add_error("unit_price", _("Enter the unit price."))
        if self.errors:
            return None
        return {
            "category": d["category"],
            "unit_price": d["unit_price"],
            "quantity": d.get("quantity") or "1",
        }


class ServiceLevelsForm(forms.Form):
    """A department's minutes per kind and priority, one cell each; an empty cell means the
    department has no value of its own (its kind's, else the default, applies)."""

    def __init__(self, *args, cells=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.cells = list(cells)
        for cell in self.cells:
            name = cell_field(cell["kind"], cell["priority"])
            self.fields[name] = forms.IntegerField(
                label=_("%(kind)s, %(priority)s")
                % {
                    "kind": RequestKind(cell["kind"]).label,
                    "priority": Priority(cell["priority"]).label,
                },
                required=False,
                min_value=1,
                max_value=MAX_MINUTES,
                initial=cell["own"],
                error_messages={
                    "invalid": _("Enter a whole number of minutes."),
                    "min_value": _("Give at least one minute."),
                    "max_value": _("Give at most %(limit_value)s minutes (a week)."),
                },
                widget=forms.NumberInput(
                    attrs={"placeholder": str(cell["inherited"]), "inputmode": "numeric"}
                ),
            )

    def seen(self) -> dict:
        """(kind, priority) → the department's own value the page showed (its hidden
        `was_` field; None: no value of its own); without it, the value now."""
        shown = {}
        for cell in self.cells:
            name = seen_field(cell["kind"], cell["priority"])
            if name not in self.data:
                shown[cell["kind"], cell["priority"]] = cell["own"]
                continue
            text = (self.data.get(name) or "").strip()
            shown[cell["kind"], cell["priority"]] = (
                int(text) if text.isascii() and text.isdigit() and len(text) < 6 else None
            )
        return shown

    def minutes(self) -> dict:
        """The cells the person changed (from what the page showed): (kind, priority) →
        minutes or None (no value of the department's own). An untouched cell is not
        written, so a page opened before someone else's save does not undo it."""
        seen = self.seen()
        changed = {}
        for cell in self.cells:
            key = (cell["kind"], cell["priority"])
            value = self.cleaned_data[cell_field(*key)]
            if value != seen[key]:
                changed[key] = value
        return changed

    def rows(self):
        """The grid for the page: one row per kind, its cells by priority."""
        by_kind: dict[str, list] = {}
        # A page shown again keeps what the first one showed (a cell changed meanwhile by
        # someone else is still told), except where the view says the person was told.
        seen = self.seen() if self.is_bound else {}
        for cell in self.cells:
            key = (cell["kind"], cell["priority"])
            field = self[cell_field(*key)]
            was = seen.get(key, cell["own"])
            by_kind.setdefault(cell["kind"], []).append(
                (seen_field(*key), field, "" if was is None else was)
            )
        return [(RequestKind(kind).label, cells) for kind, cells in by_kind.items()]


def cell_field(kind: str, priority: str) -> str:
    return f"m_{kind}_{priority}"


def seen_field(kind: str, priority: str) -> str:
    """The hidden field carrying the value the page showed in a cell (ServiceLevelsForm.seen)."""
    return f"was_{kind}_{priority}"


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
