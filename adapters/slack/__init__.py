"""The Slack front end and messenger."""

from core.context import PlatformTraits

# Slack tells us each member's zone; long posts continue in the post's thread.
TRAITS = PlatformTraits(details_where="in the thread below")
