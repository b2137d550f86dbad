from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuestServiceConfig(AppConfig):
    name = "frontoffice.guestservice"
    label = "guestservice"
    verbose_name = _("Guest services")

    def ready(self):
        from . import extensions, permissions  # noqa: F401 - declares this app's actions

        extensions.register()
