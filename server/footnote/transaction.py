"""The one write path: a block of writes in one `BEGIN IMMEDIATE` transaction, and group
commit, which lets concurrent requests' write blocks share one durable commit."""

from __future__ import annotations

import contextlib
import fcntl
import os
import sqlite3
import threading
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from sqlite_utils import Database

T = TypeVar("T")


@contextlib.contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """Run a block in one `BEGIN IMMEDIATE` transaction (nested blocks become savepoints).

    IMMEDIATE takes the write lock up front, so a reader that later writes never fails with
    SQLITE_BUSY on lock upgrade: concurrent writers queue on `busy_timeout` instead.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    else:
        db.conn.execute("COMMIT")


@contextlib.contextmanager
def unsynced_write_transaction(db: Database) -> Iterator[Database]:
    """A write transaction whose commit does not wait for the disk.

    For bookkeeping that may be lost on power loss without harm (rate-limit events): in WAL
    mode the commit is written to the log but not fsynced; the next durable commit syncs it
    along. Inside another transaction it is just a savepoint of that one.
    """
    if db.conn.in_transaction:
        with write_transaction(db):
            yield db
        return
    (level,) = db.execute("PRAGMA synchronous").fetchone()
    db.execute("PRAGMA synchronous = NORMAL")
    try:
        with write_transaction(db):
            yield db
    finally:
        db.execute(f"PRAGMA synchronous = {int(level)}")


class GroupCommit:
    """Group commit: concurrent write requests of one process share one durable commit.

    A durable commit costs one `fsync` of the WAL, milliseconds, while the statements of a
    typical write take a fraction of one. Requests hand their write (`run(work)`) to this
    process's writer thread. The writer takes every write waiting, runs each in a savepoint of
    one `BEGIN IMMEDIATE` transaction on its own connection, commits once, and only then wakes
    the requests: each is answered after the commit that holds its write is on disk. While it
    waits for the disk, new writes queue up and form the next batch, so batches grow with the
    load and a lone write never waits for company.

    A write that raises is rolled back to its savepoint; the others in its batch commit. If
    SQLite rolls back the whole transaction (a full disk, an I/O error), the writes already run
    in it fail with that error and the rest go into a fresh transaction. A commit that fails
    fails every write of its batch: nothing of it was written. The writer closes its
    connection and ends after `idle` seconds without work; the next write starts it again.

    `turn_path`: a file whose `flock` the writers of every process take in turn around their
    transactions. SQLite alone would make a writer that finds the database locked poll it,
    sleeping up to 100 ms between tries; on the lock file it waits in the kernel and starts
    the moment the other process commits, with every write that arrived meanwhile.
    SQLite's own lock still decides: other writers (the CLI, other paths) just queue on it.
    """

    def __init__(
        self,
        open_db: Callable[[], Database],
        *,
        turn_path: str | os.PathLike[str] | None = None,
        max_batch: int = 64,
        idle: float = 10,
    ):
        self._open_db = open_db
        self._turn_path = turn_path
        self._max_batch = max_batch
        self._idle = idle
        self._reset()

    def _reset(self) -> None:
        self._pid = os.getpid()
        self._lock = threading.Condition()
        self._queue: deque[_Write] = deque()
        self._thread: threading.Thread | None = None

    def run(self, work: Callable[[Database], T]) -> T:
        """Run `work(db)` in the next batch; its result once that batch is durably committed.

        `work` runs on the writer's thread and connection: it must use only the `db` it is
        given, and raising rolls back its own writes only.
        """
        if os.getpid() != self._pid:  # forked: the parent's writer thread did not come along
            self._reset()
        write = _Write(work)
        with self._lock:
            self._queue.append(write)
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._serve, name="footnote-group-commit", daemon=True
                )
                self._thread.start()
            self._lock.notify()
        write.done.wait()
        if write.error is not None:
            raise write.error
        return write.result  # type: ignore[return-value]

    def waiting(self) -> int:
        """How many writes wait for the next batch (for tests and curious operators)."""
        with self._lock:
            return len(self._queue)

    def _serve(self) -> None:
        db: Database | None = None
        turn: int | None = None
        try:
            while True:
                with self._lock:
                    if not self._queue:
                        self._lock.wait(self._idle)
                    if not self._queue:
                        self._thread = None
                        return
                batch: list[_Write] = []
                try:
                    if db is None:
                        db = self._open_db()
                    if turn is None and self._turn_path is not None:
                        turn = os.open(self._turn_path, os.O_RDWR | os.O_CREAT, 0o600)
                    if turn is not None:
                        fcntl.flock(turn, fcntl.LOCK_EX)
                    try:
                        with self._lock:  # everything that arrived while we waited our turn
                            count = min(len(self._queue), self._max_batch)
                            batch = [self._queue.popleft() for _ in range(count)]
                        while batch:
                            batch = self._commit(db, batch)
                    finally:
                        if turn is not None:
                            fcntl.flock(turn, fcntl.LOCK_UN)
                except BaseException as exc:  # no connection, or a savepoint failed
                    if db is not None and db.conn.in_transaction:
                        db.conn.execute("ROLLBACK")
                    with self._lock:
                        if not batch:  # failed before taking any: fail the oldest
                            batch = [self._queue.popleft()] if self._queue else []
                    for write in batch:
                        if not write.done.is_set():
                            write.finish(error=exc)
        finally:
            if turn is not None:
                os.close(turn)
            if db is not None:
                db.close()

    def _commit(self, db: Database, batch: list[_Write]) -> list[_Write]:
        """Run `batch` in one transaction and commit it; the writes it did not get to."""
        conn = db.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            for write in batch:
                write.finish(error=exc)
            return []
        ran: list[_Write] = []
        for index, write in enumerate(batch):
            conn.execute("SAVEPOINT group_write")
            try:
                write.result = write.work(db)
            except BaseException as exc:
                write.error = exc
                if not conn.in_transaction:  # SQLite gave up the whole transaction
                    for earlier in ran:
                        earlier.finish(error=exc)
                    write.finish()
                    return batch[index + 1 :]
                conn.execute("ROLLBACK TO group_write")
            conn.execute("RELEASE group_write")
            ran.append(write)
        try:
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            for write in ran:
                write.finish(error=exc if write.error is None else write.error)
            return []
        for write in ran:
            write.finish()
        return []


class _Write:
    """One request's write: the work, then its result or error, and a flag when it is done."""

    __slots__ = ("work", "result", "error", "done")

    def __init__(self, work: Callable[[Database], Any]) -> None:
        self.work = work
        self.result: Any = None
        self.error: BaseException | None = None
        self.done = threading.Event()

    def finish(self, *, error: BaseException | None = None) -> None:
        if error is not None:
            self.error = error
            self.result = None
        self.done.set()
