from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "frontoffice.core"
    label = "core"
    verbose_name = _("Establishments and staff")

    def ready(self):
        from .services import auth

        _cache_history_managers()
        auth.connect_signals()


def _cache_history_managers() -> None:
    """django-simple-history builds a new manager class (with inspect.getmembers) on every
    `instance.history` access, and it does so for every saved row. Build it once per model."""
    from django.apps import apps
    from simple_history.manager import HistoryDescriptor

    class CachedHistoryDescriptor(HistoryDescriptor):
        def __init__(self, original: HistoryDescriptor):
            super().__init__(
                original.model, manager=original.manager_class, queryset=original.queryset_class
            )
            self.bound_class = self.manager_class.from_queryset(self.queryset_class)

        def __get__(self, instance, owner):
            return self.bound_class(self.model, instance)

    for model in apps.get_models():
        for name, value in list(vars(model).items()):
            if type(value) is HistoryDescriptor:
                setattr(model, name, CachedHistoryDescriptor(value))
