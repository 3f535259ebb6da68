"""Bad input never costs data: what cannot be stored is refused or left out with a word to
the member, limits are checked before the database sees them, and the text comes back."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, select

from bot.logs import RedactingFormatter, redact
from core.coach import APOLOGY, Coach
from core.commands.digests import SetDigest
from core.commands.journal import LogWin
from core.context import MemberRef
from core.parsing import MAX_TAGS, TAG_LENGTH, TAGS_COLUMN
from core.services import journal
from core.storage.db import SessionFactory, make_engine
from core.storage.models import Digest, Entry, Goal, Member
from migrations import alembic_config, upgrade
from tests.conftest import Conversation

ECHO = "Your text, so nothing is lost: "


def _entries(sessions: SessionFactory) -> list[Entry]:
    with sessions() as session:
        return list(session.scalars(select(Entry).order_by(Entry.number)))


def test_nul_is_left_out_and_the_win_is_saved(
    alice: Conversation, sessions: SessionFactory
) -> None:
    reply = alice.text("/win hello\x00world")
    assert APOLOGY not in reply
    assert "Win #1 logged" in reply
    assert "left out 1 control character" in reply
    assert [e.text for e in _entries(sessions)] == ["helloworld"]


def test_control_characters_and_terminal_colours_are_left_out(
    alice: Conversation, sessions: SessionFactory
) -> None:
    reply = alice.text("/win Fixed \x1b[31mthe\x1b[0m build\x07\x7f\x85 #ci\tfast\nagain")
    assert "Win #1 logged" in reply and "control character" in reply
    (entry,) = _entries(sessions)
    assert entry.text == "Fixed the build #ci\tfast\nagain"  # tabs and newlines stay
    assert entry.tag_list == ["ci"]


def test_clean_text_gets_no_note(alice: Conversation) -> None:
    assert "control character" not in alice.text("/win Shipped the billing revamp #launch")


def test_lone_surrogates_become_replacement_characters(
    alice: Conversation, sessions: SessionFactory
) -> None:
    reply = alice.text("/win caf\udce9 ok \ud83d\ude00")
    assert APOLOGY not in reply and "Win #1 logged" in reply
    assert [e.text for e in _entries(sessions)] == ["caf\ufffd ok 😀"]
    assert "could not be read" in reply
    reply.encode("utf-8")  # nothing a terminal cannot print


def test_forms_and_named_commands_are_cleaned_too(
    coach: Coach, alice: Conversation, sessions: SessionFactory
) -> None:
    assert coach.run(alice.who, LogWin("from a\x00 form", section="learning")).error is None
    assert coach.command(alice.who, "goal", "add Learn\x00 Rust by 2027-03-31").error is None
    named = MemberRef("console", "local", "nul", "Dana\x00 Kim")
    assert APOLOGY not in coach.handle(named, "/win named\x00").plain_text()
    with sessions() as session:
        assert session.scalar(select(Goal.title)) == "Learn Rust"
        names = set(session.scalars(select(Member.display_name)))
    assert [e.text for e in _entries(sessions)] == ["from a form", "named"]
    assert "Dana Kim" in names


def test_a_refused_command_echoes_the_cleaned_text(alice: Conversation) -> None:
    reply = alice.text("/goal show 7\x00 \udce9")
    assert "You have no goal #7" in reply
    assert f"{ECHO}/goal show 7 \ufffd" in reply


def test_too_many_tags_are_refused_with_the_text_back(
    alice: Conversation, sessions: SessionFactory
) -> None:
    text = "/win " + " ".join(f"#t{i:03}" for i in range(300))
    reply = alice.text(text)
    assert APOLOGY not in reply
    assert f"at most {MAX_TAGS} #tags" in reply and "has 300" in reply
    assert "Example: /win" in reply
    assert f"{ECHO}{text}" in reply
    assert _entries(sessions) == []


def test_the_most_tags_allowed_fit_their_column(
    alice: Conversation, sessions: SessionFactory
) -> None:
    longest = [f"#t{i:02}" + "x" * (TAG_LENGTH - 3) for i in range(MAX_TAGS)]
    assert "Win #1 logged" in alice.text("/win " + " ".join(longest))
    # "İ" lower-cases to two characters; a tag is cut to its length after lower-casing.
    assert "Saved to your journal" in alice.text("/journal Read " + "#a" + "İ" * 39)
    wins, journal_entry = _entries(sessions)
    assert len(wins.tags) == TAGS_COLUMN
    assert len(journal_entry.tag_list[0]) == TAG_LENGTH


def test_tag_limits_hold_for_journal_entries(alice: Conversation) -> None:
    text = "/journal " + " ".join(f"#t{i}" for i in range(MAX_TAGS + 1))
    reply = alice.text(text)
    assert f"at most {MAX_TAGS} #tags" in reply and f"{ECHO}{text}" in reply


def test_column_sizes_follow_the_limits(engine: Engine) -> None:
    columns = {
        (table, c["name"]): c["type"]
        for table in ("entries", "digests")
        for c in sa.inspect(engine).get_columns(table)
    }
    assert columns[("entries", "tags")].length == TAGS_COLUMN  # type: ignore[attr-defined]
    assert columns[("digests", "channel_id")].length == 80  # type: ignore[attr-defined]


@pytest.fixture
def admin(coach: Coach) -> Conversation:
    """A workspace admin."""
    return Conversation(coach, MemberRef("console", "local", "ada", "Ada"), admin=True)


def test_a_channel_name_over_the_limit_is_refused(
    admin: Conversation, sessions: SessionFactory
) -> None:
    text = "/digest set #" + "c" * 81 + " weekly fri 16:00 UTC"
    reply = admin.text(text)
    assert APOLOGY not in reply
    assert "at most 80 characters" in reply and "Example: /digest set #team" in reply
    assert f"{ECHO}{text}" in reply
    long_id = "/digest set <#C" + "1" * 90 + "|team> weekly fri 16:00 UTC"
    assert "at most 80 characters" in admin.text(long_id)
    with sessions() as session:
        assert session.scalar(select(sa.func.count()).select_from(Digest)) == 0


def test_the_longest_channel_names_are_stored(
    admin: Conversation, sessions: SessionFactory
) -> None:
    assert "⚠️" not in admin.text("/digest set #" + "c" * 80 + " weekly fri 16:00 UTC")
    long_name = "/digest set <#C0123456789|" + "n" * 150 + "> daily 09:00 UTC"
    assert "⚠️" not in admin.text(long_name)
    with sessions() as session:
        ids = sorted(session.scalars(select(Digest.channel_id)))
    assert ids == ["C0123456789", "c" * 80]


@pytest.mark.parametrize(
    "text",
    [
        "/goal progress 1 ²%",
        "/goal progress 1 ①",
        "/goal progress 1 4²",
        "/export brag ²",
        "/contact add Dana nudge: 6²",
        "/contact add Dana nudge: ²",
        "/goal show ²",
        "/remind cancel ²",
        "/skill update ² have",
    ],
)
def test_digits_that_are_not_numbers_get_a_user_error(alice: Conversation, text: str) -> None:
    alice.say("/goal add Give 4 talks by 2027-03-31 measure: 4 talks")
    reply = alice.text(text)
    assert APOLOGY not in reply
    assert reply.startswith("⚠️") and f"{ECHO}{text}" in reply


def test_decimal_digits_of_any_script_are_numbers(
    alice: Conversation, sessions: SessionFactory
) -> None:
    alice.say("/goal add Give 4 talks by 2027-03-31 measure: 4 talks")
    assert "30%" in alice.text("/goal progress 1 ٣٠%")  # Arabic-Indic digits
    assert "⚠️" not in alice.text("/contact add Dana nudge: ６０ days")  # full-width
    assert "Win #1 logged" in alice.text("/win share ² of the slides")  # a win, not win ²
    with sessions() as session:
        assert session.scalar(select(Goal.progress_manual)) == 30


@pytest.mark.parametrize(
    "text",
    [
        "/supercalifragilisticexpialidocious",
        "/tz Mars/Olympus",
        "/goal show 99",
        "/win outcome 12",
        "/x",
    ],
)
def test_every_refused_input_gives_the_text_back(alice: Conversation, text: str) -> None:
    reply = alice.text(text)
    assert reply.startswith("⚠️")
    assert f"{ECHO}{text}" in reply


def test_a_refused_form_gives_its_short_text_back(coach: Coach, alice: Conversation) -> None:
    outcome = coach.run(alice.who, LogWin("Shipped it", section="nonsense"))
    assert outcome.error is not None
    assert f"{ECHO}Shipped it" in outcome.reply.plain_text()


SECRET = "my salary is 123456 and my manager is awful"


def test_a_failed_command_logs_no_member_text(
    alice: Conversation, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database error carries the member's text in its parameters (and, on PostgreSQL,
    in its DETAIL line); the log names the error, the command and ids, never the data."""

    def duplicate_member(ctx: journal.Context, entry: Entry) -> None:
        row = {
            "platform": "console",
            "workspace_id": "local",
            "user_id": entry.text[:60],
            "display_name": entry.text[:60],
            "tz": "UTC",
            "tz_set_by_member": False,
            "goal_seq": 0,
            "entry_seq": 0,
            "created_at": ctx.now,
        }
        ctx.session.execute(sa.insert(Member).values(**row))
        ctx.session.execute(sa.insert(Member).values(**row))

    monkeypatch.setattr(journal, "_follow_up_outcome", duplicate_member)
    with caplog.at_level(logging.ERROR):
        reply = alice.text(f"/win {SECRET}")
    assert APOLOGY in reply and f"{ECHO}/win {SECRET}" in reply  # the member gets it back
    (record,) = [r for r in caplog.records if r.levelno >= logging.ERROR]
    formatted = RedactingFormatter().format(record)
    assert "salary" not in formatted and "123456" not in formatted
    assert "IntegrityError" in formatted
    assert "command=/win" in formatted and "user=alice" in formatted
    assert "journal.py" in formatted  # where it failed is still there


