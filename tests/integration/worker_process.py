"""A real worker process for the reliability tests: the dispatcher and sender, posting DMs
over HTTP to a local receiver, on the real clock.

    python -m tests.integration.worker_process --db URL --receiver http://127.0.0.1:PORT \\
        --worker-id w1 [--lease-seconds 2] [--batch 50] [--pace-workspace 5 ...]

It runs the worker as ``coachbot run worker`` does (bot.runtime: timers, loop, graceful
stop; on PostgreSQL the workspace and platform ceilings shared with the other workers)
until the outbox has nothing pending or in flight (a dead worker's claim counts as in
flight until its lease expires and this worker takes it over), or until SIGTERM or
SIGINT; then it prints how many messages it sent and exits 0.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import socket
import sys
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from subprocess import STDOUT, Popen
from typing import BinaryIO
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from bot.runtime import running, until_stopped
from core.messages import Reply
from core.ports import Address, DeliveryError, PostPart, RateLimited, one_part
from core.prompts import load_prompts
from core.scheduling.dispatcher import Dispatcher
from core.scheduling.ratelimit import Pace
from core.scheduling.sender import Sender
from core.scheduling.sharedpace import shared_pace
from core.scheduling.worker import Worker
from core.storage.db import SessionFactory, make_engine, session_factory
from core.storage.models import Delivery, Schedule
from core.time.clock import SystemClock
from tests.fakes import OPTIONS

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parents[2]


class HttpMessenger:
    """Posts each DM as JSON to the receiver over one keep-alive connection, on the event
    loop as the platform adapters do (aiohttp); `post` is the same request made
    synchronously, for the benchmark's bare loop. Both write the same bytes and read the
    answer with the same code.

    A failed post is not retried here: the sender retries it, so a lost response shows
    up as a duplicate at the receiver, as it would on a real platform."""

    platform = "console"

    def __init__(self, base_url: str, send_timeout: float = 10.0) -> None:
        parts = urlsplit(base_url)
        self._host = parts.hostname or "127.0.0.1"
        self._port = parts.port or 80
        self._stream: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        self._socket: tuple[socket.socket, BinaryIO] | None = None
        self.send_timeout = send_timeout

    def dm_parts(self, to: Address, reply: Reply, channel: str | None = None) -> Sequence[PostPart]:
        """A DM is one post to the receiver."""
        return one_part(self.send_dm, to, reply)

    async def send_dm(self, to: Address, reply: Reply) -> None:
        """Post the member's id (each member has one check-in due, so it identifies it)."""
        request = self.request(dm_body(to.platform, to.workspace_id, to.user_id))
        try:
            if self._stream is None:
                self._stream = await asyncio.open_connection(self._host, self._port)
            reader, writer = self._stream
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            status, headers = _answer(head)
            await reader.readexactly(int(headers.get("content-length", "0")))
        except BaseException:  # a timeout or cancel too: the connection is mid-answer
            if self._stream is not None:
                self._stream[1].close()
            self._stream = None
            raise
        _check(status, headers)

    def post(self, data: bytes) -> None:
        """The same post, blocking (one socket, kept alive)."""
        try:
            if self._socket is None:
                sock = socket.create_connection((self._host, self._port), self.send_timeout)
                self._socket = (sock, sock.makefile("rb"))
            sock, answer = self._socket
            sock.sendall(self.request(data))
            lines = [answer.readline()]
            while lines[-1] not in (b"\r\n", b""):
                lines.append(answer.readline())
            status, headers = _answer(b"".join(lines))
            answer.read(int(headers.get("content-length", "0")))
        except BaseException:
            if self._socket is not None:
                self._socket[0].close()
            self._socket = None
            raise
        _check(status, headers)

    def request(self, data: bytes) -> bytes:
        """The bytes of one POST of `data` (JSON) to the receiver."""
        head = (
            f"POST /dm HTTP/1.1\r\nHost: {self._host}:{self._port}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n"
        )
        return head.encode() + data

    def channel_post(
        self, workspace_id: str, channel_id: str, reply: Reply, details: Sequence[Reply] = ()
    ) -> Sequence[PostPart]:
        """Not used by these tests."""
        raise DeliveryError("channels are not supported by the test receiver", permanent=True)

    async def user_timezone(self, to: Address) -> str | None:
        """The receiver knows no zones."""
        return None


def dm_body(platform: str, workspace_id: str, user_id: str) -> bytes:
    """What the receiver is posted for one member's DM."""
    key = f"{platform}/{workspace_id}/{user_id}"
    return json.dumps({"user_id": user_id, "workspace_id": workspace_id, "key": key}).encode()


