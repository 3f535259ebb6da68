"""The tables a member owns are found from the mappers' foreign keys, so a table added
later (say mentorships and their check-ins) is exported, imported and forgotten with the rest."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table

from core.storage.models import Base
from core.storage.owned import owned_by, owned_tables


def _with_new_tables() -> MetaData:
    metadata = MetaData()
    for table in Base.metadata.sorted_tables:
        table.to_metadata(metadata)
    Table(
        "mentorships",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("member_id", ForeignKey("members.id")),
        Column("text", String(200)),
    )
    Table(
        "mentorship_checks",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("mentorship_id", ForeignKey("mentorships.id")),
    )
    Table("workspace_notes", metadata, Column("id", Integer, primary_key=True))
    return metadata


def test_every_table_with_a_member_key_is_found_directly_or_through_its_parent() -> None:
    found = {item.name: item for item in owned_tables()}
    assert set(found) >= {
        "contacts", "entries", "goals", "memberships", "milestones", "outbox", "pauses",
        "prompt_log", "reminders", "schedules", "skills",
    }  # fmt: skip
    # No member key: team settings (a digest names its admin by user id) and event ids.
    assert not {"members", "digests", "inbound_events"} & set(found)
    assert found["milestones"].parent is found["goals"]
    assert found["entries"].parent is None  # its own member key, not the goal's
    assert not found["outbox"].exported and found["memberships"].exported


def test_a_table_added_later_is_found_without_being_listed() -> None:
    found = {item.name: item for item in owned_tables(_with_new_tables())}
    assert "workspace_notes" not in found
    checks = found["mentorship_checks"]
    assert checks.parent is found["mentorships"] and checks.exported
    where = str(owned_by(checks, 7).compile(compile_kwargs={"literal_binds": True}))
    assert "mentorship_checks.mentorship_id IN (SELECT mentorships.id" in where
    assert "mentorships.member_id = 7" in where


def test_parents_come_before_their_children() -> None:
    names = [item.name for item in owned_tables()]
    assert names.index("goals") < names.index("milestones") < names.index("entries")
    assert names.index("contacts") < names.index("reminders")