def test_log_lines_never_carry_sql_parameters() -> None:
    record = logging.LogRecord(
        "x", logging.ERROR, __file__, 1, "failed: %s", ("[SQL: INSERT ...]\n"
        "[parameters: {'text': 'my salary is 123456'}]",), None
    )  # fmt: skip
    formatted = RedactingFormatter().format(record)
    assert "salary" not in formatted and "[parameters: …[redacted]]" in formatted


def test_resizing_the_columns_keeps_every_row(tmp_path: Path) -> None:
    """The SQLite rebuild of `entries` would cascade-delete its reminders; they stay."""
    engine = make_engine(f"sqlite:///{tmp_path}/old.db")
    before = ScriptDirectory.from_config(alembic_config(engine)).get_revision("0007")
    upgrade(engine, str(before.down_revision))
    with engine.begin() as conn:
        for statement in OLD_ROWS.split(";"):
            if statement.strip():
                conn.execute(sa.text(statement))
    upgrade(engine)
    with engine.connect() as conn:
        reminders = conn.execute(sa.text("SELECT id, entry_id FROM reminders")).all()
        tags = conn.execute(sa.text("SELECT tags FROM entries")).scalar()
    assert reminders == [(1, 1)] and tags == "launch"
    command.downgrade(alembic_config(engine), str(before.down_revision))
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM reminders")).scalar() == 1


