"""Loads every handler and presenter, so the bus and the presenters know them all."""

from __future__ import annotations

import core.present.goals
import core.present.help
import core.services.goals
import core.services.help
import core.services.legacy  # noqa: F401
