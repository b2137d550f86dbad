from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    name = "frontoffice.customers"
    label = "customers"
    verbose_name = _("Guests")

    def ready(self):
        from . import permissions  # noqa: F401 - declares this app's actions
