"""The words a front end can offer while a member types: command words and sub-commands.

Taken from the grammar itself: a verb's sub-command table and the lower-case second words of
its /help examples (``/export json``, ``/journal skip``), so completion cannot drift from
what parses."""

from __future__ import annotations

from collections.abc import Mapping

from core.grammar import (
    VERBS,
    Verb,
    career,
    checkins,
    commitments,
    digests,
    goals,
    journal,
    network,
    reminders,
)

# The sub-command table each verb's parser picks from.
TABLES: Mapping[str, Mapping[str, object]] = {
    "goal": goals.SUBCOMMANDS,
    "win": journal.SUBCOMMANDS,
    "journal": journal.JOURNAL_SUBCOMMANDS,
    "commit": commitments.SUBCOMMANDS,
    "checkin": checkins.SUBCOMMANDS,
    "remind": reminders.SUBCOMMANDS,
    "skill": career.SUBCOMMANDS,
    "contact": network.SUBCOMMANDS,
    "digest": digests.SUBCOMMANDS,
}
# Verbs whose next word is another command (``/help goal``, ``/coach tz Asia/Kolkata``).
NAMING_VERBS = ("help", "coach")


def command_words() -> tuple[str, ...]:
    """Every top-level command word, as /help lists them."""
    return tuple(VERBS)


def subcommand_words(word: str) -> tuple[str, ...]:
    """The sub-command words of a command (none for an unknown one), sorted."""
    verb = VERBS.get(word.lower())
    if verb is None:
        return ()
    if verb.name in NAMING_VERBS:
        return command_words()
    return tuple(sorted(set(TABLES.get(verb.name, {})) | _example_words(verb)))


def _example_words(verb: Verb) -> set[str]:
    """Lower-case second words of a verb's examples; capitalised ones begin the member's
    own text (``/win Gave a talk``)."""
    seconds = (e.split()[1:2] for e in verb.examples if e.startswith(f"/{verb.name} "))
    return {w[0] for w in seconds if w and w[0].isalpha() and w[0].islower()}
