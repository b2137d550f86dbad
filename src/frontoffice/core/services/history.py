"""Writing history rows (django-simple-history) for rows a service inserts."""

from __future__ import annotations


def insert_with_history(obj, actor) -> None:
    """Insert one new row and its "created" history row: the same two INSERTs as `save()`
    with django-simple-history's signal, without the per-save signal machinery. Used on
    the booking hot path."""
    model = type(obj)
    obj.pk = None
    obj._state.adding = True
    model._base_manager.bulk_create([obj])
    obj._history_user = actor if actor is not None and actor.is_authenticated else None
    model.history.bulk_history_create([obj], default_user=obj._history_user)
