"""The Slack front end and messenger."""

from adapters.slack.forget import forget_installer
from core.context import PlatformTraits

# Slack tells us each member's zone; long posts continue in the post's thread, 40 blocks a
# message (Slack allows 50); slack_sdk's installation rows keep the installing member's id
# and user token. Slash commands are declared should_escape, so a mention in their text is
# Slack's own.
TRAITS = PlatformTraits(
    details_where="in the thread below",
    detail_blocks=40,
    forget_user=forget_installer,
    text_mentions_are_real=True,
)
