"""SQLite backend whose write transactions queue on a file lock, with a deadline.

With several server processes, SQLite's own busy handler makes a waiting writer sleep in
growing steps (up to 100 ms) and poll again, so a lock released after 2 ms may be taken
30 ms later: throughput drops and latency spreads. Here every transaction that Django
opens (`BEGIN IMMEDIATE`) first takes an exclusive `flock` on a file beside the database,
retrying every few hundred microseconds (at most 2 ms apart) until the lock frees or the
database's `timeout` passes; then it fails with "database is locked", which the API answers
503 busy. A stuck writer therefore never hangs the others beyond the timeout. SQLite's busy
timeout still covers writers outside this backend (a `sqlite3` shell, autocommit writes).

Django calls `_start_transaction_under_autocommit`, `_commit`, `_rollback` and `_close` at
the edges of every transaction; `test_sqlite_backend` fails if a Django upgrade stops doing so.
"""

from __future__ import annotations

import fcntl
import os
import time

from django.db.backends.sqlite3 import base
from django.db.utils import OperationalError

FIRST_WAIT = 0.0002
LONGEST_WAIT = 0.002


class DatabaseWrapper(base.DatabaseWrapper):
    _lock_fd: int | None = None
    _holds_lock = False

    def _lock_path(self) -> str:
        return f"{self.settings_dict['NAME']}.writelock"

    def _lock_timeout(self) -> float:
        return float(self.settings_dict.get("OPTIONS", {}).get("timeout", 30))

    def _acquire(self) -> None:
        if self.is_in_memory_db():
            return
        if self._lock_fd is None:
            self._lock_fd = os.open(self._lock_path(), os.O_RDWR | os.O_CREAT, 0o600)
        deadline = time.monotonic() + self._lock_timeout()
        wait = FIRST_WAIT
        while True:
            try:
                fcntl.flock(self._lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise OperationalError("database is locked") from None
                time.sleep(wait)
                wait = min(wait * 2, LONGEST_WAIT)
        self._holds_lock = True

    def _release(self) -> None:
        if self._holds_lock:
            self._holds_lock = False
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)

    def _start_transaction_under_autocommit(self):
        self._acquire()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._release()
            raise

    def _commit(self):
        try:
            return super()._commit()
        finally:
            self._release()

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._release()

    def _close(self):
        try:
            return super()._close()
        finally:
            self._release()
            if self._lock_fd is not None:
                os.close(self._lock_fd)
                self._lock_fd = None
