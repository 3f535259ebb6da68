"""The brag document as a reviewer reads it: goals under their deadline's year,
achievements, private entries marked or left out, tags on their own line, outcomes to fill
in collected, client work and skills in their own sections, and a printable HTML page."""

from __future__ import annotations

from datetime import timedelta

from core.coach import Coach
from core.context import MemberRef
from core.messages import Attachment
from core.time.clock import ManualClock
from tests.conftest import Conversation


def brag(member: Conversation, command: str = "/export brag") -> str:
    """The exported document's text."""
    (doc,) = member.say(command).attachments
    assert isinstance(doc.content, str)
    return doc.content


def section(text: str, heading: str) -> str:
    """What a Markdown section holds, up to the next heading."""
    return text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]


def test_goals_sit_under_the_year_of_their_deadline(alice: Conversation) -> None:
    for goal in (
        "Pass the CKA exam by 2026-12-20",
        "Lead the platform team by 2027-06-30",
        "Become a staff engineer by 2029-12-31",
        "Write a book",
    ):
        alice.say(f"/goal add {goal}")
    md = brag(alice)
    assert "Pass the CKA exam" in section(md, "Goals for 2026")
    assert "Lead the platform team" in section(md, "Goals for 2027")
    assert "staff engineer" not in section(md, "Goals for 2027")
    assert "Become a staff engineer" in section(md, "Goals for 2029")
    assert "Write a book" in section(md, "Goals without a deadline")
    assert "## Goals for 2028" not in md


def test_reached_milestones_and_completed_goals_are_achievements(
    alice: Conversation, clock: ManualClock
) -> None:
    alice.say("/goal add Pass the CKA exam by 2027-02-28")
    alice.say("/goal milestone 1 add Finish the course by 2026-12-10")
    alice.say("/goal add Give a conference talk by 2026-12-31")
    clock.advance(timedelta(days=2))
    alice.say("/goal milestone 1 done 1")
    alice.say("/goal done 2")
    md = brag(alice)
    achieved = section(md, "Achievements")
    assert "**2026-11-25**: Finish the course (milestone of Pass the CKA exam)" in achieved
    assert "**2026-11-25**: Give a conference talk (goal completed)" in achieved
    assert "## Goals for 2026" not in md  # its only goal is done
    assert "Pass the CKA exam (100%, due 2027-02-28) _(private)_" in section(md, "Goals for 2027")


def test_private_entries_are_marked_or_left_out(alice: Conversation) -> None:
    alice.say("/goal add Pass the CKA exam by 2027-02-28")
    alice.say("/win Negotiated my raise")
    alice.say("/win Cut deploy time from 40 to 9 minutes goal:1 --share")
    md = brag(alice)
    assert "Negotiated my raise _(private)_" in md
    assert "Cut deploy time from 40 to 9 minutes (goal: Pass the CKA exam)\n" in md
    assert "--shared-only leaves them out" in md
    (doc,) = alice.say("/export brag --shared-only").attachments
    assert doc.filename == "brag-2026-alice-shared.md"
    assert isinstance(doc.content, str)
    shared = doc.content
    assert "Negotiated my raise" not in shared and "(private)" not in shared
    assert "Cut deploy time from 40 to 9 minutes" in shared
    # The goal is private, so its title stays out too, even where a shared win names it.
    assert "CKA" not in shared and "Only what you shared is included." in shared


def test_tags_leave_the_sentence_for_a_quiet_tag_line(alice: Conversation) -> None:
    alice.say("/win Moved 40 services to #kubernetes in a week #platform #devops")
    md = brag(alice)
    assert "**2026-11-23**: Moved 40 services to kubernetes in a week _(private)_" in md
    assert "  - _tags:_ kubernetes, platform, devops" in md
    assert "#" not in md.replace("# Brag", "").replace("## ", "")


