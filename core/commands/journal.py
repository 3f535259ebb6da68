"""What a member can do with the career journal: wins, their outcomes, reflection prompts."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from core.storage.models import EntryKind

WIN_EXAMPLE = "/win Cut CI time from 20 to 8 minutes for the payments team #devops goal:2"
JOURNAL_EXAMPLE = "/journal I mentored Sam through his first on-call week"
MILESTONE_EXAMPLE = "/win Passed the practice exam milestone:2.1"


class BragSection(StrEnum):
    """The section of the brag document a win goes under."""

    PROJECT = "project"
    COLLABORATION = "collaboration"
    DESIGN = "design"
    COMMUNITY = "community"
    LEARNING = "learning"
    OUTSIDE = "outside"


# Section headings, in brag-document order (front ends offer them as choices).
SECTIONS: dict[BragSection, str] = {
    BragSection.PROJECT: "Projects",
    BragSection.COLLABORATION: "Collaboration & mentorship",
    BragSection.DESIGN: "Design & documentation",
    BragSection.COMMUNITY: "Company & community building",
    BragSection.LEARNING: "What I learned",
    BragSection.OUTSIDE: "Outside of work",
}

# Words that name a section, as a #tag or as ``section:``; the section's own name does too.
SECTION_WORDS: dict[BragSection, tuple[str, ...]] = {
    BragSection.PROJECT: ("projects", "shipped", "launch", "release", "migration", "feature"),
    BragSection.COLLABORATION: (
        "collab",
        "mentoring",
        "mentor",
        "mentorship",
        "coaching",
        "pairing",
        "teamwork",
        "review",
        "help",
        "onboarding",
        "team",
        "retro",
    ),
    BragSection.DESIGN: (
        "docs",
        "doc",
        "documentation",
        "architecture",
        "rfc",
        "adr",
        "spec",
        "runbook",
        "writing",
    ),
    BragSection.COMMUNITY: (
        "talk",
        "talks",
        "speaking",
        "meetup",
        "conference",
        "oss",
        "opensource",
        "open-source",
        "hiring",
        "interviewing",
        "blog",
        "podcast",
        "culture",
    ),
    BragSection.LEARNING: (
        "learn",
        "learned",
        "cert",
        "certs",
        "certification",
        "course",
        "courses",
        "book",
        "reading",
        "training",
        "workshop",
        "exam",
    ),
    BragSection.OUTSIDE: (
        "outside-work",
        "personal",
        "volunteer",
        "volunteering",
        "hobby",
        "side-project",
    ),
}


@dataclass(frozen=True)
class MilestoneRef:
    """Milestone ``number`` of goal ``goal`` (``milestone:2.1`` in text)."""

    goal: int
    number: int


@dataclass(frozen=True)
class LogWin:
    """Save a win on the member's local day; #tags in the text are its tags."""

    text: str
    # A goal number; a form's text field may give it as typed ("#2"), read by the handler.
    goal: int | str | None = None
    # Links the win to a milestone (and its goal); wins over `goal` when both are given.
    milestone: MilestoneRef | None = None
    # A section or one of its aliases ("docs"); None infers it from the tags.
    section: BragSection | str | None = None
    client: str | None = None
    share: bool = False


@dataclass(frozen=True)
class RecordOutcome:
    """What came of win (or entry) ``number``, often months later."""

    number: int
    text: str


@dataclass(frozen=True)
class ListWins:
    """The most recent wins."""


@dataclass(frozen=True)
class ShareEntry:
    """Let team digests show an entry, or make it private again."""

    number: int
    shared: bool = True


@dataclass(frozen=True)
class ListJournal:
    """The most recent journal entries."""


# What an edit of each kind might say, after ``/win edit N`` or ``/journal edit N``.
EDIT_EXAMPLES = {
    EntryKind.WIN: "Cut CI time from 20 to 8 minutes #devops",
    EntryKind.JOURNAL: "I mentored Sam and Ana through on-call",
}


@dataclass(frozen=True)
class EditEntry:
    """Replace the text of win (or journal entry) ``number`` (empty: keep it, and change only
    what else is given); its #tags follow the new text, and a win moves to the section that
    ``section`` or a #tag of the new text names. A win's links and ``share`` are read as for
    LogWin; those not given stay as they were."""

    kind: EntryKind
    number: int
    text: str
    section: BragSection | str | None = None
    goal: int | str | None = None
    milestone: MilestoneRef | None = None
    client: str | None = None
    share: bool = False

    def changes_more_than_text(self) -> bool:
        """Whether a section, a link or sharing is given besides (or instead of) the text."""
        given = (self.section, self.goal, self.milestone, self.client)
        return self.share or any(value is not None for value in given)


@dataclass(frozen=True)
class DeleteEntry:
    """Delete win (or journal entry) ``number``; the last deletion can be undone."""

    kind: EntryKind
    number: int


@dataclass(frozen=True)
class UndoDelete:
    """Bring back the entry deleted last (of either kind; ``kind`` is the command used)."""

    kind: EntryKind = EntryKind.WIN


@dataclass(frozen=True)
class AskPrompt:
    """Ask the next reflection prompt in rotation (also to skip the one asked)."""


@dataclass(frozen=True)
class WriteJournal:
    """Save text as the answer to the pending prompt, or as a free journal entry."""

    text: str


@dataclass(frozen=True)
class PlainMessage:
    """A message without a command: the answer to the last question the coach asked.
    ``command_word`` is set when the text reads as a command typed without its slash."""

    text: str
    command_word: str | None = None


CorrectionCommand = EditEntry | DeleteEntry | UndoDelete
WinCommand = LogWin | RecordOutcome | ListWins | ShareEntry | CorrectionCommand
JournalCommand = WinCommand | ListJournal | AskPrompt | WriteJournal | PlainMessage
