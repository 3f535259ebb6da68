"""``coachbot import FILE``: a member's ``/export json`` back into a database where that
member does not exist yet, with new ids and every reference inside the file remapped."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Column, Table, TypeDecorator, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from core.commands.career import SkillKind
from core.commands.journal import BragSection
from core.errors import UserError
from core.scheduling.rules import Rule
from core.services.export_json import DIGESTS, FORMAT, VERSION
from core.services.import_upgrades import number_old_pauses
from core.services.partnerships import drop_ended_sides
from core.storage.models import (
    CommitmentStatus,
    EntryKind,
    GoalStatus,
    Horizon,
    Membership,
    Partner,
    PartnerStatus,
    ReminderStatus,
    SkillStatus,
)
from core.storage.owned import MEMBERS, OPERATIONAL_COLUMNS, owned_tables
from core.time.numeric import DateOrder
from core.time.zones import canonical_timezone

# How a column's type is named when a file's value does not fit it.
KINDS: dict[type, str] = {
    int: "a whole number",
    float: "a number",
    bool: "true or false",
    str: "text",
    date: "a date such as 2026-12-31",
    datetime: "a date and time with its UTC offset",
}
AGAIN = "Export again with /export json and import that file as it was saved."
# Columns that hold one of a closed set of values, checked against the core's own types.
CLOSED_SETS: dict[tuple[str, str], type[StrEnum]] = {
    ("goals", "status"): GoalStatus,
    ("goals", "horizon"): Horizon,
    ("entries", "kind"): EntryKind,
    ("entries", "section"): BragSection,
    ("skills", "status"): SkillStatus,
    ("skills", "kind"): SkillKind,
    ("reminders", "status"): ReminderStatus,
    ("commitments", "status"): CommitmentStatus,
    ("members", "date_order"): DateOrder,
    ("partners", "status"): PartnerStatus,
}
# Tables whose rows a tick reads as a recurrence rule, and ones holding an IANA zone name.
RULE_TABLES = ("schedules", DIGESTS.name)
ZONE_TABLES = (MEMBERS.name, DIGESTS.name)
SPACES = Membership.__tablename__


class ImportRefused(Exception):
    """The file cannot be imported; the message says why and what to do, in words for the
    person running the import."""


@dataclass(frozen=True)
class Imported:
    """Who was imported, and how many rows went into each table."""

    platform: str
    workspace_id: str
    user_id: str
    rows: dict[str, int]
    digests_skipped: int
    partners_ended: int = 0  # sides whose partner ended them while the member was away


def read_export(text: str) -> dict[str, Any]:
    """The parsed file, if it is a /export json file this coachbot can read."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportRefused(f"This file is not JSON (line {error.lineno}). {AGAIN}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        if isinstance(data, dict) and "member" in data and "goals" in data:
            raise ImportRefused(
                "This file comes from an older coachbot whose /export json left out part of "
                "what you own, so it cannot be imported. Export again with this version."
            )
        raise ImportRefused(f"This is not a coachbot /export json file. {AGAIN}")
    version = data.get("version")
    if not isinstance(version, int):
        raise ImportRefused(f"This file does not say which export version it is. {AGAIN}")
    if version != VERSION:
        then = "Upgrade coachbot, then import it." if version > VERSION else AGAIN
        raise ImportRefused(
            f"This file is export version {version}; this coachbot reads version {VERSION}. " + then
        )
    return data


def import_member(session: Session, data: dict[str, Any]) -> Imported:
    """Insert the member and their rows; the caller commits, or rolls back on a refusal."""
    member = _dict(data.get("member"), "member")
    tables = _dict(data.get("tables"), "tables")
    _refuse_unknown_tables(tables)
    number_old_pauses(member, tables)
    who = _identity(member)
    digests = [
        _dict(row, "digests_set_up")
        for row in _list(data.get("digests_set_up", []), "digests_set_up")
    ]
    _refuse_other_spaces(who, tables, digests)
    _refuse_existing(session, who)
    new_ids: dict[str, dict[int, int]] = {}
    new_ids[MEMBERS.name] = _insert_rows(session, MEMBERS, [member], new_ids)
    counts: dict[str, int] = {}
    for item in owned_tables():
        rows = tables.get(item.name, [])
        new_ids[item.name] = _insert_rows(session, item.table, _list(rows, item.name), new_ids)
        counts[item.name] = len(rows)
    fresh = [row for row in digests if not _digest_exists(session, row)]
    _insert_rows(session, DIGESTS, fresh, new_ids)
    counts[DIGESTS.name] = len(fresh)
    (member_id,) = new_ids[MEMBERS.name].values()
    ended = drop_ended_sides(session, member_id)
    counts[Partner.__tablename__] -= ended
    return Imported(*who, counts, len(digests) - len(fresh), ended)


