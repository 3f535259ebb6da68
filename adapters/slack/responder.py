"""What every Slack listener shares: running the core off the loop, time zones from
Slack, files to the DM, and the App Home refresh."""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field, replace
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from adapters.slack.blocks import alt_txt, fallback_text, render_blocks
from adapters.slack.channels import channel_access, refusal
from adapters.slack.files import FileToImport, FileUnreadable, read_file
from adapters.slack.http import WebSession
from adapters.slack.translate import digest_setting
from adapters.slack.views import home_view
from core.coach import Coach, Outcome, error_reply
from core.commands import Command
from core.commands.checkins import ShowCheckins
from core.commands.importing import ImportExport
from core.commands.progress import ShowProgress
from core.context import MemberRef
from core.errors import UserError
from core.messages import Reply

log = logging.getLogger(__name__)

# The App Home dashboard: progress, then the check-in schedule.
HOME_COMMANDS: tuple[Command, ...] = (ShowProgress(), ShowCheckins())
PROFILE_TTL = 600.0
HOME_WATCH_SECONDS = 30 * 60.0
CANNOT_READ = (
    "I could not read that file from Slack, so nothing was imported. Send the "
    "coachbot-<you>.json file that /coach export json gave you here again, with the word import."
)


@dataclass(frozen=True)
class Profile:
    """What Slack tells us about a member: time zone, admin rights and the name Slack
    shows for them (their display name, else their full name; "" if neither)."""

    tz: str | None
    admin: bool
    fetched: float
    name: str = ""

    def named(self, who: MemberRef) -> MemberRef:
        """`who` with Slack's name for them (a payload's user name is a legacy login)."""
        return replace(who, display_name=self.name) if self.name else who


