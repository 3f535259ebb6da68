"""The Discord front end and messenger."""

from core.context import PlatformTraits

# Discord does not tell bots a member's time zone, and members start check-ins themselves
# (a bot that DMs everyone in a server unasked is treated as spam). Long posts continue in
# follow-up messages, as many as Discord's limits take (the renderer splits them). A
# member is one identity across servers: a server is known only from where they write.
TRAITS = PlatformTraits(
    checkins_opt_in=True,
    knows_timezone=False,
    details_where="in the follow-up messages below",
    spaces_are_servers=True,
)
