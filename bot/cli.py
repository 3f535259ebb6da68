"""The ``coachbot`` command line."""

from __future__ import annotations

import argparse
import getpass
import logging
import sys
from collections.abc import Sequence

from bot.bootstrap import build_app, database_engine
from bot.settings import Settings
from core.db import upgrade

log = logging.getLogger(__name__)


def local_timezone() -> str | None:
    """The machine's IANA zone name, if it can be told."""
    try:
        import tzlocal

        name = tzlocal.get_localzone_name()
    except Exception:  # any failure just means "unknown"
        return None
    return name if isinstance(name, str) else None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coachbot", description="An accountability coach for IT careers."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    console = commands.add_parser(
        "console", help="use coachbot in this terminal (SQLite by default)"
    )
    console.add_argument("--user", default=None, help="who you are (default: your OS user name)")
    db = commands.add_parser("db", help="database maintenance")
    db.add_argument("action", choices=["upgrade"], help="create or upgrade the schema")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point for the ``coachbot`` script."""
    args = _parser().parse_args(argv)
    settings = Settings()
    logging.basicConfig(
        level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        if args.command == "db":
            upgrade(database_engine(settings))
            print("Database is up to date.")
            return 0
        return _console(settings, args.user)
    except Exception as error:
        log.debug("start-up failed", exc_info=True)
        reason = str(error).splitlines()[0][:200] if str(error) else type(error).__name__
        print(f"coachbot could not start: {reason}", file=sys.stderr)
        print("Check DATABASE_URL and COACHBOT_DATA_DIR (see README).", file=sys.stderr)
        return 1


def _console(settings: Settings, user: str | None) -> int:
    from adapters.console.app import run_console
    from core.context import MemberRef

    tz = local_timezone()
    app = build_app(settings, default_tz=tz or "UTC")
    name = user or getpass.getuser()
    who = MemberRef(platform="console", workspace_id="local", user_id=name, display_name=name)
    run_console(app.coach, who, settings.data_path / "exports", tz_hint=tz)
    return 0


if __name__ == "__main__":
    sys.exit(main())
