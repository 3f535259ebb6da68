"""What every Discord handler shares: the core off the event loop, answering within
Discord's 3 seconds (deferring when the core is slow), and sends that never ping."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import discord

from adapters.discord.render import NO_PINGS, STYLES, Rendered, custom_id, render
from core.coach import Coach
from core.context import MemberRef
from core.messages import Reply

log = logging.getLogger(__name__)

ANSWER_WITHIN = 2.0  # seconds before we defer: Discord wants a first answer within 3


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


class DiscordBot:
    """The core seen from Discord handlers; holds no business rules."""

    def __init__(self, coach: Coach) -> None:
        self.coach = coach

    async def run(self, who: MemberRef, text: str, admin: bool = False) -> Reply:
        """Run member text through the core in a thread."""
        return await asyncio.to_thread(self.coach.handle, who, text, None, admin)

    async def answer(self, interaction: discord.Interaction, text: str) -> Reply:
        """Run a command for the interaction's user and reply ephemerally; if the core
        takes longer than ANSWER_WITHIN, defer first and follow up."""
        who = discord_member(interaction)
        task = asyncio.ensure_future(self.run(who, text, is_guild_admin(interaction)))
        try:
            reply = await asyncio.wait_for(asyncio.shield(task), ANSWER_WITHIN)
        except TimeoutError:
            await interaction.response.defer(ephemeral=True, thinking=True)
            reply = await task
            await interaction.followup.send(ephemeral=True, **send_kwargs(render(reply)))
            return reply
        await interaction.response.send_message(
            ephemeral=reply.ephemeral, **send_kwargs(render(reply))
        )
        return reply

    async def send_dm(self, user: discord.User | discord.Member, reply: Reply) -> discord.Message:
        """Open the DM with a user and post a reply there."""
        channel = user.dm_channel or await user.create_dm()
        message: discord.Message = await channel.send(**send_kwargs(render(reply)))
        return message


def view_for(rendered: Rendered) -> discord.ui.View | None:
    """Persistent buttons (they keep working after a restart) for a reply's actions."""
    from adapters.discord.buttons import CommandButton

    if not rendered.buttons:
        return None
    view = discord.ui.View(timeout=None)
    for label, command, style in rendered.buttons:
        if custom_id(command) is not None:
            view.add_item(CommandButton(command, label, STYLES.get(style, STYLES["default"])))
    return view if view.children else None


def send_kwargs(rendered: Rendered) -> dict[str, Any]:
    """Keyword arguments for send()/send_message()/followup.send()."""
    kwargs: dict[str, Any] = {"embeds": rendered.embeds, "allowed_mentions": NO_PINGS}
    view = view_for(rendered)
    if view is not None:
        kwargs["view"] = view
    files = rendered.discord_files()
    if files:
        kwargs["files"] = files
    return kwargs
