"""What a database error means, on SQLite and PostgreSQL alike.

Only two kinds of error are the client's to retry: a unique or check constraint that a
concurrent change made fail (409), and a lock that could not be had in time (503). Anything
else (a missing table, a bad query) is a bug: a logged 500, so clients do not retry it.
"""

from __future__ import annotations

from django.db import DatabaseError, IntegrityError, OperationalError

# PostgreSQL SQLSTATEs for "could not get the lock in time": lock_not_available,
# deadlock_detected, serialization_failure, query_canceled (statement or lock timeout).
_PG_BUSY = {"55P03", "40P01", "40001", "57014"}
_SQLITE_BUSY = ("database is locked", "database table is locked", "database is busy")


def _sqlstate(exc: BaseException) -> str | None:
    cause = exc.__cause__
    return getattr(cause, "sqlstate", None)


def is_busy(exc: BaseException) -> bool:
    if not isinstance(exc, OperationalError):
        return False
    state = _sqlstate(exc)
    if state is not None:
        return state in _PG_BUSY
    message = str(exc).lower()
    return any(text in message for text in _SQLITE_BUSY)


def is_deadlock(exc: BaseException) -> bool:
    """PostgreSQL aborted one of two transactions waiting on each other."""
    return isinstance(exc, OperationalError) and _sqlstate(exc) in {"40P01", "40001"}


def violated_constraint(exc: BaseException) -> str | None:
    """The name of the unique or check constraint an IntegrityError reports, if known.

    PostgreSQL names it; SQLite names an index ("UNIQUE constraint failed: index 'x'"),
    the columns ("…: table.column") or a CHECK by name ("CHECK constraint failed: x")."""
    if not isinstance(exc, IntegrityError):
        return None
    cause = exc.__cause__
    diag = getattr(cause, "diag", None)
    if diag is not None and getattr(diag, "constraint_name", None):
        return diag.constraint_name
    message = str(exc)
    for prefix in ("UNIQUE constraint failed: index '", "CHECK constraint failed: "):
        if message.startswith(prefix):
            return message[len(prefix) :].rstrip("'")
    if message.startswith("UNIQUE constraint failed: "):
        return message[len("UNIQUE constraint failed: ") :]
    return None


def violates(exc: BaseException, model, constraint_name: str) -> bool:
    """Whether `exc` is the violation of this model's named constraint, on either engine."""
    found = violated_constraint(exc)
    if found is None:
        return False
    if found == constraint_name:
        return True
    # SQLite names a table-level UNIQUE (a, b) by its columns: "table.a, table.b".
    for constraint in model._meta.constraints:
        if constraint.name == constraint_name and getattr(constraint, "fields", None):
            table = model._meta.db_table
            columns = [model._meta.get_field(name).column for name in constraint.fields]
            return found == ", ".join(f"{table}.{column}" for column in columns)
    return False


# unique_violation, check_violation, exclusion_violation: what a concurrent change can cause.
_PG_CONFLICT = {"23505", "23514", "23P01"}


def is_conflict(exc: BaseException) -> bool:
    """A unique, check or exclusion constraint failed: the data changed under the request,
    which may succeed if retried. A NOT NULL or foreign key failure is our bug instead."""
    if not isinstance(exc, IntegrityError):
        return False
    state = _sqlstate(exc)
    if state is not None:
        return state in _PG_CONFLICT
    message = str(exc)
    return message.startswith(("UNIQUE constraint failed", "CHECK constraint failed"))


__all__ = [
    "DatabaseError",
    "is_busy",
    "is_conflict",
    "is_deadlock",
    "violated_constraint",
    "violates",
]
