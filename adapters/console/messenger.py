"""The console's outbound port: check-ins and reminders printed while the console is open."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from rich.console import Console
from rich.padding import Padding
from rich.rule import Rule

from adapters.console.files import ExportFolder
from adapters.console.render import render_reply
from core.messages import Reply
from core.ports import Address, PostPart, one_part
from core.time.clock import Clock
from core.time.zones import zone


class ConsoleMessenger:
    """Prints direct messages (and channel posts) to the terminal; a DM's files (the yearly
    review's brag draft) are saved to the member's export folder, a channel post's (the
    digest chart) to the channel's."""

    platform = "console"
    send_timeout = 5.0  # printing; a lease must outlast it

    def __init__(
        self,
        console: Console,
        clock: Clock,
        tz_name: str = "UTC",
        member_tz: Callable[[Address], Awaitable[str | None]] | None = None,
        exports: ExportFolder | None = None,
    ) -> None:
        self._console = console
        self._exports = exports
        self._clock = clock
        self._tz_name = tz_name
        self._member_tz = member_tz

    def _stamp(self, tz_name: str) -> str:
        local = self._clock.now().astimezone(zone(tz_name))
        return f"{local.strftime('%a %d %b %H:%M')} {tz_name}"

    def dm_parts(self, to: Address, reply: Reply, channel: str | None = None) -> Sequence[PostPart]:
        """A DM is printed at once."""
        return one_part(self.send_dm, to, reply)

    async def send_dm(self, to: Address, reply: Reply) -> None:
        """Print a message for a console member, stamped with their local time."""
        tz_name = (await self._member_tz(to) if self._member_tz else None) or self._tz_name
        self._console.print(Rule(f"📬 for {to.user_id} · {self._stamp(tz_name)}", style="magenta"))
        self._console.print(render_reply(reply))
        if self._exports is not None:
            self._exports.save(to.user_id, reply, self._console)
        self._console.print()

    def channel_post(
        self, workspace_id: str, channel_id: str, reply: Reply, details: Sequence[Reply] = ()
    ) -> Sequence[PostPart]:
        """A channel post, then its details indented below it like a thread."""

        async def post(_thread: str | None) -> str | None:
            stamp = self._stamp(self._tz_name)
            self._console.print(Rule(f"📣 #{channel_id} · {stamp}", style="blue"))
            self._console.print(render_reply(reply))
            if self._exports is not None:  # a digest's chart
                self._exports.save(f"channel-{channel_id}", reply, self._console)
            if not details:
                self._console.print()
            return None

        def detail(message: Reply, last: bool) -> PostPart:
            async def print_detail(_thread: str | None) -> str | None:
                self._console.print(Padding(render_reply(message), (0, 0, int(last), 4)))
                return None

            return print_detail

        return [post, *(detail(d, n == len(details) - 1) for n, d in enumerate(details))]

    async def user_timezone(self, to: Address) -> str | None:
        """The console knows no member zones beyond the machine's."""
        return None
