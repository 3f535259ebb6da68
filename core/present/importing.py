"""Import results as replies."""

from __future__ import annotations

from collections.abc import Iterable

from core.messages import Header, Reply, Text
from core.parsing import count_of
from core.present import Viewer, presents
from core.services.importing import ImportDone

# How each table's rows read in a sentence (singular, plural); others read by their name.
ROW_NOUNS = {
    "entries": ("win or journal entry", "wins and journal entries"),
    "deleted_entries": ("deleted entry kept for /win undo", "deleted entries kept for /win undo"),
    "partners": ("accountability partner", "accountability partners"),
    "pauses": ("vacation or pause", "vacations and pauses"),
    "prompt_log": ("journal prompt asked", "journal prompts asked"),
    # /remind's own and the ones coachbot plans (due mornings, nudges, outcome questions).
    "reminders": (
        "reminder (yours or one coachbot planned)",
        "reminders (yours and the ones coachbot planned: due days, nudges)",
    ),
    "memberships": ("workspace or guild", "workspaces and guilds"),
    "schedules": ("schedule (check-ins, plan review)", "schedules (check-ins, plan review)"),
}


@presents(ImportDone)
def import_done(result: ImportDone, _viewer: Viewer) -> Reply:
    """What came in, in words: ``1 goal, 2 milestones, 12 reminders``."""
    reply = Reply([Header("Imported your export")])
    if result.rows:
        reply.add(Text(f"{rows_in_words(result.rows)}."))
    else:
        reply.add(Text("The file held nothing but your member settings."))
    if result.digests_skipped:
        reply.add(Text(digests_left_text(result.digests_skipped)))
    if result.partners_ended:
        reply.add(Text(partners_ended_text(result.partners_ended)))
    reply.add(Text("/goal list and /progress show what you have now."))
    return reply


def rows_in_words(rows: Iterable[tuple[str, int]]) -> str:
    """``1 goal, 3 schedules, 12 reminders``: each table's count before what it counts."""
    return ", ".join(count_of(count, *_noun(table)) for table, count in rows if count)


def _noun(table: str) -> tuple[str, str]:
    plural = table.replace("_", " ")
    return ROW_NOUNS.get(table, (plural.removesuffix("s"), plural))


def digests_left_text(skipped: int) -> str:
    """Why team digests of the file were not imported."""
    left = "was left as it is" if skipped == 1 else "were left as they are"
    return f"{count_of(skipped, 'digest')} {left}: one for that channel is already set up here."


def partners_ended_text(ended: int) -> str:
    """Why partnerships of the file were not imported."""
    were = "was" if ended == 1 else "were"
    return (
        f"{count_of(ended, 'partnership')} {were} not brought back: the other side ended when "
        "your account was forgotten. Ask again with /partner invite @name."
    )
