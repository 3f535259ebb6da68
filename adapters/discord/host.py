"""What Discord components need from the bot that owns them, without importing it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Protocol, runtime_checkable

import discord

from core.coach import Coach, Outcome
from core.commands import Command
from core.context import MemberRef
from core.errors import UserError
from core.messages import Reply


@runtime_checkable
class Host(Protocol):
    """The coachbot side of a Discord client: the core, and answering an interaction."""

    coach: Coach

    async def answer(self, interaction: discord.Interaction, text: str) -> Reply:
        """Answer with what the core says about a line of text."""
        ...

    async def send_dm(self, user: discord.User | discord.Member, reply: Reply) -> discord.Message:
        """Post a reply in the user's DM with the bot."""
        ...

    async def answer_named(self, interaction: discord.Interaction, name: str, args: str) -> Outcome:
        """Answer with what the core says about command `name` given the member's `args`."""
        ...

    async def answer_command(
        self,
        interaction: discord.Interaction,
        command: Command,
        then: Callable[[discord.Interaction, Outcome], Awaitable[Outcome]] | None = None,
    ) -> Outcome:
        """Answer with what the core says about a typed command (`then` may add to it)."""
        ...

    async def answer_refusal(
        self, interaction: discord.Interaction, error: UserError, typed: str
    ) -> Outcome:
        """Answer with a refusal the adapter made (options the core cannot take), the
        member's words given back as the core gives them."""
        ...


def host_of(interaction: discord.Interaction) -> Host:
    """The coachbot that owns the client an interaction arrived on."""
    host = getattr(interaction.client, "coachbot", None)
    if not isinstance(host, Host):
        raise RuntimeError("this Discord client is not a coachbot client")
    return host


def discord_member(interaction_or_message: Any) -> MemberRef:
    """A Discord user as the core knows members: one identity across guilds and DMs,
    since Discord user ids are global (workspace "discord"); the guild a command came
    from is its space, for that guild's digests."""
    user = getattr(interaction_or_message, "user", None) or interaction_or_message.author
    guild = getattr(interaction_or_message, "guild_id", None) or getattr(
        getattr(interaction_or_message, "guild", None), "id", None
    )
    name = getattr(user, "display_name", "") or ""
    return MemberRef("discord", "discord", str(user.id), name, str(guild) if guild else "")


def is_guild_admin(interaction: discord.Interaction) -> bool:
    """Manage Server in the guild the command came from."""
    return interaction.guild_id is not None and interaction.permissions.manage_guild
