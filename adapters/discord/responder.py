"""What every Discord handler shares: the core off the event loop, answering within
Discord's 3 seconds (deferring when the core is slow), and sends that never ping."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import discord

from adapters.discord.buttons import component_for
from adapters.discord.channels import checked_digest, digest_to_set
from adapters.discord.host import discord_member, is_guild_admin
from adapters.discord.render import NO_PINGS, Rendered, render
from core import grammar
from core.coach import Coach, Outcome, error_reply, typed_text
from core.commands import Command
from core.commands.digests import SetDigest
from core.context import MemberRef
from core.errors import UserError
from core.messages import Reply

log = logging.getLogger(__name__)

ANSWER_WITHIN = 2.0  # seconds before we defer: Discord wants a first answer within 3
AfterCore = Callable[[discord.Interaction, Outcome], Awaitable[Outcome]]


class DiscordBot:
    """The core seen from Discord handlers; holds no business rules."""

    def __init__(self, coach: Coach) -> None:
        self.coach = coach

    async def run(self, who: MemberRef, text: str, admin: bool = False) -> Reply:
        """Run a line the member typed (a DM, a button's command) in a thread."""
        return await asyncio.to_thread(self.coach.handle, who, text, None, admin)

    async def answer(self, interaction: discord.Interaction, text: str) -> Reply:
        """Run a line for the interaction's user and reply ephemerally."""
        digest = digest_to_set(lambda today: grammar.parse(text, today))
        if digest is not None:  # its channel is checked with Discord first
            return (await self.answer_command(interaction, digest)).reply
        admin, who = is_guild_admin(interaction), discord_member(interaction)

        async def work() -> Outcome:
            return Outcome(await asyncio.to_thread(self.coach.handle, who, text, None, admin))

        return (await self._respond(interaction, work)).reply

    async def answer_named(self, interaction: discord.Interaction, name: str, args: str) -> Outcome:
        """Run a command by name with text the member typed for it (``/coach do``)."""
        digest = digest_to_set(lambda today: grammar.parse_command(name, args, today))
        if digest is not None:  # its channel is checked with Discord first
            return await self.answer_command(interaction, digest)
        admin, who = is_guild_admin(interaction), discord_member(interaction)
        return await self._respond(
            interaction, lambda: asyncio.to_thread(self.coach.command, who, name, args, None, admin)
        )

    async def answer_command(
        self, interaction: discord.Interaction, command: Command, then: AfterCore | None = None
    ) -> Outcome:
        """Run a typed command for the interaction's user and reply ephemerally; an admin's
        digest set-up only for a channel Discord says is in this guild. `then` acts on the
        outcome before the reply goes out (and may add to it)."""

        async def work() -> Outcome:
            outcome = await self._run_checked(interaction, command)
            return outcome if then is None else await then(interaction, outcome)

        return await self._respond(interaction, work)

    async def answer_refusal(
        self, interaction: discord.Interaction, error: UserError, typed: str
    ) -> Outcome:
        """Answer with a refusal the adapter made, the member's words given back."""

        async def work() -> Outcome:
            return Outcome(error_reply(error, typed), None, error)

        return await self._respond(interaction, work)

    async def _run_checked(self, interaction: discord.Interaction, command: Command) -> Outcome:
        admin, who = is_guild_admin(interaction), discord_member(interaction)
        if admin and isinstance(command, SetDigest):
            found = await checked_digest(interaction, command)
            if isinstance(found, UserError):
                return Outcome(error_reply(found, typed_text(command)), None, found)
            command = found
        return await asyncio.to_thread(self.coach.run, who, command, None, admin)

    async def _respond(
        self, interaction: discord.Interaction, work: Callable[[], Awaitable[Outcome]]
    ) -> Outcome:
        """Answer with the core's reply; if the core takes longer than ANSWER_WITHIN,
        defer first, then complete the deferred ("thinking…") answer with the reply."""
        task = asyncio.ensure_future(work())
        try:
            outcome = await asyncio.wait_for(asyncio.shield(task), ANSWER_WITHIN)
        except TimeoutError:
            await interaction.response.defer(ephemeral=True, thinking=True)
            outcome = await task
            first, *more = render(outcome.reply)
            await interaction.edit_original_response(**edit_kwargs(first))
            for message in more:
                await interaction.followup.send(ephemeral=True, **send_kwargs(message))
            return outcome
        first, *more = render(outcome.reply)
        ephemeral = outcome.reply.ephemeral
        await interaction.response.send_message(ephemeral=ephemeral, **send_kwargs(first))
        for message in more:
            await interaction.followup.send(ephemeral=ephemeral, **send_kwargs(message))
        return outcome

    async def send_dm(self, user: discord.User | discord.Member, reply: Reply) -> discord.Message:
        """Open the DM with a user and post a reply there."""
        channel = user.dm_channel or await user.create_dm()
        *_, last = await send_reply(channel, reply)
        return last


async def send_reply(channel: discord.abc.Messageable, reply: Reply) -> list[discord.Message]:
    """Post a reply to a channel or DM, as many messages as it takes, in order."""
    return [await channel.send(**send_kwargs(message)) for message in render(reply)]


def view_for(rendered: Rendered) -> discord.ui.View | None:
    """Persistent buttons (they keep working after a restart) for a message's rows."""
    if not rendered.rows:
        return None
    view = discord.ui.View(timeout=None)
    for row, buttons in enumerate(rendered.rows):
        for button in buttons:
            item = component_for(button)
            item.row = row
            view.add_item(item)
    return view


def send_kwargs(rendered: Rendered) -> dict[str, Any]:
    """Keyword arguments for send()/send_message()/followup.send() of one message."""
    kwargs: dict[str, Any] = {"embeds": rendered.embeds, "allowed_mentions": NO_PINGS}
    view = view_for(rendered)
    if view is not None:
        kwargs["view"] = view
    files = rendered.discord_files()
    if files:
        kwargs["files"] = files
    return kwargs


def edit_kwargs(rendered: Rendered) -> dict[str, Any]:
    """Keyword arguments for edit_original_response(), which takes files as attachments."""
    kwargs = send_kwargs(rendered)
    files = kwargs.pop("files", None)
    if files:
        kwargs["attachments"] = files
    return kwargs
