"""Writing history rows (django-simple-history) for rows a service inserts."""

from __future__ import annotations

from django.db import transaction
from django.db.models import NOT_PROVIDED
from django.utils import timezone

HISTORY_FIELDS = ("history_id", "history_date", "history_change_reason", "history_type")


def insert_with_history(obj, actor, children: list | None = None) -> None:
    """Insert one new row and its "created" history row, as `save()` with simple-history's
    signal would, without the per-save signal machinery: this is the booking's hot path.
    `children` are unsaved rows of one model pointing at `obj` (a reservation's nights),
    inserted with it.

    On PostgreSQL all of it is one statement (data-modifying CTEs): two or three round trips
    less per booking, in the worker and in the database. Elsewhere they are plain INSERTs."""
    model = type(obj)
    obj.pk = None
    obj._state.adding = True
    user = actor if actor is not None and actor.is_authenticated else None
    connection = transaction.get_connection()
    if connection.vendor != "postgresql":
        model._base_manager.bulk_create([obj])
        obj._history_user = user
        # No change reason, as with save(): the same history row as on PostgreSQL.
        model.history.bulk_history_create([obj], default_user=user, default_change_reason=None)
        if children:
            for child in children:
                setattr(child, _parent_field(type(child), model).name, obj)
            type(children[0])._base_manager.bulk_create(children)
        return
    child_model = type(children[0]) if children else None
    sql, fields, child_fields = _pg_statement(model, child_model, connection)
    values = [f.get_db_prep_save(f.pre_save(obj, add=True), connection) for f in fields]
    params = [*values, timezone.now(), user.pk if user else None]
    for field in child_fields:
        params.append(
            [field.get_db_prep_save(field.pre_save(c, add=True), connection) for c in children]
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        obj.pk = cursor.fetchone()[0]
    obj._state.adding = False
    obj._state.db = connection.alias
    if children:
        parent = _parent_field(child_model, model)
        for child in children:
            setattr(child, parent.name, obj)


def _parent_field(child_model, model):
    return next(
        f
        for f in child_model._meta.concrete_fields
        if f.is_relation and f.related_model is model and f.name != "establishment"
    )


_STATEMENTS: dict[tuple, tuple[str, list, list]] = {}


def _pg_statement(model, child_model, connection) -> tuple[str, list, list]:
    """INSERT the row, INSERT its history row from what was inserted, INSERT the children
    from one array per column, return the id. Built from the models' fields, so a field
    added to any of them is carried along."""
    key = (model, child_model)
    if key in _STATEMENTS:
        return _STATEMENTS[key]
    quote = connection.ops.quote_name
    for candidate in (model, child_model):
        unsupported = [
            f.name
            for f in (candidate._meta.concrete_fields if candidate else ())
            if getattr(f, "generated", False) or f.db_default is not NOT_PROVIDED
        ]
        if unsupported:  # the statement would have to leave them to the database
            raise NotImplementedError(f"{candidate.__name__}: {unsupported} not supported here")
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    history = model.history.model
    tracked = [
        f
        for f in history._meta.concrete_fields
        if f.name not in HISTORY_FIELDS and f.attname != "history_user_id"
    ]
    columns = ", ".join(quote(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    history_columns = ", ".join(
        [quote(f.column) for f in tracked]
        + [quote(c) for c in ("history_date", "history_change_reason", "history_type")]
        + [quote("history_user_id")]
    )
    selected = ", ".join(f"r.{quote(f.column)}" for f in tracked)
    pk = quote(model._meta.pk.column)
    children = ""
    child_fields: list = []
    if child_model is not None:
        parent = _parent_field(child_model, model)
        child_fields = [
            f for f in child_model._meta.concrete_fields if not f.primary_key and f is not parent
        ]
        arrays = ", ".join(
            f"%s::{f.rel_db_type(connection) if f.is_relation else f.db_type(connection)}[]"
            for f in child_fields
        )
        names = ", ".join(f"c{i}" for i in range(len(child_fields)))
        child_columns = ", ".join(quote(f.column) for f in [parent, *child_fields])
        children = (
            f", n AS (INSERT INTO {quote(child_model._meta.db_table)} ({child_columns}) "
            f"SELECT r.{pk}, {names} FROM r, unnest({arrays}) AS c({names}))"
        )
    sql = (
        f"WITH r AS (INSERT INTO {quote(model._meta.db_table)} ({columns}) "
        f"VALUES ({placeholders}) RETURNING *), "
        f"h AS (INSERT INTO {quote(history._meta.db_table)} ({history_columns}) "
        f"SELECT {selected}, %s, NULL, '+', %s FROM r){children} "
        f"SELECT r.{pk} FROM r"
    )
    _STATEMENTS[key] = (sql, fields, child_fields)
    return _STATEMENTS[key]
