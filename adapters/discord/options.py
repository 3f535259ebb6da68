"""Option types shared by the slash commands: text options capped where the core caps
them, so Discord's picker stops at the limit instead of the core refusing the text."""

from __future__ import annotations

from discord import app_commands

from core.commands.journal import MilestoneRef
from core.errors import UserError
from core.parsing import LIMITS

Title = app_commands.Range[str, None, LIMITS["title"]]
Field = app_commands.Range[str, None, LIMITS["field"]]
WinText = app_commands.Range[str, None, LIMITS["win"]]
JournalText = app_commands.Range[str, None, LIMITS["journal"]]
CommitmentText = app_commands.Range[str, None, LIMITS["commitment"]]
CommandLine = app_commands.Range[str, None, LIMITS["command"]]

GOAL = "The goal: type its number or words of its title"
MILESTONE = "The milestone's number in the goal above (see /goal show); it counts for both"
DEADLINE = "2027-03-31, end of June, in 6 months"
MEASURE = "How you will know it is done, e.g. pass the SAA-C03 exam"
WHY = "Why it matters to you"
HORIZON = "Otherwise it follows from the deadline"
ZONE = "An IANA time zone, e.g. Europe/Berlin"

# Where commands can be used: servers and the bot's DM (not group DMs), installed in
# servers only; /digest narrows this to servers.
EVERYWHERE = app_commands.AppCommandContext(guild=True, dm_channel=True, private_channel=False)
SERVERS_ONLY = app_commands.AppCommandContext(guild=True, dm_channel=False, private_channel=False)
SERVER_INSTALL = app_commands.AppInstallationType(guild=True, user=False)


def milestone_of(
    goal: int | None, milestone: int | None, example: str
) -> MilestoneRef | UserError | None:
    """Milestone `milestone` of goal `goal`, as the core links it; a milestone without its
    goal is refused (Discord has no option that names both at once)."""
    if milestone is None:
        return None
    if goal is None:
        return UserError(
            f"Milestone {milestone} of which goal? Pick the goal too.", example, "goal"
        )
    return MilestoneRef(goal, milestone)
