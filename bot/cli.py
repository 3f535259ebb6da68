"""The ``coachbot`` command line."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import pwd
import shutil
import sqlite3
import sys
from collections.abc import Sequence
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.bootstrap import build_app, database_engine
from bot.logs import configure_logging
from bot.settings import Settings, load_settings
from migrations import upgrade

log = logging.getLogger(__name__)


def local_timezone() -> str | None:
    """The machine's IANA zone name, if it can be told."""
    try:
        import tzlocal

        name = tzlocal.get_localzone_name()
    except Exception:  # any failure just means "unknown"
        return None
    return name if isinstance(name, str) else None


def _instant(text: str) -> datetime:
    """An ISO date-time; without a zone it is UTC."""
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date-time: {text!r}") from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coachbot", description="An accountability coach for IT careers."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    console = commands.add_parser(
        "console", help="use coachbot in this terminal (SQLite by default)"
    )
    console.add_argument("--user", default=None, help="who you are (default: your OS user name)")
    console.add_argument(
        "--no-worker", action="store_true", help="do not deliver check-ins from this process"
    )
    console.add_argument(
        "--clock",
        choices=["real", "fast"],
        default="real",
        help="fast: one simulated hour every 0.1 s, to watch a week of check-ins",
    )
    console.add_argument(
        "--days",
        type=float,
        default=7.0,
        help="with --clock fast and piped input: days to simulate",
    )
    console.add_argument(
        "--start",
        type=_instant,
        default=None,
        help="with --clock fast: the simulated start, e.g. 2026-11-23T06:00Z (default: now)",
    )
    run = commands.add_parser("run", help="run a long-lived process")
    run.add_argument(
        "process",
        choices=["worker", "slack", "discord"],
        help="worker: the scheduler and senders; slack or discord: that front end",
    )
    run.add_argument("--http", action="store_true", help="slack: HTTP mode instead of Socket Mode")
    run.add_argument("--host", default="0.0.0.0", help="slack --http: address to listen on")
    run.add_argument("--port", type=int, default=3000, help="slack --http: port")
    run.add_argument(
        "--no-worker", action="store_true", help="slack/discord: no scheduler in this process"
    )
    discord_cmd = commands.add_parser("discord", help="Discord maintenance")
    discord_cmd.add_argument(
        "action",
        choices=["sync"],
        help="register the slash commands (globally: removes the guild copies)",
    )
    discord_cmd.add_argument(
        "--guild", type=int, default=None, help="only in this guild, shown at once"
    )
    load = commands.add_parser(
        "import", help="load a member's /export json file into this (fresh) database"
    )
    load.add_argument("file", type=Path, help="the coachbot-<user>.json file")
    db = commands.add_parser("db", help="database maintenance")
    db.add_argument("action", choices=["upgrade"], help="create or upgrade the schema")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point for the ``coachbot`` script."""
    args = _parser().parse_args(argv)
    settings = load_settings()
    configure_logging(settings.log_level)
    try:
        if args.command == "db":
            upgrade(database_engine(settings))
            print("Database is up to date.")
            return 0
        if args.command == "import":
            return _import(settings, args.file)
        if args.command == "run" and args.process == "slack":
            return _run_slack(settings, args)
        if args.command == "run" and args.process == "discord":
            return _run_discord(settings, args)
        if args.command == "discord":
            return _sync_discord(settings, args.guild)
        if args.command == "run":
            return _run_worker(settings)
        return _console(settings, args)
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        log.debug("start-up failed", exc_info=True)
        reason = str(error).splitlines()[0][:300] if str(error) else type(error).__name__
        print(f"coachbot stopped: {reason}", file=sys.stderr)
        return 1


def _import(settings: Settings, path: Path) -> int:
    from core.present.importing import digests_left_text, partners_ended_text, rows_in_words
    from core.services.import_json import ImportRefused, import_member, read_export
    from core.storage.db import session_factory

    try:
        data = read_export(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        why = error.strerror if isinstance(error, OSError) else "it is not UTF-8 text"
        return _not_imported(f"Cannot read {path}: {why}.")
    except ImportRefused as error:
        return _not_imported(str(error))
    engine = database_engine(settings)
    try:
        upgrade(engine)
        with session_factory(engine).begin() as session:
            imported = import_member(session, data)
    except ImportRefused as error:
        return _not_imported(str(error))
    finally:
        engine.dispose()
    rows = rows_in_words(imported.rows.items()) or "nothing but the member's settings"
    print(
        f"Imported {imported.user_id} ({imported.platform}, workspace {imported.workspace_id}): "
        f"{rows}."
    )
    if imported.digests_skipped:
        print(digests_left_text(imported.digests_skipped))
    if imported.partners_ended:
        print(partners_ended_text(imported.partners_ended))
    return 0


def _not_imported(reason: str) -> int:
    print(f"Nothing was imported. {reason}", file=sys.stderr)
    return 2


def console_name(args: argparse.Namespace) -> str:
    """The name to show in the brag document: --user if given, else the full name the OS
    account carries; a bare login name such as "root" is not a person's name."""
    if args.user:
        return str(args.user)
    login = getpass.getuser()
    try:
        full = pwd.getpwnam(login).pw_gecos.split(",")[0].strip()
    except KeyError:
        return ""
    return "" if full.lower() == login.lower() else full


