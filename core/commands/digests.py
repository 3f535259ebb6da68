"""Team channel digests: admins set them up; anyone can see them or preview their part."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SetDigest:
    """Post a digest to a channel on a rule such as ``weekly fri 16:00``, in ``zone``
    (None: the admin's own zone)."""

    channel_id: str
    channel_name: str
    rule: str
    zone: str | None = None


@dataclass(frozen=True)
class DigestOff:
    """Stop a channel's digest; None when the workspace has only one running."""

    channel_id: str | None = None


@dataclass(frozen=True)
class ShowDigests:
    """The workspace's digests and when each comes next."""


@dataclass(frozen=True)
class PreviewDigest:
    """What the next digest will say about the member who asks."""


DigestCommand = SetDigest | DigestOff | ShowDigests | PreviewDigest
