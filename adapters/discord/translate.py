"""Discord command options to grammar text: pure functions."""

from __future__ import annotations

from core.parsing import escape_value


def join(*parts: str | None) -> str:
    """Join the non-empty parts with spaces."""
    return " ".join(p.strip() for p in parts if p and p.strip())


def field(key: str, value: str | None) -> str | None:
    """``key: value`` when a value was given; the value stays literal text."""
    return f"{key}: {escape_value(value.strip())}" if value and value.strip() else None


def goal_add(
    title: str,
    deadline: str | None = None,
    measure: str | None = None,
    why: str | None = None,
    horizon: str | None = None,
    share: bool = False,
) -> str:
    """``/goal add`` with its optional fields."""
    return join(
        "/goal add",
        escape_value(title),
        field("deadline", deadline),
        field("measure", measure),
        field("why", why),
        field("horizon", horizon),
        "--share" if share else None,
    )


def goal_edit(
    goal: int,
    title: str | None = None,
    deadline: str | None = None,
    measure: str | None = None,
    why: str | None = None,
    horizon: str | None = None,
) -> str:
    """``/goal edit N`` with the fields to change."""
    return join(
        f"/goal edit {goal}",
        field("title", title),
        field("deadline", deadline),
        field("measure", measure),
        field("why", why),
        field("horizon", horizon),
    )


def win(
    text: str,
    goal: int | None = None,
    section: str | None = None,
    share: bool = False,
) -> str:
    """``/win`` with its optional links."""
    return join(
        "/win",
        escape_value(text),
        f"goal:{goal}" if goal else None,
        f"section:{section}" if section else None,
        "--share" if share else None,
    )


def milestone(goal: int, action: str, text: str | None = None, number: int | None = None) -> str:
    """``/goal milestone N add <text>`` or ``/goal milestone N done M``."""
    if action == "done":
        return join(f"/goal milestone {goal} done", str(number) if number else None)
    return join(f"/goal milestone {goal} add", text)  # "by <date>" in the text is the due date
