"""Help as a reply."""

from __future__ import annotations

from core.commands.help import ShowHelp
from core.grammar.subcommands import RULE_HELP
from core.messages import Header, Items, Reply, Text
from core.present import Viewer, presents


@presents(ShowHelp)
def help_reply(result: ShowHelp, _viewer: Viewer) -> Reply:
    """All commands with one example each, or one command with all its examples."""
    if result.single:
        topic = result.topics[0]
        return Reply(
            [
                Header(f"/{topic.name}"),
                Text(topic.summary),
                Items("Examples", topic.examples),
                Text(RULE_HELP),
            ]
        )
    lines = tuple(f"/{t.name}: {t.summary}  e.g. {t.examples[0]}" for t in result.topics)
    return Reply(
        [
            Header("coachbot commands"),
            Items("Commands", lines),
            Text(
                "Dates can be 2027-03-31, 15/12/2027 (day first; /tz order mdy for month "
                "first), end of June, this year, in 6 months, friday (today on a Friday) "
                "or next Friday (a week later on a Friday). "
                "/help <command> shows more examples."
            ),
            Text(RULE_HELP),
        ]
    )
