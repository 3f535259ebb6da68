"""One HTTP session for every Web API call of a process.

slack_sdk's AsyncWebClient without a ``session`` opens an aiohttp session for each call and
closes it afterwards: a new TCP (and, against slack.com, TLS) connection per ``users.info``
or ``chat.postMessage``. Every client coachbot builds shares one keep-alive session instead;
slack_sdk's own retry handlers (429 with Retry-After) run as before, on that session."""

from __future__ import annotations

import asyncio
from typing import Any

from aiohttp import ClientSession, ClientTimeout
from slack_sdk.web.async_client import AsyncWebClient

# slack_sdk's default client timeout; with a session of ours, slack_sdk applies the
# session's, so it is set there.
WEB_API_TIMEOUT = 30.0


class WebSession:
    """A keep-alive aiohttp session, made on first use in the running event loop (a client
    may be built before the loop runs, or in a thread) and closed by `close`."""

    def __init__(self, timeout: float = WEB_API_TIMEOUT) -> None:
        self._timeout = timeout
        self._session: ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def current(self) -> ClientSession | None:
        """The session for the running loop (None outside one: slack_sdk then makes its own)."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return None
        if self._session is None or self._session.closed or self._loop is not loop:
            # A session belongs to the loop it was made in; a new loop needs its own.
            self._session = ClientSession(timeout=ClientTimeout(total=self._timeout))
            self._loop = loop
        return self._session

    async def close(self) -> None:
        """Close the session (its connections) if this loop made one."""
        session, self._session = self._session, None
        if session is not None and not session.closed and self._loop is asyncio.get_running_loop():
            await session.close()


class PooledWebClient(AsyncWebClient):
    """slack_sdk's AsyncWebClient, unchanged but for its ``session``: the shared one. Bolt
    copies ``client.session`` into the client it makes for each request, so those share it
    too."""

    def __init__(self, http: WebSession, **kwargs: Any) -> None:
        self._http = http
        super().__init__(**kwargs)

    @property
    def session(self) -> ClientSession | None:
        """The process's shared session, in the running loop."""
        return self._http.current()

    @session.setter
    def session(self, value: ClientSession | None) -> None:
        # slack_sdk's constructor sets it (to None here); the shared session stays.
        if value is not None:
            raise ValueError("a PooledWebClient uses its WebSession's session")
