"""Loads every handler and presenter, so the bus and the presenters know them all."""

from __future__ import annotations

import core.present.account
import core.present.career
import core.present.checkins
import core.present.commitments
import core.present.corrections
import core.present.digests
import core.present.export
import core.present.goals
import core.present.help
import core.present.importing
import core.present.journal
import core.present.network
import core.present.partners
import core.present.progress
import core.present.reminders
import core.services.account
import core.services.answers
import core.services.career
import core.services.charts
import core.services.checkin_answers
import core.services.checkins
import core.services.clients
import core.services.commitments
import core.services.corrections
import core.services.digests
import core.services.export
import core.services.export_json
import core.services.goal_progress
import core.services.goals
import core.services.help
import core.services.importing
import core.services.journal
import core.services.milestones
import core.services.network
import core.services.partners
import core.services.progress
import core.services.reminders  # noqa: F401
