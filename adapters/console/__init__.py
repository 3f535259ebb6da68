"""The terminal front end and messenger."""

from core.context import PlatformTraits

# The console prints a post's details right under it; members are named as typed there.
TRAITS = PlatformTraits(details_where="below", mention_format="--user {}")
