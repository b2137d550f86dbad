from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LodgingConfig(AppConfig):
    name = "frontoffice.lodging"
    label = "lodging"
    verbose_name = _("Lodging")

    def ready(self):
        from . import extensions, permissions  # noqa: F401 - declares this app's actions

        extensions.register()