def _identity(member: dict[str, Any]) -> tuple[str, str, str]:
    """The member's platform, workspace and user id."""
    platform, workspace_id, user_id = (
        member.get(key) for key in ("platform", "workspace_id", "user_id")
    )
    if not (isinstance(platform, str) and isinstance(workspace_id, str)):
        raise ImportRefused(f"The file's member has no platform or workspace. {AGAIN}")
    if not isinstance(user_id, str) or not user_id:
        raise ImportRefused(f"The file's member has no user id. {AGAIN}")
    return platform, workspace_id, user_id


def _refuse_existing(session: Session, who: tuple[str, str, str]) -> None:
    platform, workspace_id, user_id = who
    found = session.scalar(
        select(MEMBERS.c.id).where(
            MEMBERS.c.platform == platform,
            MEMBERS.c.workspace_id == workspace_id,
            MEMBERS.c.user_id == user_id,
        )
    )
    if found is not None:
        raise ImportRefused(
            f"Member {user_id} ({platform}, workspace {workspace_id}) already has data in this "
            "database, and an import would mix two copies. Import into a fresh database "
            "(set DATABASE_URL or COACHBOT_DATA_DIR), or run /forget-me as that member first."
        )


def _refuse_other_spaces(
    who: tuple[str, str, str], tables: dict[str, Any], digests: list[dict[str, Any]]
) -> None:
    """Refuse rows that would land in a workspace or guild the member does not belong to:
    an edited file must not set up a digest in another guild's channel, nor put the
    member's shared text into another guild's digest."""
    platform, workspace_id, _user_id = who
    spaces = {workspace_id} | {
        row.get("space_id")
        for row in _list(tables.get(SPACES, []), SPACES)
        if isinstance(row, dict)
    }
    for number, row in enumerate(digests, start=1):
        if row.get("platform") != platform or row.get("workspace_id") not in spaces:
            raise ImportRefused(
                f"digests_set_up row {number} is for a channel outside the member's own "
                "workspace and the spaces the file says they were seen in, so it is not "
                "theirs to set up here. Remove that digest from the file and import it again."
            )
    for name, rows in tables.items():
        if name == SPACES or not isinstance(rows, list):
            continue
        for number, row in enumerate(rows, start=1):
            space = row.get("space_id") if isinstance(row, dict) else None
            if space is not None and space not in spaces:
                raise ImportRefused(
                    f"{name} row {number}: space_id is neither the member's workspace nor a "
                    f"space the file says they were seen in. {AGAIN}"
                )


def _refuse_unknown_tables(tables: dict[str, Any]) -> None:
    known = {item.name for item in owned_tables() if item.exported}
    unknown = sorted(set(tables) - known)
    if unknown:
        raise ImportRefused(
            f"The file has tables this coachbot does not know ({', '.join(unknown)}): it was "
            "exported by a newer coachbot. Upgrade coachbot, then import it."
        )


def _digest_exists(session: Session, row: dict[str, Any]) -> bool:
    """A digest for that channel is already set up here (by another admin): theirs stays."""
    query = select(DIGESTS.c.id).where(
        *(DIGESTS.c[name] == row.get(name) for name in ("platform", "workspace_id", "channel_id"))
    )
    return session.scalar(query) is not None


