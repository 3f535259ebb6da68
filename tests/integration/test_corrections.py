"""Correcting what was logged: edit, delete and undo wins and journal entries; a line that
starts with a sub-command word is never stored as content."""

from __future__ import annotations

from sqlalchemy import select

from core.coach import Coach
from core.commands.commitments import MakeCommitment
from core.commands.journal import LogWin, WriteJournal
from core.storage.db import SessionFactory
from core.storage.models import Entry, Reminder
from tests.conftest import Conversation


def _texts(sessions: SessionFactory) -> list[str]:
    with sessions() as session:
        return [e.text for e in session.scalars(select(Entry).order_by(Entry.number))]


def test_win_sub_commands_are_never_stored_as_wins(
    alice: Conversation, sessions: SessionFactory
) -> None:
    alice.say("/win Shipped the billing migration")
    alice.say("/win Gave the onboarding talk")
    assert "Deleted win #1" in alice.text("/win delete 1")
    assert "Deleted win #2" in alice.text("/win remove 2")
    assert _texts(sessions) == []
    assert "#9" in alice.text("/win edit 9 Something else")  # not found, not stored
    assert _texts(sessions) == []


def test_win_edit_replaces_text_tags_and_section(
    alice: Conversation, sessions: SessionFactory
) -> None:
    alice.say("/win Wrote the runbook")
    reply = alice.text("/win edit 1 Wrote the on-call runbook #docs")
    assert "Win #1 now reads: Wrote the on-call runbook #docs" in reply
    assert "Design & documentation" in reply
    with sessions() as session:
        win = session.scalars(select(Entry)).one()
        assert (win.text, win.tags, win.section) == (
            "Wrote the on-call runbook #docs",
            "docs",
            "design",
        )
    assert "Company & community" in alice.text("/win edit 1 Wrote it section:community")


def test_win_delete_then_undo_brings_it_back(alice: Conversation, sessions: SessionFactory) -> None:
    alice.say("/goal add Pass the CKA exam by 2027-02-28")
    alice.say("/win Passed the practice exam #cert goal:1")
    assert "/win undo" in alice.text("/win delete 1")
    assert "Win #1 is back" in alice.text("/win undo")
    with sessions() as session:
        win = session.scalars(select(Entry)).one()
        assert (win.number, win.text, win.section, win.goal_id is not None) == (
            1,
            "Passed the practice exam #cert",
            "learning",
            True,
        )
    assert "nothing to undo" in alice.text("/win undo")


def test_deleting_a_win_drops_its_outcome_follow_up(
    alice: Conversation, sessions: SessionFactory
) -> None:
    alice.say("/win Migrated billing")
    alice.say("/win delete 1")
    with sessions() as session:
        assert session.scalars(select(Reminder).where(Reminder.kind == "outcome")).all() == []


def test_bad_arguments_get_an_example(alice: Conversation, sessions: SessionFactory) -> None:
    alice.say("/win Shipped it")
    assert "/win delete 1" in alice.text("/win delete")
    assert "What should #1 say" in alice.text("/win edit 1")
    assert "just the win number" in alice.text("/win delete 1 please")
    assert "Did you mean /win delete" in alice.text("/win delet 1")
    assert "Did you mean /win edit" in alice.text("/win edti 1 Shipped it twice")
    assert _texts(sessions) == ["Shipped it"]


def test_a_misspelt_sub_command_alone_is_not_saved_as_text(
    alice: Conversation, sessions: SessionFactory
) -> None:
    """One word, a typo of a sub-command (``/win lst``): the member meant the command."""
    alice.say("/win Shipped it")
    assert "Did you mean /win list?" in alice.text("/win lst")
    assert "Did you mean /journal list?" in alice.text("/journal lst")
    assert "Did you mean /commit list?" in alice.text("/commit lsit")
    assert _texts(sessions) == ["Shipped it"]
    alice.say("/win Delegated")  # one word of prose, not near a sub-command: a win
    alice.say("/win slit")  # an anagram of "list" is a word, not a typo
    assert _texts(sessions) == ["Shipped it", "Delegated", "slit"]


def test_prose_that_starts_like_a_sub_command_is_a_win(
    alice: Conversation, sessions: SessionFactory
) -> None:
    alice.say("/win share the slides from the SLO talk")
    alice.say("/win Deleted 200 stale feature flags")
    alice.say("/win remove the last manual deploy step")
    assert _texts(sessions) == [
        "share the slides from the SLO talk",
        "Deleted 200 stale feature flags",
        "remove the last manual deploy step",
    ]


