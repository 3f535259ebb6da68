"""Secrets never reach the logs."""

from __future__ import annotations

import logging

import pytest

from bot.logs import RedactingFormatter, redact

SECRETS = [
    "xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx",
    "xoxp-1111-2222-3333-abcdef",
    "xapp-1-A0123-456789-abcdef0123456789",
    "MTA0NjY5NTk4NzY1NDMyMTIzNA.GhIjKl.abcdefghijklmnopqrstuvwxyz0123",
]


@pytest.mark.parametrize("secret", SECRETS)
def test_tokens_are_redacted(secret: str) -> None:
    assert secret not in redact(f"calling with token={secret} now")


def test_database_password_is_redacted() -> None:
    assert "hunter2" not in redact("postgresql+psycopg://coach:hunter2@db:5432/coachbot")


def test_formatter_redacts_messages_arguments_and_tracebacks() -> None:
    formatter = RedactingFormatter("%(message)s")
    try:
        raise RuntimeError(f"bad token {SECRETS[0]}")
    except RuntimeError:
        import sys

        record = logging.LogRecord(
            "x",
            logging.ERROR,
            __file__,
            1,
            "headers %s",
            ({"Authorization": SECRETS[1]},),
            sys.exc_info(),
        )
    text = formatter.format(record)
    assert SECRETS[0] not in text and SECRETS[1] not in text
    assert "[redacted]" in text
