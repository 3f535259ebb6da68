"""One progress figure per goal, capped at 100%, the same in /progress, /goal list, the
brag document and the check-in."""

from __future__ import annotations

from tests.conftest import Conversation


def test_a_goal_with_a_measure_follows_the_measure_not_its_milestones(
    alice: Conversation,
) -> None:
    alice.say("/goal add Grow the team by 2027-06-30 measure: 4 hires")
    alice.say("/goal milestone 1 add Open the first role by 2027-01-31")
    alice.say("/goal milestone 1 done 1")
    progress = alice.text("/progress")
    assert "0 of 4" in progress and "1 of 1 milestones" not in progress
    assert " 0%" in progress
    alice.say("/goal progress 1 1")
    assert "1 of 4" in alice.text("/progress") and " 25%" in alice.text("/goal list")
    brag = alice.say("/export brag").attachments[0].content
    assert isinstance(brag, str) and "Grow the team (25%" in brag


def test_percentages_are_capped_and_identical_everywhere(alice: Conversation) -> None:
    alice.say("/goal add Land new clients by 2027-06-30 measure: 3 new clients")
    for name in ("acme", "globex", "initech", "umbrella", "hooli"):
        alice.say(f"/win Delivered the first project client:{name}")
    progress = alice.text("/progress")
    assert "5 of 3" in progress and "100%" in progress and "167%" not in progress
    assert "100%" in alice.text("/goal list") and "100%" in alice.text("/goal show 1")
    brag = alice.say("/export brag").attachments[0].content
    assert isinstance(brag, str)
    assert "Land new clients (100%" in brag and "167%" not in brag