def _insert_rows(
    session: Session, table: Table, rows: list[Any], new_ids: dict[str, dict[int, int]]
) -> dict[int, int]:
    """Insert rows with fresh ids; the old id of each row -> its new id."""
    ids: dict[int, int] = {}
    for number, row in enumerate(rows, start=1):
        values = _values(table, _dict(row, f"{table.name} row {number}"), new_ids, number)
        _check_meaning(table.name, values, f"{table.name} row {number}")
        old_id = values.pop("id", None)
        try:
            new_id = session.execute(
                table.insert().values(**values).returning(*table.primary_key.columns)
            ).scalar_one()
        except DBAPIError:  # the database's message would quote the member's text
            raise ImportRefused(
                f"{table.name} row {number} does not fit this database (a value it needs is "
                f"missing, too long, or repeats another row's). {AGAIN}"
            ) from None
        if isinstance(old_id, int):
            ids[old_id] = new_id
    return ids


def _values(
    table: Table, row: dict[str, Any], new_ids: dict[str, dict[int, int]], number: int
) -> dict[str, Any]:
    """A file row as column values, references pointing at the rows' new ids."""
    unknown = sorted(set(row) - set(table.columns.keys()))
    if unknown:
        raise ImportRefused(
            f"{table.name} row {number} has columns this coachbot does not know "
            f"({', '.join(unknown)}): it was exported by a newer coachbot. Upgrade coachbot, "
            "then import it."
        )
    values = {}
    for name, value in row.items():
        if name in OPERATIONAL_COLUMNS.get(table.name, ()):
            continue  # the platform's state, never a file's
        column = table.c[name]
        value = _typed(column, value, f"{table.name} row {number}")
        for fk in column.foreign_keys:
            if value is not None and name != "id":
                value = _remapped(fk.column.table.name, value, new_ids, f"{table.name}.{name}")
        values[name] = value
    return values


def _check_meaning(table: str, values: dict[str, Any], where: str) -> None:
    """Values of the right type that the core could still not use: a rule it cannot read,
    a zone it does not know, a status outside its set. Zones come back canonical."""
    for (name, column), allowed in CLOSED_SETS.items():
        if name == table and values.get(column) not in (None, *allowed):
            choices = ", ".join(allowed)
            raise ImportRefused(f"{where}: {column} should be one of {choices}. {AGAIN}")
    if table in RULE_TABLES and values.get("rule") is not None:
        try:
            Rule.decode(values["rule"], values.get("anchor"))
        except ValueError:
            raise ImportRefused(
                f"{where}: rule is not a schedule this coachbot can read. {AGAIN}"
            ) from None
    if table in ZONE_TABLES and values.get("tz") is not None:
        try:
            values["tz"] = canonical_timezone(values["tz"])
        except UserError:
            raise ImportRefused(
                f"{where}: tz should be a time zone name such as Europe/Berlin. {AGAIN}"
            ) from None


def _remapped(target: str, old_id: int, new_ids: dict[str, dict[int, int]], where: str) -> int:
    new = new_ids.get(target, {}).get(old_id)
    if new is None:
        raise ImportRefused(
            f"{where} refers to {target} id {old_id}, which is not in the file. {AGAIN}"
        )
    return new


def _typed(column: Column[Any], value: Any, where: str) -> Any:
    """A JSON value as the column's Python type; dates and instants come as ISO 8601."""
    kind = column.type.impl_instance if isinstance(column.type, TypeDecorator) else column.type
    expected = kind.python_type
    if value is None:
        return None
    if expected in (datetime, date):
        parsed = _iso(value, expected)
        if parsed is not None:
            return parsed
    elif _fits(value, expected):
        return value
    what = KINDS.get(expected, expected.__name__)
    raise ImportRefused(f"{where}: {column.name} should be {what}. {AGAIN}")


def _iso(value: Any, expected: type) -> date | None:
    """An ISO 8601 date, or an instant with its UTC offset; None if it is neither."""
    try:
        parsed = (
            datetime.fromisoformat(value) if expected is datetime else date.fromisoformat(value)
        )
    except (TypeError, ValueError):
        return None
    if isinstance(parsed, datetime) and parsed.tzinfo is None:
        return None
    return parsed


def _fits(value: Any, expected: type) -> bool:
    if expected is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if expected is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, expected)


def _dict(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ImportRefused(f"The file's {where} is not what /export json writes. {AGAIN}")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise ImportRefused(f"The file's {where} is not what /export json writes. {AGAIN}")
    return value
