"""Files members share with the bot, as the fake Slack serves them.

A file sent in a DM arrives as a ``message`` event with subtype ``file_share`` and a
``files`` list; its bytes are fetched from ``url_private_download`` with the bot token in
an ``Authorization: Bearer`` header. Slack answers a request without a valid token of the
file's workspace, or without the ``files:read`` scope, not with an error status but with
its sign-in page (HTTP 200, text/html): a client must check what it got.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

SIGN_IN_PAGE = "<!DOCTYPE html><html><head><title>Slack</title></head><body>Sign in</body></html>"
READ_SCOPE = "files:read"


@dataclass(frozen=True)
class SharedFile:
    """A file a member shared: who, where, and its bytes."""

    id: str
    team_id: str
    user_id: str
    name: str
    mimetype: str
    content: bytes


class SharedFiles:
    """The files the fake holds, and the download route for them.

    ``token_team`` names the workspace of a bearer token (None: unknown or revoked) and
    ``token_scopes`` its scopes, both from the fake that owns this."""

    def __init__(
        self,
        token_team: Callable[[str], str | None],
        token_scopes: Callable[[str], frozenset[str]],
    ) -> None:
        self.files: dict[str, SharedFile] = {}
        self.downloads: list[tuple[str, bool]] = []  # (file id, whether served) per request
        self._token_team = token_team
        self._token_scopes = token_scopes
        self._ids = itertools.count(1)

    def add_routes(self, app: web.Application) -> None:
        """Serve ``/files-pri/{team}-{file}/download/{name}``."""
        app.router.add_get("/files-pri/{team_file}/download/{name}", self._download)

    def share(
        self,
        base_url: str,
        team_id: str,
        user_id: str,
        name: str,
        content: bytes,
        mimetype: str = "application/json",
    ) -> dict[str, Any]:
        """A file the member uploads; returns it as the event's ``files`` list shows it."""
        shared = SharedFile(f"F{next(self._ids):08d}", team_id, user_id, name, mimetype, content)
        self.files[shared.id] = shared
        path = f"/files-pri/{team_id}-{shared.id}"
        return {
            "id": shared.id,
            "created": 1_700_000_200,
            "timestamp": 1_700_000_200,
            "name": name,
            "title": name,
            "mimetype": mimetype,
            "filetype": name.rpartition(".")[2] if "." in name else "binary",
            "pretty_type": "JSON" if name.endswith(".json") else "Binary",
            "user": user_id,
            "editable": False,
            "size": len(content),
            "mode": "hosted",
            "is_external": False,
            "external_type": "",
            "is_public": False,
            "public_url_shared": False,
            "url_private": f"{base_url}{path}/{name}",
            "url_private_download": f"{base_url}{path}/download/{name}",
        }

    async def _download(self, request: web.Request) -> web.Response:
        team_id, _, file_id = request.match_info["team_file"].partition("-")
        shared = self.files.get(file_id)
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        allowed = (
            shared is not None
            and shared.team_id == team_id
            and self._token_team(token) == team_id
            and READ_SCOPE in self._token_scopes(token)
        )
        self.downloads.append((file_id, allowed))
        if shared is None or not allowed:
            return web.Response(text=SIGN_IN_PAGE, content_type="text/html")
        return web.Response(body=shared.content, content_type=shared.mimetype)
