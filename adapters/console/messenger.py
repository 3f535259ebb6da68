"""The console's outbound port: check-ins and reminders printed while the console is open."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from rich.console import Console
from rich.padding import Padding
from rich.rule import Rule

from adapters.console.render import render_reply
from core.messages import Reply
from core.ports import Address
from core.time.clock import Clock
from core.time.zones import zone


class ConsoleMessenger:
    """Prints direct messages (and channel posts) to the terminal."""

    platform = "console"

    def __init__(
        self,
        console: Console,
        clock: Clock,
        tz_name: str = "UTC",
        member_tz: Callable[[Address], Awaitable[str | None]] | None = None,
    ) -> None:
        self._console = console
        self._clock = clock
        self._tz_name = tz_name
        self._member_tz = member_tz

    def _stamp(self, tz_name: str) -> str:
        local = self._clock.now().astimezone(zone(tz_name))
        return f"{local.strftime('%a %d %b %H:%M')} {tz_name}"

    async def send_dm(self, to: Address, reply: Reply) -> None:
        """Print a message for a console member, stamped with their local time."""
        tz_name = (await self._member_tz(to) if self._member_tz else None) or self._tz_name
        self._console.print(Rule(f"📬 for {to.user_id} · {self._stamp(tz_name)}", style="magenta"))
        self._console.print(render_reply(reply))
        self._console.print()

    async def post_to_channel(
        self, workspace_id: str, channel_id: str, reply: Reply, details: Sequence[Reply] = ()
    ) -> None:
        """Print a channel post, its details indented below it like a thread."""
        self._console.print(Rule(f"📣 #{channel_id} · {self._stamp(self._tz_name)}", style="blue"))
        self._console.print(render_reply(reply))
        for detail in details:
            self._console.print(Padding(render_reply(detail), (0, 0, 0, 4)))
        self._console.print()

    async def user_timezone(self, to: Address) -> str | None:
        """The console knows no member zones beyond the machine's."""
        return None