def test_journal_edit_delete_and_undo(alice: Conversation, sessions: SessionFactory) -> None:
    alice.say("/journal I mentored Sam")
    assert "Journal entry #1 now reads: I mentored Sam and Ana" in alice.text(
        "/journal edit 1 I mentored Sam and Ana"
    )
    assert "#1" in alice.text("/journal list")
    assert "Deleted journal entry #1" in alice.text("/journal delete 1")
    assert _texts(sessions) == []
    alice.say("/journal undo")
    assert _texts(sessions) == ["I mentored Sam and Ana"]


def test_wins_and_journal_entries_are_corrected_with_their_own_command(
    alice: Conversation, sessions: SessionFactory
) -> None:
    alice.say("/journal A note")
    assert "correct it with /journal" in alice.text("/win delete 1")
    assert _texts(sessions) == ["A note"]


def test_skill_remove(alice: Conversation) -> None:
    alice.say("/skill add Kubernetes need")
    alice.say("/skill add Terraform learning")
    assert "Removed skill #1: Kubernetes" in alice.text("/skill remove 1")
    listed = alice.text("/skill list")
    assert "Terraform" in listed and "Kubernetes" not in listed
    assert "no skill #1" in alice.text("/skill remove 1")
    assert "/skill remove 2" in alice.text("/skill remove")


def test_contact_edit_and_remove(alice: Conversation, sessions: SessionFactory) -> None:
    alice.say("/contact add Dana Kim at: KubeCon")
    reply = alice.text("/contact edit 1 notes: now CTO at Acme nudge: 30 days")
    assert "Dana Kim" in reply and "now CTO at Acme" in reply and "30 days" in reply
    assert "Dana K. Lee" in alice.text("/contact edit 1 Dana K. Lee")
    assert "What should change" in alice.text("/contact edit 1")
    assert "Removed contact #1: Dana K. Lee" in alice.text("/contact remove 1")
    assert "nobody yet" in alice.text("/contact list")
    with sessions() as session:
        assert session.scalars(select(Reminder).where(Reminder.contact_id.is_not(None))).all() == []


def test_remind_edit_moves_and_rewords(alice: Conversation) -> None:
    alice.say("/remind tomorrow 9am update my CV")
    moved = alice.text("/remind edit 1 friday 3pm")
    assert "Fri 27 Nov 2026 15:00" in moved and "update my CV" in moved
    reworded = alice.text("/remind edit 1 update my CV and LinkedIn")
    assert "Fri 27 Nov 2026 15:00" in reworded and "update my CV and LinkedIn" in reworded
    assert "no pending reminder #7" in alice.text("/remind edit 7 friday 3pm")
    assert "new time, the new text" in alice.text("/remind edit 1")
    assert "update my CV and LinkedIn" in alice.text("/remind list")


def test_form_text_that_reads_as_a_sub_command_is_not_stored(
    coach: Coach, alice: Conversation, sessions: SessionFactory
) -> None:
    """Slack forms and Discord options build LogWin/WriteJournal directly: same rule."""
    alice.say("/win Shipped it")
    outcome = coach.run(alice.who, LogWin("delete 1"))
    assert outcome.error is not None
    assert "reads as the command /win delete 1" in outcome.reply.plain_text()
    assert coach.run(alice.who, WriteJournal("delete 1")).error is not None
    assert coach.run(alice.who, LogWin("share the slides", share=True)).error is None
    assert _texts(sessions) == ["Shipped it", "share the slides"]


def test_a_flag_before_a_number_is_not_a_misspelt_sub_command(
    alice: Conversation, sessions: SessionFactory
) -> None:
    alice.say("/win --share 3 teams adopted the pipeline")
    assert _texts(sessions) == ["3 teams adopted the pipeline"]


def test_a_prompt_answer_in_a_dm_is_kept_as_written(
    alice: Conversation, sessions: SessionFactory
) -> None:
    alice.say("/journal")
    alice.say("remove 3 blockers for the team, that is my dream job")
    assert _texts(sessions) == ["remove 3 blockers for the team, that is my dream job"]


def test_misspelt_options_of_other_commands_get_did_you_mean(alice: Conversation) -> None:
    assert "Did you mean /skill remove?" in alice.text("/skill remvoe 2")
    assert "Did you mean /contact edit?" in alice.text("/contact edti 1 notes: CTO")


def test_near_words_are_prose_not_typos(alice: Conversation, sessions: SessionFactory) -> None:
    alice.say("/win Lost 3 kg training for the 10k #outside")
    assert "Did you mean /win remove" in alice.text("/win remvoe 1")
    assert _texts(sessions) == ["Lost 3 kg training for the 10k #outside"]


