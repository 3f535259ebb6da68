"""A real worker process for the reliability tests: the dispatcher and sender, posting DMs
over HTTP to a local receiver, on the real clock.

    python -m tests.integration.worker_process --db URL --receiver http://127.0.0.1:PORT \\
        --worker-id w1 [--lease-seconds 2] [--batch 50]

It ticks and drains until the outbox has nothing pending or in flight (a dead worker's
claim counts as in flight until its lease expires and this worker takes it over), then
prints how many messages it sent and exits 0.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import logging
import sys
from datetime import timedelta
from urllib.parse import urlsplit

from sqlalchemy import func, select

from core.messages import Reply
from core.ports import Address, DeliveryError
from core.prompts import load_prompts
from core.scheduling.dispatcher import Dispatcher
from core.scheduling.sender import Sender
from core.scheduling.worker import Worker
from core.storage.db import SessionFactory, make_engine, session_factory
from core.storage.models import Delivery
from core.time.clock import SystemClock
from tests.fakes import OPTIONS

log = logging.getLogger(__name__)


class HttpMessenger:
    """Posts each DM as JSON to the receiver over one keep-alive connection.

    A failed post is not retried here: the sender retries it, so a lost response shows
    up as a duplicate at the receiver, as it would on a real platform."""

    platform = "console"

    def __init__(self, base_url: str) -> None:
        parts = urlsplit(base_url)
        self._host = parts.hostname or "127.0.0.1"
        self._port = parts.port or 80
        self._connection: http.client.HTTPConnection | None = None

    async def send_dm(self, to: Address, reply: Reply) -> None:
        """Post the member's id (each member has one check-in due, so it identifies it)."""
        body = {"user_id": to.user_id, "key": f"{to.platform}/{to.workspace_id}/{to.user_id}"}
        await asyncio.to_thread(self._post, json.dumps(body).encode())

    async def post_to_channel(self, workspace_id: str, channel_id: str, reply: Reply) -> None:
        """Not used by these tests."""
        raise DeliveryError("channels are not supported by the test receiver", permanent=True)

    async def user_timezone(self, to: Address) -> str | None:
        """The receiver knows no zones."""
        return None

    def _post(self, data: bytes) -> None:
        if self._connection is None:
            self._connection = http.client.HTTPConnection(self._host, self._port, timeout=10)
        try:
            self._connection.request(
                "POST", "/dm", body=data, headers={"Content-Type": "application/json"}
            )
            response = self._connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):
            self._connection.close()
            self._connection = None
            raise
        if response.status != 200:
            raise DeliveryError(f"receiver answered {response.status}")


def _work_left(sessions: SessionFactory) -> int:
    """Outbox rows still to send: pending, or claimed and not yet marked."""
    with sessions() as session:
        count = session.scalar(
            select(func.count())
            .select_from(Delivery)
            .where(Delivery.status.in_(("pending", "sending")))
        )
    return int(count or 0)


async def run(args: argparse.Namespace) -> int:
    """Tick and drain until nothing is left; returns how many DMs this process sent."""
    engine = make_engine(args.db)
    sessions = session_factory(engine)
    clock = SystemClock()
    dispatcher = Dispatcher(sessions, clock, grace=timedelta(hours=2), batch=args.tick_batch)
    sender = Sender(
        sessions,
        clock,
        load_prompts(),
        {"console": HttpMessenger(args.receiver)},
        args.worker_id,
        batch=args.batch,
        lease=timedelta(seconds=args.lease_seconds),
        per_second={"console": 0},
        options=OPTIONS,
    )
    worker = Worker(sessions, clock, dispatcher, sender, wakeups=False)
    total = 0
    try:
        while True:
            _, sent = await worker.run_once()
            total += sent
            if sent == 0:
                if not await asyncio.to_thread(_work_left, sessions):
                    return total
                await asyncio.sleep(args.idle_seconds)
    finally:
        engine.dispose()


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
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    sent = asyncio.run(run(args))
    print(f"worker {args.worker_id} sent {sent}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
