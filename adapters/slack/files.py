"""A file a member sends the bot in its DM (their /export json, to import): recognised in
the event, and read from Slack with the bot's token.

Slack serves a file's bytes at its ``url_private_download`` to a bearer token of the
workspace with the ``files:read`` scope; to anything else it answers its sign-in page with
HTTP 200, so what comes back is checked, not only its status. The token is only ever sent
to Slack's own hosts (the Web API's host or its ``files.`` host)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from aiohttp import ClientError, ClientSession, ClientTimeout

# Words that, sent with a file, ask for it to be imported (a .json file alone does too).
IMPORT_WORDS = frozenset({"import", "/import"})
# An export of years of history is well under this; anything larger is not one.
MAX_IMPORT_BYTES = 20 * 1024 * 1024
DOWNLOAD_TIMEOUT = 30.0


class FileUnreadable(Exception):
    """Slack did not hand over the file's bytes (the reason is safe to log)."""


@dataclass(frozen=True)
class FileToImport:
    """The file of a DM that asks for an import."""

    name: str
    url: str
    size: int


def file_to_import(event: dict[str, Any]) -> FileToImport | None:
    """The file a member's DM asks to import: a file shared in the bot's DM with the word
    "import", or a .json file with no text; None for any other message."""
    if event.get("type") != "message" or event.get("channel_type") != "im":
        return None
    if event.get("subtype") != "file_share" or event.get("bot_id") or not event.get("user"):
        return None
    files = [f for f in event.get("files") or [] if isinstance(f, dict)]
    if not files:
        return None
    first = files[0]
    name = str(first.get("name") or "export.json")
    text = str(event.get("text") or "").strip().lower()
    if text not in IMPORT_WORDS and not (not text and name.lower().endswith(".json")):
        return None
    url = str(first.get("url_private_download") or first.get("url_private") or "")
    return FileToImport(name, url, int(first.get("size") or 0)) if url else None


async def read_file(
    session: ClientSession | None, token: str, api_url: str, wanted: FileToImport
) -> bytes:
    """The file's bytes, fetched with the bot token from Slack's file host."""
    if not _slack_host(wanted.url, api_url):
        raise FileUnreadable("the file is not on Slack's file host")
    if wanted.size > MAX_IMPORT_BYTES:
        raise FileUnreadable("the file is too large to be an export")
    if session is None:
        async with ClientSession(timeout=ClientTimeout(total=DOWNLOAD_TIMEOUT)) as own:
            return await _fetch(own, token, wanted.url)
    return await _fetch(session, token, wanted.url)


async def _fetch(session: ClientSession, token: str, url: str) -> bytes:
    headers = {"Authorization": f"Bearer {token}"}
    try:
        async with session.get(url, headers=headers, allow_redirects=False) as response:
            if response.status != 200 or response.content_type == "text/html":
                raise FileUnreadable(f"Slack answered {response.status} {response.content_type}")
            content = await response.content.read(MAX_IMPORT_BYTES + 1)
    except ClientError as error:
        raise FileUnreadable(f"download failed: {type(error).__name__}") from None
    if len(content) > MAX_IMPORT_BYTES:
        raise FileUnreadable("the file is too large to be an export")
    return content


def _slack_host(url: str, api_url: str) -> bool:
    """Whether `url` is on the Web API's host or its files. host, over the same scheme."""
    file, api = urlsplit(url), urlsplit(api_url)
    hosts = {api.hostname, f"files.{api.hostname}"}
    return file.scheme == api.scheme and file.hostname in hosts and file.port == api.port
