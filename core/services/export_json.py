"""``/export json``: every row the member owns, column by column as the mappers define them,
with ids kept so references inside the file (entry -> goal -> milestone) survive."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, Table, select
from sqlalchemy.orm import Session

from core.bus import handles
from core.commands.export import ExportJson
from core.context import Context
from core.services.account import spaces_of
from core.storage.models import Base, Digest, Member
from core.storage.owned import MEMBERS, OPERATIONAL_COLUMNS, owned_by, owned_tables

FORMAT = "coachbot-export"
VERSION = 2
DIGESTS = Base.metadata.tables[Digest.__tablename__]


@dataclass(frozen=True)
class DataExported:
    """Everything the member owns, as JSON text."""

    user_id: str
    json_text: str


@handles(ExportJson)
def export_json(ctx: Context, _command: ExportJson) -> DataExported:
    """The member's data as indented JSON."""
    data = member_export(ctx.session, ctx.member, ctx.now)
    return DataExported(ctx.member.user_id, json.dumps(data, indent=2, ensure_ascii=False))


def member_export(session: Session, member: Member, now: datetime) -> dict[str, Any]:
    """The member's row, the rows of every table they own, and the digests they set up."""
    tables = {
        item.name: _rows(session, item.table, owned_by(item, member.id))
        for item in owned_tables()
        if item.exported
    }
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": now.isoformat(),
        "member": _rows(session, MEMBERS, MEMBERS.c.id == member.id)[0],
        "tables": tables,
        "digests_set_up": _rows(session, DIGESTS, _digests_set_up_by(session, member)),
    }


def _digests_set_up_by(session: Session, member: Member) -> Any:
    """Team digests are the team's, but the settings of the ones this member set up are
    theirs; another admin's digest in the same workspace is not."""
    return (
        (DIGESTS.c.platform == member.platform)
        & DIGESTS.c.workspace_id.in_(spaces_of(session, member))
        & (DIGESTS.c.created_by == member.user_id)
    )


def _rows(session: Session, table: Table, where: Any) -> list[dict[str, Any]]:
    left_out = OPERATIONAL_COLUMNS.get(table.name, frozenset())
    columns = [c for c in table.columns if c.key not in left_out]
    query = select(*columns).where(where).order_by(*table.primary_key.columns)
    return [_plain(row) for row in session.execute(query)]


def _plain(row: Row[Any]) -> dict[str, Any]:
    """A row as JSON values: dates and instants in ISO 8601, the rest as they are."""
    return {
        name: value.isoformat() if isinstance(value, date | datetime) else value
        for name, value in row._mapping.items()
    }
