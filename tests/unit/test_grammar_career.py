"""The /target, /skill and /gap grammar: text in, typed command out."""

from __future__ import annotations

from datetime import date

import pytest

from core.commands.career import (
    AddSkill,
    ListSkills,
    SetTarget,
    ShowGap,
    ShowTarget,
    SkillKind,
    UpdateSkill,
)
from core.errors import UserError
from core.grammar.career import parse_gap, parse_skill, parse_target
from core.storage.models import SkillStatus

TODAY = date(2026, 11, 23)


def test_target_shows_or_sets() -> None:
    assert parse_target("  ", TODAY) == ShowTarget()
    assert parse_target(" Engineering manager ", TODAY) == SetTarget("Engineering manager")


def test_gap_ignores_its_arguments() -> None:
    assert parse_gap("anything", TODAY) == ShowGap()


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("add Mentoring have", AddSkill("Mentoring", SkillStatus.HAVE)),
        ("add People management", AddSkill("People management", SkillStatus.NEED)),
        (
            "add CKA cert learning by 2027-03-31 provider: CNCF",
            AddSkill(
                "CKA",
                SkillStatus.LEARNING,
                SkillKind.CERTIFICATION,
                provider="CNCF",
                due="2027-03-31",  # read by the service, in the member's date order
            ),
        ),
        ("add Public speaking course", AddSkill("Public speaking", kind=SkillKind.COURSE)),
        ("", ListSkills()),
        ("list", ListSkills()),
        ("update #2 HAVE", UpdateSkill(2, SkillStatus.HAVE)),
    ],
)
def test_skill_commands(text: str, command: object) -> None:
    assert parse_skill(text, TODAY) == command


def test_unread_skill_date_names_the_due_field() -> None:
    with pytest.raises(UserError) as caught:
        parse_skill("add Go need by Febuary 3", TODAY)
    assert caught.value.field == "due"
    assert "could not read “Febuary 3”" in caught.value.message


def test_unknown_skill_status_names_the_status_field() -> None:
    with pytest.raises(UserError) as caught:
        parse_skill("update 1 expert", TODAY)
    assert caught.value.field == "status"
    assert caught.value.example == "/skill update 1 learning"