@dataclass
class SlackBot:
    """The core seen from Slack listeners; holds no business rules."""

    coach: Coach
    # The keep-alive session every Web API call and answer shares (None: slack_sdk's own).
    http: WebSession | None = None
    _profiles: dict[tuple[str, str], Profile] = field(default_factory=dict)
    _home_viewers: dict[tuple[str, str], float] = field(default_factory=dict)

    async def run(self, client: AsyncWebClient, who: MemberRef, text: str) -> Reply:
        """Run a line (a DM, a button's command) through the core, in a thread, with
        Slack's zone as a hint and Slack's word on whether the member is an admin."""
        profile = await self.profile(client, who)
        who = profile.named(who)
        return await asyncio.to_thread(self.coach.handle, who, text, profile.tz, profile.admin)

    async def command(
        self, client: AsyncWebClient, who: MemberRef, name: str, text: str
    ) -> Outcome:
        """Run a slash command with the text the member gave it; a digest's channel is
        checked with Slack first (only for admins: nobody else makes coachbot join one)."""
        profile = await self.profile(client, who)
        setting = digest_setting(name, text) if profile.admin else None
        if setting is not None:
            problem = refusal(
                await channel_access(client, setting.channel_id), setting.channel_name
            )
            if problem is not None:
                return Outcome(error_reply(problem, f"/{name} {text}".strip()), None, problem)
        return await asyncio.to_thread(
            self.coach.command, profile.named(who), name, text, profile.tz, profile.admin
        )

    async def execute(self, client: AsyncWebClient, who: MemberRef, command: Command) -> Outcome:
        """Run a command built from a form's fields."""
        profile = await self.profile(client, who)
        who = profile.named(who)
        return await asyncio.to_thread(self.coach.run, who, command, profile.tz, profile.admin)

    async def import_file(
        self, client: AsyncWebClient, who: MemberRef, wanted: FileToImport
    ) -> Reply:
        """Read a file the member sent in the DM from Slack and import it (the core checks
        it is their own export and their account is new)."""
        try:
            content = await read_file(client.session, client.token or "", client.base_url, wanted)
        except FileUnreadable as problem:
            log.warning("could not read a file a member sent to import: %s", problem)
            return error_reply(UserError(CANNOT_READ, "/coach export json", "file"), wanted.name)
        return (await self.execute(client, who, ImportExport(wanted.name, content))).reply

    async def respond(self, response_url: str | None, **message: Any) -> None:
        """Answer at an interaction's response_url on the process's shared HTTP session
        (Bolt's respond() makes a webhook client, and a new connection, for each answer)."""
        if response_url is None:
            raise ValueError("this request has no response_url to answer at")
        session = self.http.current() if self.http is not None else None
        hook = AsyncWebhookClient(url=response_url, session=session)
        sent = await hook.send_dict({k: v for k, v in message.items() if v is not None})
        if sent.status_code != 200:
            # Slack's body is an error code (e.g. expired_url), never the member's text.
            log.warning("response_url answer refused: %s %s", sent.status_code, sent.body[:100])

    async def profile(self, client: AsyncWebClient, who: MemberRef) -> Profile:
        """Zone, admin rights and name from users.info (one call, on the process's shared
        HTTP session), refreshed every PROFILE_TTL seconds."""
        key = (who.workspace_id, who.user_id)
        cached = self._profiles.get(key)
        if cached is not None and time.monotonic() - cached.fetched < PROFILE_TTL:
            return cached
        try:
            user = (await client.users_info(user=who.user_id))["user"]
        except SlackApiError as error:
            log.warning("users.info failed for a member: %s", error.response.get("error"))
            return cached or Profile(None, False, 0.0)
        admin = bool(user.get("is_admin") or user.get("is_owner"))
        about = user.get("profile") or {}
        name = about.get("display_name") or about.get("real_name") or user.get("real_name") or ""
        self._profiles[key] = Profile(user.get("tz"), admin, time.monotonic(), str(name))
        return self._profiles[key]

    async def dm_channel(self, client: AsyncWebClient, user_id: str) -> str:
        """The id of the bot's DM with a user."""
        response = await client.conversations_open(users=user_id)
        return str(response["channel"]["id"])

    async def send_dm(self, client: AsyncWebClient, who: MemberRef, reply: Reply) -> None:
        """Post a reply in the member's DM with the bot, files included."""
        channel = await self.dm_channel(client, who.user_id)
        await client.chat_postMessage(
            channel=channel, blocks=render_blocks(reply), text=fallback_text(reply)
        )
        await self.send_files(client, channel, reply)

    async def send_files(self, client: AsyncWebClient, channel: str, reply: Reply) -> None:
        """Upload a reply's attachments (brag document, export) into a channel."""
        for attachment in reply.attachments:
            await client.files_upload_v2(
                channel=channel,
                filename=attachment.filename,
                title=attachment.filename,
                file=attachment.data,
                alt_txt=alt_txt(attachment.alt_text),
            )

    async def open_home(self, client: AsyncWebClient, who: MemberRef) -> None:
        """The member opened the App Home tab: publish it fresh, and keep it fresh after
        their changes for a while."""
        self._home_viewers[(who.workspace_id, who.user_id)] = time.monotonic()
        await self.publish_home(client, who)

    async def refresh_home(self, client: AsyncWebClient, who: MemberRef) -> None:
        """After a change: republish the App Home if the member looked at it recently.
        (It is always republished when opened, so nobody sees a stale dashboard, and a
        busy workspace does not pay for dashboards nobody is looking at.)"""
        opened = self._home_viewers.get((who.workspace_id, who.user_id))
        if opened is not None and time.monotonic() - opened < HOME_WATCH_SECONDS:
            await self.publish_home(client, who)

    async def publish_home(self, client: AsyncWebClient, who: MemberRef) -> None:
        """Publish the member's dashboard on the App Home tab."""
        replies = [(await self.execute(client, who, c)).reply for c in HOME_COMMANDS]
        await client.views_publish(user_id=who.user_id, view=home_view(*replies))


def reply_kwargs(reply: Reply) -> dict[str, Any]:
    """Arguments for respond()/say() from a reply."""
    return {"blocks": render_blocks(reply), "text": fallback_text(reply)}