def test_missing_outcomes_are_collected_in_one_list(alice: Conversation) -> None:
    alice.say("/win Mentored two juniors #mentoring")
    alice.say("/win Gave a talk at the Berlin Go meetup #talk")
    alice.say("/win Cut CI time from 20 to 8 minutes")
    alice.say("/win outcome 3 Saved the team 40 hours a month")
    md = brag(alice)
    assert md.count("/win outcome") == 2
    assert "Outcome: Saved the team 40 hours a month" in section(md, "Projects")
    to_fill = section(md, "To fill in")
    assert "**2026-11-23**: Mentored two juniors: `/win outcome 1 ...`" in to_fill
    assert "Berlin Go meetup: `/win outcome 2 ...`" in to_fill
    assert "Cut CI time" not in to_fill
    assert "/win outcome" not in section(md, "Collaboration & mentorship")


def test_title_uses_the_display_name_and_falls_back_to_none(
    alice: Conversation, coach: Coach
) -> None:
    assert brag(alice).startswith("# Brag document 2026: Alice\n")
    nameless = Conversation(coach, MemberRef("slack", "T1", "U0NAME", ""))
    title = brag(nameless).splitlines()[0]
    assert title == "# Brag document 2026"


def test_client_work_and_skills_with_evidence_have_their_own_sections(
    alice: Conversation,
) -> None:
    alice.say("/target Staff engineer")
    alice.say("/skill add Kubernetes have")
    alice.say("/skill add Terraform need")
    alice.say("/skill add Go learning")
    alice.say("/win Moved 40 services to Kubernetes #kubernetes")
    alice.say("/win Shipped the checkout revamp client:acme")
    alice.say("/win Fixed the search outage client:acme #kubernetes")
    md = brag(alice)
    clients = section(md, "Client work")
    assert "**acme (2 wins)**" in clients and "Fixed the search outage" in clients
    assert "checkout revamp" not in section(md, "Projects")
    alice.say("/contact add Acme Corp --client")  # the client's name, not its slug
    assert "**Acme Corp (2 wins)**" in section(brag(alice), "Client work")
    skills = section(md, "Skills and certifications")
    assert "Aiming at: Staff engineer" in skills
    assert "- Kubernetes (have, 2 wins show it)" in skills
    assert "- Go (learning)" in skills and "Terraform" not in skills


def test_html_page_is_printable_self_contained_and_escaped(alice: Conversation) -> None:
    alice.say('/win Fixed <script>alert("x")</script> & shipped R&D tools #oss')
    alice.say("/win outcome 1 Cut costs <b>40%</b> & more")
    reply = alice.say("/export brag html")
    (doc,) = reply.attachments
    assert isinstance(doc, Attachment)
    assert (doc.filename, doc.mimetype) == ("brag-2026-alice.html", "text/html")
    page = doc.data.decode()
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page and "@media print" in page
    assert "<script" not in page and "src=" not in page and "href=" not in page
    assert "Fixed &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; shipped R&amp;D" in page
    assert "Outcome: Cut costs &lt;b&gt;40%&lt;/b&gt; &amp; more" in page
    assert "<h1>Brag document 2026: Alice</h1>" in page
    assert '<span class="tags">tags: oss</span>' in page
    assert "brag-2026-alice.html" in reply.plain_text()
    assert "Company &amp; community building" in page


def test_markdown_still_escapes_member_text(alice: Conversation) -> None:
    alice.say("/win Ping <!channel> <script> #oss")
    md = brag(alice)
    assert "<script>" not in md and "&lt;script&gt;" in md and "&lt;!channel&gt;" in md


def test_a_shared_only_document_without_shared_wins_does_not_say_none_were_logged(
    alice: Conversation,
) -> None:
    alice.say("/win Negotiated my raise")
    (doc,) = alice.say("/export brag --shared-only").attachments
    assert isinstance(doc.content, str)
    assert "No wins logged this year yet" not in doc.content
    assert "No shared wins this year: this document leaves out private ones" in doc.content
    assert "Negotiated my raise" not in doc.content
