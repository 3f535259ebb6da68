"""Persistent command buttons and the forms (modals) they or commands open."""

from __future__ import annotations

import re
from typing import Any

import discord

from adapters.discord import translate
from adapters.discord.render import COMMAND_PREFIX, custom_id
from core.parsing import escape_value

FORM_BUTTONS = ("/checkin answer", "/vacation")


class CommandButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=re.compile(re.escape(COMMAND_PREFIX) + r"(?P<command>/.+)"),
):
    """A button that runs a grammar command; rebuilt from its custom_id after restarts."""

    def __init__(
        self,
        command: str,
        label: str = "…",
        style: discord.ButtonStyle = discord.ButtonStyle.secondary,
    ) -> None:
        super().__init__(
            discord.ui.Button(label=label[:80], style=style, custom_id=custom_id(command))
        )
        self.command = command

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> CommandButton:
        """Recreate the button from a pressed component."""
        button = item if isinstance(item, discord.ui.Button) else None
        label = button.label if button and button.label else "…"
        style = button.style if button else discord.ButtonStyle.secondary
        return cls(match["command"], label, style)

    async def callback(self, interaction: discord.Interaction) -> None:
        """Open a form for answer/vacation buttons, else run the command."""
        bot = interaction.client.coachbot  # type: ignore[attr-defined]
        if self.command == "/checkin answer":
            prompt = await _pending_prompt(bot, interaction)
            await interaction.response.send_modal(AnswerModal(prompt))
        elif self.command == "/vacation":
            await interaction.response.send_modal(VacationModal())
        else:
            await bot.answer(interaction, self.command)


async def _pending_prompt(bot: Any, interaction: discord.Interaction) -> str:
    import asyncio

    from adapters.discord.bot import discord_member

    prompt = await asyncio.to_thread(bot.coach.pending_prompt, discord_member(interaction))
    return str(prompt or "")


class _CommandModal(discord.ui.Modal):
    """A form whose submission becomes one grammar command."""

    def command(self) -> str:
        raise NotImplementedError

    async def on_submit(self, interaction: discord.Interaction) -> None:
        """Run the command the form stands for."""
        await interaction.client.coachbot.answer(interaction, self.command())  # type: ignore[attr-defined]


class GoalModal(_CommandModal, title="New goal"):
    """Title, deadline, measure, why."""

    goal: discord.ui.TextInput[Any] = discord.ui.TextInput(
        label="Goal", placeholder="Become a certified AWS Solutions Architect", max_length=200
    )
    deadline: discord.ui.TextInput[Any] = discord.ui.TextInput(
        label="Deadline",
        placeholder="2027-03-31, end of June, in 6 months",
        required=False,
        max_length=60,
    )
    measure: discord.ui.TextInput[Any] = discord.ui.TextInput(
        label="How will you measure it?",
        placeholder="Pass the SAA-C03 exam",
        required=False,
        max_length=200,
    )
    why: discord.ui.TextInput[Any] = discord.ui.TextInput(
        label="Why does it matter to you?",
        style=discord.TextStyle.paragraph,
        required=False,
        max_length=1000,
    )

    def command(self) -> str:
        return translate.goal_add(
            self.goal.value, self.deadline.value, self.measure.value, self.why.value
        )


class WinModal(_CommandModal, title="Log a win"):
    """What you did, towards which goal, in which brag section."""

    text: discord.ui.TextInput[Any] = discord.ui.TextInput(
        label="What did you do? For whom, with what result?",
        style=discord.TextStyle.paragraph,
        max_length=2000,
    )
    goal: discord.ui.TextInput[Any] = discord.ui.TextInput(
        label="Goal number (optional)", required=False, max_length=6
    )
    section: discord.ui.TextInput[Any] = discord.ui.TextInput(
        label="Section (project, collaboration, design, …)", required=False, max_length=20
    )

    def command(self) -> str:
        goal = self.goal.value.strip().lstrip("#")
        number = int(goal) if goal.isdigit() and goal.isascii() else None
        text = self.text.value if number or not goal else f"{self.text.value} goal:{goal}"
        return translate.win(text, number, self.section.value.strip() or None)


class AnswerModal(_CommandModal, title="Check-in"):
    """The check-in answer, stored as a journal entry."""

    answer: discord.ui.TextInput[Any] = discord.ui.TextInput(
        label="Your answer", style=discord.TextStyle.paragraph, max_length=4000
    )

    def __init__(self, prompt: str = "") -> None:
        super().__init__()
        if prompt:
            self.answer.placeholder = prompt[:100]

    def command(self) -> str:
        return f"/journal {escape_value(self.answer.value.strip())}"


class VacationModal(_CommandModal, title="Vacation"):
    """First and last day away."""

    start: discord.ui.TextInput[Any] = discord.ui.TextInput(
        label="First day away", placeholder="2026-12-20", max_length=40
    )
    end: discord.ui.TextInput[Any] = discord.ui.TextInput(
        label="Last day away", placeholder="2026-12-28", max_length=40
    )

    def command(self) -> str:
        return f"/vacation {self.start.value.strip()} to {self.end.value.strip()}"
