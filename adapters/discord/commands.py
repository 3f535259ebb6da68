"""The slash command tree: typed options, choices and autocomplete, each turned into the
core's typed command. Handlers only translate; the core decides."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import discord
from discord import app_commands

from adapters.discord.buttons import GoalModal, WinModal
from adapters.discord.host import discord_member, host_of
from adapters.discord.messenger import DMS_CLOSED
from adapters.discord.options import (
    DEADLINE,
    EVERYWHERE,
    GOAL,
    HORIZON,
    MEASURE,
    MILESTONE,
    SERVER_INSTALL,
    SERVERS_ONLY,
    WHY,
    ZONE,
    CommandLine,
    Field,
    JournalText,
    Title,
    WinText,
    milestone_of,
)
from adapters.discord.partner_commands import PartnerCommands
from core.coach import Outcome
from core.commands import Command
from core.commands.account import ForgetMe, SetTimezone, ShowTimezone
from core.commands.checkins import (
    AddVacation,
    PauseCheckins,
    ResumeCheckins,
    SetCheckins,
    ShowCheckins,
    TurnCheckins,
)
from core.commands.digests import DigestOff, PreviewDigest, SetDigest, ShowDigests
from core.commands.export import BragFormat, ExportBrag, ExportJson
from core.commands.goals import (
    AUTO_HORIZON,
    AddGoal,
    AddMilestone,
    EditGoal,
    FinishMilestone,
    ListGoals,
    SetGoalProgress,
    SetGoalStatus,
    ShareGoal,
    ShowGoal,
)
from core.commands.importing import ImportExport
from core.commands.journal import AskPrompt, LogWin, WriteJournal
from core.commands.progress import ShowProgress, ShowProgressChart
from core.commands.reminders import AddReminder, CancelReminder, ListReminders
from core.errors import UserError
from core.messages import Text
from core.present.checkins import welcome_dm
from core.services.checkins import CheckinsSet, CheckinsSwitched
from core.services.journal import SECTIONS as BRAG_SECTIONS
from core.services.smart import HORIZON_LABELS
from core.storage.models import GoalStatus
from core.time.numeric import DateOrder
from core.time.zones import suggest_timezones

HORIZONS = [app_commands.Choice(name=label, value=key) for key, label in HORIZON_LABELS.items()]
# Editing can also hand the horizon back to the deadline.
EDIT_HORIZONS = [*HORIZONS, app_commands.Choice(name="From the deadline", value=AUTO_HORIZON)]
SECTIONS = [app_commands.Choice(name=label, value=key) for key, label in BRAG_SECTIONS.items()]
DATE_ORDERS = [
    app_commands.Choice(name="day first (15/12/2027)", value=DateOrder.DMY.value),
    app_commands.Choice(name="month first (12/15/2027)", value=DateOrder.MDY.value),
]
MAX_CHOICES = 25
WIN_MILESTONE_EXAMPLE = "/win text:Passed the practice exam goal:2 milestone:1"
DMS_CLOSED_NOTE = (
    "⚠️ Check-ins can't reach you: your settings don't let me send you direct messages. "
    "To allow them, open the server menu → Privacy Settings → turn on Direct Messages; "
    "your check-ins then arrive in our DM."
)

log = logging.getLogger(__name__)


async def run(interaction: discord.Interaction, command: Command) -> Outcome:
    """Answer an interaction with what the core says about a typed command."""
    return await host_of(interaction).answer_command(interaction, command)


async def goal_autocomplete(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[int]]:
    """The member's active goals whose number or title matches what they typed."""
    goals = await asyncio.to_thread(
        host_of(interaction).coach.goal_choices, discord_member(interaction)
    )
    needle = current.strip().lstrip("#").lower()
    matches = [(n, t) for n, t in goals if not needle or needle in f"{n} {t}".lower()]
    return [app_commands.Choice(name=f"#{n} {t}"[:100], value=n) for n, t in matches[:MAX_CHOICES]]