def test_undo_restores_a_deleted_win_exactly_as_it_was(
    alice: Conversation, sessions: SessionFactory
) -> None:
    alice.say("/goal add Land 3 new clients this year measure: 3 new clients")
    alice.say("/win Shipped the Acme dashboard #talk client:Acme goal:1 --share")
    alice.say("/win outcome 1 Acme renewed for a year")
    assert "(1 of 3" in alice.text("/progress")
    alice.say("/win delete 1")
    assert "(0 of 3" in alice.text("/progress")
    restored = alice.text("/win undo")
    assert "Linked to: goal #1 Land 3 new clients · client Acme (client:acme)." in restored
    assert "(1 of 3" in alice.text("/progress")
    assert "Acme (1 win)" in alice.text("/clients")
    with sessions() as session:
        win = session.scalars(select(Entry)).one()
        kept = (win.number, win.client, win.tags, win.section, win.shared, win.outcome)
        assert kept == (1, "acme", "talk", "community", True, "Acme renewed for a year")
        assert win.goal_id is not None


def test_undo_brings_back_the_outcome_follow_up(
    alice: Conversation, sessions: SessionFactory
) -> None:
    alice.say("/win Migrated billing")
    with sessions() as session:
        due = session.scalars(select(Reminder.due_at).where(Reminder.kind == "outcome")).all()
    alice.say("/win delete 1")
    alice.say("/win undo")
    with sessions() as session:
        after = session.scalars(select(Reminder.due_at).where(Reminder.kind == "outcome")).all()
    assert after == due and len(due) == 1


def test_commit_sub_commands_without_a_number_are_never_stored(
    alice: Conversation, sessions: SessionFactory
) -> None:
    alice.say("/commit Email Dana the draft")
    for sub in ("done", "partly", "missed", "move", "drop", "edit"):
        reply = alice.text(f"/commit {sub}")
        assert "I need a commitment number here" in reply, sub
        assert f"Example: /commit {sub} 1" in reply, sub
        assert f"Your text, so nothing is lost: /commit {sub}" in reply, sub
    assert "Did you mean /commit done" in alice.text("/commit dnoe 1")
    listed = alice.text("/commit list")
    assert "Email Dana the draft" in listed and "#2" not in listed
    assert "#2 drop the side project" in alice.text("/commit drop the side project")


def test_other_sub_commands_without_a_number_say_so(alice: Conversation) -> None:
    for line, example in (
        ("/win delete", "/win delete 1"),
        ("/journal delete", "/journal delete 1"),
        ("/goal done", "/goal done 1"),
        ("/skill remove", "/skill remove 2"),
        ("/remind cancel", "/remind cancel 2"),
        ("/contact remove", "/contact remove 2"),
        ("/contact edit", "/contact edit 2"),
    ):
        reply = alice.text(line)
        assert f"Example: {example}" in reply, line
        assert f"Your text, so nothing is lost: {line}" in reply, line
    assert "Which contact" in alice.text("/contact remove")


def test_win_edit_reads_the_same_fields_as_a_new_win(
    alice: Conversation, sessions: SessionFactory
) -> None:
    alice.say("/goal add Land 3 new clients this year measure: 3 new clients")
    alice.say("/goal add Pass the CKA exam by 2027-02-28")
    alice.say("/goal milestone 2 add Book the exam by 2027-01-15")
    alice.say("/win Shipped the dashboard")
    reply = alice.text("/win edit 1 Shipped the Acme dashboard client:acme goal:1 --share")
    assert "Win #1 now reads: Shipped the Acme dashboard" in reply
    assert "client:acme" not in reply.split("now reads:")[1].splitlines()[0]
    assert "client acme" in reply
    assert "(1 of 3" in alice.text("/progress")
    alice.say("/win edit 1 Booked the exam milestone:2.1")
    with sessions() as session:
        win = session.scalars(select(Entry)).one()
        assert (win.text, win.client, win.shared) == ("Booked the exam", "acme", True)
        assert win.milestone_id is not None


def test_a_form_commitment_that_reads_as_a_sub_command_is_not_stored(
    coach: Coach, alice: Conversation
) -> None:
    outcome = coach.run(alice.who, MakeCommitment("done"))
    assert "reads as the command /commit done" in outcome.reply.plain_text()
    assert coach.run(alice.who, MakeCommitment("drop the side project")).error is None
    assert "#1 drop the side project" in alice.text("/commit list")


def test_win_undo_and_journal_undo_each_bring_back_their_own(
    alice: Conversation, sessions: SessionFactory
) -> None:
    """Deleting a journal entry after a win does not lose the win's undo: the delete reply
    promised "/win undo brings it back"."""
    alice.say("/win Did X #launch")
    alice.say("/journal Thought about the launch")
    alice.say("/win delete 1")
    alice.say("/journal delete 2")
    assert "Win #1 is back" in alice.text("/win undo")
    assert "is back" in alice.text("/journal undo")
    assert "nothing to undo" in alice.text("/win undo")
    assert sorted(_texts(sessions)) == ["Did X #launch", "Thought about the launch"]
