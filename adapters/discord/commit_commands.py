"""/commit as a native Discord command group: each sub-command's options become the core's
typed commitment command; the core reads the days and decides."""

from __future__ import annotations

from discord import Interaction, app_commands

from adapters.discord.commands import goal_autocomplete, run
from adapters.discord.host import host_of
from adapters.discord.options import GOAL, MILESTONE, CommitmentText, milestone_of
from core.commands.commitments import (
    Answer,
    AnswerCommitment,
    EditCommitment,
    ListCommitments,
    MakeCommitment,
    MoveCommitment,
)
from core.errors import UserError
from core.parsing import LIMITS

DESCRIPTION = "Say what you will do by when, then how it went"
NUMBER = "The commitment's number (see /commit list)"
WHY = "What got in the way (saved in your journal, private)"
DUE = "friday, next monday, 2026-12-15 (your local day)"
ADD_EXAMPLE = "/commit add text:Book the exam by:friday goal:2 milestone:1"
Why = app_commands.Range[str, None, LIMITS["journal"]]


class CommitCommands(app_commands.Group):
    """/commit add|list|done|partly|missed|move|drop|edit."""

    def __init__(self) -> None:
        super().__init__(
            name="commit", description="Say what you will do by when, then how it went"
        )

    @app_commands.command(name="add", description="Commit to something by a day")
    @app_commands.describe(
        text="What you will do, e.g. Finish chapter 3 of the CKA course",
        by=f"When it is due: {DUE}; empty: your next check-in",
        goal=GOAL,
        milestone=MILESTONE,
        skill="A skill you added (see /coach do /skill list)",
    )
    @app_commands.autocomplete(goal=goal_autocomplete)
    async def add(
        self,
        interaction: Interaction,
        text: CommitmentText,
        by: str | None = None,
        goal: int | None = None,
        milestone: int | None = None,
        skill: str | None = None,
    ) -> None:
        step = milestone_of(goal, milestone, ADD_EXAMPLE)
        if isinstance(step, UserError):
            await host_of(interaction).answer_refusal(interaction, step, text)
            return
        await run(interaction, MakeCommitment(text, by, goal, step, skill))

    @app_commands.command(name="list", description="Your open commitments and habits")
    async def list_(self, interaction: Interaction) -> None:
        await run(interaction, ListCommitments())

    @app_commands.command(name="done", description="You kept a commitment")
    @app_commands.describe(number=NUMBER, win="Also save it as a win for your brag document")
    async def done(self, interaction: Interaction, number: int, win: bool = False) -> None:
        await run(interaction, AnswerCommitment(number, Answer.DONE, win=win))

    @app_commands.command(name="partly", description="You did part of a commitment")
    @app_commands.describe(number=NUMBER, why=WHY)
    async def partly(self, interaction: Interaction, number: int, why: Why = "") -> None:
        await run(interaction, AnswerCommitment(number, Answer.PARTLY, why))

    @app_commands.command(name="missed", description="You did not get to a commitment")
    @app_commands.describe(number=NUMBER, why=WHY)
    async def missed(self, interaction: Interaction, number: int, why: Why = "") -> None:
        await run(interaction, AnswerCommitment(number, Answer.MISSED, why))

    @app_commands.command(name="move", description="Give a commitment a new day")
    @app_commands.describe(number=NUMBER, to=f"The new day: {DUE}")
    async def move(self, interaction: Interaction, number: int, to: str) -> None:
        await run(interaction, MoveCommitment(number, to))

    @app_commands.command(name="drop", description="Drop a commitment; it counts neither way")
    @app_commands.describe(number=NUMBER)
    async def drop(self, interaction: Interaction, number: int) -> None:
        await run(interaction, AnswerCommitment(number, Answer.DROPPED))

    @app_commands.command(
        name="edit", description="Change a commitment (what you leave empty stays)"
    )
    @app_commands.describe(number=NUMBER, text="The new text", by=f"A new day: {DUE}", goal=GOAL)
    @app_commands.autocomplete(goal=goal_autocomplete)
    async def edit(
        self,
        interaction: Interaction,
        number: int,
        text: CommitmentText | None = None,
        by: str | None = None,
        goal: int | None = None,
    ) -> None:
        await run(interaction, EditCommitment(number, text, by, goal))
