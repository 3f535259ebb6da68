"""Forget-me for the rows slack_sdk's installation store keeps, without importing slack_sdk:
every process wires the Slack traits (the console too), and only the Slack front end needs
the SDK itself."""

from __future__ import annotations

from sqlalchemy import column, or_, table, update
from sqlalchemy.orm import Session

# slack_sdk's default name (SQLAlchemyInstallationStore.default_installations_table_name);
# a test holds them equal.
INSTALLATIONS = "slack_installations"

# The columns forget-me reads or clears; the full table is slack_sdk's (see storage.py).
INSTALLATION_ROWS = table(
    INSTALLATIONS,
    column("team_id"),
    column("user_id"),
    column("user_token"),
    column("user_scopes"),
    column("user_refresh_token"),
    column("user_token_expires_at"),
)


def forget_installer(session: Session, workspace_id: str, user_id: str) -> None:
    """Forget-me for slack_sdk's installation rows: the member's user id and user token go,
    the workspace's bot token stays (the app keeps working for everyone else)."""
    rows = INSTALLATION_ROWS
    session.execute(
        update(rows)
        .where(
            rows.c.user_id == user_id,
            # Org-wide (Enterprise Grid) installs have no team; user ids are org-wide there.
            or_(rows.c.team_id == workspace_id, rows.c.team_id.is_(None)),
        )
        .values(
            user_id="",
            user_token=None,
            user_scopes=None,
            user_refresh_token=None,
            user_token_expires_at=None,
        )
    )