OLD_ROWS = """
INSERT INTO members (id, platform, workspace_id, user_id, display_name, tz, tz_set_by_member,
    goal_seq, entry_seq, skill_seq, contact_seq, created_at)
    VALUES (1, 'console', 'local', 'old', '', 'UTC', false, 0, 1, 0, 0, '2026-01-01');
INSERT INTO entries (id, member_id, number, kind, text, local_date, created_at, tags, shared)
    VALUES (1, 1, 1, 'win', 'Shipped #launch', '2026-01-01', '2026-01-01', 'launch', false);
INSERT INTO reminders (id, member_id, kind, text, due_at, status, entry_id, created_at)
    VALUES (1, 1, 'outcome', '', '2026-02-15', 'pending', 1, '2026-01-01');
"""


def test_postgres_detail_lines_are_redacted() -> None:
    text = "psycopg.errors.UniqueViolation: duplicate key\nDETAIL:  Key (name)=(Dana) exists."
    assert "Dana" not in redact(text) and "UniqueViolation" in redact(text)


def test_a_digest_set_from_options_checks_the_channel_length(
    coach: Coach, admin: Conversation
) -> None:
    outcome = coach.run(admin.who, SetDigest("c" * 81, "team", "weekly fri 16:00"), admin=True)
    assert outcome.error is not None and outcome.error.field == "channel_id"
    assert "at most 80 characters" in outcome.reply.plain_text()