def _answer(head: bytes) -> tuple[int, dict[str, str]]:
    """The status and the (lower-cased) headers of an HTTP answer's head."""
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[1].isdigit():
        raise ConnectionError("the receiver's answer is not HTTP")
    headers = {}
    for line in lines[1:]:
        name, found, value = line.partition(":")
        if found:
            headers[name.strip().lower()] = value.strip()
    return int(parts[1]), headers


def _check(status: int, headers: dict[str, str]) -> None:
    if status == 429:
        raise RateLimited(float(headers.get("retry-after", "1")))
    if status != 200:
        raise DeliveryError(f"receiver answered {status}")


def _work_left(sessions: SessionFactory) -> int:
    """Schedules due and outbox rows still to send: pending, or claimed and not yet marked."""
    with sessions() as session:
        count = session.scalar(
            select(func.count())
            .select_from(Delivery)
            .where(Delivery.status.in_(("pending", "sending")))
        )
        due = session.scalar(
            select(func.count())
            .select_from(Schedule)
            .where(Schedule.enabled.is_(True), Schedule.next_fire_at <= datetime.now(UTC))
        )
    return int(count or 0) + int(due or 0)


async def _until_done(sessions: SessionFactory, every: float) -> None:
    """Until nothing is due, waiting or in flight (a dead worker's claim counts until its
    lease runs out and this worker takes it over). The fault tests kill this process's
    connections too: a look that fails on one is taken again."""
    while True:
        try:
            if not await asyncio.to_thread(_work_left, sessions):
                return
        except OperationalError:
            pass  # the next look gets a fresh connection (the pool pings it)
        await asyncio.sleep(every)


async def run(args: argparse.Namespace) -> int:
    """Tick and drain until nothing is left, or until SIGTERM/SIGINT (then stop the way
    ``coachbot run worker`` does); returns how many DMs this process sent."""
    engine = make_engine(args.db)
    sessions = session_factory(engine)
    clock = SystemClock()
    dispatcher = Dispatcher(sessions, clock, grace=timedelta(hours=2), batch=args.tick_batch)
    sender = Sender(
        sessions,
        clock,
        load_prompts(),
        {"console": HttpMessenger(args.receiver, args.send_timeout)},
        args.worker_id,
        batch=args.batch,
        lease=timedelta(seconds=args.lease_seconds),
        pace={"console": Pace(args.pace_channel, args.pace_workspace, args.pace_platform)},
        shared_pace=shared_pace(sessions),
        options=OPTIONS,
    )
    worker = Worker(sessions, clock, dispatcher, sender, args.idle_seconds, wakeups=False)
    try:
        async with running(worker):
            waits = {
                asyncio.create_task(until_stopped()),
                asyncio.create_task(_until_done(sessions, args.idle_seconds)),
            }
            _, pending = await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
            for task in pending:
                task.cancel()
        return worker.delivered
    finally:
        engine.dispose()


def spawn(db_url: str, receiver_url: str, worker_id: str, log: Path, *options: str) -> Popen[str]:
    """Start this module as a worker process of its own, its output written to `log`."""
    command = [
        sys.executable,
        "-m",
        __spec__.name if __spec__ else "tests.integration.worker_process",
        "--db",
        db_url,
        "--receiver",
        receiver_url,
        "--worker-id",
        worker_id,
        *options,
    ]
    with log.open("w") as out:
        return Popen(command, cwd=ROOT, stdout=out, stderr=STDOUT, text=True)


def main(argv: list[str] | None = None) -> int:
    """Parse the options, run until the outbox is empty, report on stdout."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--db", required=True, help="SQLAlchemy database URL")
    parser.add_argument("--receiver", required=True, help="base URL of the fake platform")
    parser.add_argument("--worker-id", required=True)
    parser.add_argument("--lease-seconds", type=float, default=120.0)
    parser.add_argument("--batch", type=int, default=50, help="sender batch (rows per claim)")
    parser.add_argument("--tick-batch", type=int, default=500)
    parser.add_argument("--idle-seconds", type=float, default=0.2)
    parser.add_argument("--send-timeout", type=float, default=10.0, help="seconds per DM")
    parser.add_argument("--pace-channel", type=float, default=0, help="sends/s per channel")
    parser.add_argument("--pace-workspace", type=float, default=0, help="sends/s per workspace")
    parser.add_argument("--pace-platform", type=float, default=0, help="sends/s in all")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    sent = asyncio.run(run(args))
    print(f"worker {args.worker_id} sent {sent}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
