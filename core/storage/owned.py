"""Which tables hold a member's rows, found by walking the mapped tables' foreign keys, so
a table added later is exported, imported and forgotten without a list to keep up to date."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, MetaData, Table, select

from core.storage.models import Base, Member

MEMBERS = Base.metadata.tables[Member.__tablename__]
# Tables with a member key whose rows are the bot's bookkeeping, not the member's data:
# export leaves them out, forget-me still deletes them.
OPERATIONAL = {
    # Outbox rows: delivery attempts of messages coachbot sent them (state, leases, retries).
    "outbox",
}

# Columns that are the platform's or the bot's state about a member, not their data: export
# leaves them out and import never takes them from a file (a DM channel id in a hand-edited
# file would send the member's DMs to any channel; "invited only" would take away what a
# member gets).
OPERATIONAL_COLUMNS = {MEMBERS.name: frozenset({"dm_channel_id", "invited_only"})}


@dataclass(frozen=True)
class OwnedTable:
    """A table with a member key: directly (a column referencing members) or through a
    parent table that has one (milestones through goals)."""

    table: Table
    # The column that leads to the member, and the owned table it references (None: the
    # column references members itself).
    key: str
    parent: OwnedTable | None

    @property
    def name(self) -> str:
        """The table's name."""
        return self.table.name

    @property
    def exported(self) -> bool:
        """Whether its rows are the member's data rather than the bot's bookkeeping."""
        return self.name not in OPERATIONAL


def owned_tables(metadata: MetaData = Base.metadata) -> list[OwnedTable]:
    """Every mapped table with a member key, parents before children."""
    owned: dict[str, OwnedTable] = {}
    for table in metadata.sorted_tables:
        found = _member_key(table, owned)
        if found is not None:
            owned[table.name] = found
    return list(owned.values())


def _member_key(table: Table, owned: dict[str, OwnedTable]) -> OwnedTable | None:
    """The direct member key if there is one, else a key to an owned parent."""
    if table.name == MEMBERS.name:
        return None
    references = [
        (column.name, fk.column.table) for column in table.columns for fk in column.foreign_keys
    ]
    for name, referenced in references:
        if referenced.name == MEMBERS.name:
            return OwnedTable(table, name, None)
    for name, referenced in references:
        if referenced.name in owned:
            return OwnedTable(table, name, owned[referenced.name])
    return None


def owned_by(item: OwnedTable, member_id: int) -> ColumnElement[bool]:
    """The condition that picks the member's rows of an owned table."""
    column = item.table.c[item.key]
    if item.parent is None:
        return column == member_id
    parent = item.parent
    return column.in_(select(parent.table.c.id).where(owned_by(parent, member_id)))
