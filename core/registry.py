"""Where the handlers and presenters of each command live, loaded when such a command
first runs: a console answering /help imports help's, not every one of them (our
handlers and presenters are about a twentieth of a console's start)."""

from __future__ import annotations

import importlib

# A command module -> the modules whose handlers serve its commands and whose presenters
# show what those handlers return (tests/unit/test_commands.py checks it).
MODULES: dict[str, tuple[str, ...]] = {
    "core.commands.account": ("core.services.account", "core.present.account"),
    "core.commands.career": ("core.services.career", "core.present.career"),
    "core.commands.checkins": (
        "core.services.checkins",
        "core.services.checkin_answers",
        "core.present.checkins",
        "core.present.commitments",
        "core.present.journal",
    ),
    "core.commands.commitments": ("core.services.commitments", "core.present.commitments"),
    "core.commands.digests": ("core.services.digests", "core.present.digests"),
    "core.commands.export": (
        "core.services.export",
        "core.services.export_json",
        "core.present.export",
    ),
    "core.commands.goals": (
        "core.services.goals",
        "core.services.goal_progress",
        "core.services.milestones",
        "core.present.goals",
    ),
    "core.commands.help": ("core.services.help", "core.present.help"),
    "core.commands.importing": ("core.services.importing", "core.present.importing"),
    "core.commands.journal": (
        "core.services.journal",
        "core.services.answers",
        "core.services.corrections",
        "core.present.journal",
        "core.present.commitments",
        "core.present.corrections",
    ),
    "core.commands.network": (
        "core.services.network",
        "core.services.clients",
        "core.present.network",
    ),
    "core.commands.partners": ("core.services.partners", "core.present.partners"),
    "core.commands.progress": (
        "core.services.progress",
        "core.services.charts",
        "core.present.progress",
    ),
    "core.commands.reminders": ("core.services.reminders", "core.present.reminders"),
}


_loaded: set[str] = set()  # command modules whose handlers and presenters are imported


def load_for(kind: type) -> None:
    """Import the handlers and presenters of the commands defined beside `kind` (a handler
    module imported by another one does not bring its presenters, so the check is per
    command module, not per handler)."""
    if kind.__module__ in _loaded:
        return
    for name in MODULES[kind.__module__]:
        importlib.import_module(name)
    _loaded.add(kind.__module__)


def load_all() -> None:
    """Import every handler and presenter (for the tests that none is missing)."""
    for names in MODULES.values():
        for name in names:
            importlib.import_module(name)
