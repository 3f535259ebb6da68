"""Every brag-document section is reachable by its own #tag and by obvious synonyms; the
win reply says which section and how to change it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.commands.journal import SECTIONS
from core.storage.db import SessionFactory
from core.storage.models import Entry
from tests.conftest import Conversation


@pytest.mark.parametrize(
    ("tag", "heading"),
    [
        ("learning", "What I learned"),
        ("community", "Company & community building"),
        ("outside", "Outside of work"),
        ("design", "Design & documentation"),
        ("collaboration", "Collaboration & mentorship"),
        ("project", "Projects"),
        ("course", "What I learned"),
        ("cert", "What I learned"),
        ("certification", "What I learned"),
        ("talk", "Company & community building"),
        ("oss", "Company & community building"),
        ("docs", "Design & documentation"),
        ("runbook", "Design & documentation"),
        ("mentoring", "Collaboration & mentorship"),
        ("volunteering", "Outside of work"),
        ("shipped", "Projects"),
        ("team", "Collaboration & mentorship"),
        ("retro", "Collaboration & mentorship"),
    ],
)
def test_each_section_by_its_tag_and_synonyms(alice: Conversation, tag: str, heading: str) -> None:
    assert f"Section: {heading} (from #{tag})" in alice.text(f"/win Did a thing #{tag}")


def test_section_words_work_as_section_too(alice: Conversation) -> None:
    assert "Section: What I learned ·" in alice.text("/win Passed the exam section:cert")
    assert "Section: Outside of work ·" in alice.text("/win Ran a 10k section:personal")


def test_reply_says_how_to_change_the_section(alice: Conversation) -> None:
    reply = alice.text("/win Cut CI time from 20 to 8 minutes")
    assert "Section: Projects ·" in reply
    assert "/win edit 1 section:design" in reply and ", ".join(SECTIONS) in reply


def test_moving_a_win_keeps_its_text(alice: Conversation, sessions: SessionFactory) -> None:
    alice.say("/win Wrote the incident review guide")
    assert "Section: Design & documentation" in alice.text("/win edit 1 section:docs")
    alice.say("/win edit 1 Wrote the incident review guide for all teams")
    with sessions() as session:
        win = session.scalars(select(Entry)).one()
    assert (win.text, win.section) == ("Wrote the incident review guide for all teams", "design")


def test_brag_document_groups_by_the_same_sections(alice: Conversation) -> None:
    alice.say("/win Finished the Kubernetes course #course")
    alice.say("/win Organised the local meetup #community")
    alice.say("/win Coached the junior football team #outside")
    alice.say("/win Wrote the API style guide #design")
    brag = alice.say("/export brag")
    text = brag.plain_text() + "".join(a.data.decode() for a in brag.attachments)
    for heading, win in [
        ("What I learned", "Kubernetes course"),
        ("Company & community building", "local meetup"),
        ("Outside of work", "football team"),
        ("Design & documentation", "API style guide"),
    ]:
        section = text.split(f"## {heading}", 1)[1].split("## ", 1)[0]
        assert win in section
    assert "## Collaboration & mentorship" not in text
