"""What a member can do with their target role and skills."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from core.commands.goals import DateInput
from core.storage.models import SkillStatus


class SkillKind(StrEnum):
    """A plain skill, a certification or a course."""

    SKILL = "skill"
    CERTIFICATION = "certification"
    COURSE = "course"


@dataclass(frozen=True)
class ShowTarget:
    """The role the member is aiming at."""


@dataclass(frozen=True)
class SetTarget:
    """Aim at a role: dream job, next level or freelance niche."""

    role: str


@dataclass(frozen=True)
class AddSkill:
    """Add a skill, or update the one with the same name."""

    name: str
    status: SkillStatus = SkillStatus.NEED
    kind: SkillKind = SkillKind.SKILL
    provider: str | None = None
    due: DateInput | None = None


@dataclass(frozen=True)
class ListSkills:
    """Every skill, grouped by status."""


@dataclass(frozen=True)
class UpdateSkill:
    """Move skill ``number`` to another status."""

    number: int
    status: SkillStatus


@dataclass(frozen=True)
class RemoveSkill:
    """Delete skill ``number``."""

    number: int


@dataclass(frozen=True)
class ShowGap:
    """What the target needs that the member lacks, what is in progress, and the evidence."""


CareerCommand = ShowTarget | SetTarget | AddSkill | ListSkills | UpdateSkill | RemoveSkill | ShowGap