async def tz_autocomplete(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """IANA zones that look like what the member typed."""
    names = suggest_timezones(current, limit=MAX_CHOICES) if current.strip() else ["UTC"]
    return [app_commands.Choice(name=name, value=name) for name in names]


class GoalCommands(app_commands.Group):
    """/goal add|list|show|edit|done|drop|progress|milestone|share."""

    def __init__(self) -> None:
        super().__init__(name="goal", description="SMART goals and milestones")

    @app_commands.command(name="add", description="Add a goal (without a title, a form opens)")
    @app_commands.describe(
        title="What you want to achieve, e.g. Become a certified AWS Solutions Architect",
        deadline=DEADLINE,
        measure=MEASURE,
        why=WHY,
        horizon=HORIZON,
        share="Let team digests show it (private otherwise)",
    )
    @app_commands.choices(horizon=HORIZONS)
    async def add(
        self,
        interaction: discord.Interaction,
        title: Title | None = None,
        deadline: str | None = None,
        measure: Title | None = None,
        why: Field | None = None,
        horizon: app_commands.Choice[str] | None = None,
        share: bool = False,
    ) -> None:
        if not title:
            await interaction.response.send_modal(GoalModal())
            return
        command = AddGoal(
            title,
            deadline=deadline,
            measure=measure,
            why=why,
            horizon=horizon.value if horizon else None,
            share=share,
        )
        await run(interaction, command)

    @app_commands.command(name="list", description="Your goals with progress")
    @app_commands.describe(all="Include done and dropped goals")
    async def list_(self, interaction: discord.Interaction, all: bool = False) -> None:
        await run(interaction, ListGoals(include_all=all))

    @app_commands.command(name="show", description="One goal with its milestones")
    @app_commands.describe(goal=GOAL)
    @app_commands.autocomplete(goal=goal_autocomplete)
    async def show(self, interaction: discord.Interaction, goal: int) -> None:
        await run(interaction, ShowGoal(goal))

    @app_commands.command(name="edit", description="Change a goal (what you leave empty stays)")
    @app_commands.describe(
        goal=GOAL,
        title="The new title",
        deadline=DEADLINE,
        measure=MEASURE,
        why=WHY,
        horizon=HORIZON,
    )
    @app_commands.autocomplete(goal=goal_autocomplete)
    @app_commands.choices(horizon=EDIT_HORIZONS)
    async def edit(
        self,
        interaction: discord.Interaction,
        goal: int,
        title: Title | None = None,
        deadline: str | None = None,
        measure: Title | None = None,
        why: Field | None = None,
        horizon: app_commands.Choice[str] | None = None,
    ) -> None:
        command = EditGoal(
            goal,
            title=title,
            deadline=deadline,
            measure=measure,
            why=why,
            horizon=horizon.value if horizon else None,
        )
        await run(interaction, command)

    @app_commands.command(name="done", description="Mark a goal done")
    @app_commands.describe(goal=GOAL)
    @app_commands.autocomplete(goal=goal_autocomplete)
    async def done(self, interaction: discord.Interaction, goal: int) -> None:
        await run(interaction, SetGoalStatus(goal, GoalStatus.DONE))

    @app_commands.command(name="drop", description="Drop a goal that no longer fits")
    @app_commands.describe(goal=GOAL)
    @app_commands.autocomplete(goal=goal_autocomplete)
    async def drop(self, interaction: discord.Interaction, goal: int) -> None:
        await run(interaction, SetGoalStatus(goal, GoalStatus.DROPPED))

    @app_commands.command(
        name="progress", description="Set progress: 40%, a number towards the measure, or auto"
    )
    @app_commands.describe(
        goal=GOAL, value="40%, a number towards the measure (3 of 5 clients), or auto"
    )
    @app_commands.autocomplete(goal=goal_autocomplete)
    async def progress(self, interaction: discord.Interaction, goal: int, value: str) -> None:
        await run(interaction, SetGoalProgress(goal, value))

    @app_commands.command(name="milestone", description="Add a milestone or mark one done")
    @app_commands.autocomplete(goal=goal_autocomplete)
    @app_commands.describe(
        goal=GOAL,
        action="Add a milestone, or mark one done",
        text="For add: the step, e.g. Pass the practice exam",
        due="For add: when it is due, e.g. 2027-01-31, end of January",
        number="For done: the milestone's number (see /goal show)",
    )
    @app_commands.choices(
        action=[
            app_commands.Choice(name="add", value="add"),
            app_commands.Choice(name="done", value="done"),
        ]
    )
    async def milestone(
        self,
        interaction: discord.Interaction,
        goal: int,
        action: app_commands.Choice[str],
        text: Title | None = None,
        due: str | None = None,
        number: int | None = None,
    ) -> None:
        if action.value == "done":
            await run(interaction, FinishMilestone(goal, number))
        else:
            await run(interaction, AddMilestone(goal, text or "", due))

    @app_commands.command(
        name="share", description="Share a goal with team digests, or make it private"
    )
    @app_commands.describe(goal=GOAL, shared="True: team digests may show it; False: private")
    @app_commands.autocomplete(goal=goal_autocomplete)
    async def share(self, interaction: discord.Interaction, goal: int, shared: bool = True) -> None:
        await run(interaction, ShareGoal(goal, shared))


class CheckinCommands(app_commands.Group):
    """/checkin show|set|off|pause|resume|vacation."""

    def __init__(self) -> None:
        super().__init__(name="checkin", description="Check-in DMs at your local time")

    @app_commands.command(name="show", description="Your check-in schedule and the next one")
    async def show(self, interaction: discord.Interaction) -> None:
        await run(interaction, ShowCheckins())

    @app_commands.command(
        name="set", description="When check-ins arrive; this also starts them in your DMs"
    )
    @app_commands.describe(
        rule="weekdays 09:00, mon,thu 17:30, fri 16:00 weekly, every 2 weeks mon 10:00"
    )
    async def set_(self, interaction: discord.Interaction, rule: str) -> None:
        await host_of(interaction).answer_command(interaction, SetCheckins(rule), _welcome_dm)

    @app_commands.command(name="off", description="Stop check-ins")
    async def off(self, interaction: discord.Interaction) -> None:
        await run(interaction, TurnCheckins(on=False))

    @app_commands.command(name="pause", description="Pause until a date")
    @app_commands.describe(until="The last day without check-ins, e.g. 2026-12-31, in 2 weeks")
    async def pause(self, interaction: discord.Interaction, until: str) -> None:
        await run(interaction, PauseCheckins(until))

    @app_commands.command(name="resume", description="End a pause")
    async def resume(self, interaction: discord.Interaction) -> None:
        await run(interaction, ResumeCheckins())

    @app_commands.command(name="vacation", description="Nothing is sent while you are away")
    @app_commands.describe(
        first_day="The first day away, e.g. 2026-12-20",
        last_day="The last day away, e.g. 2026-12-28",
    )
    async def vacation(
        self, interaction: discord.Interaction, first_day: str, last_day: str
    ) -> None:
        await run(interaction, AddVacation(first_day, last_day))


async def _welcome_dm(interaction: discord.Interaction, outcome: Outcome) -> Outcome:
    """Check-ins only go to members who asked: open the DM now that they did, before the
    answer, so that it can say when the member's settings keep check-ins out."""
    result = outcome.result
    if not (isinstance(result, CheckinsSet | CheckinsSwitched) and result.started):
        return outcome
    try:
        await host_of(interaction).send_dm(interaction.user, welcome_dm())
    except discord.HTTPException as error:
        if error.code != DMS_CLOSED:
            log.warning("welcome DM failed: discord %s (code %s)", error.status, error.code)
            return outcome
        outcome.reply.add(Text(DMS_CLOSED_NOTE))
    return outcome


class RemindCommands(app_commands.Group):
    """/remind add|list|cancel."""

    def __init__(self) -> None:
        super().__init__(name="remind", description="One-off reminders in your local time")

    @app_commands.command(name="add", description="Remind me")
    @app_commands.describe(when="tomorrow 9am, in 2 weeks, 2026-12-01 17:00", what="update my CV")
    async def add(self, interaction: discord.Interaction, when: str, what: Title) -> None:
        await run(interaction, AddReminder(what, at=when))

    @app_commands.command(name="list", description="Your pending reminders")
    async def list_(self, interaction: discord.Interaction) -> None:
        await run(interaction, ListReminders())

    @app_commands.command(name="cancel", description="Cancel a reminder")
    @app_commands.describe(reminder="The reminder's number (see /remind list)")
    async def cancel(self, interaction: discord.Interaction, reminder: int) -> None:
        await run(interaction, CancelReminder(reminder))


class DigestCommands(app_commands.Group):
    """/digest set|off|show|preview, in a server (setting one up needs Manage Server)."""

    def __init__(self) -> None:
        super().__init__(
            name="digest",
            description="Team digests of what members share",
            allowed_contexts=SERVERS_ONLY,
        )

    @app_commands.command(name="set", description="Post a digest to a channel (Manage Server)")
    @app_commands.describe(
        channel="Where the digest goes",
        rule="weekly fri 16:00, daily 09:00, every 2 weeks mon 10:00, monthly fri 16:00",
        zone="The schedule's time zone (yours if empty)",
    )
    @app_commands.autocomplete(zone=tz_autocomplete)
    async def set_(
        self,
        interaction: discord.Interaction,
        channel: discord.TextChannel,
        rule: str,
        zone: str | None = None,
    ) -> None:
        await run(interaction, SetDigest(str(channel.id), channel.name, rule, zone))

    @app_commands.command(name="off", description="Stop a channel's digest (Manage Server)")
    @app_commands.describe(channel="The digest's channel (needed when the server has several)")
    async def off(
        self, interaction: discord.Interaction, channel: discord.TextChannel | None = None
    ) -> None:
        await run(interaction, DigestOff(str(channel.id) if channel else None))

    @app_commands.command(name="show", description="This server's digests")
    async def show(self, interaction: discord.Interaction) -> None:
        await run(interaction, ShowDigests())

    @app_commands.command(name="preview", description="What the next digest will say about you")
    async def preview(self, interaction: discord.Interaction) -> None:
        await run(interaction, PreviewDigest())


class CoachCommands(app_commands.Group):
    """/coach help|tz|export|import|do|forget-me."""

    def __init__(self) -> None:
        super().__init__(name="coach", description="Help, time zone, export, forget-me")

    @app_commands.command(name="help", description="Every command with an example")
    @app_commands.describe(command="One command to explain with all its examples, e.g. goal")
    async def help_(self, interaction: discord.Interaction, command: str | None = None) -> None:
        await host_of(interaction).answer_named(interaction, "help", command or "")

    @app_commands.command(
        name="tz", description="Your time zone (check-ins and reminders follow it)"
    )
    @app_commands.describe(
        zone=f"{ZONE} (shows yours if empty)",
        order="How you write all-number dates such as 05/06",
    )
    @app_commands.autocomplete(zone=tz_autocomplete)
    @app_commands.choices(order=DATE_ORDERS)
    async def tz(
        self,
        interaction: discord.Interaction,
        zone: str | None = None,
        order: app_commands.Choice[str] | None = None,
    ) -> None:
        chosen = DateOrder(order.value) if order else None
        await run(
            interaction, SetTimezone(zone or "", chosen) if zone or chosen else ShowTimezone()
        )

    @app_commands.command(
        name="export", description="Your brag document (Markdown or HTML) or all your data (JSON)"
    )
    @app_commands.describe(
        kind="Your brag document (Markdown or a printable HTML page) or all your data (JSON)",
        year="For the brag document: which year (this year if empty)",
        shared_only="For the brag document: leave out what you have not shared",
    )
    @app_commands.choices(
        kind=[
            app_commands.Choice(name="brag document", value="brag"),
            app_commands.Choice(name="brag document (HTML)", value="html"),
            app_commands.Choice(name="all data (JSON)", value="json"),
        ]
    )
    async def export(
        self,
        interaction: discord.Interaction,
        kind: app_commands.Choice[str],
        year: int | None = None,
        shared_only: bool = False,
    ) -> None:
        if kind.value == "json":
            await run(interaction, ExportJson())
            return
        brag_format = BragFormat.HTML if kind.value == "html" else BragFormat.MARKDOWN
        await run(interaction, ExportBrag(year, shared_only, brag_format))

    @app_commands.command(
        name="import", description="Load your own /coach export JSON file into your new account"
    )
    @app_commands.describe(file="The coachbot-<you>.json that /coach export kind:JSON gave you")
    async def import_(self, interaction: discord.Interaction, file: discord.Attachment) -> None:
        # The file is read from Discord's CDN; the core checks it is this member's own export.
        await run(interaction, ImportExport(file.filename, await file.read()))

    @app_commands.command(name="do", description="Any coachbot command, as in the console")
    @app_commands.describe(
        command="e.g. /skill add Kubernetes need, /contact add Dana at: KubeCon, /gap"
    )
    async def do(self, interaction: discord.Interaction, command: CommandLine) -> None:
        await host_of(interaction).answer_named(interaction, "coach", command)

    @app_commands.command(name="forget-me", description="Delete all your data (asks first)")
    async def forget_me(self, interaction: discord.Interaction) -> None:
        await run(interaction, ForgetMe())


@app_commands.command(name="win", description="Log a win (without text, a form opens)")
@app_commands.describe(
    text="What you did, for whom, with numbers; #tags welcome",
    goal="The goal it counts towards",
    milestone=MILESTONE,
    section="Where it goes in your brag document",
    share="Let team digests show it",
)
@app_commands.autocomplete(goal=goal_autocomplete)
@app_commands.choices(section=SECTIONS)
async def win_command(
    interaction: discord.Interaction,
    text: WinText | None = None,
    goal: int | None = None,
    milestone: int | None = None,
    section: app_commands.Choice[str] | None = None,
    share: bool = False,
) -> None:
    if not text:
        await interaction.response.send_modal(WinModal())
        return
    step = milestone_of(goal, milestone, WIN_MILESTONE_EXAMPLE)
    if isinstance(step, UserError):
        await host_of(interaction).answer_refusal(interaction, step, text)
        return
    section_name = section.value if section else None
    await run(interaction, LogWin(text, goal, step, section_name, share=share))


@app_commands.command(name="journal", description="A reflection prompt, or your answer to it")
@app_commands.describe(answer="Your answer to the last prompt (without it, you get a prompt)")
async def journal_command(
    interaction: discord.Interaction, answer: JournalText | None = None
) -> None:
    await run(interaction, WriteJournal(answer) if answer else AskPrompt())


@app_commands.command(
    name="progress", description="Your goals, milestones due soon, wins and streak"
)
@app_commands.describe(chart="Show your career roadmap as a picture in the embed")
async def progress_command(interaction: discord.Interaction, chart: bool = False) -> None:
    await run(interaction, ShowProgressChart() if chart else ShowProgress())


def build_tree(client: discord.Client) -> app_commands.CommandTree[Any]:
    """Every coachbot command on one tree."""
    from adapters.discord.commit_commands import CommitCommands  # it builds on this module

    tree: app_commands.CommandTree[Any] = app_commands.CommandTree(
        client, allowed_contexts=EVERYWHERE, allowed_installs=SERVER_INSTALL
    )
    commands: tuple[app_commands.Group | app_commands.Command[Any, ..., None], ...] = (
        GoalCommands(),
        CheckinCommands(),
        RemindCommands(),
        DigestCommands(),
        CoachCommands(),
        PartnerCommands(),
        win_command,
        journal_command,
        progress_command,
        CommitCommands(),
    )
    for command in commands:
        tree.add_command(command)
    return tree
