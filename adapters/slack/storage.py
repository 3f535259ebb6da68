"""Slack installations and OAuth states in our database, through slack_sdk's SQLAlchemy
stores (their tables are created by our Alembic migrations), used from Bolt's async
OAuth flow by running each store call off the event loop."""

from __future__ import annotations

import asyncio
from typing import Any

from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine, MetaData

INSTALLATIONS = SQLAlchemyInstallationStore.default_installations_table_name
BOTS = SQLAlchemyInstallationStore.default_bots_table_name
STATES = SQLAlchemyOAuthStateStore.default_table_name


def slack_metadata() -> MetaData:
    """The tables slack_sdk's stores use, for Alembic to migrate with ours."""
    metadata = MetaData()
    SQLAlchemyInstallationStore.build_installations_table(metadata, INSTALLATIONS)
    SQLAlchemyInstallationStore.build_bots_table(metadata, BOTS)
    SQLAlchemyOAuthStateStore.build_oauth_states_table(metadata, STATES)
    return metadata


class ThreadedInstallationStore(AsyncInstallationStore):
    """slack_sdk's SQLAlchemy installation store, awaited without blocking the loop."""

    def __init__(self, client_id: str, engine: Engine) -> None:
        self._store = SQLAlchemyInstallationStore(client_id=client_id, engine=engine)

    @property
    def logger(self) -> Any:
        """The wrapped store's logger."""
        return self._store.logger

    async def async_save(self, installation: Installation) -> None:
        """Save an installation (and its bot)."""
        await asyncio.to_thread(self._store.save, installation)

    async def async_save_bot(self, bot: Bot) -> None:
        """Save a bot installation."""
        await asyncio.to_thread(self._store.save_bot, bot)

    async def async_find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        """The bot installed in a workspace."""
        return await asyncio.to_thread(
            self._store.find_bot,
            enterprise_id=enterprise_id,
            team_id=team_id,
            is_enterprise_install=is_enterprise_install,
        )

    async def async_find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        """The newest installation in a workspace (for a user, if given)."""
        return await asyncio.to_thread(
            self._store.find_installation,
            enterprise_id=enterprise_id,
            team_id=team_id,
            user_id=user_id,
            is_enterprise_install=is_enterprise_install,
        )

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        """Forget a workspace's bot (app uninstalled)."""
        await asyncio.to_thread(
            self._store.delete_bot, enterprise_id=enterprise_id, team_id=team_id
        )

    async def async_delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        """Forget installations of a workspace."""
        await asyncio.to_thread(
            self._store.delete_installation,
            enterprise_id=enterprise_id,
            team_id=team_id,
            user_id=user_id,
        )


class ThreadedStateStore(AsyncOAuthStateStore):
    """slack_sdk's SQLAlchemy OAuth state store, awaited without blocking the loop."""

    def __init__(self, engine: Engine, expiration_seconds: int = 600) -> None:
        self._store = SQLAlchemyOAuthStateStore(
            expiration_seconds=expiration_seconds, engine=engine
        )

    @property
    def logger(self) -> Any:
        """The wrapped store's logger."""
        return self._store.logger

    async def async_issue(self, *args: Any, **kwargs: Any) -> str:
        """A new state for an install link."""
        return await asyncio.to_thread(self._store.issue)

    async def async_consume(self, state: str) -> bool:
        """Whether the state is ours and fresh; it can be used once."""
        return await asyncio.to_thread(self._store.consume, state)
