"""The terminal front end and messenger."""

from core.context import PlatformTraits

# The console prints a post's details right under it.
TRAITS = PlatformTraits(details_where="below")
