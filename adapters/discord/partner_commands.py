"""/partner: accountability partners, with Discord's user option for who."""

from __future__ import annotations

import discord
from discord import app_commands

from adapters.discord.host import host_of
from adapters.discord.options import SERVERS_ONLY
from core.commands.partners import (
    AnswerInvitation,
    CheerPartner,
    EndPartnership,
    InvitePartner,
    ListPartners,
    NotifyMissed,
    PartnerItem,
    SharePartnerItem,
    ShowPartner,
)

WHO = "A member of this server"


class PartnerCommands(app_commands.Group):
    """/partner invite|accept|decline|list|show|end|cheer|nudge|share|notify-missed, in a
    server: partners are members of the same one."""

    def __init__(self) -> None:
        super().__init__(
            name="partner",
            description="Accountability partners in this server",
            allowed_contexts=SERVERS_ONLY,
        )

    @app_commands.command(name="invite", description="Invite someone to be your partner")
    @app_commands.describe(user=WHO)
    async def invite(self, interaction: discord.Interaction, user: discord.User) -> None:
        # Discord resolves a user of this server as a Member: someone coachbot may not know.
        in_server = isinstance(user, discord.Member) and not user.bot
        invite = InvitePartner(str(user.id), vouched=in_server, name=user.display_name)
        await host_of(interaction).answer_command(interaction, invite)

    @app_commands.command(name="accept", description="Accept an invitation")
    @app_commands.describe(user="Who invited you")
    async def accept(self, interaction: discord.Interaction, user: discord.User) -> None:
        await host_of(interaction).answer_command(
            interaction, AnswerInvitation(str(user.id), accept=True)
        )

    @app_commands.command(name="decline", description="Decline an invitation (they are not told)")
    @app_commands.describe(user="Who invited you")
    async def decline(self, interaction: discord.Interaction, user: discord.User) -> None:
        await host_of(interaction).answer_command(
            interaction, AnswerInvitation(str(user.id), accept=False)
        )

    @app_commands.command(name="list", description="Your partners and invitations")
    async def list_(self, interaction: discord.Interaction) -> None:
        await host_of(interaction).answer_command(interaction, ListPartners())

    @app_commands.command(name="show", description="What a partner shares with you")
    @app_commands.describe(user="Your partner")
    async def show(self, interaction: discord.Interaction, user: discord.User) -> None:
        await host_of(interaction).answer_command(interaction, ShowPartner(str(user.id)))

    @app_commands.command(name="end", description="End a partnership, at once")
    @app_commands.describe(user="Your partner")
    async def end(self, interaction: discord.Interaction, user: discord.User) -> None:
        await host_of(interaction).answer_command(interaction, EndPartnership(str(user.id)))

    @app_commands.command(name="cheer", description="Cheer a partner on")
    @app_commands.describe(user="Your partner")
    async def cheer(self, interaction: discord.Interaction, user: discord.User) -> None:
        await host_of(interaction).answer_command(interaction, CheerPartner(str(user.id)))

    @app_commands.command(name="nudge", description="A friendly nudge (one a day)")
    @app_commands.describe(user="Your partner")
    async def nudge(self, interaction: discord.Interaction, user: discord.User) -> None:
        await host_of(interaction).answer_command(
            interaction, CheerPartner(str(user.id), nudge=True)
        )

    @app_commands.command(name="share", description="Show partners your wins or goals")
    @app_commands.describe(item="Wins or goals (commitments are always shared)", on="Show them")
    @app_commands.choices(
        item=[app_commands.Choice(name=item.value, value=item.value) for item in PartnerItem]
    )
    async def share(
        self, interaction: discord.Interaction, item: app_commands.Choice[str], on: bool
    ) -> None:
        command = SharePartnerItem(PartnerItem(item.value), on)
        await host_of(interaction).answer_command(interaction, command)

    @app_commands.command(name="notify-missed", description="A missed commitment tells partners")
    @app_commands.describe(on="Tell them")
    async def notify_missed(self, interaction: discord.Interaction, on: bool) -> None:
        await host_of(interaction).answer_command(interaction, NotifyMissed(on))
