"""The ``coachbot`` command, for process tests whose Discord is the local fake.

    FAKE_DISCORD_API=http://127.0.0.1:PORT/api/v10 \\
        python -m tests.integration.coachbot_process run worker

discord.py has no setting for its API address (Slack has ``SLACK_API_URL``); this sets
``discord.http.Route.BASE`` from FAKE_DISCORD_API first, as tests/discord/fake_discord.py's
``use_fake_api`` does in-process, then runs the real entry point unchanged.
"""

from __future__ import annotations

import os
import sys

import discord.http

from bot.cli import main

if __name__ == "__main__":
    if base := os.environ.get("FAKE_DISCORD_API"):
        discord.http.Route.BASE = base
    sys.exit(main())
