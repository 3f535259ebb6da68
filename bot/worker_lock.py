"""One worker per SQLite database: a lock beside the database file.

Kept apart from ``bot.runtime`` so that the console can take the lock at start without
importing the worker (APScheduler among it), which it starts only after its first reply."""

from __future__ import annotations

import contextlib
import fcntl
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy.engine import make_url

from bot.settings import Settings


class WorkerAlreadyRunning(RuntimeError):
    """A second worker on one SQLite database."""


@contextlib.contextmanager
def single_worker_lock(settings: Settings) -> Iterator[None]:
    """On SQLite, hold an exclusive lock beside the database file while the worker runs.

    The kernel drops the lock when the process dies, even on SIGKILL."""
    url = make_url(settings.resolved_database_url())
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        yield
        return
    lock_path = Path(f"{url.database}.worker.lock")
    with open(lock_path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise WorkerAlreadyRunning(
                f"Another coachbot worker is already running on {url.database}. SQLite supports "
                "one worker: stop the other one, start this with --no-worker, or use "
                "PostgreSQL (DATABASE_URL) to run several."
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
