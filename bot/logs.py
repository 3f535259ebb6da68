"""Logging set-up: one format, and secrets and members' text redacted from every record."""

from __future__ import annotations

import logging
import re

# Slack tokens (xoxb-, xoxp-, xapp-, ...), bearer headers, Discord bot tokens, URL passwords.
SECRET_PATTERNS = (
    re.compile(r"\bxox[a-z]-[A-Za-z0-9-]+"),
    re.compile(r"\bxapp-[A-Za-z0-9-]+"),
    re.compile(r"(?i)(bearer|bot)\s+[A-Za-z0-9._-]{20,}"),
    re.compile(r"\b[MN][A-Za-z\d_-]{23,25}\.[\w-]{6}\.[\w-]{27,}"),
    re.compile(r"(?<=://)([^:/@\s]+):[^@\s]+(?=@)"),
)
# OAuth's one-time code, state and client secret, as a URL or form field (the access log
# of /slack/oauth_redirect?code=...) or a logged dict (slack_sdk's DEBUG request lines).
OAUTH_PATTERNS = (
    re.compile(r"((?<![\w-])(?:code|state|client_secret|refresh_token)=)[^&\s\"'#]+"),
    re.compile(r"""(['"](?:code|state|client_secret|refresh_token)['"]:\s*\[?\s*['"])[^'"]+"""),
)


# What members wrote, as database errors quote it: SQLAlchemy's "[parameters: ...]" line
# and PostgreSQL's DETAIL line (``Key (name)=(...) already exists``).
PRIVATE_PATTERNS = (
    (re.compile(r"\[parameters: [^\n]*"), "[parameters: …[redacted]]"),
    (re.compile(r"(?m)^(\s*)DETAIL: [^\n]*"), r"\1DETAIL: …[redacted]"),
)


def redact(text: str) -> str:
    """Replace anything that looks like a secret, or a member's text quoted by a database
    error, with a marker."""
    for pattern in SECRET_PATTERNS:
        text = pattern.sub(lambda m: m.group(0)[:4] + "…[redacted]", text)
    for field in OAUTH_PATTERNS:
        text = field.sub(r"\1…[redacted]", text)
    for private, marker in PRIVATE_PATTERNS:
        text = private.sub(marker, text)
    return text


class RedactingFormatter(logging.Formatter):
    """Formats a record (traceback included) and strips secrets from the result."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def configure_logging(level: str) -> None:
    """Root logging for every coachbot process."""
    handler = logging.StreamHandler()
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=level.upper(), handlers=[handler], force=True)
