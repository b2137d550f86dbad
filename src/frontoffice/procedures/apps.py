from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceduresConfig(AppConfig):
    name = "frontoffice.procedures"
    label = "procedures"
    verbose_name = _("Procedures")

    def ready(self):
        from . import extensions, permissions  # noqa: F401 - declares this app's actions

        extensions.register()
