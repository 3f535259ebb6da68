"""Engines and sessions."""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from sqlalchemy.dialects import postgresql, sqlite

    Upsert = postgresql.Insert | sqlite.Insert

log = logging.getLogger(__name__)

SessionFactory = sessionmaker[Session]


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine; SQLite gets foreign keys, WAL and a busy timeout; a server's
    pooled connections are checked before use (one dropped by the server, a restart or
    ``pg_terminate_backend`` is replaced instead of failing the next transaction)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() != "sqlite":
        kwargs.setdefault("pool_pre_ping", True)
    engine = create_engine(parsed, **kwargs)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def upsert_insert(dialect: str, table: Any) -> Upsert:
    """An INSERT with the dialect's ON CONFLICT clauses (PostgreSQL's or SQLite's), for a
    table or an ORM entity; importing only the engine's own dialect keeps PostgreSQL's out
    of SQLite processes."""
    module = importlib.import_module(f"sqlalchemy.dialects.{dialect}")
    insert: Upsert = module.insert(table)
    return insert


def session_factory(engine: Engine) -> SessionFactory:
    """A session factory that keeps objects usable after commit."""
    return sessionmaker(engine, expire_on_commit=False)


class KeptConnection:
    """Transactions that, while `keep` is on, run on one connection kept between them: a
    sender's steps (a record and a re-check for every message) then skip a pool checkout
    and, on PostgreSQL, its pre-ping round trip. A connection that fails is dropped; the
    next transaction takes a new one (callers retry a step lost with its connection).
    Transactions are taken one at a time (a lock), from whichever thread runs them."""

    def __init__(self, sessions: SessionFactory) -> None:
        self._sessions = sessions
        self._keeping = False
        self._connection: Connection | None = None
        self._lock = threading.Lock()

    def keep(self) -> None:
        """Keep the connection between transactions from now on, until `let_go`."""
        self._keeping = True

    def let_go(self) -> None:
        """Give the kept connection back to the pool; transactions take one each again."""
        with self._lock:
            self._keeping = False
            self._drop()

    @contextmanager
    def begin(self) -> Iterator[Session]:
        """A session in a transaction, committed at the end (rolled back on an error)."""
        with self._lock:
            if not self._keeping:
                with self._sessions.begin() as session:
                    yield session
                return
            with (
                self._kept() as connection,
                self._sessions(bind=connection) as session,
                session.begin(),
            ):
                yield session

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        """A Core transaction, committed at the end (rolled back on an error): for the
        steps that run for every message, with no ORM session to set up and flush."""
        with self._lock:
            if not self._keeping:
                with self._sessions.kw["bind"].begin() as connection:
                    yield connection
                return
            with self._kept() as connection, connection.begin():
                yield connection

    @contextmanager
    def _kept(self) -> Iterator[Connection]:
        """The kept connection (a new one if there is none or it failed), dropped when a
        statement on it fails."""
        if self._connection is None or self._connection.invalidated:
            self._drop()
            self._connection = self._sessions.kw["bind"].connect()
        try:
            yield self._connection
        except DBAPIError:
            self._drop()
            raise

    def _drop(self) -> None:
        if self._connection is not None:
            connection, self._connection = self._connection, None
            try:
                connection.close()
            except DBAPIError:
                log.warning("a kept connection could not be closed; dropped")
