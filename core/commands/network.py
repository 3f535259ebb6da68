"""What a member can do with their network and their freelance clients."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

# How long a contact may go untalked-to before a nudge, in days.
NUDGE_DAYS = range(7, 731)
NUDGE_RANGE = f"A nudge comes after {NUDGE_DAYS[0]} to {NUDGE_DAYS[-1]} days."
NUDGE_EXAMPLE = "/contact add Dana Kim nudge: 60 days"


def nudge_example(who: str) -> str:
    """A working ``nudge:`` edit of contact `who` (a number or a name)."""
    return f"/contact edit {who or 2} nudge: 30 days"


class ClientPeriod(StrEnum):
    """How far back the work-per-client summary reaches."""

    YEAR = "year"
    QUARTER = "quarter"
    ALL = "all"


@dataclass(frozen=True)
class AddContact:
    """Save someone the member met; ``nudge_days`` (or ``important``) asks for a nudge
    when the connection goes cold."""

    name: str
    where_met: str | None = None
    notes: str | None = None
    important: bool = False
    nudge_days: int | None = None
    is_client: bool = False


@dataclass(frozen=True)
class ListContacts:
    """The member's contacts, the longest untouched first."""


@dataclass(frozen=True)
class TouchContact:
    """A conversation happened with a contact, given by number or the start of a name."""

    who: str


@dataclass(frozen=True)
class EditContact:
    """Change what is given of a contact (given by number or the start of a name); None
    keeps a field as it is."""

    who: str
    name: str | None = None
    where_met: str | None = None
    notes: str | None = None
    important: bool | None = None
    nudge_days: int | None = None
    is_client: bool | None = None


@dataclass(frozen=True)
class RemoveContact:
    """Delete a contact and the nudges about them."""

    who: str


@dataclass(frozen=True)
class ShowClients:
    """Wins per client in a period, for invoices and testimonials."""

    period: ClientPeriod = ClientPeriod.YEAR


NetworkCommand = (
    AddContact | ListContacts | TouchContact | EditContact | RemoveContact | ShowClients
)