def _simulation(settings: Settings) -> Settings | None:
    """The settings of a fresh copy of the SQLite database (in ``simulation/`` of the data
    folder), so a simulated week never uses up the member's real check-ins and reminders;
    None with DATABASE_URL set (a shared database is not copied)."""
    if settings.database_url:
        return None
    folder = settings.data_path / "simulation"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    real = settings.data_path / "coachbot.db"
    if real.exists():  # sqlite3's backup is consistent even while another process writes
        with (
            closing(sqlite3.connect(real)) as source,
            closing(sqlite3.connect(folder / "coachbot.db")) as copy,
        ):
            source.backup(copy)
    print(f"Simulating on a copy of your data in {folder}; your real data is untouched.")
    return settings.model_copy(update={"data_dir": folder})


def _console(settings: Settings, args: argparse.Namespace) -> int:
    from bot.console import FAST_SPEED, FastClock, console_session
    from core.context import MemberRef
    from core.time.clock import Clock, SystemClock

    tz = local_timezone()
    clock: Clock = SystemClock()
    if args.clock == "fast":
        simulated = _simulation(settings)
        if simulated is None:
            print(
                "--clock fast simulates on a copy of the embedded SQLite database, never on "
                "a shared one: unset DATABASE_URL to use it.",
                file=sys.stderr,
            )
            return 2
        settings = simulated
        clock = FastClock(args.start or datetime.now(UTC), FAST_SPEED)
    app = build_app(settings, clock=clock, default_tz=tz or "UTC")
    name = args.user or getpass.getuser()
    who = MemberRef(
        platform="console", workspace_id="local", user_id=name, display_name=console_name(args)
    )
    simulate = timedelta(days=args.days)
    asyncio.run(console_session(app, who, tz, not args.no_worker, simulate))
    return 0


def _run_worker(settings: Settings) -> int:
    from rich.console import Console

    from adapters.console.files import ExportFolder
    from adapters.console.messenger import ConsoleMessenger
    from bot.runtime import member_timezone, run_worker_forever

    app = build_app(settings)
    console = ConsoleMessenger(
        Console(highlight=False),
        app.clock,
        local_timezone() or "UTC",
        lambda to: member_timezone(app, to),
        ExportFolder(settings.data_path / "exports"),
    )
    asyncio.run(run_worker_forever(app, console))
    return 0


def _run_slack(settings: Settings, args: argparse.Namespace) -> int:
    from bot.run_slack import serve_slack

    app = build_app(settings)
    asyncio.run(serve_slack(app, args.http, args.host, args.port, not args.no_worker))
    return 0


def _run_discord(settings: Settings, args: argparse.Namespace) -> int:
    from bot.run_discord import serve_discord

    app = build_app(settings)
    asyncio.run(serve_discord(app, not args.no_worker))
    return 0


def _sync_discord(settings: Settings, guild: int | None) -> int:
    from bot.run_discord import sync, sync_summary

    report = asyncio.run(sync(build_app(settings), guild))
    print("\n".join(sync_summary(report)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
