"""Background work kept off the request path: rescoring ratings after they change.

One worker thread per application, started on demand; requests that arrive while it runs are
folded into one more pass, so a burst of ratings costs one or two fits, not one per rating.
"""

from __future__ import annotations

import logging
import threading
import time

from footnote.db import connect
from footnote.store import score_ratings

log = logging.getLogger(__name__)


class ScoringWorker:
    """Rescores the bridging statuses of a database in a background thread, coalescing requests."""

    def __init__(self, db_path: str, *, delay: float = 0.2) -> None:
        self.db_path = db_path
        self.delay = delay
        self._lock = threading.Lock()
        self._wanted = False
        self._thread: threading.Thread | None = None

    def request(self) -> None:
        """Ask for a rescore soon; returns at once."""
        with self._lock:
            self._wanted = True
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="footnote-scoring", daemon=True
                )
                self._thread.start()

    def wait(self, timeout: float = 30.0) -> None:
        """Block until no rescore is pending or running (tests, shutdown)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                thread = self._thread
            if thread is None or not thread.is_alive():
                return
            thread.join(max(0.0, deadline - time.monotonic()))

    def _run(self) -> None:
        while True:
            time.sleep(self.delay)
            with self._lock:
                if not self._wanted:
                    self._thread = None
                    return
                self._wanted = False
            try:
                db = connect(self.db_path)
                try:
                    result = score_ratings(db)
                finally:
                    db.close()
                log.info("rescored ratings: %s", result)
            except Exception:  # a failed pass must not kill the worker for later requests
                log.exception("rescoring ratings failed")
