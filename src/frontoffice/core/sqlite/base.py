"""SQLite backend whose write transactions queue on a file lock.

With several server processes, SQLite's own busy handler makes a waiting writer sleep in
growing steps (up to 100 ms) and poll again, so a lock released after 2 ms may be taken
30 ms later: throughput drops and latency spreads. Here every transaction that Django
opens (`BEGIN IMMEDIATE`) first takes an exclusive `flock` on a file beside the database;
the kernel wakes a waiter the moment the holder commits or rolls back. SQLite's busy
timeout still covers writers outside this backend (a `sqlite3` shell, autocommit writes).
"""

from __future__ import annotations

import fcntl
import os

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    _lock_fd: int | None = None
    _holds_lock = False

    def _lock_path(self) -> str:
        return f"{self.settings_dict['NAME']}.writelock"

    def _acquire(self) -> None:
        if self.is_in_memory_db():
            return
        if self._lock_fd is None:
            self._lock_fd = os.open(self._lock_path(), os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(self._lock_fd, fcntl.LOCK_EX)
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
