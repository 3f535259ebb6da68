"""What a member can do with accountability partners: invite, answer, see, end, share."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

INVITE_EXAMPLE = "/partner invite @dana"
# How long an invitation may be accepted.
INVITATION_DAYS = 7


class PartnerItem(StrEnum):
    """What a member may show their partners besides commitments (always shown)."""

    WINS = "wins"
    GOALS = "goals"


@dataclass(frozen=True)
class InvitePartner:
    """Ask another member of the workspace or guild (by platform user id) to be a partner."""

    user: str
    # A mention in the text (trusted where the platform writes mentions itself), or a user
    # the platform resolved (Discord's user option, `vouched`): someone coachbot has not
    # seen yet can then be invited, under `name`. A typed name must be a member already.
    mentioned: bool = False
    vouched: bool = False
    name: str = ""


@dataclass(frozen=True)
class AnswerInvitation:
    """Accept or decline the invitation from ``user``."""

    user: str
    accept: bool


@dataclass(frozen=True)
class ListPartners:
    """Partners, invitations sent and invitations waiting for an answer."""


@dataclass(frozen=True)
class EndPartnership:
    """End a partnership (or withdraw an invitation) with ``user``, at once."""

    user: str


@dataclass(frozen=True)
class ShowPartner:
    """What partner ``user`` shares with their partners."""

    user: str


@dataclass(frozen=True)
class CheerPartner:
    """Tell partner ``user`` they were cheered on (``nudge``: a friendly nudge instead)."""

    user: str
    nudge: bool = False


@dataclass(frozen=True)
class SharePartnerItem:
    """Show (or stop showing) wins or goals to partners."""

    item: PartnerItem
    on: bool


@dataclass(frozen=True)
class NotifyMissed:
    """Whether a missed commitment tells the member's partners."""

    on: bool


PartnerCommand = (
    InvitePartner
    | AnswerInvitation
    | ListPartners
    | EndPartnership
    | ShowPartner
    | CheerPartner
    | SharePartnerItem
    | NotifyMissed
)
