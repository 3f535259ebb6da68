"""Persistent buttons and the forms (modals) they or commands open.

Buttons survive restarts: each is rebuilt from its custom_id. A command button runs the
command the core wrote on it; a form button opens the form the core named."""

from __future__ import annotations

import asyncio
import re
from typing import Any, assert_never

import discord

from adapters.discord.host import discord_member, host_of
from adapters.discord.render import (
    COMMAND_PREFIX,
    FORM_PREFIX,
    STYLES,
    custom_id,
    form_custom_id,
)
from core.commands import Command
from core.commands.checkins import AddVacation
from core.commands.commitments import MoveCommitment
from core.commands.goals import AddGoal
from core.commands.journal import LogWin, WriteJournal
from core.messages import Button, Form
from core.parsing import LIMITS


def _style(item: discord.ui.Item[Any]) -> discord.ButtonStyle:
    return item.style if isinstance(item, discord.ui.Button) else discord.ButtonStyle.secondary


def _label(item: discord.ui.Item[Any]) -> str:
    return item.label if isinstance(item, discord.ui.Button) and item.label else "…"


class CommandButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=re.compile(re.escape(COMMAND_PREFIX) + r"(?P<command>/.+)"),
):
    """A button that runs a command through the core's grammar."""

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
        return cls(match["command"], _label(item), _style(item))

    async def callback(self, interaction: discord.Interaction) -> None:
        """Run the command."""
        await host_of(interaction).answer(interaction, self.command)


class FormButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=re.compile(re.escape(FORM_PREFIX) + r"(?P<form>[a-z]+)(?::(?P<subject>\d{1,9}))?"),
):
    """A button that opens a form (the check-in answer, a vacation, a commitment's new day)."""

    def __init__(
        self,
        form: Form,
        label: str = "…",
        style: discord.ButtonStyle = discord.ButtonStyle.secondary,
        subject: int | None = None,
    ) -> None:
        button_id = form_custom_id(form, subject)
        super().__init__(discord.ui.Button(label=label[:80], style=style, custom_id=button_id))
        self.form = form
        self.subject = subject

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> FormButton:
        """Recreate the button from a pressed component."""
        subject = int(match["subject"]) if match["subject"] else None
        return cls(Form(match["form"]), _label(item), _style(item), subject)

    async def callback(self, interaction: discord.Interaction) -> None:
        """Open the form."""
        match self.form:
            case Form.ANSWER:
                who = discord_member(interaction)
                prompt = await asyncio.to_thread(host_of(interaction).coach.pending_prompt, who)
                await interaction.response.send_modal(AnswerModal(prompt or ""))
            case Form.VACATION:
                await interaction.response.send_modal(VacationModal())
            case Form.MOVE:
                await interaction.response.send_modal(MoveModal(self.subject or 0))
            case _:
                assert_never(self.form)


def component_for(button: Button) -> discord.ui.Item[Any]:
    """The persistent component for a neutral button (the renderer keeps only buttons
    whose custom_id fits)."""
    style = STYLES.get(button.style, STYLES["default"])
    if button.form is not None:
        return FormButton(button.form, button.label, style, button.subject)
    return CommandButton(button.command, button.label, style)


class _CommandModal(discord.ui.Modal):
    """A form whose submission is one typed command."""

    def command(self) -> Command:
        raise NotImplementedError

    async def on_submit(self, interaction: discord.Interaction) -> None:
        """Run the command the form stands for."""
        await host_of(interaction).answer_command(interaction, self.command())


def _field(label: str, **text_input: Any) -> discord.ui.Label[Any]:
    """A text input under its label (a Label component: Discord's modal layout)."""
    return discord.ui.Label(text=label, component=discord.ui.TextInput(**text_input))


def _input(field: discord.ui.Label[Any]) -> discord.ui.TextInput[Any]:
    text_input = field.component
    assert isinstance(text_input, discord.ui.TextInput)
    return text_input


def _typed(field: discord.ui.Label[Any]) -> str:
    return _input(field).value


def _given(field: discord.ui.Label[Any]) -> str | None:
    value = _typed(field)
    return value if value.strip() else None


class GoalModal(_CommandModal, title="New goal"):
    """Title, deadline, measure, why."""

    goal = _field(
        "Goal",
        placeholder="Become a certified AWS Solutions Architect",
        max_length=LIMITS["title"],
    )
    deadline = _field(
        "Deadline",
        placeholder="2027-03-31, end of June, in 6 months",
        required=False,
        max_length=60,
    )
    measure = _field(
        "How will you measure it?",
        placeholder="Pass the SAA-C03 exam",
        required=False,
        max_length=LIMITS["title"],
    )
    why = _field(
        "Why does it matter to you?",
        style=discord.TextStyle.paragraph,
        required=False,
        max_length=LIMITS["field"],
    )

    def command(self) -> AddGoal:
        return AddGoal(
            _typed(self.goal),
            deadline=_given(self.deadline),
            measure=_given(self.measure),
            why=_given(self.why),
        )


class WinModal(_CommandModal, title="Log a win"):
    """What you did, towards which goal, in which brag section."""

    text = _field(
        "What did you do? For whom, with what result?",
        style=discord.TextStyle.paragraph,
        max_length=LIMITS["win"],
    )
    goal = _field("Goal number (optional)", required=False, max_length=6)
    section = _field("Section (project, collaboration, design, …)", required=False, max_length=20)

    def command(self) -> LogWin:
        return LogWin(_typed(self.text), goal=_given(self.goal), section=_given(self.section))


class AnswerModal(_CommandModal, title="Check-in"):
    """The check-in answer, stored as a journal entry."""

    answer = _field("Your answer", style=discord.TextStyle.paragraph, max_length=LIMITS["journal"])

    def __init__(self, prompt: str = "") -> None:
        super().__init__()
        if prompt:
            _input(self.answer).placeholder = prompt[:100]

    def command(self) -> WriteJournal:
        return WriteJournal(_typed(self.answer))


class VacationModal(_CommandModal, title="Vacation"):
    """First and last day away."""

    start = _field("First day away", placeholder="2026-12-20", max_length=40)
    end = _field("Last day away", placeholder="2026-12-28", max_length=40)

    def command(self) -> AddVacation:
        return AddVacation(_typed(self.start), _typed(self.end))


class MoveModal(_CommandModal, title="Move a commitment"):
    """A new day for one commitment, read on the member's local today by the core."""

    due = _field("New day", placeholder="friday, next monday, 2026-12-15", max_length=60)

    def __init__(self, number: int = 0) -> None:
        super().__init__(title=f"Move commitment #{number}"[:45])
        self.number = number

    def command(self) -> MoveCommitment:
        return MoveCommitment(self.number, _typed(self.due))
