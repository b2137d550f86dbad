"""Forms of procedures' pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from frontoffice.core import formats
from frontoffice.core.models import Language

from .models import MessageTemplate


class AnswerForm(forms.Form):
    topic = forms.CharField(label=_("Question"), max_length=200)
    answer = forms.CharField(
        label=_("Answer"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )
    keywords = forms.CharField(
        label=_("Keywords"),
        max_length=300,
        required=False,
        help_text=_("Other words a caller may use, separated by spaces."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)


class TemplateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Template"), choices=MessageTemplate.Kind.choices)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Text"), max_length=10000, widget=forms.Textarea(attrs={"rows": 12})
    )
    active = forms.BooleanField(label=_("In use"), required=False, initial=True)


class MessageForm(forms.Form):
    template = forms.ChoiceField(label=_("Template"), choices=MessageTemplate.Kind.choices)
    reservation = forms.ChoiceField(label=_("Reservation"), required=False)
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, reservations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reservation"].choices = [("", "—")] + [
            (
                r.confirmation,
                f"{r.confirmation} · {formats.date(r.arrival)} – {formats.date(r.departure)}",
            )
            for r in reservations
        ]
