"""The ``coachbot`` program: the command line, imported with the cyclic garbage collector
paused.

Importing it creates some 130,000 long-lived objects (modules, classes, SQLAlchemy's tables
and mappers) and hardly any garbage, yet the collector, triggered by the allocations,
walks them again and again: about 180 collections, some 60 ms, a tenth of a console's
start. Once they exist they are frozen (``gc.freeze``), so later collections skip them."""

from __future__ import annotations

import gc
import sys


def main() -> int:
    """Entry point for the ``coachbot`` script: `bot.cli.main` after its imports."""
    gc.disable()
    try:
        # Imported here: the pause above is for this import.
        from bot.cli import main as run
    finally:
        gc.freeze()
        gc.enable()
    return run()


if __name__ == "__main__":
    sys.exit(main())
