"""``/import`` in chat: a member's own ``/export json`` file into their account, with the
checks of ``coachbot import`` and two more: the file is theirs, and the account is new."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import delete, exists, select

from core.bus import handles
from core.commands.importing import IMPORT_EXAMPLE, ImportExport, ImportFile
from core.context import Context
from core.errors import UserError
from core.services.export_json import DIGESTS
from core.services.import_json import AGAIN, ImportRefused, import_member, read_export
from core.storage.models import Member, Membership
from core.storage.owned import owned_by, owned_tables

# What a member has before doing anything (the default check-in and plan review, the spaces
# they were seen in, deliveries of those check-ins): replaced by the file's rows.
T = TypeVar("T")
REPLACED = frozenset({"schedules", "outbox", Membership.__tablename__})


@dataclass(frozen=True)
class ImportDone:
    """How many rows of each table came from the file."""

    rows: tuple[tuple[str, int], ...]
    digests_skipped: int
    partners_ended: int = 0


@handles(ImportFile)
def import_file(_ctx: Context, command: ImportFile) -> ImportDone:
    """Where the front end cannot read the member's files, say what works instead."""
    raise UserError(
        "I can only read a file on the machine the console runs on. In the console, "
        f"{IMPORT_EXAMPLE}; on Slack, send me the file in our DM with the word import; on "
        "Discord, /coach import with the file attached; or whoever runs coachbot can run "
        "coachbot import FILE.",
        "/export json",
        "path",
    )


@handles(ImportExport)
def import_export(ctx: Context, command: ImportExport) -> ImportDone:
    """All or nothing: any refusal rolls the whole command back."""
    data = _refused_as_user_error(lambda: read_export(_text(command.content)))
    _refuse_other_account(ctx.member, data)
    _refuse_if_used(ctx)
    _clear_new_member(ctx)
    imported = _refused_as_user_error(lambda: import_member(ctx.session, data))
    rows = tuple((table, count) for table, count in imported.rows.items() if count)
    return ImportDone(rows, imported.digests_skipped, imported.partners_ended)


def _text(content: bytes) -> str:
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        raise ImportRefused(f"This file is not UTF-8 text. {AGAIN}") from None


def _refused_as_user_error(step: Callable[[], T]) -> T:
    """The CLI's refusal (why and what to do) as the member's friendly message."""
    try:
        return step()
    except ImportRefused as refused:
        raise UserError(f"Nothing was imported. {refused}", IMPORT_EXAMPLE, "path") from None


def _refuse_other_account(member: Member, data: dict[str, Any]) -> None:
    """A file of another account (or workspace) never lands in this one."""
    owner = data.get("member")
    keys = ("platform", "workspace_id", "user_id")
    theirs = tuple(owner.get(key) for key in keys) if isinstance(owner, dict) else ()
    if theirs != (member.platform, member.workspace_id, member.user_id):
        raise UserError(
            "Nothing was imported: this file is the export of another account or workspace. "
            "You can import only your own /export json here.",
            IMPORT_EXAMPLE,
            "path",
        )


def _refuse_if_used(ctx: Context) -> None:
    """Importing into an account with goals or wins would mix two copies."""
    member_id = ctx.member.id
    used = [
        item.name
        for item in owned_tables()
        if item.name not in REPLACED
        and ctx.session.scalar(select(exists().where(owned_by(item, member_id))))
    ]
    if used or ctx.session.scalar(select(exists().where(_digests_of(ctx.member)))):
        raise UserError(
            "Nothing was imported: your account here already has data, and an import would "
            "mix two copies. Import before adding anything, or run /forget-me first.",
            IMPORT_EXAMPLE,
            "path",
        )


def _digests_of(member: Member) -> Any:
    return (DIGESTS.c.platform == member.platform) & (DIGESTS.c.created_by == member.user_id)


def _clear_new_member(ctx: Context) -> None:
    """Remove the new account's defaults, so the file's own member row and rows replace them."""
    for item in reversed(owned_tables()):
        ctx.session.execute(delete(item.table).where(owned_by(item, ctx.member.id)))
    ctx.session.execute(delete(Member).where(Member.id == ctx.member.id))
    ctx.session.flush()
